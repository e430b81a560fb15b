/** Profile selection, the paper's Table I values (never invented) and the figure builders. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILE_NAMES, currentProfile, profileNamed } from '../../src/results/profile';
import { modelColumns, paperAccuracy, table1Row } from '../../src/results/table1';
import { meanStd } from '../../src/util/spread';
import { barsWithPaper, imageRowsFigure, seedPanelsFigure, stackRows, wrapLabel } from '../../src/results/figures';
import { TABLE1_VARIANTS } from '../../src/experiments/table1';
import { findChromium, renderPng } from '../../src/results/png';
import { decodePng } from '../image/decode_png';
import { parseModelSpec } from '../../src/models/spec';

test('currentProfile reads QDISTILL_PROFILE, defaults to quick, and rejects unknown names', () => {
  assert.equal(currentProfile({}).name, 'quick');
  assert.equal(currentProfile({ QDISTILL_PROFILE: '' }).name, 'quick');
  assert.equal(currentProfile({ QDISTILL_PROFILE: 'standard' }).name, 'standard');
  assert.equal(currentProfile({ QDISTILL_PROFILE: ' paper ' }).name, 'paper');
  assert.throws(() => currentProfile({ QDISTILL_PROFILE: 'fast' }),
    /QDISTILL_PROFILE: expected one of quick, standard, paper, received "fast"/);
  const a = profileNamed('quick');
  a.distill.mnist.seeds.push(99);
  assert.ok(!profileNamed('quick').distill.mnist.seeds.includes(99), 'each call returns a fresh copy');
});

test('profiles grow from quick to paper, and paper is the authors\' scale', () => {
  const [q, s, p] = PROFILE_NAMES.map(profileNamed);
  for (const d of ['mnist', 'cifar10'] as const) {
    assert.ok(q.distill[d].epochs <= s.distill[d].epochs && s.distill[d].epochs < p.distill[d].epochs);
    assert.equal(p.distill[d].batchSize, 1024);
    assert.equal(s.distill[d].trainLimit, null, 'standard uses the full training set');
  }
  assert.deepEqual([p.distill.mnist.epochs, p.distill.mnist.decayEpochs], [400, 40]);
  assert.ok(q.distill.mnist.trainLimit !== null, 'quick uses a subset');
});

test('paperAccuracy gives exactly the published values and null elsewhere', () => {
  const m = (raw: Record<string, unknown>, d: 'mnist' | 'cifar10' = 'mnist') => parseModelSpec(raw, d);
  assert.equal(paperAccuracy('mnist', m({ kind: 'classical_lenet' }), 'fixed'), 94.0);
  assert.equal(paperAccuracy('cifar10', m({ kind: 'classical_lenet' }, 'cifar10'), 'fixed'), 54.0);
  assert.equal(paperAccuracy('mnist', m({ kind: 'quantum_lenet', observable: 'hermitian', residual: true }), 'fixed'),
    91.9);
  assert.equal(paperAccuracy('cifar10',
    m({ kind: 'quantum_lenet', observable: 'hermitian', residual: true }, 'cifar10'), 'fixed'), 50.3);
  assert.equal(paperAccuracy('mnist', m({ kind: 'quantum_lenet', observable: 'hermitian', residual: false }), 'fixed'),
    86.5);
  assert.equal(paperAccuracy('cifar10',
    m({ kind: 'quantum_lenet', observable: 'hermitian', residual: false }, 'cifar10'), 'fixed'), 31.3);
  assert.equal(paperAccuracy('mnist', m({ kind: 'quantum_lenet', observable: 'pauliz', residual: false }), 'fixed'),
    82.3);
  assert.equal(paperAccuracy('cifar10', m({ kind: 'quantum_lenet', observable: 'pauliz', residual: false }, 'cifar10'),
    'fixed'), null);
  assert.equal(paperAccuracy('mnist', m({ kind: 'quantum_lenet', observable: 'pauliz', residual: true }), 'fixed'),
    null);
  assert.equal(
    paperAccuracy('mnist', m({ kind: 'quantum_lenet', observable: 'hermitian_fixed', residual: true }), 'fixed'), null);
  assert.equal(paperAccuracy('mnist', m({ kind: 'classical_lenet' }), 'random'), null);
});

test('table1Row: columns, mean ± sample std, delta vs paper, empty paper cells', () => {
  const spec = parseModelSpec({ kind: 'quantum_lenet', observable: 'hermitian', residual: true }, 'mnist');
  assert.deepEqual(modelColumns(spec), { model: 'quantum_lenet', observable: 'hermitian', residual: true });
  const r = table1Row('mnist', 'q-res-hermitian', spec, 'fixed', 1, [90, 91, 95], 'standard');
  assert.deepEqual(r, { dataset: 'mnist', variant: 'q-res-hermitian', model: 'quantum_lenet', observable: 'hermitian',
    residual: true, init: 'fixed', images_per_class: 1, n_seeds: 3, accuracy_mean: 92, accuracy_std: 2.65, paper_accuracy: 91.9,
    delta_vs_paper: 0.1, profile: 'standard' });
  const rnd = table1Row('mnist', 'q-res-hermitian', spec, 'random', 1, [50, 60, 70, 80], 'quick', 2);
  assert.deepEqual([rnd.n_seeds, rnd.paper_accuracy, rnd.delta_vs_paper], [2, null, null]);
  assert.deepEqual(meanStd([3]), { mean: 3, std: 0 });
  assert.throws(() => meanStd([]), /at least one value/);
});

test('Table I bars: labels of at most 15 characters a line, horizontal, the legend above the plot', () => {
  const f = barsWithPaper('T', TABLE1_VARIANTS.map((v) => v.label),
    [{ name: 'ours', mean: TABLE1_VARIANTS.map(() => 50) }], TABLE1_VARIANTS.map(() => null));
  for (const x of f.data[0].x as string[]) for (const line of x.split('<br>'))
    assert.ok(line.length <= 15, `label line '${line}'`);
  const layout =
    f.layout as { xaxis: { tickangle: number; automargin: boolean }; legend: { y: number; yanchor: string } };
  assert.deepEqual([layout.xaxis.tickangle, layout.xaxis.automargin, layout.legend.yanchor], [0, true, 'bottom']);
  assert.ok(layout.legend.y >= 1, 'legend above the plotting area, clear of the axis labels');
});

test('figure builders: bars with paper markers, wrapped labels, stacked image rows', () => {
  const f = barsWithPaper('T', ['a, b', 'c'], [{ name: 'ours', mean: [1, 2], std: [0.1, 0.2] }], [null, 5]);
  assert.equal(f.data.length, 2);
  assert.deepEqual(f.data[0].x, ['a<br>b', 'c']);
  assert.deepEqual(f.data[1].y, [null, 5]);
  assert.equal(wrapLabel('x, y,z'), 'x<br>y<br>z');
  assert.equal(wrapLabel('QLeNet no residual, trainable Hermitian'), 'QLeNet no<br>residual<br>trainable<br>Hermitian');
  assert.equal(wrapLabel('a supercalifragilistic word', 6), 'a<br>supercalifragilistic<br>word',
    'a long word keeps its own line');
  assert.equal(barsWithPaper('T', ['a'], [{ name: 'o', mean: [1] }], [null]).data.length, 1,
    'no marker trace without paper values');
  const img = (w: number, h: number, v: number) =>
    ({ width: w, height: h, channels: 1 as const, data: new Uint8Array(w * h).fill(v) });
  const s = stackRows([img(2, 1, 7), img(3, 2, 9)], 1);
  assert.deepEqual([s.width, s.height], [3, 4]);
  assert.deepEqual(Array.from(s.data), [7, 7, 255, 255, 255, 255, 9, 9, 9, 9, 9, 9]);
  assert.throws(() => stackRows([img(1, 1, 0), { ...img(1, 1, 0), channels: 3, data: new Uint8Array(3) }]),
    /same|channel/);
  const fig =
    imageRowsFigure('G', [{ label: 'r1', image: img(20, 4, 0) }, { label: 'r2', image: img(20, 4, 0) }], ['0', '1']);
  assert.equal(fig.data[0].type, 'image');
  assert.match(String(fig.data[0].source), /^data:image\/png;base64,/);
  const layout = fig.layout as { yaxis: { ticktext: string[]; tickvals: number[] }; xaxis: { tickvals: number[] } };
  assert.deepEqual(layout.yaxis.ticktext, ['r1', 'r2']);
  assert.deepEqual(layout.yaxis.tickvals, [2, 10]);
  assert.deepEqual(layout.xaxis.tickvals, [5, 15]);
});

const chromium = findChromium();
test('Table I bars, rendered: nothing drawn in the outermost rows and columns (no label cut at an edge)',
  { skip: chromium.path === null ? `no Chromium: ${(chromium as { reason: string }).reason}` : false }, async () => {
    const labels = TABLE1_VARIANTS.map((v) => v.label);
    const f = barsWithPaper('Table I, mnist: distilled vs random real vs full data (profile standard)', labels,
      [{ name: 'distilled (ours)', mean: labels.map(() => 50), std: labels.map(() => 3) },
        { name: 'full training set', mean: labels.map(() => 90) }],
      labels.map((_, i) => (i < 4 ? 90 : null)));
    const png = decodePng(await renderPng(f, chromium.path!));
    const channels = png.pixels.length / (png.width * png.height);
    const at = (x: number, y: number) =>
      png.pixels.subarray((y * png.width + x) * channels, (y * png.width + x + 1) * channels);
    const blank = (x: number, y: number) => Array.from(at(x, y)).slice(0, 3).every((c) => c >= 250);
    for (let x = 0; x < png.width; x++) for (const y of [0, 1, 2, png.height - 3, png.height - 2, png.height - 1])
      assert.ok(blank(x, y), `pixel (${x}, ${y}) drawn`);
    for (let y = 0; y < png.height; y++) for (const x of [0, 1, png.width - 2, png.width - 1])
      assert.ok(blank(x, y), `pixel (${x}, ${y}) drawn`);
  });

test('seedPanelsFigure: a panel per quantity, a colour per variant in every panel, ' +
  'thin seeds, a bold mean by hand', () => {
  const curves = (a: number) => [
    { variant: 'trainable', seeds: [{ x: [1, 2], y: [a, a + 2] }, { x: [1, 2], y: [a + 1, a + 4] }] },
    { variant: 'fixed', seeds: [{ x: [1, 2], y: [0, 0] }] },
  ];
  const f = seedPanelsFigure('T', 'iteration',
    [{ title: 'eigenvalue', curves: curves(3) }, { title: 'change', curves: curves(10) }]);
  assert.equal(f.data.length, 2 * (2 + 1 + 1 + 1), 'per panel: 2 seeds + mean, 1 seed + mean');
  const means = f.data.filter((d) => (d.line as { width: number }).width === 3);
  assert.deepEqual(means.map((d) => [d.name, d.y, d.yaxis]), [
    ['trainable (mean of 2 seeds)', [3.5, 6], 'y'], ['fixed (mean of 1 seed)', [0, 0], 'y'],
    ['trainable (mean of 2 seeds)', [10.5, 13], 'y2'], ['fixed (mean of 1 seed)', [0, 0], 'y2'],
  ]);
  assert.deepEqual(means.map((d) => d.showlegend), [true, true, false, false], 'each variant once in the legend');
  const colour = (name: string) =>
    new Set(f.data.filter((d) => d.legendgroup === name).map((d) => (d.line as { color: string }).color));
  assert.equal(colour('trainable').size, 1);
  assert.notDeepEqual([...colour('trainable')], [...colour('fixed')]);
  const l = f.layout as Record<string, { domain?: number[]; title?: { text: string } }>;
  assert.deepEqual([l.yaxis.title?.text, l.yaxis2.title?.text], ['eigenvalue', 'change']);
  assert.ok(l.xaxis.domain![1] < l.xaxis2.domain![0], 'panels side by side, apart');
});
