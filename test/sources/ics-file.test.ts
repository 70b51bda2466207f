import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcsFile } from '../../src/sources/ics-file.ts';
import { tempDir } from '../helpers/tmp.ts';

const body = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

describe('reading a calendar file', () => {
  it('reads a regular file, directly or through a symlink', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ics'), body);
    symlinkSync(join(dir, 'a.ics'), join(dir, 'link.ics'));
    expect(await readIcsFile(join(dir, 'a.ics'))).toBe(body);
    expect(await readIcsFile(join(dir, 'link.ics'))).toBe(body);
  });

  it('refuses a named pipe at once, even with no writer (it would block a read for ever)', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'cal.ics');
    execFileSync('mkfifo', [fifo]);
    const t = performance.now();
    await expect(readIcsFile(fifo)).rejects.toThrow(`calendar file ${fifo}: not a regular file (a named pipe); only regular files are read`);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('refuses a symlink to a device without reading from it, and a directory', async () => {
    const dir = tempDir();
    symlinkSync('/dev/urandom', join(dir, 'random.ics'));
    symlinkSync('/dev/zero', join(dir, 'zero.ics'));
    mkdirSync(join(dir, 'folder.ics'));
    await expect(readIcsFile(join(dir, 'random.ics'))).rejects.toThrow(/random\.ics: not a regular file \(a device\)/);
    await expect(readIcsFile(join(dir, 'zero.ics'))).rejects.toThrow(/zero\.ics: not a regular file \(a device\)/);
    await expect(readIcsFile(join(dir, 'folder.ics'))).rejects.toThrow(/folder\.ics: not a regular file \(a directory\)/);
  });

  it('refuses a file over the size cap, and names a missing one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.ics'), 'X'.repeat(5000));
    await expect(readIcsFile(join(dir, 'big.ics'), 4999)).rejects.toThrow(/big\.ics: 5000 bytes, over the 4999-byte limit/);
    expect(await readIcsFile(join(dir, 'big.ics'), 5000)).toHaveLength(5000);
    await expect(readIcsFile(join(dir, 'none.ics'))).rejects.toThrow(/none\.ics: no such file/);
  });
});
