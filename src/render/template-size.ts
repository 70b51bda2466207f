/**
 * Templates are small texts: 64 KB holds any real message with room to spare, and a cap keeps a
 * 50 MB file from exhausting memory in validation and rendering. Files are measured before they are read.
 */
import { readFileSync, statSync } from 'node:fs';
import { HeraldError } from '../core/errors.ts';

export const maxTemplateBytes = 64 * 1024;

const tooLarge = (what: string, bytes: number) =>
  `${what} is ${bytes.toLocaleString('en-US')} bytes; a template may have at most ${maxTemplateBytes.toLocaleString('en-US')} (64 KB)`;

/** The template's own problem when it is over the cap, else null. */
export function templateSizeProblem(body: string, what = 'the template'): string | null {
  // A UTF-16 length over the cap in bytes can still fit only if it is mostly ASCII: measure then.
  if (body.length <= maxTemplateBytes / 3) return null;
  const bytes = Buffer.byteLength(body, 'utf8');
  return bytes > maxTemplateBytes ? tooLarge(what, bytes) : null;
}

/** Reads a template file, refusing (a usage error naming the file) one over the cap without reading it. */
export function readTemplateFile(path: string): string {
  const size = statSync(path).size;
  if (size > maxTemplateBytes) throw new HeraldError('template', tooLarge(`template file ${path}`, size), { usage: true });
  const body = readFileSync(path, 'utf8');
  // The file may have grown between the stat and the read.
  const problem = templateSizeProblem(body, `template file ${path}`);
  if (problem) throw new HeraldError('template', problem, { usage: true });
  return body;
}
