/**
 * An error a person can act on: `stage` names where it happened ("calendar", "slack", "store"),
 * the message says what is wrong. `usage` errors exit the CLI with 2, others with 1.
 */
export class HeraldError extends Error {
  readonly stage: string;
  readonly usage: boolean;

  constructor(stage: string, message: string, options: { cause?: unknown; usage?: boolean } = {}) {
    super(`${stage}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HeraldError';
    this.stage = stage;
    this.usage = options.usage ?? false;
  }
}

/** Bad input from a person (a flag, a name, a value): the CLI prints it and exits 2. */
export class UsageError extends HeraldError {
  constructor(message: string, stage?: string) {
    super(stage ?? 'usage', message, { usage: true });
    // A bare usage error reads as the problem itself: "herald: unknown user "bob"", not "usage: …".
    if (stage === undefined) this.message = message;
    this.name = 'UsageError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What is wrong with a piece of input, for answers that map it (HTTP 400, 404, 409). */
export type InputProblem = 'invalid' | 'not_found' | 'conflict';

/**
 * Bad input that names its field (the CLI flag, the API's JSON key: the same word), and whether
 * the value is malformed, names nothing known, or duplicates what exists. The CLI prints it and
 * exits 2 like any usage error; the admin API answers it with its status and field.
 */
export class InputError extends UsageError {
  readonly field: string | undefined;
  readonly problem: InputProblem;

  constructor(message: string, options: { field?: string; problem?: InputProblem; stage?: string } = {}) {
    super(message, options.stage);
    this.name = 'InputError';
    this.field = options.field;
    this.problem = options.problem ?? 'invalid';
  }
}
