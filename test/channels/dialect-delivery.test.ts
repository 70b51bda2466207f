/**
 * Issue 12, points 1 and 3, from the outbox to the service: a reminder rendered by the engine for a
 * Slack target keeps the admin's mrkdwn and escapes only the event's values; a Mattermost target's
 * attachments are rendered from the event with the same escaping, and a text option kept as a number
 * by an earlier version goes as text.
 */
import { describe, expect, it } from 'vitest';
import { inlineRef } from '../../src/render/index.ts';
import { startSink } from '../helpers/sink.ts';
import { engineWorld, occurrence, t0 } from './engine-fixture.ts';

function planReminder(w: ReturnType<typeof engineWorld>, targetId: number, summary: string) {
  const start = t0 + 10 * 60_000;
  w.store.deliveries.add([
    {
      dedupeKey: `rem:${targetId}`,
      route: 'target',
      userId: w.user.id,
      targetId,
      dueAt: t0,
      eventStartMs: start,
      content: { kind: 'reminder', occurrence: occurrence(start, summary), calendarName: 'Work', leadSeconds: 600 },
    },
  ]);
}

describe('dialects through the delivery engine', () => {
  it("slack: the admin's <url|label> and <!channel> arrive as written, the event's <, > and & escaped", async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({
      userId: w.user.id,
      name: 'slack',
      kind: 'slack',
      url: `${sink.url}/services/T/B/X`,
      allowPrivate: true,
      allowMentions: true,
      template: inlineRef('<https://example.com|Open> <!channel> *%subject%*'),
    });
    planReminder(w, target.id, 'Q&A <draft>');
    w.engine.start();
    await w.engine.idle();
    await w.engine.stop();
    expect(JSON.parse(sink.requests[0]!.body)).toEqual({ text: '<https://example.com|Open> <!channel> *Q&amp;A &lt;draft&gt;*' });
  });

  it('mattermost: attachments rendered from the event, values escaped as Markdown; a legacy numeric channel goes as text', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({
      userId: w.user.id,
      name: 'mm',
      kind: 'mattermost',
      url: `${sink.url}/hooks/abc`,
      allowPrivate: true,
      options: {
        channel: 2024,
        attachments: [
          { color: '#36a64f', title: '%subject%', text: '**{{when}}** · {{location}}', fields: [{ title: 'Calendar', value: '{{calendar}}', short: true }] },
        ],
      },
    });
    planReminder(w, target.id, '# **Q4** review');
    w.engine.start();
    await w.engine.idle();
    await w.engine.stop();
    const body = JSON.parse(sink.requests[0]!.body) as Record<string, unknown>;
    expect(body.channel).toBe('2024');
    expect(body.attachments).toEqual([
      { color: '#36a64f', title: '\\# \\*\\*Q4\\*\\* review', text: '**in 10 minutes** · Room 4', fields: [{ title: 'Calendar', value: 'Work', short: true }] },
    ]);
    expect(String(body.text)).toMatch(/^🔔 \*\*\\# \\\*\\\*Q4\\\*\\\* review\*\* in 10 minutes\n/);
  });
});
