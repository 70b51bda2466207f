/** How the admin API reads a request body and answers a refused change (400/404/409, naming the field). */
import type { Context } from 'hono';
import { InputError, UsageError } from '../../core/errors.ts';
import { redact } from '../../core/mask.ts';
import type { Fields } from '../../manage/fields.ts';
import { errorAnswer } from '../errors.ts';

/** The JSON object a write sends; anything else is a 400 that says so. */
export async function bodyFields(c: Context): Promise<Fields> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new InputError('the request body must be a JSON object', { field: 'body' });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InputError('the request body must be a JSON object', { field: 'body' });
  return body as Fields;
}

const statusOf = { invalid: 400, not_found: 404, conflict: 409 } as const;

/**
 * A refused change in the error shape, with the CLI's message (the same words for the same input).
 * An error from a check that names no field but starts with its flag ("--url: …") names that one.
 * Messages are redacted: an input echoed back never carries a registered secret.
 */
export function refusal(c: Context, err: unknown): Response | null {
  if (!(err instanceof UsageError)) return null;
  const problem = err instanceof InputError ? err.problem : 'invalid';
  const field = (err instanceof InputError ? err.field : undefined) ?? /^--([a-z][a-z-]*)/.exec(err.message)?.[1];
  return errorAnswer(c, statusOf[problem], { code: problem, message: redact(err.message), field });
}
