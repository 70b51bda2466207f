/** Black-box: a listing piped into `head -1` ends quietly, without an EPIPE stack trace. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');

describe('output to a closed pipe', () => {
  it('herald … --json | head -1 prints one line and no EPIPE error', async () => {
    const dir = tempDir();
    const ics = join(dir, 'busy.ics');
    writeFileSync(
      ics,
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:m@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nSUMMARY:Busy\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    const herald = `'${process.execPath}' '${join(root, 'bin', 'herald.js')}'`;
    const child = spawn(
      'bash',
      ['-c', `set -o pipefail; ${herald} occurrences '${ics}' --from 2026-01-01T00:00:00Z --to 2026-03-01T00:00:00Z --json | head -1`],
      {
        cwd: dir,
        env: { ...process.env, HERALD_DB: join(dir, 'h.db') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(err).toBe('');
  });
});
