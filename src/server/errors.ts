/** Every error the server answers has one shape: `{ "error": { "code", "message", "field" } }`. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export function errorAnswer(c: Context, status: ContentfulStatusCode, error: ApiError): Response {
  return c.json({ error: { code: error.code, message: error.message, field: error.field ?? null } }, status);
}
