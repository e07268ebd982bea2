import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotificationRejected, type IncomingNotification } from '../provider.ts';
import { PaymentProviderError } from './common.ts';
import { createWechatpayProvider, parseWechatpayBill, wechatpayConfigFromEnv, type WechatpayConfig } from './wechatpay.provider.ts';
import { fakeTransport, type FakeAnswer, type RecordedRequest } from './test-transport.ts';
import { FIXTURE_PLATFORM_CERT, FIXTURE_PLATFORM_CERT_SERIAL, FIXTURE_PLATFORM_KEY } from './test-fixtures.ts';

// "us" (the merchant API key) and "WeChat Pay" (the WeChat Pay public key pair), both made here.
const us = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const wechat = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

const MCH_ID = '1900000109';
const APP_ID = 'wxd678efh567hg6787';
const OUR_SERIAL = '3775B6A45ACD588826D15E583A95F5DD********'.replace(/\*/g, '0');
const API_V3_KEY = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
const PUB_KEY_ID = 'PUB_KEY_ID_0119000001092024050100000000000001';
const BASE = 'https://api.mch.weixin.test';
const NOW = new Date('2024-05-01T04:00:00Z'); // 12:00 China time
const TS = String(NOW.getTime() / 1000);

const direct: WechatpayConfig = {
  mchId: MCH_ID,
  appId: APP_ID,
  serialNo: OUR_SERIAL,
  privateKey: us.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  apiV3Key: API_V3_KEY,
  publicKey: wechat.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  publicKeyId: PUB_KEY_ID,
  partner: false,
  baseUrl: BASE,
};
const partner: WechatpayConfig = { ...direct, partner: true };

function rsaSign(message: string, key: crypto.KeyObject | string): string {
  return crypto.sign('sha256', Buffer.from(message, 'utf8'), key).toString('base64');
}

/** AEAD_AES_256_GCM the way WeChat Pay encrypts a resource: base64(ciphertext ‖ tag). */
function encryptResource(plaintext: string, options: { key?: string; nonce?: string; aad?: string; type?: string } = {}) {
  const nonce = options.nonce ?? 'fdasflkja484';
  const aad = options.aad ?? 'transaction';
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(options.key ?? API_V3_KEY, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { original_type: options.type ?? 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce };
}

interface SignOptions {
  key?: crypto.KeyObject | string;
  serial?: string;
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

function signedHeaders(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? TS;
  const nonce = options.nonce ?? 'D5E0E2A9C6B74E2B8A5F1C3D7E9F0A1B';
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': options.signature ?? rsaSign(`${timestamp}\n${nonce}\n${body}\n`, options.key ?? wechat.privateKey),
    'wechatpay-serial': options.serial ?? PUB_KEY_ID,
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** A notification exactly as WeChat Pay posts it. */
function notification(eventType: string, data: unknown, options: SignOptions & { apiV3Key?: string } = {}): IncomingNotification {
  const rawBody = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2024-05-01T12:00:05+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: eventType.startsWith('REFUND') ? '退款成功' : '支付成功',
    resource: encryptResource(JSON.stringify(data), { key: options.apiV3Key, type: eventType.startsWith('REFUND') ? 'refund' : 'transaction' }),
  });
  return { headers: { 'content-type': 'application/json', 'request-id': '08F78BB5AF0610D302F9D3A3A00E5D2E', ...signedHeaders(rawBody, options) }, rawBody };
}

function transaction(total: number, overrides: Record<string, unknown> = {}) {
  return {
    appid: APP_ID,
    mchid: MCH_ID,
    out_trade_no: 'pay_01HXYZ0000000000000001',
    transaction_id: '4200002024050112345678901234',
    trade_type: 'NATIVE',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'CMC',
    attach: '',
    success_time: '2024-05-01T12:00:01+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides,
  };
}

/** A signed WeChat Pay answer. */
function answer(status: number, body: unknown, options: SignOptions = {}): FakeAnswer {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, headers: { 'content-type': 'application/json', 'request-id': 'R1', ...signedHeaders(text, options) }, body: text };
}

function authorizationOf(request: RecordedRequest): Record<string, string> {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(request.headers.authorization ?? '');
  assert.ok(m, 'Authorization header');
  return Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
}

/** Checks the request's Authorization signature with our public key, as WeChat Pay does. */
function assertSignedByUs(request: RecordedRequest): void {
  const auth = authorizationOf(request);
  assert.equal(auth.mchid, MCH_ID);
  assert.equal(auth.serial_no, OUR_SERIAL);
  assert.equal(auth.timestamp, TS);
  assert.match(auth.nonce_str!, /^[0-9A-F]{32}$/);
  const url = new URL(request.url);
  const message = `${request.method}\n${url.pathname}${url.search}\n${auth.timestamp}\n${auth.nonce_str}\n${request.body ?? ''}\n`;
  assert.ok(crypto.verify('sha256', Buffer.from(message), us.publicKey, Buffer.from(auth.signature!, 'base64')), `signature of ${request.method} ${url.pathname}`);
}

