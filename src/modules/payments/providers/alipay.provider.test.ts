import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { NotificationRejected, type IncomingNotification } from '../provider.ts';
import { PaymentProviderError, fenToYuan, yuanToFen } from './common.ts';
import { alipayConfigFromEnv, createAlipayProvider, parseAlipayBillCsv, type AlipayConfig } from './alipay.provider.ts';
import { fakeTransport, type FakeAnswer, type RecordedRequest } from './test-transport.ts';

// "us" (the application key pair) and "Alipay" (the gateway's key pair), both made here.
const us = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

const APP_ID = '2021000123456789';
const SELLER_ID = '2088101122334455';
const PLATFORM_PID = '2088109988776655';
const GATEWAY = 'https://openapi.alipay.test/gateway.do';
const NOW = new Date('2024-05-01T04:00:00Z'); // 12:00 China time

const config: AlipayConfig = {
  appId: APP_ID,
  // PKCS#1 PEM for our key, bare base64 SPKI for Alipay's — the two shapes the Alipay key tools print.
  privateKey: us.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  alipayPublicKey: (alipay.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
  gateway: GATEWAY,
  sellerId: SELLER_ID,
  platformPid: PLATFORM_PID,
};

function rsa2(content: string, key: crypto.KeyObject): string {
  return crypto.createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');
}

function rsa2Verify(content: string, signature: string, key: crypto.KeyObject): boolean {
  return crypto.createVerify('RSA-SHA256').update(content, 'utf8').verify(key, signature, 'base64');
}

/** Alipay's request/notification sign content: parameters sorted by name, `k=v` joined by `&`. */
function signContent(params: Record<string, string>, without: string[]): string {
  return Object.keys(params)
    .filter((k) => !without.includes(k))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** An async notification exactly as Alipay posts it (application/x-www-form-urlencoded), signed by `key`. */
function notification(overrides: Record<string, string | undefined> = {}, key: crypto.KeyObject = alipay.privateKey): IncomingNotification {
  const params: Record<string, string> = {};
  const base: Record<string, string | undefined> = {
    notify_time: '2024-05-01 12:00:05',
    notify_type: 'trade_status_sync',
    notify_id: 'ac05099524730693a8b330c5ecf72da9786',
    charset: 'utf-8',
    version: '1.0',
    app_id: APP_ID,
    trade_no: '2024050122001412345678901234',
    out_trade_no: 'pay_01HXYZ0000000000000001',
    buyer_id: '2088102177891234',
    seller_id: SELLER_ID,
    trade_status: 'TRADE_SUCCESS',
    total_amount: '19.99',
    receipt_amount: '19.99',
    subject: '集市订单 2 件',
    gmt_create: '2024-05-01 11:59:30',
    gmt_payment: '2024-05-01 12:00:01',
    ...overrides,
  };
  for (const [k, v] of Object.entries(base)) if (v !== undefined) params[k] = v;
  params.sign_type = 'RSA2';
  params.sign = rsa2(signContent(params, ['sign', 'sign_type']), key);
  return { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, rawBody: new URLSearchParams(params).toString() };
}

/** A gateway answer `{"<method>_response":{…},"sign":"…"}` signed over the response object's raw text. */
function gatewayAnswer(method: string, data: Record<string, unknown>, key: crypto.KeyObject | null = alipay.privateKey): FakeAnswer {
  const content = JSON.stringify({ code: '10000', msg: 'Success', ...data });
  const responseKey = `${method.replaceAll('.', '_')}_response`;
  const body = key ? `{"${responseKey}":${content},"sign":"${rsa2(content, key)}"}` : `{"${responseKey}":${content}}`;
  return { status: 200, headers: { 'content-type': 'text/html;charset=utf-8' }, body };
}

function formParams(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body ?? ''));
}

function bizContent(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(formParams(request).biz_content!) as Record<string, unknown>;
}

