import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A reverse proxy on 127.0.0.1 in front of `target` that counts requests and answer bytes (to see what a sync costs). */
export async function countingProxy(target: string): Promise<{ url: string; requests: number; answerBytes: number; reset(): void }> {
  const to = new URL(target);
  const counts = { url: '', requests: 0, answerBytes: 0, reset: () => ((counts.requests = 0), (counts.answerBytes = 0)) };
  const server = http.createServer((req, res) => {
    counts.requests++;
    const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (c: Buffer) => (counts.answerBytes += c.length));
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  counts.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return counts;
}
