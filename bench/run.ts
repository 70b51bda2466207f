/**
 * `npm run bench [-- --quick] [--json] [--only calendar,delivery,schedule]`: runs every benchmark
 * and prints one table (or JSON). Performance is judged here, never in unit tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { BenchResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const suites = ['calendar', 'delivery', 'schedule'];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const json = argv.includes('--json');
const onlyIdx = argv.indexOf('--only');
const only = onlyIdx >= 0 ? (argv[onlyIdx + 1] ?? '').split(',') : suites;

/**
 * Each suite runs in a process of its own, so that one suite's heap (the calendar suite leaves
 * hundreds of megabytes behind) does not slow the next one's measurements down.
 */
function runInChild(name: string): BenchResult[] {
  const args = [join(here, '..', 'scripts', 'run-ts.mjs'), join(here, 'run.ts'), '--only', name, '--json', '--in-process', ...(quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0 && child.status !== 1) throw new Error(`bench: the ${name} suite failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout) as BenchResult[];
}

const results: BenchResult[] = [];
for (const name of suites.filter((s) => only.includes(s))) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`bench: ${name}.ts is missing, skipped`);
    continue;
  }
  if (!json) console.error(`bench: running ${name}${quick ? ' (quick)' : ''}…`);
  if (!argv.includes('--in-process')) {
    results.push(...runInChild(name));
    continue;
  }
  const mod = (await import(pathToFileURL(file).href)) as { run: (o: { quick: boolean }) => Promise<BenchResult[]> };
  results.push(...(await mod.run({ quick })));
}

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const rows = results.map((r) => ({
    bench: r.bench,
    metric: r.metric,
    value: Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(r.value < 10 ? 3 : 1),
    unit: r.unit,
    target: r.target ?? '',
    ok: r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  }));
  const cols = ['bench', 'metric', 'value', 'unit', 'target', 'ok'] as const;
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (i === 2 ? v.padStart(width[i]!) : v.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(cols.map((c) => c.toUpperCase())));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}
process.exitCode = results.some((r) => r.ok === false) ? 1 : 0;
