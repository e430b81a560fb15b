import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plotlyHtmlFragment, plotlyStandaloneHtml, plotlyVersion, showPlotly } from '../../src/plot/plotly';

const fig =
  { data: [{ type: 'bar', x: ['00', '01'], y: [0.25, 0.75] }], layout: { title: { text: 'a </script> title' } } };

test('notebook display sends one bundle: Plotly JSON, HTML fallback with the pinned CDN version, text', () => {
  const sent: unknown[] = [];
  showPlotly(fig, 'probabilities', (msg) => sent.push(msg));
  assert.equal(sent.length, 1);
  const data = (sent[0] as { data: Record<string, unknown> }).data;
  assert.deepEqual(data['application/vnd.plotly.v1+json'], { data: fig.data, layout: fig.layout });
  assert.match(data['text/html'] as string,
    new RegExp(`cdn\\.plot\\.ly/plotly-${plotlyVersion().replace(/\./g, '\\.')}\\.min\\.js`));
  assert.equal(data['text/plain'], 'probabilities');
});

test('HTML fallback loads the repository\'s plotly.js from the Jupyter server first, then the CDN', () => {
  const html = plotlyHtmlFragment(fig);
  const local = /base\+'files\/([^']+)'/.exec(html);
  assert.ok(local, `no local plotly.js URL in:\n${html}`);
  assert.equal(local[1], 'node_modules/plotly.js-dist/plotly.js');
  assert.ok(fs.existsSync(path.join(__dirname, '..', '..', local[1])), `${local[1]} is not in the repository`);
  assert.ok(html.indexOf(`files/${local[1]}`) < html.indexOf('https://cdn.plot.ly/'), 'the local copy is tried first');
});

test('HTML escapes </script> inside the figure and embeds the data', () => {
  const html = plotlyHtmlFragment(fig);
  assert.ok(!html.includes('a </script> title'));
  assert.ok(html.includes('"y":[0.25,0.75]'));
});

test('standalone page inlines plotly.js and the figure', () => {
  const page = plotlyStandaloneHtml(fig, 'T & <x>');
  assert.ok(page.length > 1_000_000, 'plotly.js inlined');
  assert.ok(page.includes('<title>T &amp; &lt;x&gt;</title>'));
  assert.ok(page.includes('"x":["00","01"]'));
});
