/**
 * The promise of the unsubscribe link, end to end: the daemon (manual clock, real SQLite, real
 * HTTP server) mails an agenda to a real SMTP server; the link and the one-click header in that
 * mail, followed back to the daemon, turn the digest off, and the next day nothing is sent.
 */
import { simpleParser } from 'mailparser';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { loadConfig } from '../../src/daemon/config.ts';
import { Daemon } from '../../src/daemon/daemon.ts';
import { openStore } from '../../src/store/index.ts';
import { runUntil } from '../helpers/daemon-run.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/tmp.ts';
import { vevent } from '../helpers/world.ts';

/** A port free right now, so that the public URL can name it before the daemon listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('agenda mail with a working unsubscribe link', () => {
  it('mails the agenda with List-Unsubscribe; the one-click POST turns it off; the next day nothing is sent', async () => {
    const dir = tempDir();
    const smtp = await startSmtp();
    const port = await freePort();
    const t0 = Date.parse('2026-12-07T05:00:00Z'); // a Monday
    const ics = join(dir, 'work.ics');
    writeFileSync(
      ics,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        vevent({ UID: 'standup@t', DTSTART: '20261207T090000Z', DURATION: 'PT15M', RRULE: 'FREQ=DAILY', SUMMARY: 'Stand-up' }),
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const clock = new ManualClock(t0);
    const store = openStore(join(dir, 'h.db'), () => clock.now());
    const user = store.users.add({ name: 'ana', tz: 'UTC', locale: 'en', email: 'ana@example.com' });
    const cal = store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: ics });
    const digest = store.digests.add({
      userId: user.id,
      name: 'morning',
      calendarIds: [cal.id],
      targetIds: [],
      atTime: '07:00',
      sendEmail: true,
      enabled: true,
    });
    const config = loadConfig({
      env: {
        HERALD_NO_EXAMPLE: '1',
        HERALD_HTTP_PORT: String(port),
        HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        HERALD_SMTP_URL: smtp.url,
        HERALD_MAIL_FROM: 'herald <herald@example.com>',
      },
      cwd: dir,
      flags: { db: join(dir, 'h.db') },
    });
    const stop = new AbortController();
    const logger = memoryLogger('info');
    const daemon = new Daemon({ config, store, clock, logger, signal: stop.signal });
    try {
      await runUntil(daemon, clock, Date.parse('2026-12-07T07:01:00Z'));
      expect(smtp.received).toHaveLength(1);
      const mail = await simpleParser(smtp.received[0]!);
      expect(mail.text).toContain('Stand-up');
      const header = (mail.headers.get('list') as unknown as { unsubscribe: { url: string } }).unsubscribe;
      expect(header.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/unsubscribe/\\d+\\.\\d+\\.[\\w-]+$`));
      expect(smtp.received[0]).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      // The same link at the bottom of the mail's text.
      expect(mail.text!.trimEnd().endsWith(header.url)).toBe(true);

      // What a mail client does with the header (RFC 8058).
      const res = await fetch(header.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
      expect(store.digests.get(digest.id)!.enabled).toBe(false);

      await runUntil(daemon, clock, Date.parse('2026-12-08T07:30:00Z'));
      expect(smtp.received).toHaveLength(1);
      expect(logger.lines.join('\n')).not.toContain(header.url.split('/').pop());
    } finally {
      stop.abort();
      await daemon.stopped;
      store.close();
    }
  }, 30_000);
});