function provider(config: WechatpayConfig, handler: (request: RecordedRequest) => FakeAnswer = () => ({ status: 599 })) {
  const transport = fakeTransport(handler);
  return { provider: createWechatpayProvider(config, { fetch: transport.fetch, now: () => NOW }), requests: transport.requests };
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

function providerError(code: string) {
  return (error: unknown) => error instanceof PaymentProviderError && error.code === code;
}

describe('WeChat Pay notifications', () => {
  const { provider: wx } = provider(direct);

  test('TRANSACTION.SUCCESS is verified, decrypted and decoded, amounts exact', async () => {
    for (const fen of [1, 1999, 123456789]) {
      const verified = await wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(fen)), NOW);
      assert.deepEqual(verified, {
        kind: 'payment',
        outTradeNo: 'pay_01HXYZ0000000000000001',
        providerTradeNo: '4200002024050112345678901234',
        amountFen: fen,
        status: 'paid',
        appId: APP_ID,
        merchantId: MCH_ID,
        paidAt: new Date('2024-05-01T04:00:01Z'),
      });
    }
  });

  test('REFUND.SUCCESS becomes a refund notification', async () => {
    const refund = {
      mchid: MCH_ID,
      out_trade_no: 'pay_1',
      transaction_id: '4200002024050112345678901234',
      out_refund_no: 'rfd_1',
      refund_id: '50000000382019052709732678859',
      refund_status: 'SUCCESS',
      success_time: '2024-05-02T10:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 1999, refund: 500, payer_total: 1999, payer_refund: 500 },
    };
    assert.deepEqual(await wx.verifyNotification(notification('REFUND.SUCCESS', refund), NOW), {
      kind: 'refund',
      outTradeNo: 'pay_1',
      outRefundNo: 'rfd_1',
      providerRefundNo: '50000000382019052709732678859',
      refundFen: 500,
      status: 'succeeded',
      appId: APP_ID,
      merchantId: MCH_ID,
    });
    const abnormal = await wx.verifyNotification(notification('REFUND.ABNORMAL', { ...refund, refund_status: 'ABNORMAL' }), NOW);
    assert.equal(abnormal.kind === 'refund' && abnormal.status, 'failed');
    assert.equal(await rejection(wx.verifyNotification(notification('REFUND.SUCCESS', { ...refund, mchid: '1900000999' }), NOW)), 'foreign_app');
  });

  test('a combined (合单) notification in partner mode sums the shops’ sub-orders', async () => {
    const { provider: wxp } = provider(partner);
    const combine = {
      combine_appid: APP_ID,
      combine_mchid: MCH_ID,
      combine_out_trade_no: 'pay_combined',
      combine_payer_info: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      scene_info: { device_id: 'POS1:1' },
      sub_orders: [
        { mchid: MCH_ID, sub_mchid: '1900000001', trade_type: 'NATIVE', trade_state: 'SUCCESS', bank_type: 'CMC', attach: 'so_1', success_time: '2024-05-01T12:00:01+08:00', transaction_id: '4200000001', out_trade_no: 'so_1', amount: { total_amount: 1999, payer_amount: 1999, currency: 'CNY', payer_currency: 'CNY' } },
        { mchid: MCH_ID, sub_mchid: '1900000002', trade_type: 'NATIVE', trade_state: 'SUCCESS', bank_type: 'CMC', attach: 'so_2', success_time: '2024-05-01T12:00:02+08:00', transaction_id: '4200000002', out_trade_no: 'so_2', amount: { total_amount: 1, payer_amount: 1, currency: 'CNY', payer_currency: 'CNY' } },
      ],
    };
    assert.deepEqual(await wxp.verifyNotification(notification('TRANSACTION.SUCCESS', combine), NOW), {
      kind: 'payment',
      outTradeNo: 'pay_combined',
      providerTradeNo: '4200000001,4200000002',
      amountFen: 2000,
      status: 'paid',
      appId: APP_ID,
      merchantId: MCH_ID,
      paidAt: new Date('2024-05-01T04:00:02Z'),
    });
    assert.equal(await rejection(wxp.verifyNotification(notification('TRANSACTION.SUCCESS', { ...combine, combine_mchid: '1900000999' }), NOW)), 'foreign_app');
    // a partner (服务商) transaction names sp_appid / sp_mchid
    const sp = transaction(5, { appid: undefined, mchid: undefined, sp_appid: APP_ID, sp_mchid: MCH_ID, sub_mchid: '1900000001' });
    assert.equal((await wxp.verifyNotification(notification('TRANSACTION.SUCCESS', sp), NOW)).merchantId, MCH_ID);
    assert.equal(await rejection(wxp.verifyNotification(notification('TRANSACTION.SUCCESS', { ...sp, sp_appid: 'wx0000000000000000' }), NOW)), 'foreign_app');
  });

  test('forged, stale, probing and foreign notifications are rejected with the right reason', async () => {
    const genuine = notification('TRANSACTION.SUCCESS', transaction(1));
    // tampered: a different (validly encrypted) amount under the old signature
    const forged = notification('TRANSACTION.SUCCESS', transaction(999900));
    assert.equal(await rejection(wx.verifyNotification({ headers: genuine.headers, rawBody: forged.rawBody }, NOW)), 'bad_signature');
    const body = JSON.parse(genuine.rawBody);
    body.summary = '支付成功!';
    assert.equal(await rejection(wx.verifyNotification({ headers: genuine.headers, rawBody: JSON.stringify(body) }, NOW)), 'bad_signature');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { key: stranger.privateKey }), NOW)), 'bad_signature');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { key: us.privateKey }), NOW)), 'bad_signature');
    for (const header of ['wechatpay-signature', 'wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-serial']) {
      const headers = { ...genuine.headers };
      delete headers[header];
      assert.equal(await rejection(wx.verifyNotification({ headers, rawBody: genuine.rawBody }, NOW)), 'missing_signature', header);
    }
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { serial: 'PUB_KEY_ID_0119000001092099999999999999999999' }), NOW)), 'unknown_key');
    const sixMinutesAgo = String(Number(TS) - 360);
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { timestamp: sixMinutesAgo }), NOW)), 'stale_timestamp');
    const fourMinutesAgo = String(Number(TS) - 240);
    assert.equal((await wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { timestamp: fourMinutesAgo }), NOW)).kind, 'payment');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { signature: 'WECHATPAY/SIGNTEST/Gv+7zWo0Kdwr1fB0YNn+oe+yBbHRHlCQ==' }), NOW)), 'probe');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1, { appid: 'wx0000000000000000' })), NOW)), 'foreign_app');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1, { mchid: '1900000999' })), NOW)), 'foreign_app');
    // signed by WeChat Pay but encrypted with another merchant's APIv3 key
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { apiV3Key: 'z'.repeat(32) }), NOW)), 'bad_signature');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1, { trade_state: 'NOTPAY' })), NOW)), 'malformed');
    assert.equal(await rejection(wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1.5)), NOW)), 'malformed');
    assert.equal(await rejection(wx.verifyNotification(notification('COUPON.USE', {}), NOW)), 'malformed');
  });

  test('platform-certificate mode: an unknown serial fetches /v3/certificates once, decrypted and self-verified', async () => {
    const certKey = crypto.createPrivateKey(FIXTURE_PLATFORM_KEY);
    const certConfig: WechatpayConfig = { ...direct, publicKey: undefined, publicKeyId: undefined };
    let downloads = 0;
    const { provider: wxc, requests } = provider(certConfig, (request) => {
      assert.equal(new URL(request.url).pathname, '/v3/certificates');
      downloads++;
      return answer(
        200,
        {
          data: [
            {
              serial_no: FIXTURE_PLATFORM_CERT_SERIAL,
              effective_time: '2024-01-01T00:00:00+08:00',
              expire_time: '2029-01-01T00:00:00+08:00',
              encrypt_certificate: encryptResource(FIXTURE_PLATFORM_CERT, { aad: 'certificate', type: 'certificate' }),
            },
          ],
        },
        { key: certKey, serial: FIXTURE_PLATFORM_CERT_SERIAL },
      );
    });
    const signedByCert = notification('TRANSACTION.SUCCESS', transaction(1999), { key: certKey, serial: FIXTURE_PLATFORM_CERT_SERIAL });
    assert.equal((await wxc.verifyNotification(signedByCert, NOW)).kind, 'payment');
    assertSignedByUs(requests[0]!);
    assert.equal(await rejection(wxc.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1), { key: certKey, serial: 'ABCDEF' }), NOW)), 'unknown_key');
    assert.equal(downloads, 1, 'at most one download per interval');
    // configured certificates need no download at all
    const { provider: preset, requests: none } = provider({ ...certConfig, platformCerts: [FIXTURE_PLATFORM_CERT] });
    assert.equal((await preset.verifyNotification(signedByCert, NOW)).kind, 'payment');
    assert.equal(none.length, 0);
    // a certificate list signed by a stranger is refused
    const { provider: fooled } = provider(certConfig, () =>
      answer(200, { data: [{ serial_no: FIXTURE_PLATFORM_CERT_SERIAL, encrypt_certificate: encryptResource(FIXTURE_PLATFORM_CERT, { aad: 'certificate' }) }] }, { key: stranger.privateKey, serial: FIXTURE_PLATFORM_CERT_SERIAL }),
    );
    assert.equal(await rejection(fooled.verifyNotification(signedByCert, NOW)), 'unknown_key');
  });

  test('acks', () => {
    assert.deepEqual(wx.notificationAck(true), { status: 200, contentType: 'application/json', body: '{"code":"SUCCESS"}' });
    const fail = wx.notificationAck(false);
    assert.ok(fail.status >= 400);
    assert.equal(JSON.parse(fail.body).code, 'FAIL');
    assert.ok(JSON.parse(fail.body).message);
  });
});

