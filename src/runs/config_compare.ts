/**
 * Comparing configurations: a stable hash (key order does not matter) and the first field
 * where two JSON values differ, as a path such as `model.qubits` or `betas[1]`.
 */
import { sha256 } from './tensor_file';

/** JSON text with object keys sorted at every level (equal values give equal text). */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 (hex) of the stable JSON text of `value`. */
export const configHash = (value: unknown): string => sha256(stableStringify(value));

/** Where two values differ: the field path and both values (`undefined` = field absent). */
export interface Difference {
  field: string;
  a: unknown;
  b: unknown;
}

/**
 * The first difference between `a` and `b` (objects field by field in `a`'s key order, then
 * fields only `b` has; arrays element by element), or null when they are equal as JSON.
 */
export function firstDifference(a: unknown, b: unknown, at = ''): Difference | null {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], at ? `${at}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  const same = a === undefined || b === undefined ? a === b : stableStringify(a) === stableStringify(b);
  return same ? null : { field: at || '(the whole value)', a, b };
}

/** A value for an error message (`nothing` for an absent field). */
export const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));
