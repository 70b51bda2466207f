/**
 * Chat dialects: how each service reads message text. Two rules hold for all of them:
 * - the admin's template text is sent as written (Slack's `<https://x|Open>` and `<!channel>` stay),
 *   only event values are escaped, so that a value can never change the message's formatting;
 * - herald's own templates (templates/*.mustache, defaults and partials) are written in one Markdown
 *   (`**bold**`, `_italic_`, `[label](url)`) and translated into the dialect before rendering.
 *
 * | dialect      | services                     | event values                                                                                   | herald's Markdown                        |
 * | ------------ | ---------------------------- | ---------------------------------------------------------------------------------------------- | ---------------------------------------- |
 * | `markdown`   | Mattermost, kChat, Rocket.Chat | `\` before `\ ` * _ ~ [ ] < > \|`, and before `#`, `-`, `+`, `=`, `1.` starting a line          | as written                               |
 * | `discord`    | Discord                      | as `markdown` (also covers `\|\|spoiler\|\|`, `# heading`, `-# subtext`, `<@id>`)               | as written                               |
 * | `teams`      | Microsoft Teams (Adaptive Card) | `\` before `* _ [ ]`, and before `-`, `+`, `1.` starting a line                              | as written                               |
 * | `slack`      | Slack (mrkdwn)               | `&` `<` `>` → `&amp;` `&lt;` `&gt;` (this also defuses `<!here>`, `<@U…>`)                      | `**b**` → `*b*`, `[l](u)` → `<u\|l>`     |
 * | `googlechat` | Google Chat                  | a zero-width space after `<` (no `<users/all>`) and before `* _ ~` (it has no escape character) | `**b**` → `*b*`, `[l](u)` → `<u\|l>`     |
 *
 * URLs inside values are left alone (an escape inside one would break the link); URL values
 * (`url`, `meeting_url`) are percent-encoded where the dialect's link syntax needs it. Common to all
 * chats (escape.ts `escapeChat`): control characters dropped, ``` defused, `@channel`/`@here`/
 * `@all`/`@everyone`/`<!…>` defused unless the target allows mentions. The same table is in
 * templates/README.md.
 */

export const chatDialects = ['markdown', 'discord', 'teams', 'slack', 'googlechat'] as const;
export type ChatDialect = (typeof chatDialects)[number];

const zws = '\u200B';

/** Web and mail addresses inside a value: kept whole, since an escape inside one breaks the link. */
const addresses = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>]*[^\s<>.,;:!?'")\]]/gi;

/** Applies `escape` to the parts of `text` outside web addresses. */
function outsideAddresses(text: string, escape: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(addresses)) {
    out += escape(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** An `_` between letters or digits (snake_case, an address) starts no emphasis: it is left alone. */
const markdownSpecials = /[\\`*~[\]<>|]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
const teamsSpecials = /[\\*[\]]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** A line that starts like a heading, quote, list item or rule would become one: its mark is escaped. */
function escapeLineStarts(text: string, marks: RegExp): string {
  return text.replace(marks, (_, space: string, mark: string) => `${space}\\${mark}`).replace(/^([ \t]*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

const escapeMarkdown = (text: string) => escapeLineStarts(text.replace(markdownSpecials, '\\$&'), /^([ \t]*)([#+=-])/gm);
const escapeTeams = (text: string) => escapeLineStarts(text.replace(teamsSpecials, '\\$&'), /^([ \t]*)([+-])/gm);
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const googleChatMarks = /[*~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
const escapeGoogleChat = (text: string) => text.replace(/</g, `<${zws}`).replace(googleChatMarks, `${zws}$&`);

/** herald's `**bold**` and `[label](url)` as Slack and Google Chat write them. */
function toAngleLinks(template: string): string {
  return template.replace(/\*\*(?=\S)(.+?)\*\*/g, '*$1*').replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, '<$2|$1>');
}

const percent = (chars: RegExp) => (url: string) => url.replace(chars, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

interface Dialect {
  /** One value's text, so that it reads as written and cannot change the formatting around it. */
  escapeText(text: string): string;
  /** A URL value, safe inside the dialect's link syntax and on its own. */
  escapeUrl(url: string): string;
  /** herald's own template text (never an admin's) in the dialect's syntax. */
  translate(template: string): string;
}

const dialects: Record<ChatDialect, Dialect> = {
  markdown: { escapeText: (t) => outsideAddresses(t, escapeMarkdown), escapeUrl: percent(/[\s()<>[\]`]/g), translate: (t) => t },
  discord: { escapeText: (t) => outsideAddresses(t, escapeMarkdown), escapeUrl: percent(/[\s()<>[\]`]/g), translate: (t) => t },
  teams: { escapeText: (t) => outsideAddresses(t, escapeTeams), escapeUrl: percent(/[\s()<>[\]]/g), translate: (t) => t },
  slack: { escapeText: escapeSlack, escapeUrl: (u) => escapeSlack(percent(/[\s<>|]/g)(u)), translate: toAngleLinks },
  googlechat: { escapeText: (t) => outsideAddresses(t, escapeGoogleChat), escapeUrl: percent(/[\s<>|]/g), translate: toAngleLinks },
};

export function dialectOf(name: ChatDialect | undefined): Dialect {
  return dialects[name ?? 'markdown'];
}
