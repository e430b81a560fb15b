/**
 * Spreads as written: mean and sample standard deviation (divisor n − 1), worked by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanStd, overDraws } from '../../src/util/spread';

test('meanStd: mean and sample std by hand; one value has std 0; none is an error', () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, sample variance 32 / 7.
  const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(s.mean, 5);
  assert.ok(Math.abs(s.std - Math.sqrt(32 / 7)) < 1e-12, `sample std ${s.std}, expected √(32/7) = 2.138`);
  assert.deepEqual(meanStd([81.5]), { mean: 81.5, std: 0 });
  assert.throws(() => meanStd([]), /expected at least one value, received none/);
});

test('overDraws: the sample std of the draws in words, one draw without a spread', () => {
  // 80 and 83: mean 81.5, sample std 3 / √2 = 2.12 (the population std would be 1.50).
  assert.equal(overDraws([80, 83], ['initialisation', 'initialisations']),
    '81.50 % (mean of 2 initialisations, sample std 2.12)');
  // 60, 62, 67: mean 63, squared deviations 9 + 1 + 16 = 26, sample std √13 = 3.6056.
  assert.equal(overDraws([60, 62, 67], ['network', 'networks'], 3), '63.000 % (mean of 3 networks, sample std 3.606)');
  assert.equal(overDraws([77.25], ['network', 'networks']), '77.25 % (1 network)');
});
