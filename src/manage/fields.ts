/**
 * The input of a configuration change, as the CLI's flags or the admin API's JSON give it: a map
 * from the flag's name (`tz`, `max-targets`, `template-text`) to its value. Both read it through
 * these accessors, so a missing or malformed value fails the same way, naming the same field.
 */
import { InputError } from '../core/errors.ts';
import { quoteInput } from '../core/quote.ts';

export type Fields = Readonly<Record<string, unknown>>;

export function bad(field: string, message: string): InputError {
  return new InputError(message, { field });
}

export function textField(f: Fields, name: string): string | undefined {
  const v = f[name];
  if (v === undefined || v === null) return undefined;
  // JSON may carry a number where the CLI types digits (`"max-targets": 5`).
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw bad(name, `--${name} needs a value`);
  return v;
}

export function requiredField(f: Fields, name: string): string {
  const v = textField(f, name);
  if (v === undefined || v === '') throw bad(name, `missing --${name}`);
  return v;
}

export function flagField(f: Fields, name: string): boolean {
  const v = f[name];
  if (v === undefined || v === null || v === false) return false;
  if (v !== true) throw bad(name, `--${name} is a switch: true or false`);
  return true;
}

/** A comma list ("a,b") or, from JSON, an array of strings. */
export function listField(f: Fields, name: string): string[] {
  const v = f[name];
  if (Array.isArray(v)) {
    if (!v.every((x) => typeof x === 'string')) throw bad(name, `--${name} must list names`);
    return v.map((s: string) => s.trim()).filter((s) => s !== '');
  }
  const text = textField(f, name);
  if (text === undefined) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function intField(f: Fields, name: string, min = 0): number | undefined {
  const v = textField(f, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw bad(name, `--${name} must be a whole number ≥ ${min}, got ${quoteInput(v)}`);
  return n;
}
