import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendarText } from '../../src/sources/index.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const body = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

describe('loadCalendarText', () => {
  it('reads a file, and says which file is missing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ics'), body);
    expect(await loadCalendarText({ kind: 'file', location: join(dir, 'a.ics') })).toEqual({ status: 'changed', body, etag: null, lastModified: null });
    await expect(loadCalendarText({ kind: 'file', location: join(dir, 'missing.ics') })).rejects.toThrow(/missing\.ics: no such file/);
    await expect(loadCalendarText({ kind: 'file', location: join(dir, 'a.ics') }, null, { maxBytes: 10 })).rejects.toThrow(/over the 10-byte limit/);
  });

  it('fetches a URL with the conditional GET and the calendar credentials', async () => {
    const sink = await startSink();
    sink.respond = (req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('ann:s3cret-pass').toString('base64')}`) return res.writeHead(401).end();
      if (req.headers['if-none-match'] === '"v2"') return res.writeHead(304).end();
      res.writeHead(200, { etag: '"v2"' }).end(body);
    };
    const source = { kind: 'url' as const, location: `${sink.url}/private/token123/cal.ics`, username: 'ann', password: 's3cret-pass', allowPrivate: true };
    expect(await loadCalendarText(source)).toMatchObject({ status: 'changed', body, etag: '"v2"' });
    expect(await loadCalendarText(source, { etag: '"v2"' })).toEqual({ status: 'unchanged' });
    const refused = loadCalendarText({ ...source, password: 'wrong-pass' });
    await expect(refused).rejects.toThrow(/HTTP 401/);
    await expect(refused).rejects.not.toThrow(/token123/);
  });
});
