/**
 * The buying pages' pure helpers (no browser, no server): kilograms ↔ grams and the shipping
 * template form → the API's body, the checkout form → the service's input, the order filters,
 * the countdown's text. They live in web/; the test runner looks in src/ and e2e/.
 *
 *   node --import tsx --test e2e/buying-logic.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gramsToKg, kgToGrams, ruleValues, templatePayload, type TemplateFormValues } from '../web/lib/logistics.ts';
import { readCheckoutRequest } from '../web/lib/checkout.server.ts';
import { exportQuery, readOrderFilter } from '../web/lib/orders.server.ts';
import { regionOptions, withAddress } from '../web/lib/addresses.server.ts';
import { clockText } from '../web/components/store/Countdown.tsx';
import { templateBody } from '../src/modules/shipping/shipping.schemas.ts';

describe('shipping template form', () => {
  test('kilograms to grams and back, exactly', () => {
    assert.equal(kgToGrams('1'), 1000);
    assert.equal(kgToGrams('0.5'), 500);
    assert.equal(kgToGrams('1.255'), 1255);
    assert.equal(kgToGrams('0.001'), 1);
    for (const bad of ['', '-1', '1.2345', 'abc', '1e3', '.5']) assert.equal(kgToGrams(bad), null, bad);
    assert.equal(gramsToKg(1000), '1');
    assert.equal(gramsToKg(1250), '1.25');
    assert.equal(gramsToKg(5), '0.005');
  });

  const form: TemplateFormValues = {
    name: ' 全国快递 ',
    chargeBy: 'weight',
    firstUnits: '1',
    firstFee: '8',
    additionalUnits: '0.5',
    additionalFee: '2.5',
    freeOver: '99',
    freeOverQty: '',
    regionRules: [{ provinceCodes: ['540000'], firstUnits: '1', firstFee: '20', additionalUnits: '1', additionalFee: '10', freeOver: '', freeOverQty: '' }],
    excludedProvinces: ['650000'],
    isDefault: true,
  };

  test('typed yuan and kilograms become the API body (fen and grams), which its schema accepts', () => {
    const result = templatePayload(form);
    assert.ok('payload' in result);
    assert.deepEqual(result.payload, {
      name: '全国快递',
      chargeBy: 'weight',
      firstUnits: 1000,
      firstFeeFen: 800,
      additionalUnits: 500,
      additionalFeeFen: 250,
      freeOverFen: 9900,
      freeOverQty: null,
      regionRules: [{ provinceCodes: ['540000'], firstUnits: 1000, firstFeeFen: 2000, additionalUnits: 1000, additionalFeeFen: 1000, freeOverFen: null, freeOverQty: null }],
      excludedProvinces: ['650000'],
      isDefault: true,
    });
    assert.equal(templateBody.safeParse(result.payload).success, true);
  });

  test('each kind of mistake is named', () => {
    const problem = (change: Partial<TemplateFormValues>) => {
      const r = templatePayload({ ...form, ...change });
      return 'problem' in r ? r.problem : null;
    };
    assert.equal(problem({ name: '  ' }), 'name');
    assert.equal(problem({ firstUnits: '0' }), 'units');
    assert.equal(problem({ chargeBy: 'piece', additionalUnits: '0.5' }), 'units', 'pieces are whole');
    assert.equal(problem({ firstFee: '8.001' }), 'fee');
    assert.equal(problem({ freeOver: 'abc' }), 'freeOver');
    assert.equal(problem({ freeOverQty: '0' }), 'freeOverQty');
    assert.equal(problem({ regionRules: [{ ...form.regionRules[0]!, provinceCodes: [] }] }), 'regionProvinces');
  });

  test('stored fen and grams fill the form back', () => {
    assert.deepEqual(ruleValues({ firstUnits: 1500, firstFeeFen: 1000, additionalUnits: 500, additionalFeeFen: 250, freeOverFen: null, freeOverQty: 3 }, 'weight'), {
      firstUnits: '1.5',
      firstFee: '10.00',
      additionalUnits: '0.5',
      additionalFee: '2.50',
      freeOver: '',
      freeOverQty: '3',
    });
  });
});

describe('checkout form', () => {
  test('per-shop fields, from a form or a URL alike', () => {
    const fields = new URLSearchParams({
      addressId: 'adr_1',
      'delivery.shp_a': 'express',
      'note.shp_a': '  工作日送货 ',
      'invoice.shp_a': 'company',
      'invoiceTitle.shp_a': '某某公司',
      'taxNumber.shp_a': '91350100m000100y43',
      'delivery.shp_b': 'pickup',
      'pickup.shp_b': 'pkp_1',
      'invoice.shp_b': 'bogus',
    });
    const req = readCheckoutRequest(fields);
    assert.deepEqual(req.source, { kind: 'cart' });
    assert.equal(req.addressId, 'adr_1');
    assert.deepEqual(req.shops['shp_a'], { delivery: 'express', pickupPointId: '', note: '工作日送货', invoiceKind: 'company', invoiceTitle: '某某公司', taxNumber: '91350100M000100Y43', invoiceEmail: '' });
    assert.equal(req.shops['shp_b']!.delivery, 'pickup');
    assert.equal(req.shops['shp_b']!.pickupPointId, 'pkp_1');
    assert.equal(req.shops['shp_b']!.invoiceKind, 'none', 'an unknown invoice kind is none');
  });

  test('立即购买: the SKU and a sane quantity', () => {
    assert.deepEqual(readCheckoutRequest(new URLSearchParams('skuId=sku_1&qty=3')).source, { kind: 'buy_now', skuId: 'sku_1', qty: 3 });
    assert.deepEqual(readCheckoutRequest(new URLSearchParams('skuId=sku_1&qty=-2')).source, { kind: 'buy_now', skuId: 'sku_1', qty: 1 });
    assert.deepEqual(readCheckoutRequest(new URLSearchParams('skuId=sku_1&qty=1.5')).source, { kind: 'buy_now', skuId: 'sku_1', qty: 1 });
  });

  test('the chosen address goes back to the checkout URL', () => {
    assert.equal(withAddress('/checkout?delivery.shp_b=pickup', 'adr_9'), '/checkout?delivery.shp_b=pickup&addressId=adr_9');
    assert.equal(withAddress('/checkout?addressId=adr_1', 'adr_9'), '/checkout?addressId=adr_9');
  });
});

describe('console order filters', () => {
  test('read leniently; dates are whole days in China time for the export too', () => {
    const state = readOrderFilter(new URL('http://x/orders?status=paid&from=2026-11-01&to=2026-11-30&phone=8000&orderId=ord_1&page=2'));
    assert.deepEqual(state, { status: 'paid', from: '2026-11-01', to: '2026-11-30', phone: '8000', orderId: 'ord_1', shopId: '', page: 2, stale: false });
    assert.equal(
      exportQuery(state),
      '?status=paid&from=2026-10-31T16%3A00%3A00.000Z&to=2026-11-30T16%3A00%3A00.000Z&phoneSuffix=8000&orderId=ord_1',
    );
    const junk = readOrderFilter(new URL('http://x/orders?status=nope&from=yesterday&phone=12&page=-1'));
    assert.deepEqual(junk, { status: 'all', from: '', to: '', phone: '', orderId: '', shopId: '', page: 1, stale: false });
    assert.equal(readOrderFilter(new URL('http://x/orders?stale=1')).stale, true, '物流异常');
    assert.equal(exportQuery(junk), '');
  });
});

describe('region picker options', () => {
  test('provinces always; cities and districts along the chosen path only', () => {
    const none = regionOptions('', '');
    assert.ok(none.provinces.some((p) => p.name === '浙江省'));
    assert.deepEqual([none.cities, none.districts], [[], []]);
    const path = regionOptions('330000', '330100');
    assert.ok(path.cities.some((c) => c.code === '330100' && c.name === '杭州市'));
    assert.ok(path.districts.some((d) => d.code === '330106' && d.name === '西湖区'));
    // A city from another province gives no districts.
    assert.deepEqual(regionOptions('330000', '440300').districts, []);
  });
});

test('the countdown text', () => {
  assert.equal(clockText(30 * 60_000), '30:00');
  assert.equal(clockText(59_001), '01:00', 'a started second counts');
  assert.equal(clockText(3_723_000), '1:02:03');
  assert.equal(clockText(-5), '00:00');
});
