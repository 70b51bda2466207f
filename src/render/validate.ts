import { templateSizeProblem } from './template-size.ts';
import Mustache from 'mustache';
import type { Occurrence } from '../calendar/types.ts';
import { wordsFor } from './i18n.ts';
import { renderAgenda } from './agenda.ts';
import { renderReminder } from './render.ts';
import { partialLoader, toMustache } from './templates.ts';
import type { OutputFormat, TemplateKind } from './types.ts';
import { agendaVariables, reminderVariables } from './view.ts';

export interface TemplateProblem {
  message: string;
  line?: number;
  column?: number;
}

/** Names that exist inside sections: attendees' fields, agenda events' extra field. */
const nestedNames = ['name', 'email', 'partstat', 'day', 'day_key', '.'];

function position(body: string, index: number): { line: number; column: number } {
  const before = body.slice(0, Math.max(0, index));
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/** The known name nearest to a misspelt one, if it is near enough to be a typo. */
function closest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    if (k.length < 2) continue;
    const d = distance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

/** A realistic event for trying a template out: long enough to show size problems. */
export function sampleOccurrence(): Occurrence {
  const startMs = Date.UTC(2026, 10, 24, 9, 0, 0);
  return {
    uid: 'sample@herald',
    recurrenceId: null,
    allDay: false,
    start: '2026-11-24T09:00:00Z',
    end: '2026-11-24T10:00:00Z',
    startMs,
    endMs: startMs + 3_600_000,
    zone: 'Europe/Zurich',
    summary: 'Quarterly planning with the product and engineering teams',
    description: 'Agenda: review of the last quarter, goals for the next one, staffing, open questions. Please read the planning document before the meeting.',
    location: 'Room Matterhorn, 3rd floor',
    url: null,
    meetingUrl: 'https://kmeet.infomaniak.com/quarterly-planning-2026',
    organizer: { email: 'lead@example.com', name: 'Team lead', partstat: null },
    attendees: [{ email: 'alice@example.com', name: 'Alice', partstat: 'ACCEPTED' }],
    status: 'CONFIRMED',
    transparent: false,
    categories: [],
    recurring: false,
    sequence: 0,
    alarms: [],
  };
}

/**
 * Checks a template before it is saved: unknown placeholders and variables, unbalanced sections,
 * and (given the target's limit) a sample rendering that would be too long. Each problem names
 * where it is.
 */
export function validateTemplate(source: string, options: { kind: TemplateKind; format: OutputFormat; maxLength?: number }): TemplateProblem[] {
  const oversize = templateSizeProblem(source);
  if (oversize) return [{ message: oversize }];
  const problems: TemplateProblem[] = [];
  const allowed = new Set<string>([...(options.kind === 'reminder' ? reminderVariables : [...agendaVariables, ...reminderVariables]), ...nestedNames]);
  const words = new Set(
    Object.entries(wordsFor('en'))
      .filter(([, v]) => typeof v === 'string')
      .map(([k]) => k),
  );
  const badPlaceholders = new Set<string>();
  for (const m of source.matchAll(/%([A-Za-z_]+)%/g)) {
    const name = m[1]!;
    if (allowed.has(name)) continue;
    badPlaceholders.add(name);
    const hint = closest(name.toLowerCase(), [...allowed]);
    problems.push({ message: `unknown placeholder %${name}%${hint ? ` (did you mean %${hint}%?)` : ''}`, ...position(source, m.index) });
  }
  const mustache = toMustache(source);
  // Each `%name%` became `{{{name}}}`, four characters longer: positions in the Mustache text are
  // moved back so that problems point into what the admin wrote.
  const grown = [...source.matchAll(/%[a-z_]+%/g)].map((m, k) => m.index + 4 * k);
  const at = (index: number) => position(source, index - 4 * grown.filter((g) => g < index).length);
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(mustache);
  } catch (err) {
    const msg = (err as Error).message;
    const where = /at (\d+)/.exec(msg);
    let index = where ? Number(where[1]) : undefined;
    // Mustache reports an unclosed section at the end of the text; point at where it was opened.
    const unclosed = /^Unclosed section "([^"]+)"/.exec(msg);
    if (unclosed) {
      const name = unclosed[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const opened = [...mustache.matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${name}\\s*\\}\\}`, 'g'))].pop();
      if (opened) index = opened.index;
    }
    const text = unclosed ? `${msg.replace(/ at \d+$/, '')}: opened here, never closed with {{/${unclosed[1]}}}` : msg.replace(/ at \d+$/, '');
    problems.push({ message: `template syntax: ${text}`, ...(index === undefined ? {} : at(index)) });
    return problems;
  }
  const walk = (list: unknown[]) => {
    for (const token of list as [string, string, number, number, unknown[]?][]) {
      const [type, name, start] = token;
      if (type === 'name' || type === '&' || type === '#' || type === '^') {
        const [head, ...rest] = name.split('.');
        if (head === 't' && rest.length > 0) {
          if (!words.has(rest[0]!)) problems.push({ message: `unknown text {{${name}}}`, ...at(start) });
        } else if (head !== '' && !allowed.has(head!) && !(type === '&' && badPlaceholders.has(name))) {
          const hint = closest(name, [...allowed]);
          problems.push({ message: `unknown variable {{${name}}}${hint ? ` (did you mean {{${hint}}}?)` : ''}`, ...at(start) });
        }
      }
      if (type === '>' && partialLoader()(name) === undefined)
        problems.push({ message: `unknown partial {{> ${name}}} (no templates/${name}.mustache)`, ...at(start) });
      if (Array.isArray(token[4])) walk(token[4]);
    }
  };
  walk(tokens);
  if (problems.length === 0 && options.maxLength !== undefined) {
    const template = { name: 'candidate', body: source };
    const viewer = { zone: 'Europe/Zurich', locale: 'en' };
    const texts =
      options.kind === 'reminder'
        ? [renderReminder({ template, occurrence: sampleOccurrence(), viewer, format: options.format, minutesUntil: 10, late: false }).text]
        : renderAgenda({
            template,
            occurrences: [sampleOccurrence()],
            viewer,
            format: options.format,
            periodStart: '2026-11-24',
            periodEnd: '2026-11-25',
            weekly: false,
            calendarNames: ['work'],
            userName: 'alice',
            unsubscribeUrl: null,
          }).map((m) => m.text);
    const longest = Math.max(...texts.map((t) => t.length));
    if (longest > options.maxLength)
      problems.push({ message: `a sample event renders to ${longest} characters, over the target's limit of ${options.maxLength}` });
  }
  return problems;
}

export function formatProblems(name: string, problems: TemplateProblem[]): string {
  return problems.map((p) => `template "${name}"${p.line ? ` line ${p.line}, column ${p.column}` : ''}: ${p.message}`).join('; ');
}
