/**
 * Variants as a notebook's configuration cell writes them: plain JSON-like objects a user edits,
 *
 *   { label: 'angle RY, 6 qubits', model: { kind: 'quantum_lenet', embedding: 'angle', rotation: 'Y' } }
 *
 * with an optional `key` (the variant's name in CSV files and run labels; default: the label
 * in lower case, runs of other characters as '-'). `parseVariants` checks every field before
 * any work, the model with the CLI's own validation (`parseModelSpec`), and explains a bad spec
 * by its path (`variants[1].model.rotation: expected 'X' or 'Y', received "Z"`).
 *
 * A variant's runs are identified by its parsed model alone (`run_cache.ts`): the label and the
 * key never change which cached run is found, and a field left at its default is the same run as
 * the field written out.
 */
import { DatasetName, parseModelSpec } from '../models/spec';
import { fieldError } from '../util/json_fields';
import { Variant } from './table1';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const FIELDS = ['key', 'label', 'model'];

/** The default key of a label: `'angle RY, 6 qubits'` → `'angle-ry-6-qubits'`. */
export function variantKey(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Validates the variant specs `raw` (an array of `{ key?, label, model }`) for every dataset in
 * `datasets` and returns them as `Variant`s (keys filled in, models kept as written).
 * @param at the name of the list in error messages (default `variants`)
 * @throws Error `<at>[i].<field>: expected …, received …` for the first bad field, or for two
 *   variants with the same key
 */
export function parseVariants(raw: unknown, datasets: readonly DatasetName[], at = 'variants'): Variant[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    fieldError(at, "a non-empty list of variants such as [{ label: 'QLeNet', model: { kind: 'quantum_lenet' } }]", raw);
  }
  const seen = new Map<string, number>();
  return (raw as unknown[]).map((item, i) => {
    const v = parseVariant(item, datasets, `${at}[${i}]`);
    const before = seen.get(v.key);
    if (before !== undefined) {
      fieldError(
        `${at}[${i}].key`,
        `a key no other variant has (${at}[${before}] is also '${v.key}'; set key or change the label)`,
        v.key,
      );
    }
    seen.set(v.key, i);
    return v;
  });
}

/** One variant spec (see `parseVariants`). */
export function parseVariant(raw: unknown, datasets: readonly DatasetName[], at = 'variant'): Variant {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fieldError(at, '{ label, model } (an object)', raw);
  }
  const r = raw as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => !FIELDS.includes(k));
  if (extra.length) fieldError(`${at}.${extra[0]}`, `one of the fields ${FIELDS.join(', ')}`, r[extra[0]]);
  if (typeof r.label !== 'string' || r.label.trim() === '') {
    fieldError(`${at}.label`, 'a non-empty string (the name in tables and figures)', r.label);
  }
  const label = r.label as string;
  const key = r.key === undefined ? variantKey(label) : r.key;
  if (typeof key !== 'string' || !KEY.test(key)) {
    const what = r.key === undefined
      ? `a label with letters or digits (the key is derived from it: '${key}')`
      : "letters, digits, '.', '_' or '-', starting with a letter or digit";
    fieldError(`${at}.${r.key === undefined ? 'label' : 'key'}`, what, r.key === undefined ? label : r.key);
  }
  if (r.model === undefined) {
    fieldError(
      `${at}.model`,
      "a model spec such as { kind: 'quantum_lenet', qubits: 6 } (see src/models/spec.ts)",
      undefined,
    );
  }
  for (const d of datasets) {
    try {
      parseModelSpec(r.model, d, `${at}.model`);
    } catch (e) {
      throw new Error(datasets.length > 1 ? `${(e as Error).message} (for dataset ${d})` : (e as Error).message);
    }
  }
  return { key: key as string, label, model: { ...(r.model as Record<string, unknown>) } };
}
