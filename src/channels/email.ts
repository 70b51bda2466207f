import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { HeraldError } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import type { Outbound } from './types.ts';

/** Where mail goes out: one SMTP server for the whole daemon. */
export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://…; a secret. */
  url: string;
  /** The From address, e.g. "herald <herald@example.com>". */
  from: string;
}

export function smtpFromEnv(env: NodeJS.ProcessEnv): SmtpSettings | null {
  if (!env.HERALD_SMTP_URL) return null;
  return { url: env.HERALD_SMTP_URL, from: env.HERALD_MAIL_FROM || 'herald <herald@localhost>' };
}

const transports = new Map<string, Transporter>();

function transportFor(smtp: SmtpSettings): Transporter {
  let t = transports.get(smtp.url);
  if (!t) {
    t = nodemailer.createTransport(smtp.url.includes('?') ? smtp.url : `${smtp.url}?pool=true`);
    transports.set(smtp.url, t);
  }
  return t;
}

export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** A Message-ID derived from the dedupe key: a resend after a crash carries the same ID, so mail clients fold it. */
export function messageIdFor(dedupeKey: string, from: string, part = 1): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'herald.invalid';
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}${part > 1 ? `.${part}` : ''}@${domain}>`;
}

/** The nodemailer message for one outbound email: text + HTML, and one-click unsubscribe for digests (RFC 8058). */
export function buildEmail(out: Outbound, to: string, smtp: SmtpSettings): nodemailer.SendMailOptions {
  const mail: nodemailer.SendMailOptions = {
    from: smtp.from,
    to,
    subject: out.message.subject ?? 'herald',
    text: out.message.text,
    html: out.message.html,
    messageId: messageIdFor(out.dedupeKey, smtp.from, out.part),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Herald-Kind': out.kind },
  };
  if (out.unsubscribeUrl) {
    mail.list = { unsubscribe: out.unsubscribeUrl };
    (mail.headers as Record<string, string>)['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return mail;
}

export async function sendEmail(out: Outbound, to: string, smtp: SmtpSettings): Promise<{ info: string }> {
  try {
    const info = await transportFor(smtp).sendMail(buildEmail(out, to, smtp));
    return { info: String(info.response ?? 'sent') };
  } catch (err) {
    const e = err as { responseCode?: number; message: string };
    // 5xx SMTP replies are refusals; anything else (4xx, connection trouble) may pass.
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    throw Object.assign(new HeraldError('email', `${maskUrl(smtp.url)}: ${e.message}`, { cause: err }), { retry: !permanent });
  }
}
