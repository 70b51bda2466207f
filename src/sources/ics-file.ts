import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { HeraldError } from '../core/errors.ts';

/** Largest calendar file read (same default as for URLs). */
export const defaultMaxBytes = 20 * 1024 * 1024;
const chunkBytes = 256 * 1024;

/**
 * Reads a calendar file that is a regular file under the size cap. Opened without blocking, so a
 * FIFO with no writer cannot hold the sync; then the open file itself is checked (a symlink to a
 * device or a pipe is refused, and the file cannot be swapped between check and read); then at most
 * maxBytes + 1 bytes are read, so a file growing after the check is still cut off.
 */
export async function readIcsFile(path: string, maxBytes = defaultMaxBytes): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fileError(path, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message, err);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fileError(path, `not a regular file (${kindOf(info)}); only regular files are read`);
    if (info.size > maxBytes) throw fileError(path, `${info.size} bytes, over the ${maxBytes}-byte limit`);
    // Read to the end in chunks rather than trusting the size seen: the file may still be growing.
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, maxBytes + 1 - size));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
      if (size > maxBytes) throw fileError(path, `grew while it was read, over the ${maxBytes}-byte limit`);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  } finally {
    await handle.close();
  }
}

function kindOf(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean; isSocket(): boolean }): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function fileError(path: string, reason: string, cause?: unknown): HeraldError {
  return new HeraldError('sources', `calendar file ${path}: ${reason}`, cause === undefined ? {} : { cause });
}
