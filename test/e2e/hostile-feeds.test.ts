/**
 * Black-box (issue 11): one hostile feed must not stop everyone else. A calendar URL that answers
 * 200 and then trickles a byte at a time, and a calendar file replaced by a FIFO, sit beside a
 * third user's calendar; that user's reminder arrives on time, SIGINT stops the daemon within 5 s
 * with the trickling download still open, and a calendar URL to 127.0.0.1 without --allow-private
 * is refused without being fetched.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { runHerald, waitFor } from '../helpers/herald-process.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function oneEvent(uid: string, startMs: number, summary: string): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', `UID:${uid}`]
    .concat([`DTSTART:${stamp(startMs)}`, 'DURATION:PT15M', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''])
    .join('\r\n');
}

describe('hostile feeds beside a good calendar', () => {
  it("a trickling URL and a FIFO file delay no one else's reminder, and do not hold the stop", async () => {
    const dir = tempDir();
    const db = join(dir, 'herald.db');
    const feed = await startSink();
    let open = 0;
    feed.respond = (_req, res) => {
      open++;
      res.writeHead(200, { 'content-type': 'text/calendar' }).write('BEGIN:VCALENDAR\r\n');
      const drip = setInterval(() => res.write('X'), 500);
      res.on('close', () => {
        open--;
        clearInterval(drip);
      });
    };
    const probed = await startSink();
    const hook = await startSink();
    const cli = async (...argv: string[]) => {
      const r = await runCli(db, argv, { HERALD_NO_EXAMPLE: '1' }, dir);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
      return r.out;
    };
    // The good user's event starts 2 min 15 s from now; the reminder is 2 minutes before it.
    const eventStart = Math.ceil((Date.now() + 135_000) / 1000) * 1000;
    writeFileSync(join(dir, 'team.ics'), oneEvent('standup@t', eventStart, 'Stand-up'));
    writeFileSync(join(dir, 'pipe.ics'), oneEvent('pipe@t', eventStart, 'Never read'));
    for (const name of ['slow', 'piped', 'prober', 'ops']) await cli('user', 'add', name, '--tz', 'UTC');
    await cli('calendar', 'add', 'trickle', '--user', 'slow', '--url', `${feed.url}/feed.ics`, '--allow-private');
    await cli('calendar', 'add', 'fifo', '--user', 'piped', '--file', join(dir, 'pipe.ics'));
    await cli('calendar', 'add', 'probe', '--user', 'prober', '--url', `${probed.url}/admin`);
    await cli('calendar', 'add', 'team', '--user', 'ops', '--file', join(dir, 'team.ics'));
    await cli('target', 'add', 'hook', '--user', 'ops', '--kind', 'webhook', '--url', `${hook.url}/hook`, '--allow-private');
    await cli('reminder', 'add', '--calendar', 'team', '--target', 'hook', '--before', '2m');
    // Replaced by a FIFO that no one writes to: opening it for reading would block for ever.
    rmSync(join(dir, 'pipe.ics'));
    execFileSync('mkfifo', [join(dir, 'pipe.ics')]);

    const daemon = runHerald(dir, ['start']);
    const arrived = await waitFor(() => hook.requests.length > 0, 40_000);
    expect(arrived, daemon.stderr()).toBe(true);
    const sentAt = hook.requests[0]!.at;
    // On time: not before it was due, within a few seconds after.
    expect(sentAt).toBeGreaterThanOrEqual(eventStart - 120_000);
    expect(sentAt - (eventStart - 120_000)).toBeLessThan(5000);
    expect((JSON.parse(hook.requests[0]!.body) as { text: string }).text).toContain('Stand-up');
    // The trickling download is still under way (its 30 s deadline has not passed yet).
    expect(feed.requests).toHaveLength(1);
    expect(open).toBe(1);

    const stopAt = Date.now();
    daemon.child.kill('SIGINT');
    const exit = await daemon.exited;
    expect(exit.at - stopAt).toBeLessThan(5000);
    expect(exit.code, daemon.stderr()).toBe(0);
    // The refused URL was never connected to.
    expect(probed.requests).toHaveLength(0);
    const calendars = (await cli('calendar', 'list', '--json'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; error: string | null });
    const error = (name: string) => calendars.find((c) => c.name === name)?.error;
    expect(error('probe')).toMatch(/127\.0\.0\.1 is a private or loopback address \(allow it with --allow-private\)$/);
    expect(error('fifo')).toMatch(/pipe\.ics: not a regular file \(a named pipe\)/);
    expect(error('team')).toBeNull();
  }, 90_000);
});
