import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate, fen, formatFen, percentOf } from './money.ts';

test('percentOf rounds half up on the fen', () => {
  assert.equal(percentOf(fen(12345), 500), 617); // 617.25
  assert.equal(percentOf(fen(10), 5000), 5);
  assert.equal(percentOf(fen(1), 5000), 1); // 0.5 → 1
  assert.equal(percentOf(fen(0), 600), 0);
});

test('allocate always adds up to the total and never goes negative', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
      const parts = allocate(fen(total), weights);
      assert.equal(parts.reduce((s, p) => s + p, 0), total);
      assert.ok(parts.every((p) => p >= 0));
    }),
    { numRuns: 500 },
  );
  assert.deepEqual(allocate(fen(100), [1, 1, 1]), [34, 33, 33]);
});

test('fen refuses fractions and formatFen shows yuan', () => {
  assert.throws(() => fen(1.5));
  assert.equal(formatFen(123450), '¥1,234.50');
  assert.equal(formatFen(99, 'en'), '¥0.99');
});
