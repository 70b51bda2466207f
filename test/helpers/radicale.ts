/**
 * A real CalDAV server for tests: Debian's Radicale on 127.0.0.1, a free port, its own storage
 * folder and users file (plain passwords), stopped after the test. A missing radicale is a failure
 * (.ci/run installs it), never a silent skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { tempDir } from './tmp.ts';

export interface Radicale {
  url: string;
  /** PUT one object (an ICS text) into a user's calendar collection, made on first use. */
  put(user: string, password: string, calendar: string, name: string, ics: string): Promise<number>;
  remove(user: string, password: string, calendar: string, name: string): Promise<number>;
  mkcalendar(user: string, password: string, calendar: string, displayName?: string, components?: string[]): Promise<number>;
  stop(): Promise<void>;
}

const radicaleBin = ['/usr/bin/radicale', '/usr/local/bin/radicale'].find((p) => existsSync(p));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startRadicale(users: Record<string, string>): Promise<Radicale> {
  if (!radicaleBin) throw new Error('radicale is not installed (apt-get install radicale); the CalDAV tests need a real server');
  const dir = tempDir('herald-radicale-');
  mkdirSync(join(dir, 'store'));
  writeFileSync(
    join(dir, 'users'),
    Object.entries(users)
      .map(([u, p]) => `${u}:${p}`)
      .join('\n') + '\n',
  );
  const port = await freePort();
  writeFileSync(
    join(dir, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(dir, 'users')}`,
      'htpasswd_encryption = plain',
      'delay = 0.01',
      '[storage]',
      `filesystem_folder = ${join(dir, 'store')}`,
      '[rights]',
      'type = owner_only',
      '[logging]',
      'level = warning',
    ].join('\n'),
  );
  const child = spawn(radicaleBin, ['--config', join(dir, 'config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  onTestFinished(stop);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`radicale exited: ${log}`);
    const up = await fetch(`${url}/.well-known/caldav`, { redirect: 'manual' }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i > 100) throw new Error(`radicale did not answer within 10 s: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const auth = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
  const radicale: Radicale = {
    url,
    async mkcalendar(user, password, calendar, displayName, components = ['VEVENT']) {
      const body = `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>${
        displayName ? `<D:displayname>${displayName}</D:displayname>` : ''
      }<C:supported-calendar-component-set>${components.map((c) => `<C:comp name="${c}"/>`).join('')}</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`;
      return (
        await fetch(`${url}/${user}/${calendar}/`, { method: 'MKCALENDAR', headers: { ...auth(user, password), 'content-type': 'application/xml' }, body })
      ).status;
    },
    async put(user, password, calendar, name, ics) {
      return (
        await fetch(`${url}/${user}/${calendar}/${name}`, { method: 'PUT', headers: { ...auth(user, password), 'content-type': 'text/calendar' }, body: ics })
      ).status;
    },
    async remove(user, password, calendar, name) {
      return (await fetch(`${url}/${user}/${calendar}/${name}`, { method: 'DELETE', headers: auth(user, password) })).status;
    },
    stop,
  };
  return radicale;
}
