/** A target's Slack-style attachments (Mattermost, Slack, Rocket.Chat), their text fields rendered like the message. */

/** The text fields of an attachment that are templates (besides each field's `title` and `value`). */
export const attachmentTextFields = ['fallback', 'pretext', 'text', 'title', 'author_name', 'footer'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Renders every text field with `render` (the message's view and escaping: event values escaped for
 * the dialect, the admin's text as written); everything else (colours, links, images) is kept.
 */
export function renderAttachments(list: unknown, render: (body: string) => string): unknown[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const field = (v: unknown): unknown => (typeof v === 'string' ? render(v).trim() : v);
  return (list as unknown[]).map((a): unknown => {
    if (!isObject(a)) return a;
    const out: Record<string, unknown> = { ...a };
    for (const f of attachmentTextFields) if (f in out) out[f] = field(out[f]);
    if (Array.isArray(out.fields))
      out.fields = (out.fields as unknown[]).map((f): unknown => (isObject(f) ? { ...f, title: field(f.title), value: field(f.value) } : f));
    return out;
  });
}
