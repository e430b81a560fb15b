/**
 * Circuits described as data, in exactly the schema of the PennyLane reference fixtures:
 * `{ id, n_wires, embedding, layers, observables }` (see `parseCircuitSpec` for each field).
 * `parseCircuitSpec` turns untrusted JSON into a checked spec, naming the offending field on error.
 * A key outside the schema is an error (a misspelt optional key would silently take its default),
 * except the fixtures' answer fields (`expvals`, `state`, ...) and their `meta`: accepted, ignored.
 */
import { checkHermitianPairs } from './measurements';
import { MAX_WIRES } from './state';
import { defaultRanges } from './templates/strongly_entangling_layers';

export interface CircuitSpec {
  id: string | number;
  nWires: number;
  embedding:
    | { type: 'amplitude'; features: number[]; normalize: boolean; padWith: number | null }
    | { type: 'angle'; features: number[]; rotation: 'X' | 'Y' | 'Z' };
  /** StronglyEntanglingLayers weights `(L, n, 3)`, ranges, imprimitive. */
  layers: { weights: number[][][]; ranges: number[]; imprimitive: 'CNOT' | 'CZ' };
  /** PauliZ (one wire) or Hermitian (`(2^k, 2^k, 2)` matrix on k wires). */
  observables: Array<
    { kind: 'PauliZ'; wires: number[] } | { kind: 'Hermitian'; wires: number[]; matrix: number[][][] }
  >;
}

/** Input error: the message names the field; the CLI maps it to exit code 2. */
export class SpecError extends Error {}

const fail = (field: string, expected: string, got: unknown): never => {
  const shown = JSON.stringify(got);
  throw new SpecError(
    `${field}: expected ${expected}, received ` +
      `${shown === undefined ? 'nothing' : shown.length > 80 ? shown.slice(0, 77) + '...' : shown}`,
  );
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numArray = (v: unknown, field: string): number[] => {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(field, 'an array of finite numbers', v);
  }
  return v as number[];
};
const intIn = (v: unknown, lo: number, hi: number, field: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    fail(field, `an integer from ${lo} to ${hi}`, v);
  }
  return v as number;
};

/** The keys each object of a case may have, as in the fixture schema. */
const CASE_KEYS = ['id', 'n_wires', 'n_layers', 'embedding', 'layers', 'observables'];
const EMBEDDING_KEYS = {
  amplitude: ['type', 'features', 'n_features', 'normalize', 'pad_with'],
  angle: ['type', 'features', 'n_features', 'rotation'],
};
const LAYERS_KEYS = ['type', 'weights', 'ranges', 'imprimitive'];
/** PauliZ observables of the fixtures carry their matrix too (accepted; PauliZ is used). */
const OBSERVABLE_KEYS = ['kind', 'wires', 'matrix'];
/**
 * The fixtures' answer fields (what PennyLane computed): accepted and ignored, since
 * `qdistill circuit` computes them. `padded_normalized` is the embedded state of an amplitude case.
 */
const CASE_ANSWER_KEYS = ['expvals', 'grad_weights', 'grad_features', 'state'];
const EMBEDDING_ANSWER_KEYS = ['padded_normalized'];
/** The top level of a file of cases: the cases and the fixture's metadata (ignored). */
const FILE_KEYS = ['cases', 'meta'];

/**
 * Rejects a key of `o` outside `keys` and `ignored`: a misspelt optional key (`rotaton`) would
 * otherwise silently fall back to its default. `what` names the object's kind in the message.
 */
function onlyKeys(o: Record<string, unknown>, keys: string[], field: string, ignored: string[] = [], what = ''): void {
  const unknown = Object.keys(o).find((k) => !keys.includes(k) && !ignored.includes(k));
  if (unknown === undefined) return;
  const shown = unknown.length > 40 ? unknown.slice(0, 37) + '...' : unknown;
  const answers = ignored.length > 0 ? ` (or the fixtures' answer fields, ignored: ${ignored.join(', ')})` : '';
  throw new SpecError(`${field}: expected one of the keys ${keys.join(', ')}${what}${answers}, ` +
    `received unknown key '${shown}'`);
}

