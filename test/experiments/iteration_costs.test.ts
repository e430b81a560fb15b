/** Seconds per outer iteration: measured shapes, scaled batch sizes, and the stated fallback rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distillSeconds, iterationSeconds } from '../../src/experiments/estimate';
import { MEASURED_ITERATION_SECONDS } from '../../src/experiments/iteration_costs';
import { EMBEDDING_VARIANTS, HERMITIAN_GROUP_VARIANTS, QUANV_VARIANTS } from '../../src/experiments/open_questions';
import { modelTag, parseModelSpec } from '../../src/models/spec';
import { profileNamed } from '../../src/results/profile';

const q = { kind: 'quantum_lenet' };
const table = [
  { dataset: 'mnist' as const, model: 'quantum-hermitian-res', batch: 1024, seconds: 0.5 },
  { dataset: 'mnist' as const, model: 'quantum-hermitian-res-8q3l-angleX', batch: 1024, seconds: 2 },
];

test('a measured shape gives its measured seconds; ' +
  'another batch is scaled by the family model (0.455 + 0.0002·batch/2)', () => {
  assert.deepEqual(iterationSeconds('mnist', q, 1024, table), { seconds: 0.5, source: 'measured' });
  const s = iterationSeconds('mnist', { ...q, qubits: 8, embedding: 'angle' }, 128, table);
  assert.equal(s.source, 'scaled');
  assert.ok(Math.abs(s.seconds - 2 * (0.455 + 0.0002 * 64) / (0.455 + 0.0002 * 512)) < 1e-12);
});

test('an unmeasured shape: family model × the variant factor (1.75 per qubit above 6, quanvolution 1.8 / 2)', () => {
  const base = 0.455 + 0.0002 * 512;
  assert.deepEqual(iterationSeconds('mnist', { ...q, qubits: 7 }, 1024, table),
    { seconds: base * 1.75, source: 'model' });
  assert.deepEqual(iterationSeconds('mnist', { ...q, quanv: { circuit: 'sel' } }, 1024, table),
    { seconds: base * 2, source: 'model' });
  assert.deepEqual(iterationSeconds('cifar10', { kind: 'classical_lenet' }, 1024, table),
    { seconds: 0.596 + 0.000317 * 512, source: 'model' });
});

test('the committed table covers the open-question variants at the standard batch, ' +
  'and its tags are real model tags', () => {
  for (const e of MEASURED_ITERATION_SECONDS) assert.ok(e.seconds > 0 && Number.isInteger(e.batch), JSON.stringify(e));
  for (const v of [...QUANV_VARIANTS, ...EMBEDDING_VARIANTS, ...HERMITIAN_GROUP_VARIANTS]) {
    assert.equal(iterationSeconds('mnist', v.model, 1024).source, 'measured',
      `${v.key} (${modelTag(parseModelSpec(v.model, 'mnist'))})`);
  }
});

test("notebook 11's 8-qubit runs are estimated from their measured 2.29 s per iteration, " +
  "not the 1.2 s of the old rule", () => {
  const scale = profileNamed('paper').openQuestions.mnist!; // batch 1024, the measured shape
  const iterations = scale.epochs * Math.floor((scale.trainLimit ?? 60000) / scale.batchSize);
  const eight = EMBEDDING_VARIANTS.find((v) => v.key === 'q-angle-8')!;
  assert.ok(Math.abs(distillSeconds('mnist', eight.model, scale) - (3 + iterations * 2.29)) < 1e-6);
});
