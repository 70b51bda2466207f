import { clip, genericVerdict, httpChannel, httpsEndpoint, jsonHeaders, queryValues } from './http-service.ts';

/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): an
 * Adaptive Card in a message envelope; the flow answers 202. Office 365 connectors are retired.
 */
export const teams = httpChannel({
  kind: 'teams',
  schemes: ['teams'],
  knownHosts: [/\.logic\.azure\.com$/, /\.powerplatform\.com$/],
  format: 'chat',
  dialect: 'teams',
  maxLength: 25_000,
  secretsOf: queryValues,
  secretExamples: [{ url: 'teams://prod-1.westeurope.logic.azure.com/workflows/abc?sig=t3amsS1gnatureX', secrets: ['t3amsS1gnatureX'] }],
  buildRequest(out, to) {
    const [title, ...rest] = clip(out.message.text, 25_000).split('\n');
    const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: title ?? '', weight: 'Bolder', size: 'Medium', wrap: true }];
    if (rest.join('\n').trim()) body.push({ type: 'TextBlock', text: rest.join('\n\n').trim(), wrap: true });
    const actions = out.event?.meetingUrl ? [{ type: 'Action.OpenUrl', title: 'Join', url: out.event.meetingUrl }] : [];
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.2',
      body,
      ...(actions.length ? { actions } : {}),
    };
    const payload = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
    return { method: 'POST', url: httpsEndpoint(to.url, ['teams']), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse: (reply) => genericVerdict('teams', reply),
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/workflows/abc?sig=x`,
    request: {
      method: 'POST',
      json: {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: { type: 'AdaptiveCard', body: [{ text: '**Standup** in 10 minutes & <b>' }], actions: [{ url: 'https://kmeet.infomaniak.com/standup' }] },
          },
        ],
      },
    },
    textOf: (r) =>
      (JSON.parse(r.body) as { attachments: { content: { body: { text: string }[] } }[] }).attachments[0]!.content.body.map((b) => b.text).join('\n'),
    dialect: {
      template: '**%subject%** [Open](https://example.com)',
      text: '**# \\*\\*Q4\\*\\* <review> & \\[notes\\](https://x.test/a_b) @\u200Bchannel** [Open](https://example.com)',
      defaultLines: [
        '🔔 **# \\*\\*Q4\\*\\* <review> & \\[notes\\](https://x.test/a_b) @\u200Bchannel** in 10 minutes',
        '🎥 [Join (kMeet)](https://kmeet.infomaniak.com/q4%28x%29)',
      ],
    },
    answers: {
      success: { status: 202, body: '' },
      refusal: {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"code":"TriggerInputSchemaMismatch","message":"The input body does not match the schema"}}',
      },
      refusalMessage: 'TriggerInputSchemaMismatch',
      rateLimit: { status: 429, headers: { 'retry-after': '5' }, body: '' },
      rateLimitMs: 5000,
    },
  },
});
