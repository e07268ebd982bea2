import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeContactPhone, quoteShipping, templateRegionProblem, type FreeShipping, type ShippingLine, type ShippingTemplateRules } from './shipping.rules.ts';

const GUANGDONG = '440000';
const XINJIANG = '650000';
const QINGHAI = '630000';
const TIBET = '540000';

/** By piece: 首件 1 ¥10, 续件 every 2 ¥5; 满¥99 or 满10件 free; 新疆/青海 ¥20 + ¥15 per piece, free only over ¥199; 西藏 not delivered. */
const byPiece: ShippingTemplateRules = {
  chargeBy: 'piece',
  firstUnits: 1,
  firstFeeFen: 1000,
  additionalUnits: 2,
  additionalFeeFen: 500,
  freeOverFen: 9900,
  freeOverQty: 10,
  regionRules: [{ provinceCodes: [XINJIANG, QINGHAI], firstUnits: 1, firstFeeFen: 2000, additionalUnits: 1, additionalFeeFen: 1500, freeOverFen: 19900, freeOverQty: null }],
  excludedProvinces: [TIBET],
};

/** By weight: 首重 1 kg ¥12, 续重 every 500 g ¥4; no free shipping. */
const byWeight: ShippingTemplateRules = {
  chargeBy: 'weight',
  firstUnits: 1000,
  firstFeeFen: 1200,
  additionalUnits: 500,
  additionalFeeFen: 400,
  freeOverFen: null,
  freeOverQty: null,
  regionRules: [],
  excludedProvinces: [],
};

const line = (qty: number, lineTotalFen = 1000 * qty, weightG = 0): ShippingLine => ({ qty, weightG, lineTotalFen });

const cases: [string, ShippingTemplateRules, ShippingLine[], string, { deliverable: boolean; feeFen: number; free?: FreeShipping }][] = [
  // by piece, default rule
  ['1 piece: the first fee', byPiece, [line(1)], GUANGDONG, { deliverable: true, feeFen: 1000 }],
  ['first + 1: one started step', byPiece, [line(2)], GUANGDONG, { deliverable: true, feeFen: 1500 }],
  ['first + additional: exactly one step', byPiece, [line(3)], GUANGDONG, { deliverable: true, feeFen: 1500 }],
  ['first + additional + 1: a second step', byPiece, [line(4)], GUANGDONG, { deliverable: true, feeFen: 2000 }],
  ['9 pieces, under both thresholds', byPiece, [line(9, 900)], GUANGDONG, { deliverable: true, feeFen: 3000 }],
  ['pieces add up over lines', byPiece, [line(1), line(2), line(1)], GUANGDONG, { deliverable: true, feeFen: 2000 }],
  ['exactly the amount threshold: free', byPiece, [line(1, 9900)], GUANGDONG, { deliverable: true, feeFen: 0, free: { reason: 'amount', overFen: 9900 } }],
  ['one fen under the threshold: charged', byPiece, [line(1, 9899)], GUANGDONG, { deliverable: true, feeFen: 1000 }],
  ['subtotal over lines reaches the threshold', byPiece, [line(1, 4950), line(1, 4950)], GUANGDONG, { deliverable: true, feeFen: 0, free: { reason: 'amount', overFen: 9900 } }],
  ['exactly N pieces: free', byPiece, [line(10, 100)], GUANGDONG, { deliverable: true, feeFen: 0, free: { reason: 'quantity', overQty: 10 } }],
  ['both thresholds met: reason amount', byPiece, [line(10, 10000)], GUANGDONG, { deliverable: true, feeFen: 0, free: { reason: 'amount', overFen: 9900 } }],
  ['nothing to ship: no fee', byPiece, [], GUANGDONG, { deliverable: true, feeFen: 0 }],
  ['zero-quantity lines only: no fee', byPiece, [line(0, 0)], GUANGDONG, { deliverable: true, feeFen: 0 }],
  // region override
  ['override: 1 piece to Xinjiang', byPiece, [line(1)], XINJIANG, { deliverable: true, feeFen: 2000 }],
  ['override: 3 pieces to Qinghai', byPiece, [line(3)], QINGHAI, { deliverable: true, feeFen: 5000 }],
  ['override replaces the default threshold', byPiece, [line(1, 9900)], XINJIANG, { deliverable: true, feeFen: 2000 }],
  ['override: its own threshold, exactly', byPiece, [line(1, 19900)], XINJIANG, { deliverable: true, feeFen: 0, free: { reason: 'amount', overFen: 19900 } }],
  ['override: one fen under its threshold', byPiece, [line(1, 19899)], XINJIANG, { deliverable: true, feeFen: 2000 }],
  ['override without 满N件: 10 pieces still pay', byPiece, [line(10, 1000)], XINJIANG, { deliverable: true, feeFen: 2000 + 9 * 1500 }],
  // excluded
  ['excluded province: not deliverable', byPiece, [line(1)], TIBET, { deliverable: false, feeFen: 0 }],
  ['excluded beats free shipping', byPiece, [line(1, 1_000_000)], TIBET, { deliverable: false, feeFen: 0 }],
  // by weight
  ['1000 g: the first weight', byWeight, [line(1, 100, 1000)], GUANGDONG, { deliverable: true, feeFen: 1200 }],
  ['1001 g rounds up to a step', byWeight, [line(1, 100, 1001)], GUANGDONG, { deliverable: true, feeFen: 1600 }],
  ['1500 g: exactly one step', byWeight, [line(1, 100, 1500)], GUANGDONG, { deliverable: true, feeFen: 1600 }],
  ['1501 g: two steps', byWeight, [line(1, 100, 1501)], GUANGDONG, { deliverable: true, feeFen: 2000 }],
  ['weight is qty × weight per piece, over lines (1850 g)', byWeight, [line(2, 100, 800), line(1, 100, 250)], GUANGDONG, { deliverable: true, feeFen: 1200 + 2 * 400 }],
  ['a weightless parcel still pays the first fee', byWeight, [line(3, 100, 0)], GUANGDONG, { deliverable: true, feeFen: 1200 }],
  ['no thresholds: a big order pays', byWeight, [line(50, 10_000_000, 100)], GUANGDONG, { deliverable: true, feeFen: 1200 + 8 * 400 }],
];

