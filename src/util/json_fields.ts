/**
 * Field-by-field validation of a JSON config object: every error names the field and says what
 * was expected and what was received. Unknown fields are errors (they are usually typos), and so
 * is null: it is never read as "the default" (an absent field is).
 */

/** Throws `<field>: expected <expected>, received <got>`. */
export function fieldError(field: string, expected: string, got: unknown): never {
  const shown = got === undefined ? 'nothing' : typeof got === 'number' ? String(got) : JSON.stringify(got);
  throw new Error(`${field}: expected ${expected}, received ${shown}`);
}

export class JsonFields {
  private readonly r: Record<string, unknown>;

  /**
   * @param raw the parsed JSON; must be an object whose keys are all in `known` or `defaults`.
   * @param defaults values of absent fields.
   */
  constructor(raw: unknown, known: string[], private readonly defaults: Record<string, unknown>, what = 'config') {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fieldError(what, 'a JSON object', raw);
    this.r = raw as Record<string, unknown>;
    const all = [...known, ...Object.keys(defaults)];
    const extra = Object.keys(this.r).filter((k) => !all.includes(k));
    if (extra.length) fieldError(extra[0], `one of the fields ${all.join(', ')}`, this.r[extra[0]]);
  }

  /** The field's value (null included), or its default when the field is absent. */
  value(k: string): unknown {
    return Object.hasOwn(this.r, k) && this.r[k] !== undefined ? this.r[k] : this.defaults[k];
  }

  /** An integer ≥ lo, and ≤ hi when `hi` is given. */
  int(k: string, lo: number, hi?: number): number {
    const v = this.value(k);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || (hi !== undefined && v > hi)) {
      fieldError(k, hi === undefined ? `an integer ≥ ${lo}` : `an integer from ${lo} to ${hi}`, v);
    }
    return v as number;
  }

  /** A positive finite number. */
  positive(k: string): number {
    const v = this.value(k);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fieldError(k, 'a positive finite number', v);
    return v as number;
  }

  /** A number in [lo, hi) when `hi` is given, else a finite number ≥ lo. */
  numberIn(k: string, lo: number, hi?: number): number {
    const v = this.value(k);
    const ok = typeof v === 'number' && Number.isFinite(v) && v >= lo && (hi === undefined || v < hi);
    if (!ok) fieldError(k, hi === undefined ? `a finite number ≥ ${lo}` : `a number in [${lo}, ${hi})`, v);
    return v as number;
  }

  /** One of the listed strings. */
  oneOf<T extends string>(k: string, values: readonly T[]): T {
    const v = this.value(k);
    if (!values.includes(v as T)) {
      fieldError(k, values.map((x) => `'${x}'`).join(values.length === 2 ? ' or ' : ', '), v);
    }
    return v as T;
  }
}
