import { quoteInput } from '../core/quote.ts';
import { DateTime } from 'luxon';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { intField, listField } from '../manage/fields.ts';
import { UsageError } from '../core/errors.ts';
import type { HeraldConfig } from '../daemon/config.ts';

/** What a command may touch besides its arguments. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** herald's settings, read once from the global flags and the environment. */
  config: Readonly<HeraldConfig>;
  /** Relative paths given on the command line are read from here. */
  cwd: string;
  /** The environment, for options that name a variable of the user's (`--password-env VAR`). */
  env: NodeJS.ProcessEnv;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** Words that select the command: ["user", "add"]. */
  path: string[];
  summary: string;
  /** Usage line after "herald <path>", e.g. "NAME --email E --tz ZONE". */
  usage: string;
  /** Extra help text (options explained, examples). */
  help?: string;
  options: OptionSpec;
  /** How many positionals are allowed: [min, max]. */
  positionals?: [number, number];
  /** Returns the exit code: 0 success, 1 runtime failure (2 comes from UsageError). */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    // node's messages are good ("Unknown option '--x'"); drop its hint about '--' which confuses.
    const msg = err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '') : String(err);
    throw new UsageError(`${msg} (see: herald ${command.path.join(' ')} --help)`);
  }
  const [min, max] = command.positionals ?? [0, 0];
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`missing argument: herald ${command.path.join(' ')} ${command.usage}`);
  if (n > max) throw new UsageError(`unexpected argument ${quoteInput(parsed.positionals[max])}: herald ${command.path.join(' ')} ${command.usage}`);
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

/** Typed accessors that turn a missing or malformed flag into a UsageError naming it. */
export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v;
}

export function requireOpt(args: ParsedArgs, name: string): string {
  const v = stringOpt(args, name);
  if (v === undefined || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

export function boolOpt(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A pair of switches such as --allow-private / --no-private: true, false, or undefined when neither is given. */
export function switchOpt(args: ParsedArgs, on: string, off: string): boolean | undefined {
  if (boolOpt(args, on) && boolOpt(args, off)) throw new UsageError(`give --${on} or --${off}, not both`);
  return boolOpt(args, on) ? true : boolOpt(args, off) ? false : undefined;
}

/** A comma list (`--days mon,tue`), checked as manage/ checks every field. */
export function listOpt(args: ParsedArgs, name: string): string[] {
  return listField(args.values, name);
}

export function intOpt(args: ParsedArgs, name: string, min = 0): number | undefined {
  return intField(args.values, name, min);
}

export function parseInstant(text: string, flag: string): number {
  const ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over into March; the calendar date itself must exist.
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text) || !DateTime.fromISO(text.slice(0, 10), { zone: 'UTC' }).isValid) {
    throw new UsageError(`--${flag} must be an ISO date-time like 2026-11-24T09:00:00Z, got ${quoteInput(text)}`);
  }
  return ms;
}

export const jsonOption: OptionSpec = { json: { type: 'boolean' } };
export const helpOption: OptionSpec = { help: { type: 'boolean', short: 'h' } };

/** A fixed-width table for listings; `--json` prints the rows instead. */
export function formatTable(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cols = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const widths = cols.map((c) => rows.reduce((widest, r) => Math.max(widest, cell(r[c]).length), c.length));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.toUpperCase())), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n') + '\n';
}

export function printRows(io: CliIO, args: ParsedArgs, rows: Record<string, unknown>[], columns?: string[]): void {
  if (boolOpt(args, 'json')) {
    for (const r of rows) io.out(`${JSON.stringify(r)}\n`);
  } else {
    io.out(formatTable(rows, columns));
  }
}
