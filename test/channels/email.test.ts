import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { email, messageIdFor } from '../../src/channels/email.ts';
import type { OutboundMessage, SendResult, SmtpSettings } from '../../src/delivery/channel.ts';
import { generateKeyPairSync } from 'node:crypto';
import { verifyDkim } from '../helpers/dkim-verify.ts';
import { startSmtp } from '../helpers/smtp.ts';

/** The email channel's send, as the engine calls it. */
async function sendEmail(out: OutboundMessage, address: string, smtp: SmtpSettings): Promise<SendResult> {
  const to = { targetId: 1, name: 'mail', kind: 'email', url: `mailto:${address}`, options: {}, allowMentions: false, allowPrivate: false, template: null };
  const tools = { http: () => Promise.reject(new Error('no HTTP for mail')), smtp, print: () => undefined, now: () => 0 };
  return email.send(out, to, tools);
}

const agenda = (unsubscribeUrl: string | null): OutboundMessage => ({
  kind: unsubscribeUrl ? 'agenda' : 'reminder',
  message: { subject: 'Agenda for Tuesday 24 November 2026 (2)', text: 'Agenda\n- 10:00 Standup', html: '<p>Agenda</p><ul><li>10:00 Standup</li></ul>' },
  dedupeKey: 'digest:1:email:2026-11-24',
  part: 1,
  parts: 1,
  event: null,
  unsubscribeUrl,
});

describe('email through a real SMTP server', () => {
  it('sends multipart text + HTML with a stable Message-ID and one-click unsubscribe for agendas', async () => {
    const smtp = await startSmtp();
    const settings = { url: smtp.url, from: 'herald <herald@example.com>' };
    await sendEmail(agenda('https://herald.example.com/unsubscribe/TOKEN'), 'alice@example.com', settings);
    const mail = await simpleParser(smtp.received[0]!);
    expect(mail.subject).toBe('Agenda for Tuesday 24 November 2026 (2)');
    expect(mail.from?.value[0]).toMatchObject({ name: 'herald', address: 'herald@example.com' });
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toBe('alice@example.com');
    expect(mail.text?.trim()).toBe('Agenda\n- 10:00 Standup');
    expect(mail.html).toContain('<li>10:00 Standup</li>');
    expect(smtp.received[0]).toMatch(/Content-Type: multipart\/alternative/);
    expect(smtp.received[0]!.indexOf('text/plain')).toBeLessThan(smtp.received[0]!.indexOf('text/html'));
    expect(mail.messageId).toBe(messageIdFor('digest:1:email:2026-11-24', settings.from));
    expect(smtp.received[0]).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(smtp.received[0]).toMatch(/^List-Unsubscribe: <https:\/\/herald\.example\.com\/unsubscribe\/TOKEN>\r$/m);
    expect(mail.date).toBeInstanceOf(Date);
  });

  it('keeps the Message-ID for the same dedupe key (a resend after a crash folds), and changes it for another', async () => {
    const smtp = await startSmtp();
    const settings = { url: smtp.url, from: 'herald <herald@example.com>' };
    await sendEmail(agenda(null), 'alice@example.com', settings);
    await sendEmail(agenda(null), 'alice@example.com', settings);
    await sendEmail({ ...agenda(null), dedupeKey: 'digest:1:email:2026-11-25' }, 'alice@example.com', settings);
    await sendEmail({ ...agenda(null), part: 2, parts: 2 }, 'alice@example.com', settings);
    const ids = await Promise.all(smtp.received.map(async (raw) => (await simpleParser(raw)).messageId));
    expect(ids[0]).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[0]);
    expect(new Set(ids).size).toBe(3);
  });

  it('a passing SMTP refusal (4xx) is retried', async () => {
    const smtp = await startSmtp({ 'busy@example.com': 451 });
    const result = await sendEmail(agenda(null), 'busy@example.com', { url: smtp.url, from: 'herald <herald@example.com>' });
    expect(result).toMatchObject({ ok: false, retry: true, error: expect.stringMatching(/mailbox unavailable/) });
  });

  it('with a real From mailbox, List-Unsubscribe also offers a mailto naming the token', async () => {
    const smtp = await startSmtp();
    const settings = { url: smtp.url, from: 'herald <agenda@example.com>', unsubscribeMailbox: 'agenda@example.com' };
    await sendEmail(agenda('https://herald.example.com/unsubscribe/7.1.abc'), 'alice@example.com', settings);
    expect(smtp.received[0]).toMatch(
      /^List-Unsubscribe: <https:\/\/herald\.example\.com\/unsubscribe\/7\.1\.abc>,\s+<mailto:agenda@example\.com\?subject=unsubscribe%207\.1\.abc>\r$/m,
    );
  });

  it('signs with DKIM when configured, both unsubscribe headers among the signed ones', async () => {
    const smtp = await startSmtp();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = { domainName: 'example.com', keySelector: 'herald', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    await sendEmail(agenda('https://herald.example.com/unsubscribe/7.1.abc'), 'alice@example.com', {
      url: smtp.url,
      from: 'herald <agenda@example.com>',
      dkim,
    });
    const verified = verifyDkim(smtp.received[0]!, publicKey);
    expect(verified).toMatchObject({ domain: 'example.com', selector: 'herald' });
    expect(verified.signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
    // A changed header breaks it: the check is real.
    const tampered = smtp.received[0]!.replace('List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe-Post: List-Unsubscribe=Two-Click');
    expect(() => verifyDkim(tampered, publicKey)).toThrow(/does not verify/);
  });

  it('a reminder has no unsubscribe header', async () => {
    const smtp = await startSmtp();
    await sendEmail(agenda(null), 'alice@example.com', { url: smtp.url, from: 'herald <herald@example.com>' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatch(/^Subject: /m);
    expect(smtp.received[0]).not.toMatch(/List-Unsubscribe/i);
  });

  it('a permanent SMTP refusal is not retried; the error names the server without secrets', async () => {
    const smtp = await startSmtp({ 'gone@example.com': 550 });
    // The URL carries a password: it must not show in the error.
    const withSecret = smtp.url.replace('smtp://', 'smtp://user:hunter2@');
    const result = await sendEmail(agenda(null), 'gone@example.com', { url: withSecret, from: 'herald <herald@example.com>' });
    expect(result).toMatchObject({ ok: false, retry: false });
    const error = result.ok ? '' : result.error;
    expect(error).toMatch(/^email: smtp:\/\/\*\*\*@127\.0\.0\.1:\d+: .*mailbox unavailable/);
    expect(error).not.toContain('hunter2');
  });
});
