import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { onTestFinished } from 'vitest';
import { closeMailTransports } from '../../src/channels/email.ts';

/** A real SMTP server on 127.0.0.1 that keeps what it receives and refuses the listed recipients with their codes. */
export async function startSmtp(refusals: Record<string, number> = {}) {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'herald' });
    },
    onRcptTo(address, _session, callback) {
      const code = refusals[address.address];
      if (code) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: code }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  onTestFinished(async () => {
    closeMailTransports();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { received, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` };
}
