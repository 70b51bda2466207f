import type { Channel, OutboundMessage } from '../delivery/channel.ts';

/** How a message looks on the terminal. */
export function formatConsoleMessage(out: OutboundMessage, targetName: string, atIso: string): string {
  const part = out.parts > 1 ? ` (${out.part}/${out.parts})` : '';
  const head = `──── herald ${out.kind} → ${targetName}${part} at ${atIso} `;
  const subject = out.message.subject ? `Subject: ${out.message.subject}\n` : '';
  return `${head}${'─'.repeat(Math.max(4, 72 - head.length))}\n${subject}${out.message.text}\n`;
}

/**
 * The terminal: what a message would look like, printed by the daemon. Used by the example on an
 * empty database and for trying templates out.
 */
export const consoleChannel: Channel = {
  kind: 'console',
  schemes: ['console'],
  format: 'text',
  secretExamples: [{ url: 'console:', secrets: [] }],
  acceptUrl: () => 'console:',
  async send(out, to, tools) {
    tools.print(formatConsoleMessage(out, to.name, new Date(tools.now()).toISOString()));
    return { ok: true, statusCode: null, info: 'printed' };
  },
  fixtures: { harness: 'console', targetUrl: 'console:' },
};
