import { readFile, stat } from 'node:fs/promises';
import { HeraldError } from '../core/errors.ts';

/** Largest calendar file read (same default as for URLs). */
export const defaultMaxBytes = 20 * 1024 * 1024;

export async function readIcsFile(path: string, maxBytes = defaultMaxBytes): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new HeraldError(
      'sources',
      `cannot read calendar file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      { cause: err },
    );
  }
  if (size > maxBytes) throw new HeraldError('sources', `calendar file ${path} is ${size} bytes, over the ${maxBytes}-byte limit`);
  return readFile(path, 'utf8');
}
