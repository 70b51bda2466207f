/**
 * One calendar text from a CalDAV collection's objects (each a VCALENDAR of one event and its
 * overrides): their components in one VCALENDAR, each VTIMEZONE once, in href order so that the
 * same objects always give the same text (and the same hash: an unchanged calendar is not planned
 * again). herald's own parser and expansion then read it like any ICS file.
 */
export function assembleCalendar(objects: { href: string; data: string }[]): string {
  const zones = new Map<string, string[]>();
  const components: string[] = [];
  for (const o of [...objects].sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0))) {
    for (const block of componentsOf(o.data)) {
      if (block[0] === 'BEGIN:VTIMEZONE') {
        const tzid = block.find((l) => l.startsWith('TZID'))?.split(':', 2)[1] ?? '';
        if (!zones.has(tzid)) zones.set(tzid, block);
      } else components.push(...block);
    }
  }
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//herald//CalDAV//EN', ...[...zones.values()].flat(), ...components, 'END:VCALENDAR'];
  return `${lines.join('\r\n')}\r\n`;
}

/** The top-level components of one VCALENDAR text, each as its lines (folded lines stay as they are). */
function componentsOf(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] | null = null;
  let depth = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const upper = line.toUpperCase();
    if (upper.startsWith('BEGIN:')) {
      depth++;
      if (depth === 2) current = [];
    }
    if (current) current.push(depth === 2 && upper.startsWith('BEGIN:') ? upper.trimEnd() : line);
    if (upper.startsWith('END:')) {
      if (depth === 2 && current) {
        out.push(current);
        current = null;
      }
      depth--;
    }
  }
  return out;
}
