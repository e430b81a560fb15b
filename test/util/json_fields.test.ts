/**
 * `JsonFields`: absent fields take their default, null is an error naming the field (never "the
 * default"), integer bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonFields } from '../../src/util/json_fields';

const DEFAULTS = { seed: 0, lr: 0.1, init: 'fixed', betas: [0.5, 0.9] };

test('absent fields take their default; given ones their value', () => {
  const f = new JsonFields({ seed: 3 }, [], DEFAULTS);
  assert.equal(f.int('seed', 0), 3);
  assert.equal(f.positive('lr'), 0.1);
  assert.equal(f.oneOf('init', ['fixed', 'random']), 'fixed');
  assert.deepEqual(f.value('betas'), [0.5, 0.9]);
});

test('null is rejected for every kind of field: expected …, received null', () => {
  const f = new JsonFields({ seed: null, lr: null, init: null, betas: null }, [], DEFAULTS);
  assert.throws(() => f.int('seed', 0), /^Error: seed: expected an integer ≥ 0, received null$/);
  assert.throws(() => f.positive('lr'), /^Error: lr: expected a positive finite number, received null$/);
  assert.throws(() => f.numberIn('lr', 0, 1), /^Error: lr: expected a number in \[0, 1\), received null$/);
  assert.throws(() => f.oneOf('init', ['fixed', 'random']), /^Error: init: expected 'fixed' or 'random', rec.* null/);
  assert.equal(f.value('betas'), null, 'value() hands null to the caller, which rejects it');
});

test('int with an upper bound: expected an integer from lo to hi', () => {
  const f = new JsonFields({ seed: 4294967296, lr: 4294967295 }, [], DEFAULTS);
  assert.throws(() => f.int('seed', 0, 4294967295),
    /^Error: seed: expected an integer from 0 to 4294967295, received 4294967296$/);
  assert.equal(f.int('lr', 0, 4294967295), 4294967295);
});
