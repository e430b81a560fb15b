/**
 * Test helpers for run directories (not a test file itself): tiny configs, temporary
 * folders removed at exit, and reading a run's files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DistillConfig, parseDistillConfig } from '../../src/distill/config';
import { MetricsEvent, readMetrics } from '../../src/runs/metrics';

let root: string | null = null;
let count = 0;

/** A new, not yet existing path under this process's temporary folder. */
export function freshDir(name = 'run'): string {
  if (root === null) {
    const r = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-runs-'));
    root = r;
    process.on('exit', () => fs.rmSync(r, { recursive: true, force: true }));
  }
  return path.join(root, `${count++}-${name}`);
}

/** The raw JSON of a tiny quantum-LeNet distillation (2 qubits, 1 layer). */
export const tinyRaw = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  dataset: 'mnist',
  model: { kind: 'quantum_lenet', qubits: 2, layers: 1 },
  distillSteps: 2,
  distillEpochs: 1,
  batchSize: 16,
  epochs: 2,
  seed: 5,
  evalEvery: 4,
  evalTestLimit: 50,
  evalInits: 2,
  checkpointEvery: 3,
  ...extra,
});

export const tiny = (extra: Record<string, unknown> = {}): DistillConfig => parseDistillConfig(tinyRaw(extra));

/** Training examples of the tiny runs (with batchSize 16: 4 iterations per epoch). */
export const TRAIN_LIMIT = 64;
/** Test examples of the tiny runs' final evaluation. */
export const TEST_LIMIT = 200;

/** The loss lines and evaluation lines of a run's metrics.jsonl. */
export function metricsOf(runDir: string): { losses: number[]; iterations: number[]; evals: MetricsEvent[] } {
  const events = readMetrics(path.join(runDir, 'metrics.jsonl'));
  const lossLines = events.filter((e) => 'loss' in e) as Array<{ iteration: number; loss: number }>;
  return { losses: lossLines.map((e) => e.loss), iterations: lossLines.map((e) => e.iteration),
    evals: events.filter((e) => 'eval' in e) };
}

/** Bytes of a file of the run. */
export const bytesOf = (runDir: string, ...rel: string[]) => fs.readFileSync(path.join(runDir, ...rel));
