import { clip, genericVerdict, httpsEndpoint, jsonHeaders } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): an
 * Adaptive Card in a message envelope; the flow answers 202. Office 365 connectors are retired.
 */
export const teams: WebhookChannel = {
  kind: 'teams',
  schemes: ['teams'],
  format: 'chat',
  maxLength: 25_000,
  endpoint: (url) => httpsEndpoint(url, ['teams']),
  buildRequest(out, target) {
    const [title, ...rest] = clip(out.message.text, this.maxLength).split('\n');
    const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: title ?? '', weight: 'Bolder', size: 'Medium', wrap: true }];
    if (rest.join('\n').trim()) body.push({ type: 'TextBlock', text: rest.join('\n\n').trim(), wrap: true });
    const actions = out.event?.meetingUrl ? [{ type: 'Action.OpenUrl', title: 'Join', url: out.event.meetingUrl }] : [];
    const card = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.2', body, ...(actions.length ? { actions } : {}) };
    const payload = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse: (answer) => genericVerdict('teams', answer),
};
