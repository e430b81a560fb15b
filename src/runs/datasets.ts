/**
 * The train and test splits a run uses (see `loadSplit`), optionally cut to the first
 * `trainLimit` training examples (tests and quick trials; recorded in the run so that a
 * resume uses the same data).
 */
import { ImageDataset } from '../data/dataset';
import { loadSplit } from '../distill/datasets';
import { DatasetName } from '../models/spec';

export interface SplitOptions {
  /** Use only the first n training examples (null or undefined: all). */
  trainLimit?: number | null;
  /** Data directory for CIFAR-10 (default: $QDISTILL_DATA_DIR, else <repo>/data). */
  dataDir?: string;
}

export function loadSplits(dataset: DatasetName, o: SplitOptions = {}): { train: ImageDataset; test: ImageDataset } {
  return {
    train: loadSplit(dataset, 'train', { dataDir: o.dataDir, limit: o.trainLimit ?? undefined }),
    test: loadSplit(dataset, 'test', { dataDir: o.dataDir }),
  };
}
