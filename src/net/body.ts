/**
 * Helpers for reading an answer body: the decoder for its Content-Encoding, the size-limit error,
 * and cutting a truncated body at a character boundary.
 */
import zlib from 'node:zlib';
import { NetError } from './net-error.ts';

/** A body decoder for a Content-Encoding. */
export type Decoder = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

/** The decoder for a Content-Encoding, undefined for identity, null for one we cannot decode. */
export function decoderFor(encoding: string): Decoder | undefined | null {
  switch (encoding.trim().toLowerCase()) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      // Some servers send raw deflate for "deflate"; zlib-wrapped is what the standard says.
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** An answer over the limit with oversize 'fail'. */
export function tooLarge(maxBodyBytes: number): NetError {
  return new NetError('oversize', `answer larger than ${maxBodyBytes} bytes`);
}

/** The text of a body cut at a byte limit, without a broken last character. */
export function utf8Prefix(b: Buffer): string {
  let end = b.length;
  let i = end - 1;
  while (i >= 0 && end - i <= 3 && (b[i]! & 0xc0) === 0x80) i--;
  if (i >= 0) {
    const lead = b[i]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (i + need > end) end = i;
  }
  return b.toString('utf8', 0, end);
}
