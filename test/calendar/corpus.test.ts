/**
 * The public corpus (../shared/calendars, beside the project): about 450 real-world and tricky
 * files. Each one parses or fails with a clear error, and expanding it never throws.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../src/calendar/expand.ts';
import { parseCalendar } from '../../src/calendar/parse.ts';
import { HeraldError } from '../../src/core/errors.ts';

const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'calendars');

function icsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? icsFiles(path) : name.toLowerCase().endsWith('.ics') ? [path] : [];
  });
}

const present = existsSync(corpus);
if (!present) console.warn(`calendar corpus not found at ${corpus}: corpus tests skipped`);

describe.skipIf(!present)('public ICS corpus', () => {
  const files = present ? icsFiles(corpus) : [];
  const folders = [...new Set(files.map((f) => relative(corpus, f).split('/')[0]!))];

  it('has the files it should', () => {
    expect(files.length).toBeGreaterThan(400);
  });

  it.each(folders)(
    '%s: every file parses (or fails clearly) and expands without throwing',
    (folder) => {
      let parsed = 0;
      let refused = 0;
      for (const file of files.filter((f) => relative(corpus, f).startsWith(`${folder}/`))) {
        const text = readFileSync(file, 'utf8');
        let cal;
        try {
          cal = parseCalendar(text);
        } catch (err) {
          // The only acceptable failure: a clear, staged error.
          expect(err, file).toBeInstanceOf(HeraldError);
          expect((err as Error).message, file).toMatch(/^calendar: /);
          refused++;
          continue;
        }
        parsed++;
        const r = expandOccurrences(cal, {
          fromMs: Date.parse('2000-01-01T00:00:00Z'),
          toMs: Date.parse('2031-01-01T00:00:00Z'),
          defaultZone: 'Europe/Zurich',
        });
        for (const o of r.occurrences) {
          expect(Number.isFinite(o.startMs) && Number.isFinite(o.endMs), file).toBe(true);
          expect(o.endMs >= o.startMs, `${file} ${o.uid}`).toBe(true);
        }
        for (const p of [...cal.problems, ...r.problems]) expect(p.reason.length, file).toBeGreaterThan(5);
      }
      expect(parsed + refused).toBeGreaterThan(0);
    },
    120_000,
  );
});
