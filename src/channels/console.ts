import type { Outbound } from './types.ts';

/**
 * The terminal: what a message would look like, printed by the daemon. Used by the example on an
 * empty database and for trying templates out.
 */
export function formatConsoleMessage(out: Outbound, targetName: string, atIso: string): string {
  const part = out.parts > 1 ? ` (${out.part}/${out.parts})` : '';
  const head = `──── herald ${out.kind} → ${targetName}${part} at ${atIso} `;
  const subject = out.message.subject ? `Subject: ${out.message.subject}\n` : '';
  return `${head}${'─'.repeat(Math.max(4, 72 - head.length))}\n${subject}${out.message.text}\n`;
}
