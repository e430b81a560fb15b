/**
 * The datasets a distillation config uses, loaded once per process (workers load their own).
 * `limit` keeps only the first examples (tests and quick profiles).
 */
import { ImageDataset, loadCifar10, loadMnist, subsetDataset } from '../data';
import { DatasetName } from '../models/spec';

export interface DatasetOptions {
  /** Data directory for CIFAR-10 (default: QDISTILL_DATA_DIR, else <repo>/data). */
  dataDir?: string;
  /** Use only the first `limit` examples. */
  limit?: number;
}

export function loadSplit(dataset: DatasetName, split: 'train' | 'test', o: DatasetOptions = {}): ImageDataset {
  const ds = dataset === 'mnist' ? loadMnist(split) : loadCifar10(split, { dataDir: o.dataDir });
  if (o.limit === undefined || o.limit >= ds.n) return ds;
  if (!Number.isInteger(o.limit) || o.limit < 1) {
    throw new Error(`limit: expected a positive integer, received ${o.limit}`);
  }
  return subsetDataset(ds, Array.from({ length: o.limit }, (_, i) => i));
}
