import type { CalendarProblem } from './types.ts';

/** How many of a calendar's problems are reported one by one; the rest are counted in one line. */
export const problemsReported = 20;

/**
 * A calendar's problems as report lines: the first `max` one by one, then "… and N more problems",
 * so that 500,000 broken events give 21 lines, not 500,000.
 */
export function problemReport(problems: readonly CalendarProblem[], max = problemsReported): { shown: CalendarProblem[]; more: number } {
  return { shown: problems.slice(0, max), more: Math.max(0, problems.length - max) };
}

/** "… and 499,980 more problems". */
export const moreProblemsLine = (more: number): string => `… and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}`;

/** The CLI's form: one `herald: calendar problem …` line each, then the summary line. */
export function problemLines(problems: readonly CalendarProblem[]): string {
  const { shown, more } = problemReport(problems);
  const lines = shown.map((p) => `herald: calendar problem${p.uid ? ` in ${p.uid}` : ''}: ${p.reason}\n`);
  if (more > 0) lines.push(`herald: ${moreProblemsLine(more)}\n`);
  return lines.join('');
}
