import { createHash } from 'node:crypto';
import { expandOccurrences } from './expand.ts';
import { parseCalendar, type ParsedCalendar } from './parse.ts';
import type { CalendarProblem, ExpandOptions, Occurrence } from './types.ts';

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface Entry {
  parsed: ParsedCalendar;
  expansions: Map<string, { occurrences: Occurrence[]; problems: CalendarProblem[] }>;
  lastUsed: number;
}

/**
 * Parsed calendars and their expansions, keyed by the text's hash: re-planning a calendar whose
 * text did not change costs a map lookup, not a parse and an expansion.
 */
export class CalendarCache {
  private readonly entries = new Map<string, Entry>();
  private tick = 0;

  /**
   * @param maxCalendars parsed calendars kept (parsed ical.js trees are large; the least recently
   *   used are dropped and parsed again when needed)
   */
  constructor(
    private readonly maxCalendars = 2_000,
    private readonly maxWindowsPerCalendar = 3,
  ) {}

  parsed(hash: string, text: () => string): ParsedCalendar {
    return this.entry(hash, text).parsed;
  }

  expand(hash: string, text: () => string, options: ExpandOptions): { occurrences: Occurrence[]; problems: CalendarProblem[] } {
    const entry = this.entry(hash, text);
    const key = `${options.fromMs}:${options.toMs}:${options.defaultZone ?? ''}:${options.includeCancelled ? 1 : 0}`;
    let hit = entry.expansions.get(key);
    if (!hit) {
      hit = expandOccurrences(entry.parsed, options);
      if (entry.expansions.size >= this.maxWindowsPerCalendar) entry.expansions.delete(entry.expansions.keys().next().value!);
      entry.expansions.set(key, hit);
    }
    return hit;
  }

  /** Is the calendar of this text parsed already (answering from it costs no parse)? */
  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  get size(): number {
    return this.entries.size;
  }

  private entry(hash: string, text: () => string): Entry {
    let e = this.entries.get(hash);
    if (!e) {
      e = { parsed: parseCalendar(text()), expansions: new Map(), lastUsed: 0 };
      this.entries.set(hash, e);
      if (this.entries.size > this.maxCalendars) this.evict();
    }
    e.lastUsed = ++this.tick;
    return e;
  }

  private evict(): void {
    const oldest = [...this.entries.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed).slice(0, Math.ceil(this.maxCalendars / 10));
    for (const [k] of oldest) this.entries.delete(k);
  }
}