/** A provider whose gateway answers per method with `answers[method](biz_content)`. */
function providerWith(answers: Record<string, (biz: Record<string, unknown>) => FakeAnswer>, extra: Partial<AlipayConfig> = {}) {
  const transport = fakeTransport((request) => {
    const params = formParams(request);
    const answer = answers[params.method!];
    if (!answer) throw new Error(`unexpected call ${params.method}`);
    return answer(JSON.parse(params.biz_content ?? '{}'));
  });
  const provider = createAlipayProvider({ ...config, ...extra }, { fetch: transport.fetch, now: () => NOW });
  return { provider, requests: transport.requests };
}

async function rejection(promise: Promise<unknown>): Promise<NotificationRejected['reason']> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NotificationRejected) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('yuan ⇄ fen', () => {
  test('exact in both directions', () => {
    assert.equal(yuanToFen('0.01'), 1);
    assert.equal(yuanToFen('19.99'), 1999);
    assert.equal(yuanToFen('1234567.89'), 123456789);
    assert.equal(yuanToFen('0.1'), 10);
    assert.equal(yuanToFen('100'), 10000);
    assert.equal(yuanToFen('-5.00'), -500);
    assert.equal(fenToYuan(1), '0.01');
    assert.equal(fenToYuan(1999), '19.99');
    assert.equal(fenToYuan(123456789), '1234567.89');
    assert.equal(fenToYuan(10000), '100.00');
    for (const bad of ['1.234', 'abc', '1e3', '', '.5', '1,000.00', ' 1. ']) assert.throws(() => yuanToFen(bad), RangeError, bad);
    assert.throws(() => fenToYuan(1.5), RangeError);
  });

  test('round-trips every amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => yuanToFen(fenToYuan(fen)) === fen), { numRuns: 2000 });
  });
});

