/**
 * What every way out of herald implements — a chat service, email, the console — and what the
 * delivery engine hands it. The engine knows channels only through this contract (it is given the
 * registry); each channel is one file in src/channels/.
 */
import type { HttpAnswer, HttpRequest } from '../net/http-client.ts';
import type { ChatDialect, OutputFormat, RenderedMessage } from '../render/index.ts';
import type { DeliveryKind, EventDetails } from '../store/index.ts';

/** Where one message goes: one of the user's targets, or the user's own mail address. */
export interface Destination {
  /** The target's id; null for the user's own mail address. */
  targetId: number | null;
  /** The target's name, for logs ("email" for the user's own address). */
  name: string;
  kind: string;
  /** The target's URL (`mailto:` for mail): a secret, never printed unmasked. */
  url: string;
  /** Service-specific options (`--option channel=…`). */
  options: Record<string, unknown>;
  allowMentions: boolean;
  allowPrivate: boolean;
  /** The template its messages are rendered with (a name or inline text); null: the default. */
  template: string | null;
}

/** One part of a rendered message, with what a channel may want besides the text. */
export interface OutboundMessage {
  kind: DeliveryKind;
  message: RenderedMessage;
  /** The delivery's dedupe key: the same on a resend, so services that can drop duplicates do. */
  dedupeKey: string;
  /** 1-based part and count, for agendas split to fit a chat's size limit. */
  part: number;
  parts: number;
  event: EventDetails | null;
  unsubscribeUrl: string | null;
}

/** What became of one send, in the service's own terms made common. */
export type SendResult =
  { ok: true; statusCode: number | null; info: string } | { ok: false; statusCode: number | null; retry: boolean; retryAfterMs?: number; error: string };

/** One option a target of a service takes (`--option key=value`). */
export interface TargetOption {
  /** What it takes, for help and errors ("an http(s) URL"). */
  about: string;
  /** How the value is kept: text stays text whatever it looks like (`channel=2024` is "2024"). */
  type: 'text' | 'json' | 'flag' | 'number';
  /** The value to store and send, from the text after `=`; throws an Error saying what is wrong. */
  read(text: string): unknown;
  /** A secret (a token): masked in listings. */
  secret?: boolean;
}

/** Where mail goes out: one SMTP server for the whole daemon. */
export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://…; a secret. */
  url: string;
  /** The From address, e.g. "herald <herald@example.com>". */
  from: string;
  /**
   * Where a mail client's unsubscribe mail goes (a `mailto:` beside the HTTPS link in
   * List-Unsubscribe): the address of HERALD_MAIL_FROM when one is set, else none.
   */
  unsubscribeMailbox?: string | null;
  /** DKIM signing by nodemailer (HERALD_DKIM_DOMAIN, _SELECTOR, _KEY_FILE); null: unsigned. */
  dkim?: { domainName: string; keySelector: string; privateKey: string } | null;
}

/** What the engine lends a channel for one send. */
export interface SendTools {
  /** The one HTTP client, with this send's deadline and this destination's address guard. */
  http(request: HttpRequest): Promise<HttpAnswer>;
  smtp: SmtpSettings | null;
  /** Where the console channel prints. */
  print(text: string): void;
  now(): number;
}

/** How the contract suite (test/channels/contract.test.ts) exercises a channel, declared beside it. */
export type ChannelFixtures = HttpFixtures | { harness: 'smtp'; targetUrl: string } | { harness: 'console'; targetUrl: string };

/** An answer as a service writes it. */
export interface ServiceAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface HttpFixtures {
  harness: 'http';
  /** A target URL that reaches a stand-in server at `base` (http://127.0.0.1:PORT). */
  targetUrl(base: string): string;
  /** Target options to send with (`--option …`). */
  options?: Record<string, unknown>;
  /** What the service's server checks of a request carrying the contract's sample reminder (a RegExp in `json` matches a string). */
  request: { method: string; path?: RegExp; headers?: Record<string, RegExp>; json?: object };
  /** Where the service reads the message text from in a request. */
  textOf(request: { headers: Record<string, string | string[] | undefined>; body: string }): string;
  /**
   * Chat services: what the service receives for the contract's hostile event (test/channels/contract.test.ts):
   * an admin template in the service's own formatting, which must arrive as written around the
   * escaped values, and lines the default reminder must hold (herald's Markdown in the dialect).
   */
  dialect?: { template: string; text: string; defaultLines: string[] };
  /** The service's answers to a success, a refusal (and the message that must be reported), and a rate limit. */
  answers: { success: ServiceAnswer; refusal: ServiceAnswer; refusalMessage: string; rateLimit: ServiceAnswer; rateLimitMs: number };
}

export interface Channel {
  /** The name targets use (`--kind`). */
  kind: string;
  /** Other names for the same service (`kchat` for Mattermost). */
  aliases?: readonly string[];
  /** URL schemes that name this way out directly (`slack://…`, `mailto:`, `console:`). */
  schemes: readonly string[];
  /** Whether a plain http(s) URL may name this channel (with --kind, or a host in knownHosts). */
  httpUrls?: boolean;
  /** Hosts of plain https URLs that are this service, so that such a URL needs no --kind. */
  knownHosts?: readonly RegExp[];
  format: OutputFormat;
  /** For chat: how the service reads text (render/dialects.ts): what is escaped in event values, how herald's Markdown is written. */
  dialect?: ChatDialect;
  /** Longest text the service accepts in one message (in UTF-8 bytes where `maxLengthInBytes`). */
  maxLength?: number;
  maxLengthInBytes?: boolean;
  /** The options its targets take (`--option key=value`); none when absent. */
  targetOptions?: Readonly<Record<string, TargetOption>>;
  /** Least time between two messages to one target (the service's rate limit). */
  minIntervalMs?: number;
  /**
   * Checks a target URL given with one of the channel's schemes (or as https with this kind) and
   * returns the URL to store; throws a UsageError naming what is wrong. Default: kept as given.
   */
  acceptUrl?(url: URL, raw: string): string;
  /**
   * The parts of a target URL that are secret on their own (a token a service may echo back in an
   * error), besides what every URL registers (itself, its path, query, user and password).
   */
  secretsOf?: (url: URL) => string[];
  /** A URL of each scheme with its secrets listed: the contract suite checks none of them is ever printed. */
  secretExamples: readonly { url: string; secrets: readonly string[] }[];
  send(message: OutboundMessage, to: Destination, tools: SendTools): Promise<SendResult>;
  /** Releases what the channel keeps open (mail connections) when the daemon stops. */
  close?(): void;
  fixtures: ChannelFixtures;
}

/** The channels the engine may use, found by a target's kind. */
export interface ChannelSet {
  byKind(kind: string): Channel | undefined;
}
