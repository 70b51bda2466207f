import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { UsageError, errorMessage } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import type { Channel, OutboundMessage, SendResult, SmtpSettings } from '../delivery/channel.ts';

const transports = new Map<string, Transporter>();

/**
 * The headers DKIM signs: nodemailer's default list (RFC 4871 5.5, which has List-Unsubscribe) and
 * List-Unsubscribe-Post, so that neither one-click header can be added or altered on the way.
 */
export const dkimHeaderFields =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:Content-ID:' +
  'Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:Resent-Cc:Resent-Message-ID:In-Reply-To:References:' +
  'List-Id:List-Help:List-Unsubscribe:List-Unsubscribe-Post:List-Subscribe:List-Post:List-Owner:List-Archive';

function transportFor(smtp: SmtpSettings): Transporter {
  const key = `${smtp.url}|${smtp.dkim?.domainName ?? ''}|${smtp.dkim?.keySelector ?? ''}`;
  let t = transports.get(key);
  if (!t) {
    const dkim = smtp.dkim ? { ...smtp.dkim, headerFieldNames: dkimHeaderFields } : undefined;
    t = nodemailer.createTransport(smtp.url.includes('?') ? smtp.url : `${smtp.url}?pool=true`, dkim ? { dkim } : {});
    transports.set(key, t);
  }
  return t;
}

/** Closes the pooled SMTP connections (the daemon stops; a test ends). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** A Message-ID derived from the dedupe key: a resend after a crash carries the same ID, so mail clients fold it. */
export function messageIdFor(dedupeKey: string, from: string, part = 1): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'herald.invalid';
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}${part > 1 ? `.${part}` : ''}@${domain}>`;
}

/** The nodemailer message for one outbound email: text + HTML, and one-click unsubscribe for agendas (RFC 8058). */
export function buildEmail(out: OutboundMessage, to: string, smtp: SmtpSettings): nodemailer.SendMailOptions {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated', 'X-Herald-Kind': out.kind };
  const mail: nodemailer.SendMailOptions = {
    from: smtp.from,
    to,
    subject: out.message.subject ?? 'herald',
    text: out.message.text,
    html: out.message.html,
    messageId: messageIdFor(out.dedupeKey, smtp.from, out.part),
    headers,
  };
  if (out.unsubscribeUrl) {
    // RFC 8058: the HTTPS URL takes the one-click POST; the mailto (when herald has a real mailbox)
    // is for clients that only know RFC 2369's mail form. It names the link's token, so whoever
    // reads that mailbox can act on it (herald does not read mail).
    const token = out.unsubscribeUrl.slice(out.unsubscribeUrl.lastIndexOf('/') + 1);
    const mailbox = smtp.unsubscribeMailbox;
    const links = mailbox ? [out.unsubscribeUrl, `mailto:${mailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`] : [out.unsubscribeUrl];
    // One field holding both (RFC 2369), not one field each.
    headers['List-Unsubscribe'] = links.map((l) => `<${l}>`).join(', ');
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return mail;
}

/** The address of a `mailto:` URL. */
export const mailAddress = (url: string): string => decodeURIComponent(url.replace(/^mailto:/i, ''));

/** Mail through the daemon's one SMTP server (HERALD_SMTP_URL), to a target's address or the user's own. */
export const email: Channel = {
  kind: 'email',
  schemes: ['mailto'],
  format: 'email',
  secretExamples: [{ url: 'mailto:alice.secret.person@example.com', secrets: ['alice.secret.person@example.com'] }],
  acceptUrl(url) {
    const address = decodeURIComponent(url.pathname);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new UsageError(`--url: "${address}" is not an email address`);
    return `mailto:${address}`;
  },
  async send(out, to, tools): Promise<SendResult> {
    const address = mailAddress(to.url);
    if (!tools.smtp) return { ok: false, statusCode: null, retry: false, error: 'email: no SMTP server configured (set HERALD_SMTP_URL)' };
    if (!address) return { ok: false, statusCode: null, retry: false, error: 'email: the user has no email address' };
    try {
      const sent: unknown = await transportFor(tools.smtp).sendMail(buildEmail(out, address, tools.smtp));
      const response = (sent as { response?: unknown }).response;
      return { ok: true, statusCode: 250, info: typeof response === 'string' ? response : 'sent' };
    } catch (err) {
      const code = (err as { responseCode?: unknown }).responseCode;
      // 5xx SMTP replies are refusals; anything else (4xx, connection trouble) may pass.
      const permanent = typeof code === 'number' && code >= 500;
      return { ok: false, statusCode: null, retry: !permanent, error: `email: ${maskUrl(tools.smtp.url)}: ${errorMessage(err)}` };
    }
  },
  close: closeMailTransports,
  fixtures: { harness: 'smtp', targetUrl: 'mailto:alice@example.com' },
};
