import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { DATA_DIR_ENV, describeDataDir, resolveDataDir } from '../../src/data/paths';
import { REPO_ROOT } from './helpers';

const saved = process.env[DATA_DIR_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[DATA_DIR_ENV];
  else process.env[DATA_DIR_ENV] = saved;
});

test('resolveDataDir: option, then environment, then <repo>/data', () => {
  process.env[DATA_DIR_ENV] = '/tmp/qd-env-data';
  assert.deepEqual(resolveDataDir('/tmp/qd-opt'), { dir: '/tmp/qd-opt', source: 'option' });
  assert.deepEqual(resolveDataDir(), { dir: '/tmp/qd-env-data', source: 'env' });
  assert.match(describeDataDir(resolveDataDir()),
    /\/tmp\/qd-env-data \(from the QDISTILL_DATA_DIR environment variable\)/);
  delete process.env[DATA_DIR_ENV];
  assert.deepEqual(resolveDataDir(), { dir: path.join(REPO_ROOT, 'data'), source: 'default' });
  assert.deepEqual(resolveDataDir('rel'), { dir: path.resolve('rel'), source: 'option' });
});
