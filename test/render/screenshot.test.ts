/** The documented command that shows a person the agenda email: HTML always, PNG where chromium is installed. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p));

describe('agenda screenshot command', () => {
  it('writes agenda.html and agenda.txt (and agenda.png with chromium)', () => {
    const out = tempDir();
    const log = execFileSync(
      process.execPath,
      [join(root, 'scripts', 'run-ts.mjs'), join(root, 'scripts', 'agenda-screenshot.ts'), '--out', out, '--locale', 'fr'],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(log).toContain('(6 events)');
    const html = readFileSync(join(out, 'agenda.html'), 'utf8');
    expect(html).toContain('mardi 24 novembre 2026');
    // In order, all-day first; the meeting links found by the calendar stage; unsubscribe at the very bottom.
    const order = [
      'Team offsite',
      'Daily stand-up',
      'Design review: onboarding &amp; billing',
      'Lunch with Camille',
      'Sync with the New York office',
      'Quarterly numbers with finance',
      'Se désabonner',
    ].map((s) => html.indexOf(s));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    for (const link of [
      'https://kmeet.infomaniak.com/team-standup',
      'https://zoom.us/j/98765432100?pwd=abc',
      'https://meet.google.com/abc-defg-hij',
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_sample',
    ]) {
      expect(html).toContain(`href="${link}"`);
    }
    expect(html).toContain('10:00–10:30 America/New_York');
    const text = readFileSync(join(out, 'agenda.txt'), 'utf8');
    expect(text.trimEnd().endsWith('Se désabonner: https://herald.example.com/unsubscribe/SAMPLE-TOKEN')).toBe(true);
    if (chromium) {
      const png = readFileSync(join(out, 'agenda.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(join(out, 'agenda.png')).size).toBeGreaterThan(5000);
    } else {
      expect(log).toContain('chromium is not installed');
    }
  }, 100_000);
});