describe('Alipay notifications', () => {
  const provider = createAlipayProvider(config, { now: () => NOW, fetch: fakeTransport(() => ({ status: 500 })).fetch });

  test('a signed payment notification is verified and decoded, amounts exact', async () => {
    for (const [yuan, fen] of [['0.01', 1], ['19.99', 1999], ['1234567.89', 123456789]] as const) {
      const verified = await provider.verifyNotification(notification({ total_amount: yuan }), NOW);
      assert.deepEqual(verified, {
        kind: 'payment',
        outTradeNo: 'pay_01HXYZ0000000000000001',
        providerTradeNo: '2024050122001412345678901234',
        amountFen: fen,
        status: 'paid',
        appId: APP_ID,
        merchantId: SELLER_ID,
        paidAt: new Date('2024-05-01T04:00:01Z'),
      });
    }
    const finished = await provider.verifyNotification(notification({ trade_status: 'TRADE_FINISHED' }), NOW);
    assert.equal(finished.kind === 'payment' && finished.status, 'paid');
    const closed = await provider.verifyNotification(notification({ trade_status: 'TRADE_CLOSED', gmt_payment: undefined, gmt_close: '2024-05-01 12:30:00' }), NOW);
    assert.equal(closed.kind === 'payment' && closed.status, 'closed');
  });

  test('tampered, wrongly signed, unsigned and foreign notifications are rejected with the right reason', async () => {
    const genuine = notification({ total_amount: '0.01' });
    const tampered = { ...genuine, rawBody: genuine.rawBody.replace('total_amount=0.01', 'total_amount=9999.00') };
    assert.equal(await rejection(provider.verifyNotification(tampered, NOW)), 'bad_signature');
    assert.equal(await rejection(provider.verifyNotification(notification({}, stranger.privateKey), NOW)), 'bad_signature');
    // our own key is not Alipay's
    assert.equal(await rejection(provider.verifyNotification(notification({}, us.privateKey), NOW)), 'bad_signature');
    const unsigned = new URLSearchParams(genuine.rawBody);
    unsigned.delete('sign');
    assert.equal(await rejection(provider.verifyNotification({ headers: {}, rawBody: unsigned.toString() }, NOW)), 'missing_signature');
    const rsa1 = new URLSearchParams(genuine.rawBody);
    rsa1.set('sign_type', 'RSA');
    assert.equal(await rejection(provider.verifyNotification({ headers: {}, rawBody: rsa1.toString() }, NOW)), 'bad_signature');
    // correctly signed by Alipay, but for another app / another seller
    assert.equal(await rejection(provider.verifyNotification(notification({ app_id: '2021000999999999' }), NOW)), 'foreign_app');
    assert.equal(await rejection(provider.verifyNotification(notification({ seller_id: '2088999999999999' }), NOW)), 'foreign_app');
    assert.equal(await rejection(provider.verifyNotification(notification({ trade_status: 'WAIT_BUYER_PAY' }), NOW)), 'malformed');
    assert.equal(await rejection(provider.verifyNotification(notification({ total_amount: '1.999' }), NOW)), 'malformed');
    assert.equal(await rejection(provider.verifyNotification({ headers: {}, rawBody: '' }, NOW)), 'missing_signature');
  });

  test('without a configured seller id any seller_id is accepted, the app id still is checked', async () => {
    const loose = createAlipayProvider({ ...config, sellerId: undefined }, { now: () => NOW });
    const verified = await loose.verifyNotification(notification({ seller_id: '2088000000000000' }), NOW);
    assert.equal(verified.merchantId, '2088000000000000');
    assert.equal(await rejection(loose.verifyNotification(notification({ app_id: '2021000999999999' }), NOW)), 'foreign_app');
  });

  test('a refund notification is decoded with the refund amount read back from Alipay', async () => {
    const { provider: p, requests } = providerWith({
      'alipay.trade.fastpay.refund.query': (biz) =>
        gatewayAnswer('alipay.trade.fastpay.refund.query', {
          trade_no: '2024050122001412345678901234',
          out_trade_no: biz.out_trade_no,
          out_request_no: biz.out_request_no,
          total_amount: '19.99',
          refund_amount: '5.00',
          refund_status: 'REFUND_SUCCESS',
        }),
    });
    const verified = await p.verifyNotification(notification({ refund_fee: '12.00', out_biz_no: 'rfd_0002', gmt_refund: '2024-05-02 10:00:00.123' }), NOW);
    assert.deepEqual(verified, {
      kind: 'refund',
      outTradeNo: 'pay_01HXYZ0000000000000001',
      outRefundNo: 'rfd_0002',
      providerRefundNo: '2024050122001412345678901234',
      refundFen: 500,
      status: 'succeeded',
      appId: APP_ID,
      merchantId: SELLER_ID,
    });
    assert.equal(requests.length, 1);
    assert.deepEqual(bizContent(requests[0]!).out_request_no, 'rfd_0002');
  });

  test('acks are the plain-text words Alipay expects', () => {
    assert.deepEqual(provider.notificationAck(true), { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' });
    assert.equal(provider.notificationAck(false).body, 'fail');
  });
});

describe('Alipay requests', () => {
  const ourPublicKey = us.publicKey;

  test('page and wap payments are signed redirect URLs (or a form) carrying the exact amount', async () => {
    const provider = createAlipayProvider(config, { now: () => NOW });
    const action = await provider.create({
      outTradeNo: 'pay_1',
      amountFen: 1999,
      subject: '集市订单',
      channel: 'page',
      notifyUrl: 'https://mall.example.cn/api/payments/notify/alipay',
      returnUrl: 'https://mall.example.cn/pay/po_1/return',
      expiresAt: new Date('2024-05-01T04:30:00Z'),
    });
    assert.equal(action.type, 'redirect');
    const url = new URL(action.type === 'redirect' ? action.url : '');
    assert.equal(`${url.origin}${url.pathname}`, GATEWAY);
    const params = Object.fromEntries(url.searchParams);
    assert.equal(params.method, 'alipay.trade.page.pay');
    assert.equal(params.app_id, APP_ID);
    assert.equal(params.sign_type, 'RSA2');
    assert.equal(params.timestamp, '2024-05-01 12:00:00');
    assert.equal(params.notify_url, 'https://mall.example.cn/api/payments/notify/alipay');
    assert.equal(params.return_url, 'https://mall.example.cn/pay/po_1/return');
    assert.ok(rsa2Verify(signContent(params, ['sign']), params.sign!, ourPublicKey), 'request sign verifies with our public key');
    assert.deepEqual(JSON.parse(params.biz_content!), {
      out_trade_no: 'pay_1',
      total_amount: '19.99',
      subject: '集市订单',
      time_expire: '2024-05-01 12:30:00',
      product_code: 'FAST_INSTANT_TRADE_PAY',
    });

    const wap = await provider.create({
      outTradeNo: 'pay_2',
      amountFen: 1,
      subject: 'x',
      channel: 'wap',
      notifyUrl: 'https://mall.example.cn/api/payments/notify/alipay',
      returnUrl: 'https://mall.example.cn/r',
      expiresAt: NOW,
    });
    const wapParams = Object.fromEntries(new URL(wap.type === 'redirect' ? wap.url : '').searchParams);
    assert.equal(wapParams.method, 'alipay.trade.wap.pay');
    assert.ok(rsa2Verify(signContent(wapParams, ['sign']), wapParams.sign!, ourPublicKey));
    assert.equal(JSON.parse(wapParams.biz_content!).product_code, 'QUICK_WAP_WAY');
    assert.equal(JSON.parse(wapParams.biz_content!).total_amount, '0.01');
    assert.equal(JSON.parse(wapParams.biz_content!).quit_url, 'https://mall.example.cn/r');

    const form = await createAlipayProvider({ ...config, pageMode: 'form' }, { now: () => NOW }).create({
      outTradeNo: 'pay_3', amountFen: 123456789, subject: 'x', channel: 'page', notifyUrl: 'https://n', returnUrl: 'https://r', expiresAt: NOW,
    });
    assert.equal(form.type, 'form');
    assert.match(form.type === 'form' ? form.html : '', /<form action="https:\/\/openapi\.alipay\.test\/gateway\.do\?[^"]+" method="post"/);
    assert.match(form.type === 'form' ? form.html : '', /1234567\.89/);
  });

  test('a QR (precreate) call is posted signed, and its answer verified', async () => {
    const { provider, requests } = providerWith({
      'alipay.trade.precreate': (biz) => gatewayAnswer('alipay.trade.precreate', { out_trade_no: biz.out_trade_no, qr_code: 'https://qr.alipay.com/bax00000' }),
    });
    const action = await provider.create({
      outTradeNo: 'pay_qr',
      amountFen: 123456789,
      subject: '大件',
      channel: 'native',
      notifyUrl: 'https://mall.example.cn/api/payments/notify/alipay',
      returnUrl: 'https://mall.example.cn/r',
      expiresAt: new Date('2024-05-01T04:15:00Z'),
    });
    assert.deepEqual(action, { type: 'qr', content: 'https://qr.alipay.com/bax00000' });
    const request = requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${GATEWAY}?charset=utf-8`);
    assert.match(request.headers['content-type']!, /^application\/x-www-form-urlencoded/);
    const params = formParams(request);
    assert.equal(params.method, 'alipay.trade.precreate');
    assert.equal(params.notify_url, 'https://mall.example.cn/api/payments/notify/alipay');
    assert.ok(rsa2Verify(signContent(params, ['sign']), params.sign!, ourPublicKey), 'request sign verifies with our public key');
    assert.ok(!rsa2Verify(signContent({ ...params, biz_content: params.biz_content!.replace('1234567.89', '0.01') }, ['sign']), params.sign!, ourPublicKey));
    assert.equal(bizContent(request).total_amount, '1234567.89');
    assert.equal(bizContent(request).time_expire, '2024-05-01 12:15:00');
  });

  test('answers that are unsigned, tampered or signed by someone else are never interpreted', async () => {
    const answer = (data: Record<string, unknown>) => gatewayAnswer('alipay.trade.query', { trade_status: 'TRADE_SUCCESS', total_amount: '0.01', trade_no: 't', ...data });
    const cases: [string, FakeAnswer][] = [
      ['unsigned_answer', gatewayAnswer('alipay.trade.query', { trade_status: 'TRADE_SUCCESS', total_amount: '0.01' }, null)],
      ['bad_answer_signature', gatewayAnswer('alipay.trade.query', { trade_status: 'TRADE_SUCCESS', total_amount: '0.01' }, stranger.privateKey)],
      ['bad_answer_signature', { ...answer({}), body: String(answer({}).body).replace('"0.01"', '"999.00"') }],
      ['http_status', { status: 502, body: 'bad gateway' }],
      ['unexpected_answer', { status: 200, body: '<html>' }],
    ];
    for (const [code, fake] of cases) {
      const { provider } = providerWith({ 'alipay.trade.query': () => fake });
      await assert.rejects(provider.query('pay_1'), (error: unknown) => error instanceof PaymentProviderError && error.code === code, code);
    }
  });

  test('query, close', async () => {
    const states: Record<string, unknown> = {
      pay_paid: { trade_status: 'TRADE_SUCCESS', total_amount: '19.99', trade_no: '2024T1', send_pay_date: '2024-05-01 12:00:01' },
      pay_wait: { trade_status: 'WAIT_BUYER_PAY', total_amount: '19.99', trade_no: '2024T2' },
      pay_closed: { trade_status: 'TRADE_CLOSED', total_amount: '19.99', trade_no: '2024T3' },
      pay_none: { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' },
    };
    const { provider, requests } = providerWith({
      'alipay.trade.query': (biz) => gatewayAnswer('alipay.trade.query', states[biz.out_trade_no as string] as Record<string, unknown>),
      'alipay.trade.close': (biz) =>
        gatewayAnswer('alipay.trade.close', biz.out_trade_no === 'pay_paid' ? { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_STATUS_ERROR' } : biz.out_trade_no === 'pay_none' ? { code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST' } : { out_trade_no: biz.out_trade_no }),
    });
    assert.deepEqual(await provider.query('pay_paid'), { status: 'paid', amountFen: 1999, providerTradeNo: '2024T1', paidAt: new Date('2024-05-01T04:00:01Z') });
    assert.deepEqual(await provider.query('pay_wait'), { status: 'pending', amountFen: 1999, providerTradeNo: '2024T2' });
    assert.equal((await provider.query('pay_closed')).status, 'closed');
    assert.deepEqual(await provider.query('pay_none'), { status: 'not_found' });
    await provider.close('pay_wait');
    await provider.close('pay_none');
    await assert.rejects(provider.close('pay_paid'), (error: unknown) => error instanceof PaymentProviderError && error.code === 'ACQ.TRADE_STATUS_ERROR');
    for (const request of requests) assert.ok(rsa2Verify(signContent(formParams(request), ['sign']), formParams(request).sign!, ourPublicKey));
  });

  test('refunds are idempotent by out_request_no; business refusals fail, system errors throw', async () => {
    let calls = 0;
    const { provider, requests } = providerWith({
      'alipay.trade.refund': (biz) => {
        calls++;
        if (biz.out_request_no === 'rfd_poor') return gatewayAnswer('alipay.trade.refund', { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.SELLER_BALANCE_NOT_ENOUGH', sub_msg: '卖家余额不足' });
        if (biz.out_request_no === 'rfd_busy') return gatewayAnswer('alipay.trade.refund', { code: '40004', sub_code: 'ACQ.SYSTEM_ERROR', sub_msg: '系统错误' });
        // the first call moves money (Y), a repeat does not (N)
        return gatewayAnswer('alipay.trade.refund', { trade_no: '2024T1', out_trade_no: biz.out_trade_no, refund_fee: biz.refund_amount, fund_change: calls === 1 ? 'Y' : 'N' });
      },
      'alipay.trade.fastpay.refund.query': (biz) =>
        gatewayAnswer('alipay.trade.fastpay.refund.query', { trade_no: '2024T1', out_request_no: biz.out_request_no, refund_amount: '0.01', refund_status: 'REFUND_SUCCESS' }),
    });
    const input = { outTradeNo: 'pay_1', outRefundNo: 'rfd_1', refundFen: 1, totalFen: 1999, reason: '七天无理由' };
    assert.deepEqual(await provider.refund(input), { status: 'succeeded', providerRefundNo: '2024T1' });
    assert.deepEqual(await provider.refund(input), { status: 'succeeded', providerRefundNo: '2024T1' });
    assert.deepEqual(bizContent(requests[0]!), { out_trade_no: 'pay_1', refund_amount: '0.01', out_request_no: 'rfd_1', refund_reason: '七天无理由' });
    assert.equal(formParams(requests[2]!).method, 'alipay.trade.fastpay.refund.query');
    const poor = await provider.refund({ ...input, outRefundNo: 'rfd_poor' });
    assert.equal(poor.status, 'failed');
    assert.match(poor.failureReason!, /ACQ\.SELLER_BALANCE_NOT_ENOUGH/);
    await assert.rejects(provider.refund({ ...input, outRefundNo: 'rfd_busy' }), (error: unknown) => error instanceof PaymentProviderError && error.retryable);
    assert.deepEqual(await provider.queryRefund('pay_1', 'rfd_1'), { status: 'succeeded', providerRefundNo: '2024T1' });
  });

  test('直付通: a refund after commission was shared returns it from the platform (refund_royalty_parameters)', async () => {
    const answers = { 'alipay.trade.refund': (biz: Record<string, unknown>) => gatewayAnswer('alipay.trade.refund', { trade_no: '2024T2', out_trade_no: biz.out_trade_no, refund_fee: biz.refund_amount, fund_change: 'Y' }) };
    const input = { outTradeNo: 'pay_2', outRefundNo: 'rfd_2', refundFen: 12_900, totalFen: 25_800, reason: '七天无理由', returnFromReceiversFen: 645 };
    await assert.rejects(providerWith(answers, { platformPid: undefined }).provider.refund(input), (error: unknown) => error instanceof PaymentProviderError && error.code === 'not_configured');
    const { provider, requests } = providerWith(answers, { platformPid: '2088000000000001' });
    assert.deepEqual(await provider.refund(input), { status: 'succeeded', providerRefundNo: '2024T2' });
    assert.deepEqual(bizContent(requests[0]!).refund_royalty_parameters, [
      { royalty_type: 'transfer', trans_out_type: 'userId', trans_out: '2088000000000001', amount: '6.45', desc: '退还平台佣金' },
    ]);
  });

  test('直付通: one shop goes into sub_merchant/settle_info frozen; several shops are refused', async () => {
    const { provider, requests } = providerWith({
      'alipay.trade.precreate': (biz) => gatewayAnswer('alipay.trade.precreate', { out_trade_no: biz.out_trade_no, qr_code: 'https://qr.alipay.com/x' }),
    });
    const input = {
      outTradeNo: 'pay_z',
      amountFen: 2500,
      subject: '店铺订单',
      channel: 'native' as const,
      notifyUrl: 'https://n',
      returnUrl: 'https://r',
      expiresAt: NOW,
      splits: [{ subMerchantId: '2088000000000077', outSubTradeNo: 'so_1', amountFen: 2500, description: '店铺A' }],
    };
    await provider.create(input);
    const biz = bizContent(requests[0]!);
    assert.deepEqual(biz.sub_merchant, { merchant_id: '2088000000000077' });
    assert.deepEqual(biz.settle_info, { settle_detail_infos: [{ trans_in_type: 'defaultSettle', amount: '25.00' }] });
    assert.deepEqual(biz.extend_params, { royalty_freeze: 'true' });
    await assert.rejects(
      provider.create({ ...input, splits: [{ ...input.splits[0]!, amountFen: 1000 }, { subMerchantId: '2088000000000088', outSubTradeNo: 'so_2', amountFen: 1500, description: '店铺B' }] }),
      (error: unknown) => error instanceof PaymentProviderError && error.code === 'combined_payment_unsupported',
    );
    await assert.rejects(provider.create({ ...input, channel: 'jsapi' }), (error: unknown) => error instanceof PaymentProviderError && error.code === 'channel_unsupported');
  });

  test('profit sharing settles the commission to the platform PID and finishes', async () => {
    const { provider, requests } = providerWith({
      'alipay.trade.order.settle': (biz) =>
        biz.out_request_no === 'ps_bad'
          ? gatewayAnswer('alipay.trade.order.settle', { code: '40004', sub_code: 'ACQ.ALLOC_AMOUNT_VALIDATE_ERROR', sub_msg: '分账金额超过最大可分账金额' })
          : gatewayAnswer('alipay.trade.order.settle', { trade_no: biz.trade_no, settle_no: '2024S1' }),
    });
    const input = {
      outTradeNo: 'pay_z',
      providerTradeNo: '2024T9',
      subMerchantId: '2088000000000077',
      outSubTradeNo: 'pay_z',
      outOrderNo: 'ps_1',
      receivers: [{ account: 'platform', amountFen: 123, description: '平台佣金' }],
      finish: true,
    };
    assert.deepEqual(await provider.profitShare(input), { status: 'finished' });
    assert.deepEqual(bizContent(requests[0]!), {
      out_request_no: 'ps_1',
      trade_no: '2024T9',
      royalty_parameters: [{ royalty_type: 'transfer', trans_in_type: 'userId', trans_in: PLATFORM_PID, amount: '1.23', desc: '平台佣金' }],
      royalty_mode: 'sync',
      extend_params: { royalty_finish: 'true' },
    });
    const failed = await provider.profitShare({ ...input, outOrderNo: 'ps_bad' });
    assert.equal(failed.status, 'failed');
    const noPid = providerWith({}, { platformPid: undefined }).provider;
    await assert.rejects(noPid.profitShare(input), (error: unknown) => error instanceof PaymentProviderError && error.code === 'not_configured');
  });
});

describe('Alipay bill', () => {
  // The documented 业务明细 layout: comment lines, one header, tab-padded cells, comment footer.
  const csv = [
    '#支付宝业务明细查询',
    '#账号：[20881011223344550156]',
    '#起始日期：[2024年05月01日 00:00:00]   终止日期：[2024年05月02日 00:00:00]',
    '#-----------------------------------------业务明细列表----------------------------------------',
    '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
    '2024050122001412345678901234\t,pay_a\t,交易\t,集市订单 2 件,2024-05-01 11:59:30,2024-05-01 12:00:01\t,\t,\t,\t,\t,buy***@example.com\t,19.99\t,19.99\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,\t,-0.12\t,0.00\t,',
    '2024050122001412345678905678\t,pay_b\t,交易\t,大件,2024-05-01 20:00:00,2024-05-01 20:00:09\t,\t,\t,\t,\t,big***@example.com\t,1234567.89\t,1234567.89\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,\t,-7407.41\t,0.00\t,',
    '2024050122001412345678901234\t,pay_a\t,退款\t,集市订单 2 件,2024-05-01 11:59:30,2024-05-01 21:30:00\t,\t,\t,\t,\t,buy***@example.com\t,-0.01\t,-0.01\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,rfd_1\t,0.00\t,0.00\t,',
    '#-----------------------------------------业务明细列表结束------------------------------------',
    '#交易合计：2笔，商家实收共1234587.88元，商家优惠共0.00元',
    '#退款合计：1笔，商家实收退款共-0.01元，商家优惠退款共0.00元',
    '#导出时间：[2024年05月02日 09:10:00]',
  ].join('\r\n');
  const expected = [
    { type: 'payment', outTradeNo: 'pay_a', providerTradeNo: '2024050122001412345678901234', amountFen: 1999, at: new Date('2024-05-01T04:00:01Z') },
    { type: 'payment', outTradeNo: 'pay_b', providerTradeNo: '2024050122001412345678905678', amountFen: 123456789, at: new Date('2024-05-01T12:00:09Z') },
    { type: 'refund', outTradeNo: 'pay_a', providerTradeNo: '2024050122001412345678901234', amountFen: 1, outRefundNo: 'rfd_1', at: new Date('2024-05-01T13:30:00Z') },
  ];

  test('the 业务明细 CSV is parsed into bill rows', () => {
    assert.deepEqual(parseAlipayBillCsv(csv), expected);
  });

  test('downloadBill fetches the URL, unzips the GBK files and reads the detail one', async () => {
    const zip = zipSync({
      '20881011223344550156_20240501_业务明细.csv': new Uint8Array(iconv.encode(csv, 'gbk')),
      '20881011223344550156_20240501_业务明细(汇总).csv': new Uint8Array(iconv.encode('#支付宝业务汇总查询\r\n门店编号,门店名称,交易订单总笔数,退款订单总笔数\r\n', 'gbk')),
    });
    const transport = fakeTransport((request) => {
      if (request.url.startsWith('https://dwbillcenter.alipay.test/')) return { status: 200, headers: { 'content-type': 'application/oct-stream' }, body: zip };
      const params = formParams(request);
      assert.equal(params.method, 'alipay.data.dataservice.bill.downloadurl.query');
      const biz = JSON.parse(params.biz_content!);
      if (biz.bill_date === '2024-05-03') return gatewayAnswer(params.method!, { code: '40004', sub_code: 'isp.bill_not_exist', sub_msg: '账单不存在' });
      assert.deepEqual(biz, { bill_type: 'trade', bill_date: '2024-05-01' });
      return gatewayAnswer(params.method!, { bill_download_url: 'https://dwbillcenter.alipay.test/downloadBillFile.resource?bizType=trade&fileType=csv.zip' });
    });
    const provider = createAlipayProvider(config, { fetch: transport.fetch, now: () => NOW });
    assert.deepEqual(await provider.downloadBill('2024-05-01'), expected);
    assert.deepEqual(await provider.downloadBill('2024-05-03'), []);
    await assert.rejects(provider.downloadBill('20240501'), RangeError);
  });
});

describe('Alipay configuration', () => {
  test('from the environment, with key files', async () => {
    assert.equal(alipayConfigFromEnv({}), undefined);
    assert.throws(() => alipayConfigFromEnv({ ALIPAY_APP_ID: APP_ID }), /ALIPAY_PRIVATE_KEY\(_PATH\), ALIPAY_PUBLIC_KEY\(_PATH\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-alipay-'));
    try {
      const keyPath = path.join(dir, 'app_private_key.pem');
      fs.writeFileSync(keyPath, us.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      const loaded = alipayConfigFromEnv({
        ALIPAY_APP_ID: APP_ID,
        ALIPAY_PRIVATE_KEY_PATH: keyPath,
        ALIPAY_PUBLIC_KEY: alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        ALIPAY_SELLER_ID: SELLER_ID,
        ALIPAY_PLATFORM_PID: PLATFORM_PID,
      });
      assert.equal(loaded?.gateway, 'https://openapi.alipay.com/gateway.do');
      assert.equal(loaded?.sellerId, SELLER_ID);
      assert.equal(loaded?.platformPid, PLATFORM_PID);
      // the loaded configuration really works: it verifies a notification
      const provider = createAlipayProvider({ ...loaded!, gateway: GATEWAY });
      assert.equal((await provider.verifyNotification(notification(), NOW)).kind, 'payment');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
