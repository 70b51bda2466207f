import { describe, expect, it } from 'vitest';
import { BurstFolder, createLogger, memoryLogger } from '../../src/core/log.ts';
import { registerSecret } from '../../src/core/mask.ts';

describe('logger', () => {
  it('writes structured JSON lines with fields and never a secret', () => {
    registerSecret('https://chat.example.com/hooks/very-secret-hook');
    const log = memoryLogger();
    log.child({ target: 'mm' }).warn('send failed', { error: new Error('POST https://chat.example.com/hooks/very-secret-hook: 500') });
    const line = JSON.parse(log.lines[0]!);
    expect(line).toMatchObject({ level: 'warn', msg: 'send failed', target: 'mm' });
    expect(log.lines.join('\n')).not.toContain('very-secret-hook');
  });

  it('drops lines below its level and stamps the injected time', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => Date.parse('2026-11-24T10:00:00Z') });
    log.debug('hidden');
    log.info('shown', { n: 1, text: 'two words' });
    expect(lines).toEqual(['2026-11-24T10:00:00.000Z INFO  shown n=1 text="two words"']);
  });
});

describe('folding bursts of lines', () => {
  it('lets 20 a second through and sums up the rest once, at the next second or when flushed', () => {
    let now = 0;
    const summaries: [number, number][] = [];
    const folder = new BurstFolder(
      () => now,
      (count, flagged) => summaries.push([count, flagged]),
    );
    const admitted = Array.from({ length: 1000 }, (_, i) => folder.admit(i % 10 === 0)).filter(Boolean).length;
    expect(admitted).toBe(20);
    expect(summaries).toEqual([]);
    now = 999;
    expect(folder.admit()).toBe(false);
    now = 1000;
    expect(folder.admit()).toBe(true);
    expect(summaries).toEqual([[981, 98]]);
    folder.flush();
    expect(summaries).toHaveLength(1);
  });
});
