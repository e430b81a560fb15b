/**
 * Public API of the data layer: IDX parsing, the uint8 ImageDataset and its conversion to
 * normalised tensors, seeded sampling, and the MNIST / CIFAR-10 loaders and downloader.
 */
export { parseIdx, isGzip } from './idx';
export type { IdxArray } from './idx';
export {
  toTensors,
  subsetDataset,
  countPerClass,
  validateDataset,
  MNIST_MEAN,
  MNIST_STD,
  CIFAR10_MEAN,
  CIFAR10_STD,
} from './dataset';
export type { ImageDataset, DatasetName, Split } from './dataset';
export { shuffledIndices, batchIndices, classBalancedSubset } from './sampling';
export { loadMnist, mnistDataDir } from './mnist';
export { DATA_DIR_ENV, findRepoRoot, resolveDataDir, describeDataDir } from './paths';
export type { ResolvedDataDir, DataDirSource } from './paths';
export { CIFAR10_SHA256, sha256Hex, sha256File, verifyChecksums } from './checksum';
export {
  loadCifar10,
  hasCifar10,
  cifar10BatchesDir,
  clearCifar10Cache,
  CIFAR10_BATCHES_DIR,
  CIFAR10_FILES,
  CIFAR10_CLASSES,
  CIFAR10_RECORD_BYTES,
} from './cifar10';
export type { Cifar10LoadOptions } from './cifar10';
export { downloadCifar10, CIFAR10_URL } from './cifar10_download';
export type { DownloadCifar10Options, DownloadCifar10Result } from './cifar10_download';
export { fetchToFile } from './http_download';
export type { DownloadProgress, FetchOptions } from './http_download';
export { formatBytes, formatProgress, stderrProgress } from './progress';
export type { ProgressSink } from './progress';

import { CIFAR10_CLASSES as CIFAR_NAMES } from './cifar10';
/** Class names by label, per dataset (MNIST: the digits). */
export const CLASS_NAMES: Readonly<Record<'mnist' | 'cifar10', readonly string[]>> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  cifar10: CIFAR_NAMES,
};
