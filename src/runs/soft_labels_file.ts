/** `final/labels.json` of a set distilled with `learnLabels` (written by `writeFinalSet`, `./final_set`). */
import * as fs from 'fs';
import { readJson } from '../util/fs';
import { show } from './config_compare';
import { RunSetupError } from './errors';

/** The soft labels of `labels.json`, checked against the config's shape. */
export function readSoftLabels(file: string, shape: number[]): Float32Array {
  if (!fs.existsSync(file)) {
    throw new RunSetupError(`${file}: expected the learned soft labels of a learnLabels run, found no file`);
  }
  const j = readJson(file) as { shape?: unknown; labels?: unknown };
  if (show(j?.shape) !== show(shape)) {
    throw new RunSetupError(
      `${file}: shape: expected ${show(shape)} (from the run's config), received ${show(j?.shape)}`,
    );
  }
  const flat = (j.labels as unknown[] | undefined)?.flat(2) ?? [];
  if (flat.length !== shape[0] * shape[1] * shape[2] || !flat.every((v) => typeof v === 'number')) {
    throw new RunSetupError(`${file}: labels: expected ${shape.join(' × ')} numbers, received ${flat.length} entries`);
  }
  return Float32Array.from(flat as number[]);
}
