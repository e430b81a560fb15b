/**
 * The install layout this project relies on: npm dedupes danfojs-node's aliased
 * `@tensorflow/tfjs-node` onto our own optional tfjs-node unless the lockfile nests it, and
 * then a failed libtensorflow download would break `npm ci`. Guard that lockfile entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

test('tfjs-node is optional and danfojs-node gets @tensorflow/tfjs under its tfjs-node name', () => {
  assert.ok(pkg.optionalDependencies['@tensorflow/tfjs-node'], 'tfjs-node must be an optionalDependency');
  assert.equal(pkg.overrides['danfojs-node']['@tensorflow/tfjs-node'],
    `npm:@tensorflow/tfjs@${pkg.dependencies['@tensorflow/tfjs']}`);
  assert.equal(pkg.overrides['danfojs-node'].xlsx, '0.18.5');
  const nested = lock.packages['node_modules/danfojs-node/node_modules/@tensorflow/tfjs-node'];
  assert.ok(nested, 'package-lock.json must nest the tfjs alias under danfojs-node');
  assert.equal(nested.name, '@tensorflow/tfjs');
  assert.equal(nested.version, pkg.dependencies['@tensorflow/tfjs']);
  assert.equal(lock.packages['node_modules/@tensorflow/tfjs-node'].optional, true);
});

test('danfojs-node loads and writes CSV offline', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require('danfojs-node');
  const df = new dfd.DataFrame({ a: [1, 2], b: [3, 4] });
  assert.equal(dfd.toCSV(df).trim(), 'a,b\n1,3\n2,4');
});
