/**
 * The calendar engine on a synthetic 5,000-event calendar (20% recurring with exceptions, five
 * zones) over one year: parse, expand, occurrences per second and memory, beside a bare ical.js
 * expansion of the same text in the same run, and the cost of re-planning it unchanged.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CalendarCache, contentHash } from '../src/calendar/cache.ts';
import { expandOccurrences } from '../src/calendar/expand.ts';
import { parseCalendar } from '../src/calendar/parse.ts';
import type { BenchResult } from './types.ts';
import { bareIcalExpansion, syntheticYear, yearEnd, yearStart } from './calendar-text.ts';

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

export async function run(options: { quick: boolean }): Promise<BenchResult[]> {
  const events = options.quick ? 500 : 5000;
  const text = syntheticYear(events);
  const window = { fromMs: yearStart, toMs: yearEnd, defaultZone: 'UTC' };
  const rows: BenchResult[] = [];
  const row = (metric: string, value: number, unit: string, target?: string, ok?: boolean) =>
    rows.push({ bench: 'calendar', metric, value, unit, ...(target ? { target } : {}), ...(ok === undefined ? {} : { ok }) });
  // Warm both paths once (JIT), then measure the best of three.
  bareIcalExpansion(syntheticYear(50));
  expandOccurrences(parseCalendar(syntheticYear(50)), window);
  let best = { parse: Infinity, expand: Infinity, bare: Infinity, occurrences: 0, bareCount: 0 };
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 3; i++) {
    const [cal, parse] = timed(() => parseCalendar(text));
    const [r, expand] = timed(() => expandOccurrences(cal, window));
    const [bareCount, bare] = timed(() => bareIcalExpansion(text));
    best = {
      parse: Math.min(best.parse, parse),
      expand: Math.min(best.expand, expand),
      bare: Math.min(best.bare, bare),
      occurrences: r.occurrences.length,
      bareCount,
    };
  }
  const ours = best.parse + best.expand;
  row('events in the calendar', events, 'events');
  row('parse (herald)', best.parse, 'ms');
  row('first expansion over one year (herald)', best.expand, 'ms');
  row('occurrences', best.occurrences, 'occurrences');
  row('occurrences per second (herald, parse + expand)', Math.round(best.occurrences / (ours / 1000)), 'occ/s');
  row('bare ical.js parse + expansion, same text', best.bare, 'ms');
  row('bare ical.js occurrences', best.bareCount, 'occurrences');
  row('herald / bare ical.js (parse + first expansion)', ours / best.bare, 'ratio', '≤ 1.2', ours / best.bare <= 1.2);
  const cache = new CalendarCache();
  const hash = contentHash(text);
  const [, first] = timed(() => cache.expand(hash, () => text, window));
  const [, again] = timed(() => cache.expand(hash, () => text, window));
  row('re-plan unchanged calendar (cached)', again, 'ms');
  row('first expansion / cached re-plan', first / Math.max(again, 0.001), 'ratio', '≥ 10', first / Math.max(again, 0.001) >= 10);
  row('memory growth during the runs (RSS)', (process.memoryUsage().rss - rssBefore) / 1024 / 1024, 'MB');
  row('peak memory (max RSS)', process.resourceUsage().maxRSS / 1024, 'MB');
  peerRows(text, options.quick ? 1 : 3, row);
  return rows;
}

interface PeerRun {
  ms: number;
  occurrences: number;
  maxRssMb: number;
}

/**
 * herald, node-ical and a bare ical.js loop on the same text, each alone in a fresh process (the
 * median of `runs` runs), so that each one's peak memory is its own.
 */
function peerRows(text: string, runs: number, row: (metric: string, value: number, unit: string, target?: string, ok?: boolean) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-peers-'));
  const file = join(dir, 'year.ics');
  writeFileSync(file, text);
  const runTs = fileURLToPath(new URL('../scripts/run-ts.mjs', import.meta.url));
  const script = fileURLToPath(new URL('./peer-expansion.ts', import.meta.url));
  const median = (impl: string): PeerRun => {
    const all: PeerRun[] = [];
    for (let i = 0; i < runs; i++) {
      const child = spawnSync(process.execPath, [runTs, script, impl, file], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`bench: ${impl} expansion failed: ${child.stderr}`);
      all.push(JSON.parse(child.stdout) as PeerRun);
    }
    const by = (k: keyof PeerRun) => all.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
    return { ms: by('ms'), occurrences: all[0]!.occurrences, maxRssMb: by('maxRssMb') };
  };
  try {
    const peers = { herald: median('herald'), 'node-ical 0.26': median('node-ical'), 'bare ical.js': median('ical.js') };
    for (const [name, r] of Object.entries(peers)) {
      row(`peers, own process: ${name} parse + expand`, r.ms, 'ms');
      row(`peers, own process: ${name} occurrences`, r.occurrences, 'occurrences');
      row(`peers, own process: ${name} peak memory (max RSS)`, r.maxRssMb, 'MB');
    }
    const fastest = Math.min(...Object.values(peers).map((r) => r.ms));
    const nodeIcal = peers['node-ical 0.26'];
    row('peers: herald / fastest peer time', peers.herald.ms / fastest, 'ratio');
    row('peers: herald / node-ical time', peers.herald.ms / nodeIcal.ms, 'ratio', '≤ 0.5 (issue 17)', peers.herald.ms / nodeIcal.ms <= 0.5);
    row(
      'peers: herald / node-ical peak memory',
      peers.herald.maxRssMb / nodeIcal.maxRssMb,
      'ratio',
      '≤ 1 (issue 17)',
      peers.herald.maxRssMb <= nodeIcal.maxRssMb,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
