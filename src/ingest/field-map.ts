// `--map field=dotted.path`: for apps whose wrapper chose other names. Each mapping copies the
// value at a dotted path of the logged object onto a top-level field before the record is read.
import { UsageError } from '../errors.js';

export type FieldMap = ReadonlyArray<{ field: string; path: readonly string[] }>;

const FIELD = /^[A-Za-z_@$][\w@$-]*$/;

/** Parses `field=path` pairs (from repeated --map flags or the config file's `map`). */
export function parseFieldMap(pairs: ReadonlyArray<string> | Readonly<Record<string, string>>): FieldMap {
  const entries = Array.isArray(pairs)
    ? (pairs as string[]).map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`--map ${JSON.stringify(pair)}: expected field=dotted.path, e.g. feature=metadata.endpoint`);
      return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()] as const;
    })
    : Object.entries(pairs as Record<string, string>);
  return entries.map(([field, path]) => {
    if (!FIELD.test(field)) throw new UsageError(`--map: ${JSON.stringify(field)} is not a field name`);
    if (typeof path !== 'string' || path.length === 0) throw new UsageError(`--map ${field}: the path must be a non-empty string`);
    return { field, path: path.split('.') };
  });
}

/** The value at a dotted path, looking only at own properties (so `__proto__` is just a name). */
export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let v = obj;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A shallow copy of the object with every mapped field read from its path. A mapped field comes
 *  only from its path: where the path is missing, so is the field (no fallback to a same-named one). */
export function applyFieldMap(obj: Record<string, unknown>, map: FieldMap): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  for (const { field, path } of map) {
    Object.defineProperty(out, field, { value: valueAt(obj, path), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
