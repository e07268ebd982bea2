import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRegion, formatAddressLine, isProvinceCode, regionChildren, regionTree, resolveRegion } from './regions.ts';

const code = (e: unknown) => (e as { code?: string }).code;

test('the data: 31 mainland provinces, six-digit codes, every code once, every city has districts', () => {
  const tree = regionTree();
  assert.equal(tree.length, 31);
  const seen = new Set<string>();
  for (const p of tree) {
    assert.match(p.code, /^\d{2}0000$/);
    for (const c of p.children) {
      assert.match(c.code, /^\d{4}00$/);
      assert.ok(c.code.startsWith(p.code.slice(0, 2)));
      assert.ok(c.children.length > 0, `${p.name} ${c.name} has districts`);
      for (const d of c.children) {
        assert.match(d.code, /^\d{6}(\d{3})?$/);
        assert.ok(!seen.has(d.code));
        seen.add(d.code);
      }
    }
  }
  assert.ok(seen.size > 2800);
  assert.equal(findRegion('440305')?.name, '南山区');
});

test('municipalities show their own name at the city level, not 市辖区', () => {
  for (const [province, name] of [['110000', '北京市'], ['120000', '天津市'], ['310000', '上海市']]) {
    assert.deepEqual(regionChildren(province!).map((c) => c.name), [name]);
  }
  assert.deepEqual(regionChildren('500000').map((c) => c.name), ['重庆市', '重庆郊县']);
  assert.ok(regionChildren('500200').some((d) => d.name === '城口县'));
  assert.ok(!regionTree().some((p) => p.children.some((c) => c.name === '市辖区' || c.name === '县' || c.name.includes('行政区划'))));
  assert.equal(formatAddressLine({ provinceName: '北京市', cityName: '北京市', districtName: '东城区', street: '', detail: '东华门大街 1 号' }), '北京市东城区东华门大街 1 号');
});

test('cities without districts list their towns (东莞)', () => {
  const dongguan = regionChildren('441900');
  assert.ok(dongguan.length > 20);
  assert.ok(dongguan.every((t) => /^4419\d{5}$/.test(t.code)));
  assert.equal(resolveRegion('440000', '441900', dongguan[0]!.code).cityName, '东莞市');
});

test('resolveRegion: names from codes; unknown codes and mismatched levels are refused', () => {
  assert.deepEqual(resolveRegion('440000', '440300', '440305'), {
    provinceCode: '440000', provinceName: '广东省', cityCode: '440300', cityName: '深圳市', districtCode: '440305', districtName: '南山区',
  });
  assert.equal(resolveRegion('110000', '110100', '110101').cityName, '北京市');
  assert.throws(() => resolveRegion('990000', '440300', '440305'), (e) => code(e) === 'REGION_INVALID');
  assert.throws(() => resolveRegion('440000', '440399', '440305'), (e) => code(e) === 'REGION_INVALID');
  assert.throws(() => resolveRegion('440000', '440300', '440300'), (e) => code(e) === 'REGION_INVALID', 'a city code in the district slot');
  assert.throws(() => resolveRegion('440000', '440100', '440305'), (e) => code(e) === 'REGION_MISMATCH', '南山区 is not in 广州');
  assert.throws(() => resolveRegion('330000', '440300', '440305'), (e) => code(e) === 'REGION_MISMATCH', '深圳 is not in 浙江');
  assert.equal(isProvinceCode('650000'), true);
  assert.equal(isProvinceCode('650100'), false);
  assert.throws(() => regionChildren('123456'), (e) => code(e) === 'REGION_INVALID');
});