describe('WeChat Pay requests', () => {
  const createInput = {
    outTradeNo: 'pay_1',
    amountFen: 1999,
    subject: '集市订单',
    notifyUrl: 'https://mall.example.cn/api/payments/notify/wechatpay',
    returnUrl: 'https://mall.example.cn/pay/po_1/return',
    expiresAt: new Date('2024-05-01T04:30:00Z'),
  };

  test('Native: the request is signed verifiably with our key, the answer verified', async () => {
    const { provider: wx, requests } = provider(direct, () => answer(200, { code_url: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' }));
    assert.deepEqual(await wx.create({ ...createInput, channel: 'native' }), { type: 'qr', content: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' });
    const request = requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${BASE}/v3/pay/transactions/native`);
    assertSignedByUs(request);
    assert.deepEqual(JSON.parse(request.body!), {
      appid: APP_ID,
      mchid: MCH_ID,
      description: '集市订单',
      out_trade_no: 'pay_1',
      time_expire: '2024-05-01T12:30:00+08:00',
      notify_url: 'https://mall.example.cn/api/payments/notify/wechatpay',
      amount: { total: 1999, currency: 'CNY' },
    });
    // a tampered body no longer matches the signature
    const tampered = { ...request, body: request.body!.replace('1999', '1') };
    assert.throws(() => assertSignedByUs(tampered));
  });

  test('answers that are unsigned, tampered, probing, stale or from an unknown key are never interpreted', async () => {
    const good = answer(200, { code_url: 'weixin://wxpay/bizpayurl?pr=x' });
    const cases: FakeAnswer[] = [
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"code_url":"weixin://evil"}' },
      { ...good, body: '{"code_url":"weixin://evil"}' },
      answer(200, { code_url: 'weixin://x' }, { key: stranger.privateKey }),
      answer(200, { code_url: 'weixin://x' }, { signature: 'WECHATPAY/SIGNTEST/abc' }),
      answer(200, { code_url: 'weixin://x' }, { timestamp: String(Number(TS) - 3600) }),
      answer(200, { code_url: 'weixin://x' }, { serial: 'PUB_KEY_ID_OTHER' }),
    ];
    for (const fake of cases) {
      const { provider: wx } = provider(direct, () => fake);
      await assert.rejects(wx.create({ ...createInput, channel: 'native' }), providerError('bad_answer_signature'));
    }
    // a 4xx answer that does not verify is not taken as a business refusal either
    const { provider: wx } = provider(direct, () => ({ status: 400, headers: {}, body: '{"code":"NOT_ENOUGH","message":"余额不足"}' }));
    await assert.rejects(wx.refund({ outTradeNo: 'p', outRefundNo: 'r', refundFen: 1, totalFen: 1, reason: 'x' }), providerError('bad_answer_signature'));
  });

  test('JSAPI returns signed WeixinJSBridge parameters; H5 a redirect', async () => {
    const { provider: wx, requests } = provider(direct, (request) =>
      request.url.endsWith('/jsapi') ? answer(200, { prepay_id: 'wx201410272009395522657a690389285100' }) : answer(200, { h5_url: 'https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2016&package=1037687096' }),
    );
    const action = await wx.create({ ...createInput, channel: 'jsapi', openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    assert.equal(action.type, 'jsapi');
    const params = action.type === 'jsapi' ? action.params : {};
    assert.equal(params.appId, APP_ID);
    assert.equal(params.timeStamp, TS);
    assert.equal(params.package, 'prepay_id=wx201410272009395522657a690389285100');
    assert.equal(params.signType, 'RSA');
    const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    assert.ok(crypto.verify('sha256', Buffer.from(message), us.publicKey, Buffer.from(params.paySign!, 'base64')), 'paySign verifies with our public key');
    assert.deepEqual(JSON.parse(requests[0]!.body!).payer, { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    await assert.rejects(wx.create({ ...createInput, channel: 'jsapi' }), providerError('openid_required'));

    const h5 = await wx.create({ ...createInput, channel: 'wap', clientIp: '203.0.113.7' });
    assert.equal(h5.type === 'redirect' && h5.url, 'https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2016&package=1037687096&redirect_url=https%3A%2F%2Fmall.example.cn%2Fpay%2Fpo_1%2Freturn');
    assert.deepEqual(JSON.parse(requests.at(-1)!.body!).scene_info, { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } });
  });

  test('partner mode: splits become a combined order (合单) frozen for profit sharing', async () => {
    const { provider: wx, requests } = provider(partner, () => answer(200, { prepay_id: 'wx_combined' }));
    await wx.create({
      ...createInput,
      channel: 'jsapi',
      openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      clientIp: '203.0.113.7',
      splits: [
        { subMerchantId: '1900000001', outSubTradeNo: 'so_1', amountFen: 1998, description: '店铺A 商品' },
        { subMerchantId: '1900000002', outSubTradeNo: 'so_2', amountFen: 1, description: '店铺B 商品' },
      ],
    });
    const request = requests[0]!;
    assert.equal(request.url, `${BASE}/v3/combine-transactions/jsapi`);
    assertSignedByUs(request);
    assert.deepEqual(JSON.parse(request.body!), {
      combine_appid: APP_ID,
      combine_mchid: MCH_ID,
      combine_out_trade_no: 'pay_1',
      time_expire: '2024-05-01T12:30:00+08:00',
      notify_url: 'https://mall.example.cn/api/payments/notify/wechatpay',
      sub_orders: [
        { mchid: MCH_ID, sub_mchid: '1900000001', attach: 'so_1', amount: { total_amount: 1998, currency: 'CNY' }, out_trade_no: 'so_1', description: '店铺A 商品', settle_info: { profit_sharing: true } },
        { mchid: MCH_ID, sub_mchid: '1900000002', attach: 'so_2', amount: { total_amount: 1, currency: 'CNY' }, out_trade_no: 'so_2', description: '店铺B 商品', settle_info: { profit_sharing: true } },
      ],
      scene_info: { payer_client_ip: '203.0.113.7' },
      combine_payer_info: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    await assert.rejects(wx.create({ ...createInput, channel: 'native' }), providerError('sub_merchant_required'));
    const { provider: wxd } = provider(direct);
    await assert.rejects(wxd.create({ ...createInput, channel: 'native', splits: [{ subMerchantId: '1', outSubTradeNo: 's', amountFen: 1999, description: 'd' }] }), providerError('partner_mode_required'));
  });

  test('query and close (direct)', async () => {
    const { provider: wx, requests } = provider(direct, (request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/close')) return answer(204, undefined);
      const no = decodeURIComponent(url.pathname.split('/').pop()!);
      if (no === 'pay_none') return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      if (no === 'pay_wait') return answer(200, transaction(1999, { out_trade_no: no, trade_state: 'NOTPAY', transaction_id: undefined, success_time: undefined }));
      return answer(200, transaction(1999, { out_trade_no: no }));
    });
    assert.deepEqual(await wx.query('pay_paid'), { status: 'paid', amountFen: 1999, providerTradeNo: '4200002024050112345678901234', paidAt: new Date('2024-05-01T04:00:01Z') });
    assert.equal(requests[0]!.url, `${BASE}/v3/pay/transactions/out-trade-no/pay_paid?mchid=${MCH_ID}`);
    assertSignedByUs(requests[0]!);
    assert.deepEqual(await wx.query('pay_wait'), { status: 'pending', amountFen: 1999 });
    assert.deepEqual(await wx.query('pay_none'), { status: 'not_found' });
    await wx.close('pay_wait');
    const close = requests.at(-1)!;
    assert.equal(close.url, `${BASE}/v3/pay/transactions/out-trade-no/pay_wait/close`);
    assert.deepEqual(JSON.parse(close.body!), { mchid: MCH_ID });
    assertSignedByUs(close);
  });

  test('refunds (direct): idempotent by out_refund_no, 4xx fails, 5xx throws', async () => {
    const { provider: wx, requests } = provider({ ...direct, refundNotifyUrl: 'https://mall.example.cn/api/payments/notify/wechatpay' }, (request) => {
      const url = new URL(request.url);
      if (request.method === 'GET') return answer(200, { refund_id: '5000001', out_refund_no: url.pathname.split('/').pop(), status: 'SUCCESS', amount: { refund: 500 } });
      const body = JSON.parse(request.body!);
      if (body.out_refund_no === 'rfd_poor') return answer(403, { code: 'NOT_ENOUGH', message: '基本账户余额不足' });
      if (body.out_refund_no === 'rfd_busy') return { status: 500, body: '{"code":"SYSTEM_ERROR"}' };
      return answer(200, { refund_id: '5000001', out_refund_no: body.out_refund_no, status: 'PROCESSING', amount: { refund: body.amount.refund } });
    });
    const input = { outTradeNo: 'pay_1', outRefundNo: 'rfd_1', refundFen: 500, totalFen: 1999, reason: '七天无理由' };
    assert.deepEqual(await wx.refund(input), { status: 'processing', providerRefundNo: '5000001' });
    assert.equal(requests[0]!.url, `${BASE}/v3/refund/domestic/refunds`);
    assertSignedByUs(requests[0]!);
    assert.deepEqual(JSON.parse(requests[0]!.body!), {
      out_trade_no: 'pay_1',
      out_refund_no: 'rfd_1',
      reason: '七天无理由',
      amount: { refund: 500, total: 1999, currency: 'CNY' },
      notify_url: 'https://mall.example.cn/api/payments/notify/wechatpay',
    });
    const poor = await wx.refund({ ...input, outRefundNo: 'rfd_poor' });
    assert.equal(poor.status, 'failed');
    assert.match(poor.failureReason!, /余额不足/);
    await assert.rejects(wx.refund({ ...input, outRefundNo: 'rfd_busy' }), (error: unknown) => error instanceof PaymentProviderError && error.retryable);
    assert.deepEqual(await wx.queryRefund('pay_1', 'rfd_1'), { status: 'succeeded', providerRefundNo: '5000001' });
    assert.equal(requests.at(-1)!.url, `${BASE}/v3/refund/domestic/refunds/rfd_1`);
  });

  const combinedOrder = {
    combine_appid: APP_ID,
    combine_mchid: MCH_ID,
    combine_out_trade_no: 'pay_c',
    sub_orders: [
      { mchid: MCH_ID, sub_mchid: '1900000001', out_trade_no: 'so_1', transaction_id: '4200000001', trade_state: 'SUCCESS', success_time: '2024-05-01T12:00:01+08:00', amount: { total_amount: 1500, payer_amount: 1500, currency: 'CNY' } },
      { mchid: MCH_ID, sub_mchid: '1900000002', out_trade_no: 'so_2', transaction_id: '4200000002', trade_state: 'SUCCESS', success_time: '2024-05-01T12:00:01+08:00', amount: { total_amount: 500, payer_amount: 500, currency: 'CNY' } },
    ],
  };

  test('partner mode: combined query and close, ecommerce refund against the shop’s sub-order', async () => {
    const { provider: wx, requests } = provider(partner, (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v3/combine-transactions/out-trade-no/pay_c') return answer(200, combinedOrder);
      if (url.pathname === '/v3/combine-transactions/out-trade-no/pay_c/close') return answer(204, undefined);
      if (url.pathname === '/v3/ecommerce/refunds/apply') return answer(200, { refund_id: '5000009', out_refund_no: 'rfd_9', create_time: '2024-05-02T10:00:00+08:00', amount: { refund: 200, payer_refund: 200, discount_refund: 0, currency: 'CNY' } });
      if (url.pathname === '/v3/ecommerce/refunds/out-refund-no/rfd_9') {
        return url.searchParams.get('sub_mchid') === '1900000002' ? answer(200, { refund_id: '5000009', out_refund_no: 'rfd_9', status: 'SUCCESS', amount: { refund: 200 } }) : answer(404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
      }
      return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    });
    assert.deepEqual(await wx.query('pay_c'), { status: 'paid', amountFen: 2000, providerTradeNo: '4200000001,4200000002', paidAt: new Date('2024-05-01T04:00:01Z') });
    assert.deepEqual(await wx.query('pay_missing'), { status: 'not_found' });
    await wx.close('pay_c');
    assert.deepEqual(JSON.parse(requests.at(-1)!.body!), {
      combine_appid: APP_ID,
      sub_orders: [
        { mchid: MCH_ID, out_trade_no: 'so_1', sub_mchid: '1900000001' },
        { mchid: MCH_ID, out_trade_no: 'so_2', sub_mchid: '1900000002' },
      ],
    });
    const result = await wx.refund({ outTradeNo: 'pay_c', outRefundNo: 'rfd_9', refundFen: 200, totalFen: 2000, reason: '缺货', subMerchantId: '1900000002', outSubTradeNo: 'so_2' });
    assert.deepEqual(result, { status: 'processing', providerRefundNo: '5000009' });
    const apply = requests.at(-1)!;
    assertSignedByUs(apply);
    assert.deepEqual(JSON.parse(apply.body!), {
      sub_mchid: '1900000002',
      sp_appid: APP_ID,
      out_trade_no: 'so_2',
      out_refund_no: 'rfd_9',
      reason: '缺货',
      amount: { refund: 200, total: 500, currency: 'CNY' },
    });
    assert.deepEqual(await wx.queryRefund('pay_c', 'rfd_9'), { status: 'succeeded', providerRefundNo: '5000009' });
    await assert.rejects(wx.queryRefund('pay_c', 'rfd_none'), providerError('refund_not_found'));
  });

  test('partner mode: a refund after profit sharing first returns the platform’s commission share (分账回退)', async () => {
    const { provider: wx, requests } = provider(partner, (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v3/combine-transactions/out-trade-no/pay_c') return answer(200, combinedOrder);
      if (url.pathname === '/v3/ecommerce/profitsharing/returnorders') return answer(200, { sub_mchid: '1900000002', order_id: '3008450740201411110007820472', out_order_no: 'stl_9', out_return_no: 'rfd_10', return_mchid: MCH_ID, amount: 30, result: 'SUCCESS' });
      if (url.pathname === '/v3/ecommerce/refunds/apply') return answer(200, { refund_id: '5000010', out_refund_no: 'rfd_10', create_time: '2024-05-02T10:00:00+08:00', amount: { refund: 200, payer_refund: 200, discount_refund: 0, currency: 'CNY' } });
      return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    });
    const input = { outTradeNo: 'pay_c', outRefundNo: 'rfd_10', refundFen: 200, totalFen: 2000, reason: '七天无理由', subMerchantId: '1900000002', outSubTradeNo: 'so_2', returnFromReceiversFen: 30 };
    await assert.rejects(wx.refund(input), providerError('invalid_request'), 'the profit-sharing order must be named');
    assert.deepEqual(await wx.refund({ ...input, profitShareOrderNo: 'stl_9' }), { status: 'processing', providerRefundNo: '5000010' });
    const [back, apply] = requests.filter((r) => r.method === 'POST').slice(-2);
    assertSignedByUs(back!);
    assert.equal(new URL(back!.url).pathname, '/v3/ecommerce/profitsharing/returnorders');
    assert.deepEqual(JSON.parse(back!.body!), { sub_mchid: '1900000002', out_order_no: 'stl_9', out_return_no: 'rfd_10', return_mchid: MCH_ID, amount: 30, description: '退还平台佣金' });
    assert.equal(new URL(apply!.url).pathname, '/v3/ecommerce/refunds/apply');
    assert.equal(JSON.parse(apply!.body!).amount.refund, 200, 'the shop refunds the whole amount once the commission is back');
  });

  test('partner mode: profit sharing takes the commission to the platform and finishes', async () => {
    const { provider: wx, requests } = provider(partner, (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v3/combine-transactions/out-trade-no/pay_c') return answer(200, combinedOrder);
      if (request.method === 'POST') return answer(200, { sub_mchid: '1900000001', transaction_id: '4200000001', out_order_no: 'ps_1', order_id: '3008450740201411110007820472' });
      return answer(200, { sub_mchid: '1900000001', transaction_id: '4200000001', out_order_no: url.searchParams.get('out_order_no'), order_id: '30084507', status: 'FINISHED', receivers: [{ type: 'MERCHANT_ID', receiver_account: MCH_ID, amount: 75, result: 'SUCCESS' }] });
    });
    const input = {
      outTradeNo: 'pay_c',
      providerTradeNo: '4200000001,4200000002',
      subMerchantId: '1900000001',
      outSubTradeNo: 'so_1',
      outOrderNo: 'ps_1',
      receivers: [{ account: 'platform', amountFen: 75, description: '平台佣金' }],
      finish: true,
    };
    assert.deepEqual(await wx.profitShare(input), { status: 'finished' });
    const share = requests.find((r) => r.method === 'POST')!;
    assert.equal(share.url, `${BASE}/v3/ecommerce/profitsharing/orders`);
    assertSignedByUs(share);
    assert.deepEqual(JSON.parse(share.body!), {
      appid: APP_ID,
      sub_mchid: '1900000001',
      transaction_id: '4200000001',
      out_order_no: 'ps_1',
      receivers: [{ type: 'MERCHANT_ID', receiver_account: MCH_ID, amount: 75, description: '平台佣金' }],
      finish: true,
    });
    assert.equal(requests.at(-1)!.url, `${BASE}/v3/ecommerce/profitsharing/orders?sub_mchid=1900000001&transaction_id=4200000001&out_order_no=ps_1`);
    await wx.profitShare({ ...input, outOrderNo: 'ps_2', receivers: [] });
    const finish = requests.filter((r) => r.method === 'POST').at(-1)!;
    assert.equal(finish.url, `${BASE}/v3/ecommerce/profitsharing/finish-order`);
    assert.deepEqual(JSON.parse(finish.body!), { sub_mchid: '1900000001', transaction_id: '4200000001', out_order_no: 'ps_2', description: '分账完结' });
  });
});

describe('WeChat Pay bill', () => {
  // The documented 交易账单 (bill_type=ALL) layout: header, backtick-prefixed cells, two summary lines.
  const csv = [
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
    `\`2024-05-01 12:00:01,\`${APP_ID},\`${MCH_ID},\`0,\`,\`4200002024050112345678901234,\`pay_a,\`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,\`NATIVE,\`SUCCESS,\`CMC,\`CNY,\`19.99,\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`集市订单,\`,\`0.12000,\`0.60%,\`19.99,\`0.00,\``,
    `\`2024-05-01 20:00:09,\`${APP_ID},\`${MCH_ID},\`0,\`,\`4200002024050112345678905678,\`pay_b,\`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,\`JSAPI,\`SUCCESS,\`CMC,\`CNY,\`1234567.89,\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`大件,\`,\`7407.41000,\`0.60%,\`1234567.89,\`0.00,\``,
    `\`2024-05-01 21:30:00,\`${APP_ID},\`${MCH_ID},\`0,\`,\`4200002024050112345678901234,\`pay_a,\`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,\`NATIVE,\`REFUND,\`CMC,\`CNY,\`0.00,\`0.00,\`50000000382019052709732678859,\`rfd_1,\`0.01,\`0.00,\`ORIGINAL,\`SUCCESS,\`集市订单,\`,\`0.00000,\`0.60%,\`0.00,\`0.01,\``,
    `\`2024-05-01 22:00:00,\`${APP_ID},\`${MCH_ID},\`0,\`,\`4200002024050112345678909999,\`pay_c,\`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,\`MICROPAY,\`REVOKED,\`CMC,\`CNY,\`0.00,\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`撤销单,\`,\`0.00000,\`0.60%,\`5.00,\`0.00,\``,
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    '`4,`1234587.88,`0.01,`0.00,`7407.53000,`1234592.88,`0.01',
    '',
  ].join('\r\n');
  const expected = [
    { type: 'payment', outTradeNo: 'pay_a', providerTradeNo: '4200002024050112345678901234', amountFen: 1999, at: new Date('2024-05-01T04:00:01Z') },
    { type: 'payment', outTradeNo: 'pay_b', providerTradeNo: '4200002024050112345678905678', amountFen: 123456789, at: new Date('2024-05-01T12:00:09Z') },
    { type: 'refund', outTradeNo: 'pay_a', providerTradeNo: '4200002024050112345678901234', outRefundNo: 'rfd_1', amountFen: 1, at: new Date('2024-05-01T13:30:00Z') },
  ];

  test('the trade bill CSV is parsed into bill rows', () => {
    assert.deepEqual(parseWechatpayBill(`\uFEFF${csv}`), expected);
  });

  test('downloadBill: tradebill → signed download → SHA1 check → rows', async () => {
    const file = Buffer.from(csv, 'utf8');
    const sha1 = crypto.createHash('sha1').update(file).digest('hex');
    let corrupt = false;
    const { provider: wx, requests } = provider(direct, (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v3/billdownload/file') return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: corrupt ? Buffer.concat([file, Buffer.from('x')]) : file };
      if (url.searchParams.get('bill_date') === '2024-05-03') return answer(400, { code: 'NO_STATEMENT_EXIST', message: '账单文件不存在' });
      return answer(200, { hash_type: 'SHA1', hash_value: sha1, download_url: `${BASE}/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO` });
    });
    assert.deepEqual(await wx.downloadBill('2024-05-01'), expected);
    assert.equal(requests[0]!.url, `${BASE}/v3/bill/tradebill?bill_date=2024-05-01&bill_type=ALL`);
    assertSignedByUs(requests[0]!);
    assertSignedByUs(requests[1]!); // the download is signed too
    assert.deepEqual(await wx.downloadBill('2024-05-03'), []);
    corrupt = true;
    await assert.rejects(wx.downloadBill('2024-05-01'), providerError('bill_hash_mismatch'));
  });
});

describe('WeChat Pay configuration', () => {
  test('from the environment, with key files', async () => {
    assert.equal(wechatpayConfigFromEnv({}), undefined);
    assert.throws(() => wechatpayConfigFromEnv({ WECHATPAY_MCH_ID: MCH_ID }), /WECHATPAY_APP_ID, WECHATPAY_SERIAL_NO, WECHATPAY_PRIVATE_KEY\(_PATH\), WECHATPAY_API_V3_KEY/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-wechatpay-'));
    try {
      const keyPath = path.join(dir, 'apiclient_key.pem');
      const pubPath = path.join(dir, 'pub_key.pem');
      const certPath = path.join(dir, 'wechatpay_cert.pem');
      fs.writeFileSync(keyPath, direct.privateKey);
      fs.writeFileSync(pubPath, direct.publicKey!);
      fs.writeFileSync(certPath, FIXTURE_PLATFORM_CERT);
      const base = {
        WECHATPAY_MCH_ID: MCH_ID,
        WECHATPAY_APP_ID: APP_ID,
        WECHATPAY_SERIAL_NO: OUR_SERIAL,
        WECHATPAY_PRIVATE_KEY_PATH: keyPath,
        WECHATPAY_API_V3_KEY: API_V3_KEY,
      };
      assert.throws(() => wechatpayConfigFromEnv({ ...base, WECHATPAY_PUBLIC_KEY_PATH: pubPath }), /WECHATPAY_PUBLIC_KEY_ID/);
      const loaded = wechatpayConfigFromEnv({ ...base, WECHATPAY_PUBLIC_KEY_PATH: pubPath, WECHATPAY_PUBLIC_KEY_ID: PUB_KEY_ID, WECHATPAY_PLATFORM_CERTS: certPath, WECHATPAY_PARTNER: '1' });
      assert.equal(loaded?.partner, true);
      assert.equal(loaded?.publicKeyId, PUB_KEY_ID);
      assert.equal(loaded?.platformCerts?.length, 1);
      const wx = createWechatpayProvider({ ...loaded!, partner: false }, { fetch: fakeTransport(() => ({ status: 599 })).fetch });
      assert.equal((await wx.verifyNotification(notification('TRANSACTION.SUCCESS', transaction(1)), NOW)).kind, 'payment');
      assert.throws(() => createWechatpayProvider({ ...loaded!, apiV3Key: 'short' }), /32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
