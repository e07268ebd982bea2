import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../http/errors.ts';
import {
  USCC_CHARSET,
  USCC_WEIGHTS,
  checkContactMobile,
  checkUscc,
  isValidUscc,
  kindsFor,
  missingDocuments,
  needsReverification,
  requiredDocuments,
  usccCheckChar,
  usccProblem,
} from './onboarding.rules.ts';

/** A code built the standard's way: authority, type, region, organisation code, then the computed check character. */
const make = (first17: string) => first17 + usccCheckChar(first17);

test('USCC weights are 3^i mod 31 and the charset is the 31 characters without I, O, Z, S, V', () => {
  assert.deepEqual(USCC_WEIGHTS, [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  assert.equal(USCC_CHARSET.length, 31);
  for (const c of 'IOZSV') assert.ok(!USCC_CHARSET.includes(c), c);
});

test('published codes of real companies pass (their check characters agree with our computation)', () => {
  // 腾讯科技（深圳）有限公司, 阿里巴巴（中国）有限公司, as printed on their licences.
  for (const code of ['91440300708461136T', '91330100799655058B']) {
    assert.equal(usccProblem(code), null, code);
    assert.equal(usccCheckChar(code.slice(0, 17)), code[17]);
  }
});

test('codes computed here for each registering authority and organisation type pass; spaces and lower case are forgiven', () => {
  const valid = [
    make('91330106MA2AB3CD4'), // 工商 · 企业, 杭州市西湖区
    make('92330106MA2CD1234'), // 工商 · 个体工商户
    make('93110105MA0012345'), // 工商 · 农民专业合作社
    make('52110000500012345'), // 民政 · 民办非企业单位
    make('12100000400012345'), // 机构编制 · 事业单位
    make('31440000MD0123456'), // 司法行政 · 律师执业机构
    make('N2330100MF1234567'), // 农业 · 村级集体经济组织
    make('Y1110000MA0000000'), // 其他
  ];
  for (const code of valid) assert.equal(usccProblem(code), null, code);
  const c = valid[0]!;
  assert.equal(checkUscc(`${c.slice(0, 6)} ${c.slice(6, 12)} ${c.slice(12)}`.toLowerCase()), c);
});

test('wrong check character, forbidden letters, wrong length, unknown authority or type, letters in the region are refused', () => {
  const good = make('91330106MA2AB3CD4');
  const wrongCheck = good.slice(0, 17) + USCC_CHARSET[(USCC_CHARSET.indexOf(good[17]!) + 1) % 31];
  assert.equal(usccProblem(wrongCheck), 'check');
  // Two neighbours swapped (a typing slip: "A2" for "2A") changes the weighted sum: caught.
  assert.equal(good.slice(9, 11), 'A2');
  assert.equal(usccProblem(`${good.slice(0, 9)}2A${good.slice(11)}`), 'check');
  for (const letter of 'IOZSV') assert.equal(usccProblem(`91330106MA2AB3C${letter}4X`), 'charset', letter);
  assert.equal(usccProblem(good.slice(0, 17)), 'length');
  assert.equal(usccProblem(`${good}0`), 'length');
  assert.equal(usccProblem(''), 'length');
  assert.equal(usccProblem(make('B1330106MA2AB3CD4')), 'authority', 'B is no registering authority');
  assert.equal(usccProblem(make('94330106MA2AB3CD4')), 'org_type', '工商 has no type 4');
  assert.equal(usccProblem(make('51330106MA2AB3CD4')), null, '民政 · 社会团体');
  assert.equal(usccProblem(make('5433010600AB3CD4M')), 'org_type', '民政 has no type 4');
  assert.equal(usccProblem(make('9133A106MA2AB3CD4')), 'region', 'positions 3–8 are a six-digit division code');
  assert.equal(isValidUscc(wrongCheck), false);
  assert.throws(() => checkUscc(wrongCheck), (e: AppError) => e.code === 'USCC_INVALID' && e.status === 400 && e.params.reason === 'check');
});

test('contact mobiles: mainland numbers only (the account rules), normalized to +86', () => {
  assert.equal(checkContactMobile('138 0013 8000'), '+8613800138000');
  assert.equal(checkContactMobile('+86 13900000001'), '+8613900000001');
  for (const bad of ['12345678901', '1380013800', '+85291234567', 'abc']) {
    assert.throws(() => checkContactMobile(bad), (e: AppError) => e.code === 'MOBILE_INVALID', bad);
  }
});

test('documents: a company needs its licence, an individual both ID sides; 旗舰店 and 专卖店 also a brand authorisation', () => {
  assert.deepEqual(requiredDocuments('company', 'specialty'), ['licence']);
  assert.deepEqual(requiredDocuments('company', 'flagship'), ['licence', 'brand_authorization']);
  assert.deepEqual(requiredDocuments('company', 'franchise'), ['licence', 'brand_authorization']);
  assert.deepEqual(requiredDocuments('individual', 'individual'), ['id_front', 'id_back']);
  assert.deepEqual(missingDocuments('company', 'flagship', ['licence', 'other']), ['brand_authorization']);
  assert.deepEqual(missingDocuments('individual', 'individual', ['id_front', 'id_back']), []);
  assert.deepEqual(kindsFor('individual'), ['individual']);
  assert.deepEqual([...kindsFor('company')].sort(), ['flagship', 'franchise', 'specialty']);
});

test('licence records are due for re-verification six calendar months after they were checked', () => {
  const checked = new Date('2026-01-15T02:00:00Z');
  assert.equal(needsReverification(checked, new Date('2026-07-15T01:59:59Z')), false);
  assert.equal(needsReverification(checked, new Date('2026-07-15T02:00:00Z')), true);
  assert.equal(needsReverification(checked, new Date('2027-01-01T00:00:00Z')), true);
});
