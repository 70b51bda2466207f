/** Webhook URLs are secrets: no log line, listing or error may show their token. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startSink } from '../helpers/sink.ts';
import { engineWorld } from './engine-fixture.ts';

describe('secrets never leak', () => {
  it('in logs, listings and errors, whether deliveries fail or succeed', async () => {
    const sink = await startSink();
    sink.respond = (req, res) => {
      if (req.url.includes('fails')) res.writeHead(500).end(`internal error for ${req.url}`);
      else if (req.url.includes('refuses')) res.writeHead(400).end(`{"message":"bad hook ${req.url}"}`);
      else res.writeHead(200).end('ok');
    };
    const w = engineWorld();
    const secrets = ['TOKEN-OK-1111', 'TOKEN-FAILS-2222', 'TOKEN-REFUSES-3333', 'TOKEN-DOWN-4444', 'QUERYSECRET-5555', 'QUERYSECRET-FAILS-6666'];
    const targets = [
      w.store.targets.add({
        userId: w.user.id,
        name: 'ok',
        kind: 'mattermost',
        url: `${sink.url}/hooks/ok/${secrets[0]}?key=${secrets[4]}`,
        allowPrivate: true,
      }),
      w.store.targets.add({ userId: w.user.id, name: 'fails', kind: 'slack', url: `${sink.url}/fails/${secrets[1]}?token=${secrets[5]}`, allowPrivate: true }),
      w.store.targets.add({ userId: w.user.id, name: 'refuses', kind: 'discord', url: `${sink.url}/refuses/${secrets[2]}`, allowPrivate: true }),
      w.store.targets.add({ userId: w.user.id, name: 'down', kind: 'webhook', url: `http://127.0.0.1:9/${secrets[3]}`, allowPrivate: true }),
    ];
    for (const t of targets) w.addTest(t.id);
    w.engine.start();
    await w.engine.idle();
    await w.engine.stop();
    const outputs = [w.logger.lines.join('\n')];
    for (const argv of [
      ['target', 'list'],
      ['target', 'list', '--json'],
      ['deliveries'],
      ['deliveries', '--json'],
      ['target', 'test', 'fails'],
      ['target', 'test', 'down'],
    ]) {
      const r = await runCli(w.dbPath, argv, { HERALD_ALLOW_PRIVATE_TARGETS: '1' });
      outputs.push(r.out, r.err);
    }
    const all = outputs.join('\n');
    // The outputs are there to search: every target is listed, every failure is described.
    for (const name of ['ok', 'fails', 'refuses', 'down']) expect(outputs[1]).toMatch(new RegExp(`\\b${name}\\b`));
    expect(all).toContain('webhook: http: ECONNREFUSED');
    expect(all).toContain('slack: HTTP 500');
    expect(all).toContain('discord: HTTP 400');
    expect(w.logger.lines.length).toBeGreaterThanOrEqual(4);
    expect(sink.requests.some((r) => r.url.includes(secrets[1]!))).toBe(true); // the secrets really were on the wire
    for (const s of secrets)
      expect(
        all.split('\n').filter((l) => l.includes(s)),
        s,
      ).toEqual([]);
    expect(w.store.deliveries.countByStatus()).toMatchObject({ sent: 1, failed: 1 });
  });

  it('when a service echoes a token alone or URL-encoded: stored errors, logs and listings', async () => {
    const sink = await startSink();
    sink.respond = (req, res) => {
      const segment = req.url.split('/')[2] ?? '';
      const query = new URL(req.url, 'http://x').searchParams.get('sig') ?? '';
      res.writeHead(400).end(`{"error":"invalid token=${segment}","path":"${encodeURIComponent(req.url)}","sig":"${query}"}`);
    };
    const w = engineWorld();
    const target = w.store.targets.add({
      userId: w.user.id,
      name: 'echo',
      kind: 'webhook',
      url: `${sink.url}/in/ECHO-SEGMENT-7777/x?sig=ECHO-QUERY-8888`,
      allowPrivate: true,
    });
    w.addTest(target.id);
    w.engine.start();
    await w.engine.idle();
    await w.engine.stop();
    const stored = w.store.deliveries.list().map((d) => `${d.lastError} ${d.answer ?? ''}`);
    const outputs = [w.logger.lines.join('\n'), ...stored];
    for (const argv of [['deliveries'], ['deliveries', '--json'], ['target', 'test', 'echo']]) {
      const r = await runCli(w.dbPath, argv, { HERALD_ALLOW_PRIVATE_TARGETS: '1' });
      outputs.push(r.out, r.err);
    }
    const all = outputs.join('\n');
    expect(all).toContain('invalid token=');
    expect(all).not.toMatch(/ECHO-SEGMENT|ECHO-QUERY|ECHO%2DSEGMENT/);
  });
});
