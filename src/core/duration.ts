/** Parses "90s", "10m", "1h", "1d", "1h30m", "2w" into seconds. Throws a RangeError naming the input. */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  const re = /(\d+)\s*(w|d|h|m|s)/gy;
  const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(trimmed)) !== null) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched = re.lastIndex;
  }
  if (trimmed === '' || matched !== trimmed.length) {
    throw new RangeError(`bad duration "${text}": use a number with a unit, like 10m, 1h, 1d or 1h30m`);
  }
  return total;
}

/** The shortest readable form: 600 → "10m", 5400 → "1h30m", 0 → "0m". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0m';
  const parts: string[] = [];
  let rest = Math.abs(seconds);
  for (const [u, n] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= n) {
      parts.push(`${Math.floor(rest / n)}${u}`);
      rest %= n;
    }
  }
  return (seconds < 0 ? '-' : '') + parts.join('');
}
