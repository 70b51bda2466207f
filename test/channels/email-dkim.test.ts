import { createVerify, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { closeMailTransports, email } from '../../src/channels/email.ts';
import { UsageError } from '../../src/core/errors.ts';
import { loadConfig } from '../../src/daemon/config.ts';
import type { OutboundMessage, SmtpSettings } from '../../src/delivery/channel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/tmp.ts';

const link = 'https://herald.example.com/unsubscribe/1.1.MAC';
const agenda: OutboundMessage = {
  kind: 'agenda',
  message: { subject: 'Agenda', text: 'Agenda\n- 10:00 Standup', html: '<p>Agenda</p>' },
  dedupeKey: 'digest:1:email:2026-11-24',
  part: 1,
  parts: 1,
  event: null,
  unsubscribeUrl: link,
};

async function send(smtp: SmtpSettings) {
  const to = {
    targetId: 1,
    name: 'mail',
    kind: 'email',
    url: 'mailto:alice@example.com',
    options: {},
    allowMentions: false,
    allowPrivate: false,
    template: null,
  };
  return email.send(agenda, to, { http: () => Promise.reject(new Error('no HTTP')), smtp, print: () => undefined, now: () => 0 });
}

/** The raw message's header fields, unfolded, in order: [name, value as written]. */
function headerFields(raw: string): [string, string][] {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return head.split(/\r\n(?![ \t])/).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as [string, string]);
}

/** DKIM "relaxed" header canonicalisation (RFC 6376 3.4.2). */
const relaxed = (name: string, value: string) =>
  `${name.toLowerCase()}:${value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}`;

afterEach(() => closeMailTransports());

describe('List-Unsubscribe and DKIM', () => {
  it('carries the HTTPS link and, with a mail-from set, a mailto: to that mailbox in one header', async () => {
    const smtp = await startSmtp();
    await send({ url: smtp.url, from: 'herald <herald@example.com>', unsubscribeMailbox: 'herald@example.com' });
    expect(smtp.received[0]).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect((await simpleParser(smtp.received[0]!)).subject).toBe('Agenda');
    const header = headerFields(smtp.received[0]!)
      .find(([n]) => n.toLowerCase() === 'list-unsubscribe')![1]
      .replace(/\r\n/g, '');
    expect(header.replace(/\s+/g, ' ').trim()).toBe(`<${link}>, <mailto:herald@example.com?subject=unsubscribe&body=${encodeURIComponent(link)}>`);
  });

  it('signs with DKIM, both one-click headers in the signed list, and the signature verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const smtp = await startSmtp();
    const dkim = { domainName: 'example.com', keySelector: 'herald', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    await send({ url: smtp.url, from: 'herald <herald@example.com>', unsubscribeMailbox: 'herald@example.com', dkim });
    const fields = headerFields(smtp.received[0]!);
    const [, signature] = fields.find(([n]) => n.toLowerCase() === 'dkim-signature')!;
    const tags = new Map(
      signature
        .replace(/\s+/g, '')
        .split(';')
        .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] as [string, string]),
    );
    const signed = tags.get('h')!.toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject']));
    expect(tags.get('d')).toBe('example.com');
    // The signed header data, rebuilt as a verifier does, checks against the public key.
    const data = [
      ...signed.map((name) => {
        const field = fields.find(([n]) => n.toLowerCase() === name)!;
        return relaxed(field[0], field[1]);
      }),
      relaxed('DKIM-Signature', signature.replace(/b=[^;]*$/, 'b=')),
    ].join('\r\n');
    expect(createVerify('RSA-SHA256').update(data).verify(publicKey, tags.get('b')!, 'base64')).toBe(true);
    // …and fails for a header changed on the way.
    const altered = data.replace('list-unsubscribe-post:List-Unsubscribe=One-Click', 'list-unsubscribe-post:nothing');
    expect(createVerify('RSA-SHA256').update(altered).verify(publicKey, tags.get('b')!, 'base64')).toBe(false);
  });

  it('reads the mail-from mailbox and the DKIM settings from the environment, all three or none', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'dkim.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const base = { HERALD_SMTP_URL: 'smtp://mail.example.com:25' };
    expect(loadConfig({ env: base, cwd: dir }).smtp).toMatchObject({ unsubscribeMailbox: null, dkim: null });
    const config = loadConfig({
      env: {
        ...base,
        HERALD_MAIL_FROM: 'Herald <h@example.com>',
        HERALD_DKIM_DOMAIN: 'example.com',
        HERALD_DKIM_SELECTOR: 's1',
        HERALD_DKIM_KEY_FILE: 'dkim.pem',
      },
      cwd: dir,
    });
    expect(config.smtp).toMatchObject({ unsubscribeMailbox: 'h@example.com', dkim: { domainName: 'example.com', keySelector: 's1' } });
    expect(() => loadConfig({ env: { ...base, HERALD_DKIM_DOMAIN: 'example.com' }, cwd: dir })).toThrow(UsageError);
    expect(() =>
      loadConfig({ env: { ...base, HERALD_DKIM_DOMAIN: 'e.com', HERALD_DKIM_SELECTOR: 's', HERALD_DKIM_KEY_FILE: 'missing.pem' }, cwd: dir }),
    ).toThrow(/HERALD_DKIM_KEY_FILE: cannot read/);
  });
});
