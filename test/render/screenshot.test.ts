/** The documented command that shows a person the agenda email: HTML always, PNG where chromium is installed. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p));

describe('agenda screenshot command', () => {
  it('writes agenda.html (and agenda.png with chromium)', () => {
    const out = tempDir();
    const log = execFileSync(process.execPath, [join(root, 'bin', 'run-ts.js'), join(root, 'scripts', 'agenda-screenshot.ts'), '--out', out, '--locale', 'fr'], { encoding: 'utf8', timeout: 90_000 });
    const html = readFileSync(join(out, 'agenda.html'), 'utf8');
    expect(html).toContain('vendredi 4 décembre 2026');
    expect(html.lastIndexOf('Se désabonner')).toBeGreaterThan(html.lastIndexOf('Daily stand-up'));
    if (chromium) {
      const png = readFileSync(join(out, 'agenda.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(join(out, 'agenda.png')).size).toBeGreaterThan(5000);
    } else {
      expect(log).toContain('chromium is not installed');
    }
  }, 100_000);
});
