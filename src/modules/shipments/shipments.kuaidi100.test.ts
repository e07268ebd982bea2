import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { AppError } from '../../http/errors.ts';
import { carrierByKuaidi100, carrierFromText, CARRIERS, findCarrier, normaliseTrackingNo, trackingNoFits } from './shipments.carriers.ts';
import { checkCarrierNumber } from './shipments.service.ts';
import { createKuaidi100Provider, kuaidi100ConfigFromEnv, kuaidi100State, pushSign, querySign } from './shipments.kuaidi100.ts';
import { chinaTime, eventKey, statusFromText } from './shipments.tracking.ts';
import { normalisePickupCode, randomPickupCode } from './shipments.pickup.ts';
import { CONFIG, PUSH, QUERY_ANSWER, fakeTransport, pushForm } from './shipments.test-helpers.ts';

describe('carriers', () => {
  test('every carrier has a unique code and Kuaidi100 code; names and aliases resolve', () => {
    assert.equal(new Set(CARRIERS.map((c) => c.code)).size, CARRIERS.length);
    const k = CARRIERS.filter((c) => c.kuaidi100).map((c) => c.kuaidi100);
    assert.equal(new Set(k).size, k.length);
    for (const [text, code] of [['顺丰', 'SF'], ['顺丰速运', 'SF'], ['sf', 'SF'], ['shunfeng', 'SF'], ['中通快递', 'ZTO'], ['极兔', 'JTSD'], ['京东物流', 'JD'], ['邮政', 'YZPY'], ['德邦', 'DBL'], [' ems ', 'EMS']] as const) {
      assert.equal(carrierFromText(text)?.code, code, text);
    }
    assert.equal(carrierFromText('不存在快递'), undefined);
    assert.equal(carrierByKuaidi100('YUANTONG')?.code, 'YTO');
  });

  test('tracking numbers: per-carrier formats where well known, else 6–30 letters and digits', () => {
    const ok: [string, string][] = [['SF', 'SF1234567890123'], ['SF', '123456789012'], ['JTSD', 'JT1234567890123'], ['YTO', 'YT1234567890123'], ['EMS', 'EA123456789CN'], ['EMS', '1123456789012'], ['ZTO', '78123456789012'], ['JD', 'JDVA12345678901'], ['DBL', 'DPK123456789012'], ['ZJS', 'ABC123'], ['OTHER', 'X1Y2Z3W4']];
    for (const [code, no] of ok) assert.ok(trackingNoFits(findCarrier(code)!, no), `${code} ${no}`);
    const bad: [string, string][] = [['SF', 'SF123'], ['SF', 'YT1234567890123'], ['JTSD', 'JT12345'], ['ZTO', 'ABC123456789'], ['EMS', 'E123'], ['ZJS', 'AB12'], ['OTHER', 'A'.repeat(31)], ['OTHER', '12345!78']];
    for (const [code, no] of bad) assert.ok(!trackingNoFits(findCarrier(code)!, no), `${code} ${no}`);
    assert.equal(normaliseTrackingNo(' sf 1234-5678 90123 '), 'SF1234567890123');
    assert.equal(normaliseTrackingNo('ＳＦ１２３４５６７８９０１２３'), 'SF1234567890123', 'full-width input');
    assert.deepEqual(checkCarrierNumber('sf', 'sf1234567890123'), { carrier: findCarrier('SF'), trackingNo: 'SF1234567890123' });
    assert.throws(() => checkCarrierNumber('XX', 'SF1234567890123'), (e: AppError) => e.code === 'CARRIER_UNKNOWN');
    assert.throws(() => checkCarrierNumber('SF', 'SF12'), (e: AppError) => e.code === 'TRACKING_NO_INVALID' && e.params.example === 'SF1234567890123');
  });

  test('pickup codes are 8 random digits; typed codes are read with spaces and dashes', () => {
    const codes = new Set(Array.from({ length: 2000 }, randomPickupCode));
    for (const c of codes) assert.match(c, /^\d{8}$/);
    assert.ok(codes.size > 1990, 'random, not a sequence');
    assert.equal(normalisePickupCode('1234 5678'), '12345678');
    assert.equal(normalisePickupCode('1234-5678'), '12345678');
    assert.equal(normalisePickupCode('１２３４５６７８'), '12345678');
    assert.equal(normalisePickupCode('1234567'), null);
    assert.equal(normalisePickupCode('12345678x'), null);
  });
});