for (const [name, template, lines, province, expected] of cases) {
  test(`quoteShipping: ${name}`, () => {
    assert.deepEqual(quoteShipping(template, lines, province), expected);
  });
}

test('quoteShipping refuses lines that are not non-negative integers', () => {
  for (const bad of [line(-1), { qty: 1.5, weightG: 0, lineTotalFen: 0 }, { qty: 1, weightG: -1, lineTotalFen: 0 }, { qty: 1, weightG: 0, lineTotalFen: 99.5 }]) {
    assert.throws(() => quoteShipping(byPiece, [bad], GUANGDONG), RangeError);
  }
});

test('templateRegionProblem: a province once, and never both excluded and overridden', () => {
  assert.equal(templateRegionProblem([{ provinceCodes: [XINJIANG] }, { provinceCodes: [QINGHAI] }], [TIBET]), null);
  assert.match(templateRegionProblem([{ provinceCodes: [XINJIANG] }, { provinceCodes: [XINJIANG] }], [])!, /regionRules\[0\] and regionRules\[1\]/);
  assert.match(templateRegionProblem([{ provinceCodes: [XINJIANG, XINJIANG] }], [])!, /twice/);
  assert.match(templateRegionProblem([{ provinceCodes: [TIBET] }], [TIBET])!, /both excluded/);
  assert.match(templateRegionProblem([], [TIBET, TIBET])!, /twice/);
});

test('normalizeContactPhone: mobiles, landlines with area codes, 400 numbers', () => {
  const good: [string, string][] = [
    ['13800138000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['0571-88886666', '0571-88886666'],
    ['057188886666', '0571-88886666'],
    ['02188886666', '021-88886666'],
    ['010-6552 9988', '010-65529988'],
    ['(0755)86013388-801', '0755-86013388-801'],
    ['400-820-8820', '400-820-8820'],
    ['4008208820', '400-820-8820'],
  ];
  for (const [input, expected] of good) assert.equal(normalizeContactPhone(input), expected, input);
  for (const bad of ['12345', '1380013800', '0571-123', 'call me', '23800138000', '0571-08886666']) {
    assert.throws(() => normalizeContactPhone(bad), (e: { code?: string }) => e.code === 'PHONE_INVALID', bad);
  }
});
