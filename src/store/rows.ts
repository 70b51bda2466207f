/** snake_case row → camelCase object; the listed columns become booleans, `json` columns are parsed. */
const camel = new Map<string, string>();
const camelCase = (k: string): string => {
  let c = camel.get(k);
  if (c === undefined) camel.set(k, (c = k.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase())));
  return c;
};

export function fromRow<T>(row: Record<string, unknown>, spec: { bools?: readonly string[]; json?: readonly string[] } = {}): T {
  const out: Record<string, unknown> = {};
  for (const k in row) {
    const v = row[k];
    const key = camelCase(k);
    if (spec.bools?.includes(k)) out[key] = v === null ? null : v === 1;
    else if (spec.json?.includes(k)) out[key] = typeof v === 'string' ? JSON.parse(v) : v;
    else out[key] = v;
  }
  return out as T;
}

/** Splits a stored comma list ("1,2,3") into numbers. */
export const idList = (v: unknown): number[] => (typeof v === 'string' && v !== '' ? v.split(',').map(Number) : []);
