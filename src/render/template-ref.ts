/** What a target's or digest's template reference names: a stored template, a file in templates/, or inline text. */
import type { Store } from '../store/index.ts';
import { loadTemplate } from './templates.ts';
import type { TemplateSource } from './types.ts';

/**
 * A template reference is the name of a stored template, the name of a file in templates/, or the
 * template's text itself. Stored templates win over files of the same name.
 */
export function resolveTemplate(store: Pick<Store, 'templates'>, ref: string | null): TemplateSource | null {
  if (!ref) return null;
  const stored = store.templates.byName(ref);
  if (stored) return { name: stored.name, body: stored.body };
  if (/^[\w.-]+$/.test(ref)) {
    try {
      return loadTemplate(ref);
    } catch {
      /* not a file either: an inline body that happens to be one word */
    }
  }
  return { name: 'inline', body: ref };
}
