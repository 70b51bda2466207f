/**
 * A DKIM check (RFC 6376) of one raw message, for tests: relaxed/relaxed canonicalization and
 * rsa-sha256, as nodemailer signs. Returns the signed header names when the signature holds.
 */
import { createHash, createVerify, type KeyObject } from 'node:crypto';

const relaxedHeader = (line: string) => {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trim().toLowerCase();
  const value = line
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}`;
};

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

export function verifyDkim(raw: string, publicKey: KeyObject): { signed: string[]; domain: string; selector: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split + 2);
  const body = raw.slice(split + 4);
  // Header fields, folded lines joined to their field.
  const fields = head.split(/\r\n(?![ \t])/).filter((f) => f !== '');
  const signature = fields.find((f) => /^dkim-signature:/i.test(f));
  if (!signature) throw new Error('no DKIM-Signature');
  const tags = new Map(
    relaxedHeader(signature)
      .slice('dkim-signature:'.length)
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')] as const),
  );
  if (tags.get('a') !== 'rsa-sha256' || tags.get('c') !== 'relaxed/relaxed') throw new Error(`unexpected a=${tags.get('a')} c=${tags.get('c')}`);
  const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
  if (bodyHash !== tags.get('bh')) throw new Error('body hash does not match');
  const signed = tags.get('h')!.split(':');
  // Each listed name takes the last unused instance of its field, bottom up.
  const used = new Set<string>();
  const lines = signed.flatMap((name) => {
    const matching = fields.filter((f) => f.toLowerCase().startsWith(`${name.toLowerCase()}:`) && !used.has(f));
    const field = matching[matching.length - 1];
    if (!field) return [];
    used.add(field);
    return [relaxedHeader(field)];
  });
  // The signature field itself, with the value of its b= tag (not bh=) taken out.
  const unsigned = relaxedHeader(signature.replace(/(;\s*b=)[^;]*/, '$1'));
  const data = `${lines.join('\r\n')}\r\n${unsigned}`;
  const ok = createVerify('RSA-SHA256').update(data).verify(publicKey, tags.get('b')!, 'base64');
  if (!ok) throw new Error('signature does not verify');
  return { signed: signed.map((s) => s.toLowerCase()), domain: tags.get('d')!, selector: tags.get('s')! };
}
