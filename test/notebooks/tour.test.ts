/**
 * Executes notebooks/00-simulator-tour.ipynb headlessly with the project-local tslab kernel
 * (the same way `make reproduce` does) and checks what it printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeNotebook, outputsWith } from './execute';

test('the tour notebook executes headlessly with the project-local tslab kernel', { timeout: 300_000 }, (t) => {
  const { nb, text, seconds } = executeNotebook('00-simulator-tour.ipynb', { QDISTILL_PROFILE: 'quick' }, 240);
  assert.match(text, /backend (tensorflow|wasm|cpu)/, `no backend line in the outputs:\n${text}`);
  assert.match(text, /expectation values <H_w>, shape 4 × 6/, `no expectation values in the outputs:\n${text}`);
  assert.match(text, /gradient norms: features \d/, `no gradients in the outputs:\n${text}`);
  const diff = /fused vs gate-by-gate: max difference ([0-9.e+-]+)/.exec(text);
  assert.ok(diff && Number(diff[1]) < 1e-5, `fused and gate-by-gate layers disagree: ${diff?.[1]}`);
  assert.match(text, /qubit 5: exact -?\d\.\d{4} {2}1000 shots -?\d\.\d{4}/, 'no finite-shot estimates');
  assert.equal(outputsWith(nb, 'application/vnd.plotly.v1+json').length, 1,
    'expected one Plotly figure in the outputs');
  t.diagnostic(`tour notebook executed in ${seconds.toFixed(1)} s`);
});
