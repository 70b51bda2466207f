import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface SinkRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** Decide the answer per request (default 200 "ok"). */
  respond: (req: SinkRequest, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 standing in for a chat service; closed after the test. */
export async function startSink(): Promise<Sink> {
  const sink: Sink = {
    url: '',
    requests: [],
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: SinkRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      sink.requests.push(r);
      sink.respond(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(async () => {
    server.closeAllConnections();
    await sink.close();
  });
  return sink;
}
