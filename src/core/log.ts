import { redact } from './mask.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; one call per line, without the newline. */
  write?: (line: string) => void;
  /** "json" for one JSON object per line, "text" for `time level msg key=value`. */
  format?: 'json' | 'text';
  /** Timestamp source, so simulated runs log simulated time. */
  now?: () => number;
}

/**
 * Structured log lines on stderr. Every line passes through `redact`, so a secret that slips into
 * an error message is still masked on its way out.
 */
export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const min = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const format = options.format ?? 'text';
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (order[level] < min) return;
    const all = { ...base, ...fields };
    for (const [k, v] of Object.entries(all)) if (v instanceof Error) all[k] = v.message;
    const time = new Date(now()).toISOString();
    const line =
      format === 'json'
        ? JSON.stringify({ time, level, msg, ...all })
        : `${time} ${level.toUpperCase().padEnd(5)} ${msg}${Object.entries(all)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => ` ${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
            .join('')}`;
    write(redact(line));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** A logger that keeps its lines in memory, for tests. */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => lines.push(l), format: 'json' });
  return Object.assign(logger, { lines });
}

/**
 * Lets the first `perSecond` lines of a kind through each second and counts the rest, which
 * `flush` (called by the next line after the second, or by the owner when a burst is over) sums up
 * in one line: 10,000 reminders due at 09:50 do not write 10,000 lines.
 */
export class BurstFolder {
  private windowStart = Number.NEGATIVE_INFINITY;
  private passed = 0;
  private folded = 0;
  private foldedFlagged = 0;

  constructor(
    private readonly now: () => number,
    /** Writes the summary of the lines folded (how many; how many of them were flagged). */
    private readonly summarize: (count: number, flagged: number) => void,
    private readonly perSecond = 20,
  ) {}

  /** Whether to write this line; if not, it is counted (`flagged` counts apart, e.g. late ones). */
  admit(flagged = false): boolean {
    const t = this.now();
    if (t - this.windowStart >= 1000 || t < this.windowStart) {
      this.flush();
      this.windowStart = t;
      this.passed = 0;
    }
    if (this.passed < this.perSecond) {
      this.passed++;
      return true;
    }
    this.folded++;
    if (flagged) this.foldedFlagged++;
    return false;
  }

  flush(): void {
    if (this.folded === 0) return;
    const [count, flagged] = [this.folded, this.foldedFlagged];
    this.folded = 0;
    this.foldedFlagged = 0;
    this.summarize(count, flagged);
  }
}
