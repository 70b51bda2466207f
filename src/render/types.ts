/** How a message is written: chat markdown, email (HTML + plain text), or plain text. */
export type OutputFormat = 'chat' | 'email' | 'text';

/** Whose eyes: dates are shown in this zone and language, with this clock. */
export interface Viewer {
  zone: string;
  locale: string;
  /** null/undefined: the locale's habit. */
  hour12?: boolean | null;
}

export interface RenderedMessage {
  text: string;
  html?: string;
  subject?: string;
  /** A target's Slack-style attachments with their text fields rendered from the event (chat). */
  attachments?: unknown[];
}

/** A template's name (for messages) and body. */
export interface TemplateSource {
  name: string;
  body: string;
  /** One of herald's own files in templates/: written in herald's Markdown, translated per chat dialect. */
  builtIn?: boolean;
}

/** What a template renders: one event's reminder, or the agenda a digest sends. */
export type TemplateKind = 'reminder' | 'agenda';