describe('Kuaidi100 adapter (offline, against the documented payloads)', () => {
  test('signs: query = upper(MD5(param + key + customer)); push = MD5(param + salt)', () => {
    // MD5("abc") is the RFC 1321 test vector: the order of the parts and the upper case are what is tested.
    assert.equal(querySign('a', 'b', 'c'), '900150983CD24FB0D6963F7D28E17F72');
    assert.equal(pushSign('ab', 'c'), '900150983CD24FB0D6963F7D28E17F72');
    assert.equal(querySign('{"com":"yuantong","num":"YT1"}', 'K', 'C'), crypto.createHash('md5').update('{"com":"yuantong","num":"YT1"}KC').digest('hex').toUpperCase());
  });

  test('configuration: none → manual only; half a set stops start-up; the callback is on the public URL', () => {
    assert.equal(kuaidi100ConfigFromEnv({}, 'http://x'), null);
    assert.throws(() => kuaidi100ConfigFromEnv({ KUAIDI100_KEY: 'k' }, 'http://x'), /KUAIDI100_CUSTOMER, KUAIDI100_SALT/);
    const c = kuaidi100ConfigFromEnv({ KUAIDI100_KEY: 'k', KUAIDI100_CUSTOMER: 'c', KUAIDI100_SALT: 's' }, 'https://mall.example.com/');
    assert.equal(c?.callbackUrl, 'https://mall.example.com/api/shipments/webhooks/kuaidi100');
    assert.equal(c?.baseUrl, 'https://poll.kuaidi100.com');
  });

  test('query: posts customer, sign and param to poll/query.do and reads the trail', async () => {
    const { transport, calls } = fakeTransport(() => ({ status: 200, body: QUERY_ANSWER }));
    const provider = createKuaidi100Provider(CONFIG, transport);
    const snapshot = await provider.query({ providerCarrier: 'yuantong', trackingNo: 'YT1234567890123', phone: '13812345678', to: null });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.url, 'https://poll.kuaidi100.test/poll/query.do');
    const form = calls[0]!.form;
    assert.equal(form.get('customer'), CONFIG.customer);
    const param = form.get('param')!;
    assert.deepEqual({ ...JSON.parse(param) }, { com: 'yuantong', num: 'YT1234567890123', phone: '13812345678', resultv2: '1', show: '0', order: 'desc' });
    assert.equal(form.get('sign'), crypto.createHash('md5').update(param + CONFIG.key + CONFIG.customer).digest('hex').toUpperCase());
    assert.equal(snapshot.state, 'signed');
    assert.deepEqual(snapshot.events.map((e) => e.status), ['signed', 'delivering', 'in_transit', 'collected']);
    assert.equal(snapshot.events[0]!.occurredAt.toISOString(), '2026-11-21T06:25:03.000Z', 'China time');
    assert.equal(snapshot.events[0]!.location, '浙江,杭州市');
  });

  test('query errors are TRACKING_PROVIDER_ERROR (their message kept)', async () => {
    const provider = createKuaidi100Provider(CONFIG, fakeTransport(() => ({ status: 200, body: { result: false, returnCode: '400', message: '找不到对应公司' } })).transport);
    await assert.rejects(provider.query({ providerCarrier: 'x', trackingNo: 'Y', phone: null, to: null }), (e: AppError) => e.code === 'TRACKING_PROVIDER_ERROR' && /找不到对应公司/.test(String(e.params.detail)));
    const down = createKuaidi100Provider(CONFIG, async () => {
      throw new Error('ECONNRESET');
    });
    await assert.rejects(down.query({ providerCarrier: 'x', trackingNo: 'Y', phone: null, to: null }), (e: AppError) => e.code === 'TRACKING_PROVIDER_ERROR');
  });

  test('subscribe: schema=json and param with key, callback URL and salt; 200 and 501 subscribed, 700 refused, 500 retried', async () => {
    let code = '200';
    const { transport, calls } = fakeTransport(() => ({ status: 200, body: { result: code === '200', returnCode: code, message: code === '200' ? '提交成功' : '错误' } }));
    const provider = createKuaidi100Provider(CONFIG, transport);
    const parcel = { providerCarrier: 'shunfeng', trackingNo: 'SF1234567890123', phone: '13812345678', to: '浙江省杭州市西湖区' };
    assert.deepEqual(await provider.subscribe(parcel), { outcome: 'subscribed' });
    assert.equal(calls[0]!.url, 'https://poll.kuaidi100.test/poll');
    assert.equal(calls[0]!.form.get('schema'), 'json');
    const param = JSON.parse(calls[0]!.form.get('param')!);
    assert.equal(param.company, 'shunfeng');
    assert.equal(param.number, 'SF1234567890123');
    assert.equal(param.key, CONFIG.key);
    assert.equal(param.to, '浙江省杭州市西湖区');
    assert.deepEqual(param.parameters, { callbackurl: CONFIG.callbackUrl, salt: CONFIG.salt, resultv2: '1', phone: '13812345678' });
    code = '501';
    assert.deepEqual(await provider.subscribe(parcel), { outcome: 'subscribed' }, 'already subscribed is fine');
    code = '700';
    assert.equal((await provider.subscribe(parcel)).outcome, 'refused');
    code = '500';
    await assert.rejects(provider.subscribe(parcel), (e: AppError) => e.code === 'TRACKING_PROVIDER_ERROR');
  });

  test('push: the sign is checked (either case), the trail read; a bad or missing sign is refused; the answer is what Kuaidi100 expects', () => {
    const provider = createKuaidi100Provider(CONFIG, fakeTransport(() => ({ status: 500, body: '' })).transport);
    const ct = 'application/x-www-form-urlencoded';
    const push = provider.parsePush({ contentType: ct, rawBody: pushForm(PUSH) });
    assert.equal(push.monitor, 'polling');
    assert.equal(push.snapshot.providerCarrier, 'yuantong');
    assert.equal(push.snapshot.trackingNo, 'YT1234567890123');
    assert.deepEqual(push.snapshot.events.map((e) => e.status), ['in_transit', 'collected']);
    assert.equal(provider.parsePush({ contentType: ct, rawBody: pushForm(PUSH, CONFIG.salt, 'lower') }).snapshot.events.length, 2);
    const rejected = (body: string, contentType = ct) => assert.throws(() => provider.parsePush({ contentType, rawBody: body }), (e: AppError) => e.code === 'TRACKING_PUSH_REJECTED');
    rejected(pushForm(PUSH, 'another-salt'));
    rejected(new URLSearchParams({ param: JSON.stringify(PUSH) }).toString());
    const tampered = new URLSearchParams(pushForm(PUSH));
    tampered.set('param', JSON.stringify({ ...PUSH, lastResult: { ...PUSH.lastResult, nu: 'YT9999999999999' } }));
    rejected(tampered.toString());
    rejected(pushForm(PUSH), 'application/json');
    rejected(pushForm({ status: 'polling' }));
    assert.deepEqual(JSON.parse(provider.pushAnswer(true).body), { result: true, returnCode: '200', message: '成功' });
    assert.equal(JSON.parse(provider.pushAnswer(false).body).result, false);
  });

  test('states and times: main and sub-state codes, state names, words, China time', () => {
    assert.deepEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '14', '101', '301', '501', '1002'].map(kuaidi100State), [
      'in_transit', 'collected', 'exception', 'signed', 'returned', 'delivering', 'returned', 'in_transit', 'in_transit', 'returned', 'collected', 'signed', 'delivering', 'in_transit',
    ]);
    assert.equal(kuaidi100State(''), null);
    assert.equal(statusFromText('您的快件已签收，签收人：门卫'), 'signed');
    assert.equal(statusFromText('快递员正在派送'), 'delivering');
    assert.equal(statusFromText('已揽收'), 'collected');
    assert.equal(statusFromText('到达转运中心'), null);
    assert.equal(chinaTime('2026-11-20 09:00:00')?.toISOString(), '2026-11-20T01:00:00.000Z');
    assert.equal(chinaTime('yesterday'), null);
    const at = new Date('2026-11-20T01:00:00Z');
    assert.equal(eventKey({ occurredAt: at, description: '已揽收 ' }), eventKey({ occurredAt: at, description: '已揽收' }));
    assert.notEqual(eventKey({ occurredAt: at, description: '已揽收' }), eventKey({ occurredAt: new Date(at.getTime() + 1000), description: '已揽收' }));
  });
});