/**
 * An all-zero vector cannot be normalised, and with normalize=false the (padded) vector must
 * already have norm 1 — checked here, in float32 as the simulator computes it, so that a bad
 * case is rejected before any work rather than failing mid-run.
 */
function checkAmplitudeNorm(
  e: { features: number[]; normalize: boolean; padWith: number | null },
  dim: number,
  field: string,
): void {
  let norm2 = 0;
  for (const x of e.features) norm2 = Math.fround(norm2 + Math.fround(x * x));
  if (e.padWith !== null) norm2 = Math.fround(norm2 + (dim - e.features.length) * Math.fround(e.padWith * e.padWith));
  if (!Number.isFinite(norm2)) fail(field, 'features whose squared norm fits in float32', `squared norm ${norm2}`);
  if (e.normalize && !(norm2 > 1e-30)) {
    fail(field, 'a non-zero feature vector (normalize is true)', 'a vector of norm 0');
  }
  if (!e.normalize && Math.abs(Math.sqrt(norm2) - 1) > 1e-4) {
    fail(field, 'norm 1 (normalize is false)', `norm ${Math.sqrt(norm2)}`);
  }
}

/** Validates one case object (`at` prefixes field names, e.g. `cases[2]`). */
export function parseCircuitSpec(raw: unknown, at = ''): CircuitSpec {
  const f = (name: string) => (at ? `${at}.${name}` : name);
  if (!isObj(raw)) return fail(at || 'case', 'an object', raw);
  onlyKeys(raw, CASE_KEYS, at || 'case', CASE_ANSWER_KEYS);
  const n = intIn(raw.n_wires, 1, MAX_WIRES, f('n_wires'));
  const dim = 2 ** n;
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? raw.id : at || 0;

  const e = raw.embedding;
  if (!isObj(e)) return fail(f('embedding'), 'an object', e);
  let embedding: CircuitSpec['embedding'];
  if (e.type === 'amplitude' || e.type === 'angle') {
    const answers = e.type === 'amplitude' ? EMBEDDING_ANSWER_KEYS : [];
    onlyKeys(e, EMBEDDING_KEYS[e.type], f('embedding'), answers, ` for an ${e.type} embedding`);
  }
  const features = numArray(e.features, f('embedding.features'));
  if (e.type === 'amplitude') {
    if (features.length < 1 || features.length > dim) {
      fail(f('embedding.features'), `1 to 2^${n} = ${dim} features`, `${features.length} features`);
    }
    const normalize = e.normalize ?? true;
    if (typeof normalize !== 'boolean') fail(f('embedding.normalize'), 'true or false', normalize);
    const padWith = e.pad_with ?? null;
    if (padWith !== null && (typeof padWith !== 'number' || !Number.isFinite(padWith))) {
      fail(f('embedding.pad_with'), 'a number or null', padWith);
    }
    if (features.length < dim && padWith === null) {
      fail(f('embedding.pad_with'), `a number (only ${features.length} of ${dim} features)`, null);
    }
    embedding = { type: 'amplitude', features, normalize: normalize as boolean, padWith: padWith as number | null };
    checkAmplitudeNorm(embedding, dim, f('embedding.features'));
  } else if (e.type === 'angle') {
    if (features.length < 1 || features.length > n) {
      fail(f('embedding.features'), `1 to ${n} features (one per wire)`, `${features.length} features`);
    }
    const rotation = e.rotation ?? 'X';
    if (rotation !== 'X' && rotation !== 'Y' && rotation !== 'Z') {
      fail(f('embedding.rotation'), "'X', 'Y' or 'Z'", rotation);
    }
    embedding = { type: 'angle', features, rotation: rotation as 'X' | 'Y' | 'Z' };
  } else {
    return fail(f('embedding.type'), "'amplitude' or 'angle'", e.type);
  }

  if (e.n_features !== undefined && e.n_features !== features.length) {
    fail(f('embedding.n_features'), `${features.length} (the number of features given)`, e.n_features);
  }

  const l = raw.layers;
  if (!isObj(l)) return fail(f('layers'), 'an object', l);
  onlyKeys(l, LAYERS_KEYS, f('layers'));
  if ((l.type ?? 'StronglyEntanglingLayers') !== 'StronglyEntanglingLayers') {
    fail(f('layers.type'), "'StronglyEntanglingLayers'", l.type);
  }
  const w = l.weights;
  if (!Array.isArray(w) || w.length < 1) return fail(f('layers.weights'), `shape (L, ${n}, 3) with L ≥ 1`, w);
  w.forEach((layer, li) => {
    if (!Array.isArray(layer) || layer.length !== n) {
      fail(f(`layers.weights[${li}]`), `${n} rows of 3 angles (shape (L, ${n}, 3))`, layer);
    }
    (layer as unknown[]).forEach((row, i) => {
      if (numArray(row, f(`layers.weights[${li}][${i}]`)).length !== 3) {
        fail(f(`layers.weights[${li}][${i}]`), '3 angles (φ, θ, ω)', row);
      }
    });
  });
  if (raw.n_layers !== undefined && raw.n_layers !== w.length) {
    fail(f('n_layers'), `${w.length} (the number of weight layers)`, raw.n_layers);
  }
  const ranges =
    l.ranges === undefined || l.ranges === null ? defaultRanges(w.length, n) : numArray(l.ranges, f('layers.ranges'));
  if (ranges.length !== w.length) fail(f('layers.ranges'), `${w.length} ranges (one per layer)`, ranges);
  if (n > 1) ranges.forEach((r, i) => intIn(r, 1, n - 1, f(`layers.ranges[${i}]`)));
  const imprimitive = l.imprimitive ?? 'CNOT';
  if (imprimitive !== 'CNOT' && imprimitive !== 'CZ') fail(f('layers.imprimitive'), "'CNOT' or 'CZ'", imprimitive);

  const obs = raw.observables;
  if (!Array.isArray(obs) || obs.length === 0) return fail(f('observables'), 'a non-empty array', obs);
  const observables = obs.map((o, k): CircuitSpec['observables'][number] => {
    const of = (name: string) => f(`observables[${k}].${name}`);
    if (!isObj(o)) return fail(f(`observables[${k}]`), 'an object', o);
    onlyKeys(o, OBSERVABLE_KEYS, f(`observables[${k}]`));
    const wires = numArray(o.wires, of('wires'));
    wires.forEach((x, i) => intIn(x, 0, n - 1, of(`wires[${i}]`)));
    if (new Set(wires).size !== wires.length || wires.length === 0) fail(of('wires'), 'distinct wires', wires);
    if (o.kind === 'PauliZ') {
      if (wires.length !== 1) fail(of('wires'), 'exactly one wire for PauliZ', wires);
      return { kind: 'PauliZ', wires };
    }
    if (o.kind !== 'Hermitian') return fail(of('kind'), "'PauliZ' or 'Hermitian'", o.kind);
    let d: number;
    try {
      d = checkHermitianPairs(o.matrix, of('matrix'), 1e-6);
    } catch (err) {
      throw new SpecError((err as Error).message);
    }
    if (d !== 2 ** wires.length) {
      fail(
        of('matrix'),
        `a ${2 ** wires.length}×${2 ** wires.length} matrix for ${wires.length} wire(s)`,
        `${d}×${d}`,
      );
    }
    return { kind: 'Hermitian', wires, matrix: o.matrix as number[][][] };
  });
  return {
    id,
    nWires: n,
    embedding,
    layers: { weights: w as number[][][], ranges, imprimitive: imprimitive as 'CNOT' | 'CZ' },
    observables,
  };
}

/** Accepts one case object or `{ cases: [...] }`; returns the validated cases. */
export function parseCircuitFile(raw: unknown): CircuitSpec[] {
  if (isObj(raw) && 'cases' in raw) {
    onlyKeys(raw, FILE_KEYS, 'file');
    if (!Array.isArray(raw.cases) || raw.cases.length === 0) {
      fail('cases', 'a non-empty array of case objects', raw.cases);
    }
    return (raw.cases as unknown[]).map((c, i) => parseCircuitSpec(c, `cases[${i}]`));
  }
  return [parseCircuitSpec(raw)];
}
