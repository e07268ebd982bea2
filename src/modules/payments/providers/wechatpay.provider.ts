/**
 * WeChat Pay API v3 behind the PaymentProvider interface, written against Node's `crypto` (WeChat Pay
 * publishes no official Node SDK).
 *
 * - Requests: `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,signature=…,timestamp=…,serial_no=…`,
 *   signature = SHA256-RSA(our merchant private key) over `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`.
 * - Answers and notifications: SHA256-RSA over `TIMESTAMP\nNONCE\nBODY\n`, checked with the key the
 *   `Wechatpay-Serial` header names — the WeChat Pay public key (`PUB_KEY_ID_…`, new merchants) or a
 *   platform certificate (serial → certificate, downloaded from /v3/certificates and decrypted).
 *   Rejected: missing headers, the `WECHATPAY/SIGNTEST/` probe, unknown serial, bad signature,
 *   timestamp more than 5 minutes off.
 * - Notification resources are AEAD_AES_256_GCM encrypted with the APIv3 key.
 *
 * Two modes:
 * - direct (普通商户): one merchant; Native / H5 / JSAPI orders, /v3/refund/domestic/refunds.
 * - partner (`WECHATPAY_PARTNER=1`, 服务商 / 电商收付通): every payment names its shops' sub_mchid in a
 *   combined order (合单, /v3/combine-transactions/…, even for one shop), each shop's share frozen for
 *   profit sharing (/v3/ecommerce/profitsharing/…); refunds through /v3/ecommerce/refunds/apply.
 *
 * HTTP goes through an injectable fetch-like transport, so the tests run offline.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  NotificationRejected,
  type BillRow,
  type CreatePaymentInput,
  type IncomingNotification,
  type NotificationAck,
  type PaymentAction,
  type PaymentProvider,
  type PaymentQueryResult,
  type ProfitShareInput,
  type ProfitShareResult,
  type RefundInput,
  type RefundResult,
  type VerifiedNotification,
} from '../provider.ts';
import {
  PaymentProviderError,
  assertBillDate,
  defaultFetch,
  envValueOrFile,
  formatChinaRfc3339,
  loadPrivateKey,
  loadPublicKey,
  parseChinaTime,
  parseRfc3339,
  randomNonce,
  requireAll,
  yuanToFen,
  type Env,
  type FetchLike,
  type ProviderDeps,
  type TransportResponse,
} from './common.ts';

export const WECHATPAY_BASE_URL = 'https://api.mch.weixin.qq.com';
/** Signatures whose timestamp is further than this from our clock are refused. */
export const WECHATPAY_MAX_CLOCK_SKEW_SECONDS = 300;
const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';
/** At most one /v3/certificates download per this interval when an unknown serial shows up. */
const CERTIFICATE_REFRESH_INTERVAL_MS = 10 * 60 * 1000;

export interface WechatpayConfig {
  /** Our merchant id (直连商户号), or the service provider's / platform's (服务商/电商平台商户号) in partner mode. */
  mchId: string;
  /** The AppID bound to mchId (公众号 / 小程序 / 网站应用); sp_appid / combine_appid in partner mode. */
  appId: string;
  /** Serial number of our merchant API certificate (商户API证书序列号). */
  serialNo: string;
  /** Our merchant API private key (apiclient_key.pem). */
  privateKey: string;
  /** The 32-byte APIv3 key. */
  apiV3Key: string;
  /** The WeChat Pay public key (微信支付公钥) and its id `PUB_KEY_ID_…`. */
  publicKey?: string;
  publicKeyId?: string;
  /** Platform certificates (PEM). Without these and without a public key they are downloaded on demand. */
  platformCerts?: string[];
  /** 服务商 / 电商收付通 mode. */
  partner: boolean;
  baseUrl?: string;
  /** notify_url sent with refunds (RefundInput carries none); unset → the URL configured at WeChat Pay. */
  refundNotifyUrl?: string;
}

/** Reads the WECHATPAY_* variables; undefined when WeChat Pay is not configured at all. */
export function wechatpayConfigFromEnv(env: Env): WechatpayConfig | undefined {
  const required = {
    WECHATPAY_MCH_ID: env.WECHATPAY_MCH_ID?.trim() || undefined,
    WECHATPAY_APP_ID: env.WECHATPAY_APP_ID?.trim() || undefined,
    WECHATPAY_SERIAL_NO: env.WECHATPAY_SERIAL_NO?.trim() || undefined,
    'WECHATPAY_PRIVATE_KEY(_PATH)': envValueOrFile(env, 'WECHATPAY_PRIVATE_KEY'),
    WECHATPAY_API_V3_KEY: env.WECHATPAY_API_V3_KEY?.trim() || undefined,
  };
  if (Object.values(required).every((v) => !v)) return undefined;
  requireAll('WeChat Pay', required);
  const publicKey = envValueOrFile(env, 'WECHATPAY_PUBLIC_KEY');
  const publicKeyId = env.WECHATPAY_PUBLIC_KEY_ID?.trim() || undefined;
  if (publicKey && !publicKeyId) throw new Error('WeChat Pay: WECHATPAY_PUBLIC_KEY needs WECHATPAY_PUBLIC_KEY_ID (PUB_KEY_ID_…)');
  if (publicKeyId && !publicKey) throw new Error('WeChat Pay: WECHATPAY_PUBLIC_KEY_ID needs WECHATPAY_PUBLIC_KEY(_PATH)');
  return {
    mchId: required.WECHATPAY_MCH_ID!,
    appId: required.WECHATPAY_APP_ID!,
    serialNo: required.WECHATPAY_SERIAL_NO!,
    privateKey: required['WECHATPAY_PRIVATE_KEY(_PATH)']!,
    apiV3Key: required.WECHATPAY_API_V3_KEY!,
    publicKey,
    publicKeyId,
    platformCerts: readCertificates(env.WECHATPAY_PLATFORM_CERTS),
    partner: env.WECHATPAY_PARTNER === '1' || env.WECHATPAY_PARTNER === 'true',
    refundNotifyUrl: env.WECHATPAY_REFUND_NOTIFY_URL?.trim() || undefined,
  };
}

/** WECHATPAY_PLATFORM_CERTS: PEM text (one or more certificates) or a comma-separated list of PEM files. */
function readCertificates(value: string | undefined): string[] | undefined {
  if (!value?.trim()) return undefined;
  const text = value.includes('-----BEGIN CERTIFICATE')
    ? value
    : value.split(',').map((path) => fs.readFileSync(path.trim(), 'utf8')).join('\n');
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export function createWechatpayProvider(config: WechatpayConfig, deps: ProviderDeps = {}): WechatpayProvider {
  return new WechatpayProvider(config, deps);
}

// ---------------------------------------------------------------- shapes of WeChat Pay answers

interface Amount {
  total?: number;
  total_amount?: number;
  refund?: number;
}

interface SubOrder {
  mchid?: string;
  sub_mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: Amount;
}

interface CombineOrder {
  combine_appid?: string;
  combine_mchid?: string;
  combine_out_trade_no?: string;
  sub_orders?: SubOrder[];
}

interface Transaction {
  appid?: string;
  mchid?: string;
  sp_appid?: string;
  sp_mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: Amount;
}

interface RefundAnswer {
  refund_id?: string;
  out_refund_no?: string;
  out_trade_no?: string;
  status?: string;
  amount?: Amount;
}

type Json = Record<string, unknown>;

const PAID_STATES = new Set(['SUCCESS', 'REFUND']);
const PENDING_STATES = new Set(['NOTPAY', 'USERPAYING', 'ACCEPT']);
const CLOSED_STATES = new Set(['CLOSED', 'REVOKED', 'PAYERROR']);

function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function truncate(text: string, max: number): string {
  return [...text].slice(0, max).join('');
}

function refundStatusOf(status: string | undefined): RefundResult['status'] | undefined {
  switch (status) {
    case 'SUCCESS':
      return 'succeeded';
    case 'PROCESSING':
      return 'processing';
    case 'CLOSED':
    case 'REFUNDCLOSE':
    case 'ABNORMAL':
      return 'failed';
    default:
      return undefined;
  }
}

/** AEAD_AES_256_GCM as WeChat Pay uses it: base64(ciphertext ‖ 16-byte tag), UTF-8 nonce and associated data. */
export function decryptWechatpayResource(apiV3Key: string, resource: { nonce: string; associated_data?: string; ciphertext: string }): string {
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= 16) throw new Error('ciphertext too short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

export class WechatpayProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  readonly appId: string;
  readonly merchantId: string;
  private readonly privateKey: crypto.KeyObject;
  /** Wechatpay-Serial → the key that verifies it. */
  private readonly keys = new Map<string, crypto.KeyObject>();
  private readonly usesCertificates: boolean;
  private lastCertificateFetch = Number.NEGATIVE_INFINITY;
  private readonly fetch: FetchLike;
  private readonly now: () => Date;
  private readonly timeoutMs: number;
  private readonly baseUrl: string;

  constructor(private readonly config: WechatpayConfig, deps: ProviderDeps = {}) {
    if (Buffer.byteLength(config.apiV3Key, 'utf8') !== 32) throw new Error('WeChat Pay: the APIv3 key must be 32 bytes');
    this.appId = config.appId;
    this.merchantId = config.mchId;
    this.privateKey = loadPrivateKey(config.privateKey);
    if (config.publicKey) {
      if (!config.publicKeyId) throw new Error('WeChat Pay: a public key needs its PUB_KEY_ID_…');
      this.keys.set(config.publicKeyId, loadPublicKey(config.publicKey));
    }
    for (const pem of config.platformCerts ?? []) {
      const certificate = new crypto.X509Certificate(pem);
      this.keys.set(certificate.serialNumber.toUpperCase(), certificate.publicKey);
    }
    this.usesCertificates = !config.publicKey || (config.platformCerts?.length ?? 0) > 0;
    this.fetch = deps.fetch ?? defaultFetch();
    this.now = deps.now ?? (() => new Date());
    this.timeoutMs = deps.timeoutMs ?? 15_000;
    this.baseUrl = (config.baseUrl ?? WECHATPAY_BASE_URL).replace(/\/$/, '');
  }

  // ------------------------------------------------------------ create

  async create(input: CreatePaymentInput): Promise<PaymentAction> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new RangeError(`bad amount: ${input.amountFen}`);
    // page (desktop) shows a Native QR code; wap is H5 (mobile browsers outside WeChat); jsapi inside WeChat.
    const kind = input.channel === 'jsapi' ? 'jsapi' : input.channel === 'wap' ? 'h5' : 'native';
    if (kind === 'jsapi' && !input.openId) throw new PaymentProviderError('wechatpay', 'openid_required', 'JSAPI payments need the payer openId');
    if (kind === 'h5' && !input.clientIp) throw new PaymentProviderError('wechatpay', 'client_ip_required', 'H5 payments need the shopper IP');
    const splits = input.splits ?? [];
    const timeExpire = formatChinaRfc3339(input.expiresAt);
    let answer: Json;
    if (splits.length > 0) {
      if (!this.config.partner) throw new PaymentProviderError('wechatpay', 'partner_mode_required', 'payments split over sub-merchants need WECHATPAY_PARTNER=1');
      const sum = splits.reduce((s, split) => s + split.amountFen, 0);
      if (sum !== input.amountFen) throw new RangeError(`splits add up to ${sum}, not ${input.amountFen}`);
      const body: Json = {
        combine_appid: this.config.appId,
        combine_mchid: this.config.mchId,
        combine_out_trade_no: input.outTradeNo,
        time_expire: timeExpire,
        notify_url: input.notifyUrl,
        sub_orders: splits.map((split) => ({
          mchid: this.config.mchId,
          sub_mchid: split.subMerchantId,
          attach: split.outSubTradeNo,
          amount: { total_amount: split.amountFen, currency: 'CNY' },
          out_trade_no: split.outSubTradeNo,
          description: truncate(split.description || input.subject, 127),
          // Frozen in the shop's account until profit sharing takes the commission and finishes.
          settle_info: { profit_sharing: true },
        })),
      };
      if (kind === 'h5') body.scene_info = { payer_client_ip: input.clientIp, h5_info: { type: 'Wap' } };
      else if (input.clientIp) body.scene_info = { payer_client_ip: input.clientIp };
      if (kind === 'jsapi') body.combine_payer_info = { openid: input.openId };
      answer = await this.api('POST', `/v3/combine-transactions/${kind}`, body);
    } else {
      if (this.config.partner) throw new PaymentProviderError('wechatpay', 'sub_merchant_required', 'in partner mode every payment names its sub-merchants (splits)');
      const body: Json = {
        appid: this.config.appId,
        mchid: this.config.mchId,
        description: truncate(input.subject, 127),
        out_trade_no: input.outTradeNo,
        time_expire: timeExpire,
        notify_url: input.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
      };
      if (kind === 'jsapi') body.payer = { openid: input.openId };
      if (kind === 'h5') body.scene_info = { payer_client_ip: input.clientIp, h5_info: { type: 'Wap' } };
      else if (input.clientIp) body.scene_info = { payer_client_ip: input.clientIp };
      answer = await this.api('POST', `/v3/pay/transactions/${kind}`, body);
    }
    if (kind === 'native') {
      if (typeof answer.code_url !== 'string') throw new PaymentProviderError('wechatpay', 'unexpected_answer', 'no code_url');
      return { type: 'qr', content: answer.code_url };
    }
    if (kind === 'h5') {
      if (typeof answer.h5_url !== 'string') throw new PaymentProviderError('wechatpay', 'unexpected_answer', 'no h5_url');
      return { type: 'redirect', url: `${answer.h5_url}&redirect_url=${encodeURIComponent(input.returnUrl)}` };
    }
    if (typeof answer.prepay_id !== 'string') throw new PaymentProviderError('wechatpay', 'unexpected_answer', 'no prepay_id');
    return { type: 'jsapi', params: this.jsapiParams(answer.prepay_id) };
  }

  /** The parameters for WeixinJSBridge.invoke('getBrandWCPayRequest', …), signed with our key. */
  jsapiParams(prepayId: string): Record<string, string> {
    const timeStamp = String(Math.floor(this.now().getTime() / 1000));
    const nonceStr = randomNonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = this.sign(`${this.config.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`);
    return { appId: this.config.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  // ------------------------------------------------------------ notifications

  async verifyNotification(notification: IncomingNotification, now: Date): Promise<VerifiedNotification> {
    await this.verifySignature(notification.headers, notification.rawBody, now);
    let body: { event_type?: string; resource?: { algorithm?: string; nonce?: string; associated_data?: string; ciphertext?: string } };
    try {
      body = JSON.parse(notification.rawBody);
    } catch {
      throw new NotificationRejected('malformed', 'body is not JSON');
    }
    const resource = body.resource;
    if (!resource || resource.algorithm !== 'AEAD_AES_256_GCM' || typeof resource.nonce !== 'string' || typeof resource.ciphertext !== 'string') {
      throw new NotificationRejected('malformed', 'no AEAD_AES_256_GCM resource');
    }
    let plaintext: string;
    try {
      plaintext = decryptWechatpayResource(this.config.apiV3Key, { nonce: resource.nonce, associated_data: resource.associated_data, ciphertext: resource.ciphertext });
    } catch {
      throw new NotificationRejected('bad_signature', 'resource does not decrypt with our APIv3 key');
    }
    let data: Json;
    try {
      data = JSON.parse(plaintext) as Json;
    } catch {
      throw new NotificationRejected('malformed', 'resource is not JSON');
    }
    if (body.event_type === 'TRANSACTION.SUCCESS') return this.decodePayment(data);
    if (body.event_type?.startsWith('REFUND.')) return this.decodeRefund(data);
    throw new NotificationRejected('malformed', `event_type ${body.event_type ?? '(none)'}`);
  }

  private decodePayment(data: Json): VerifiedNotification {
    if (typeof data.combine_out_trade_no === 'string') {
      const order = data as CombineOrder;
      if (order.combine_appid !== this.config.appId || order.combine_mchid !== this.config.mchId) {
        throw new NotificationRejected('foreign_app', `${order.combine_appid}/${order.combine_mchid}`);
      }
      const subs = order.sub_orders ?? [];
      if (subs.length === 0 || subs.some((s) => !isFen(s.amount?.total_amount) || !s.transaction_id)) throw new NotificationRejected('malformed', 'sub_orders');
      const status = subs.every((s) => s.trade_state === 'SUCCESS') ? 'paid' : subs.every((s) => CLOSED_STATES.has(s.trade_state ?? '')) ? 'closed' : undefined;
      if (!status) throw new NotificationRejected('malformed', `trade_state ${subs.map((s) => s.trade_state).join(',')}`);
      const times = subs.map((s) => parseRfc3339(s.success_time)).filter((d): d is Date => d !== undefined);
      return {
        kind: 'payment',
        outTradeNo: order.combine_out_trade_no!,
        // One transaction per shop; profitShare/refund look the right one up by outSubTradeNo.
        providerTradeNo: subs.map((s) => s.transaction_id).join(','),
        amountFen: subs.reduce((sum, s) => sum + s.amount!.total_amount!, 0),
        status,
        appId: order.combine_appid,
        merchantId: order.combine_mchid,
        paidAt: status === 'paid' && times.length > 0 ? new Date(Math.max(...times.map((d) => d.getTime()))) : undefined,
      };
    }
    const tx = data as Transaction;
    const partner = tx.sp_mchid !== undefined;
    const appId = partner ? tx.sp_appid : tx.appid;
    const mchId = partner ? tx.sp_mchid : tx.mchid;
    if (appId !== this.config.appId || mchId !== this.config.mchId) throw new NotificationRejected('foreign_app', `${appId}/${mchId}`);
    if (!tx.out_trade_no || !tx.transaction_id || !isFen(tx.amount?.total)) throw new NotificationRejected('malformed', 'out_trade_no / transaction_id / amount.total');
    const status = tx.trade_state === 'SUCCESS' ? 'paid' : CLOSED_STATES.has(tx.trade_state ?? '') ? 'closed' : undefined;
    if (!status) throw new NotificationRejected('malformed', `trade_state ${tx.trade_state ?? '(none)'}`);
    return {
      kind: 'payment',
      outTradeNo: tx.out_trade_no,
      providerTradeNo: tx.transaction_id,
      amountFen: tx.amount!.total!,
      status,
      appId: appId!,
      merchantId: mchId!,
      paidAt: status === 'paid' ? parseRfc3339(tx.success_time) : undefined,
    };
  }

  private decodeRefund(data: Json): VerifiedNotification {
    const mchId = (data.sp_mchid ?? data.mchid) as string | undefined;
    if (mchId !== this.config.mchId) throw new NotificationRejected('foreign_app', String(mchId));
    const refund = data as { out_trade_no?: string; out_refund_no?: string; refund_id?: string; refund_status?: string; amount?: Amount };
    if (!refund.out_trade_no || !refund.out_refund_no || !refund.refund_id || !isFen(refund.amount?.refund)) {
      throw new NotificationRejected('malformed', 'out_trade_no / out_refund_no / refund_id / amount.refund');
    }
    const status = refundStatusOf(refund.refund_status);
    if (!status) throw new NotificationRejected('malformed', `refund_status ${refund.refund_status ?? '(none)'}`);
    return {
      kind: 'refund',
      // In partner mode this is the shop's sub-order number (the refund was made against it).
      outTradeNo: refund.out_trade_no,
      outRefundNo: refund.out_refund_no,
      providerRefundNo: refund.refund_id,
      refundFen: refund.amount!.refund!,
      status,
      // Refund notifications carry no app id; the merchant id (checked above) is what identifies us.
      appId: this.config.appId,
      merchantId: mchId,
    };
  }

  notificationAck(ok: boolean): NotificationAck {
    return ok
      ? { status: 200, contentType: 'application/json', body: JSON.stringify({ code: 'SUCCESS' }) }
      : { status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message: '失败' }) };
  }

  // ------------------------------------------------------------ query / close

  async query(outTradeNo: string): Promise<PaymentQueryResult> {
    if (this.config.partner) {
      const order = await this.combineOrder(outTradeNo);
      if (!order) return { status: 'not_found' };
      const subs = order.sub_orders ?? [];
      const amountFen = subs.every((s) => isFen(s.amount?.total_amount)) ? subs.reduce((sum, s) => sum + s.amount!.total_amount!, 0) : undefined;
      const providerTradeNo = subs.every((s) => s.transaction_id) ? subs.map((s) => s.transaction_id).join(',') : undefined;
      if (subs.length > 0 && subs.every((s) => PAID_STATES.has(s.trade_state ?? ''))) {
        const times = subs.map((s) => parseRfc3339(s.success_time)).filter((d): d is Date => d !== undefined);
        return { status: 'paid', amountFen, providerTradeNo, paidAt: times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : undefined };
      }
      if (subs.length > 0 && subs.every((s) => CLOSED_STATES.has(s.trade_state ?? ''))) return { status: 'closed', amountFen };
      return { status: 'pending', amountFen };
    }
    let tx: Transaction;
    try {
      tx = (await this.api('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.config.mchId)}`)) as Transaction;
    } catch (error) {
      if (error instanceof PaymentProviderError && error.httpStatus === 404) return { status: 'not_found' };
      throw error;
    }
    const amountFen = isFen(tx.amount?.total) ? tx.amount!.total : undefined;
    const state = tx.trade_state ?? '';
    if (PAID_STATES.has(state)) return { status: 'paid', amountFen, providerTradeNo: tx.transaction_id, paidAt: parseRfc3339(tx.success_time) };
    if (PENDING_STATES.has(state)) return { status: 'pending', amountFen };
    if (CLOSED_STATES.has(state)) return { status: 'closed', amountFen, providerTradeNo: tx.transaction_id };
    throw new PaymentProviderError('wechatpay', 'unexpected_answer', `trade_state ${state || '(none)'}`);
  }

  /** Closes an unpaid order; an order WeChat Pay does not know counts as closed. A paid one throws (ORDERPAID). */
  async close(outTradeNo: string): Promise<void> {
    try {
      if (this.config.partner) {
        const order = await this.combineOrder(outTradeNo);
        if (!order) return;
        await this.api('POST', `/v3/combine-transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
          combine_appid: this.config.appId,
          sub_orders: (order.sub_orders ?? []).map((s) => ({ mchid: this.config.mchId, out_trade_no: s.out_trade_no, sub_mchid: s.sub_mchid })),
        });
      } else {
        await this.api('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.config.mchId });
      }
    } catch (error) {
      if (error instanceof PaymentProviderError && error.httpStatus === 404) return;
      throw error;
    }
  }

  // ------------------------------------------------------------ refunds

  /**
   * Idempotent by out_refund_no. Direct: /v3/refund/domestic/refunds (answers with a status).
   * Partner: /v3/ecommerce/refunds/apply against the shop's sub-order (sub_mchid + its out_trade_no and
   * total, read from the combined order when the caller gave outSubTradeNo); the answer has no status, so
   * the result is `processing` until the REFUND.* notification or queryRefund says otherwise.
   * A 4xx refusal is `failed`; 5xx / 429 throw (retryable with the same outRefundNo).
   */
  async refund(input: RefundInput): Promise<RefundResult> {
    const amount = { refund: input.refundFen, total: input.totalFen, currency: 'CNY' };
    const notify = this.config.refundNotifyUrl ? { notify_url: this.config.refundNotifyUrl } : {};
    try {
      if (this.config.partner) {
        let subMchId = input.subMerchantId;
        let outTradeNo = input.outTradeNo;
        if (input.outSubTradeNo && input.outSubTradeNo !== input.outTradeNo) {
          const sub = await this.subOrder(input.outTradeNo, input.outSubTradeNo);
          subMchId ??= sub.sub_mchid;
          outTradeNo = input.outSubTradeNo;
          if (isFen(sub.amount?.total_amount)) amount.total = sub.amount!.total_amount!;
        }
        if (!subMchId) throw new PaymentProviderError('wechatpay', 'sub_merchant_required', 'partner-mode refunds name the shop (subMerchantId)');
        if (input.returnFromReceiversFen && input.returnFromReceiversFen > 0) {
          // 分账回退 first: the platform gives the commission on the refunded part back to the shop, which then refunds in full.
          if (!input.profitShareOrderNo) throw new PaymentProviderError('wechatpay', 'invalid_request', 'returning shared commission names the profit-sharing order');
          await this.api('POST', '/v3/ecommerce/profitsharing/returnorders', {
            sub_mchid: subMchId,
            out_order_no: input.profitShareOrderNo,
            out_return_no: input.outRefundNo,
            return_mchid: this.config.mchId,
            amount: input.returnFromReceiversFen,
            description: '退还平台佣金',
          });
        }
        const answer = (await this.api('POST', '/v3/ecommerce/refunds/apply', {
          sub_mchid: subMchId,
          sp_appid: this.config.appId,
          out_trade_no: outTradeNo,
          out_refund_no: input.outRefundNo,
          reason: truncate(input.reason, 80),
          amount,
          ...notify,
        })) as RefundAnswer;
        return { status: refundStatusOf(answer.status) ?? 'processing', providerRefundNo: answer.refund_id };
      }
      const answer = (await this.api('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: truncate(input.reason, 80),
        amount,
        ...notify,
      })) as RefundAnswer;
      return { status: refundStatusOf(answer.status) ?? 'processing', providerRefundNo: answer.refund_id };
    } catch (error) {
      if (error instanceof PaymentProviderError && !error.retryable && error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500) {
        return { status: 'failed', failureReason: error.message };
      }
      throw error;
    }
  }

  /**
   * Direct: GET /v3/refund/domestic/refunds/{out_refund_no}. Partner: the ecommerce query needs the
   * shop's sub_mchid, which this interface does not pass — it is found by trying the combined order's
   * sub-merchants. A refund WeChat Pay does not know throws `refund_not_found` (repeat refund() safely).
   */
  async queryRefund(outTradeNo: string, outRefundNo: string): Promise<RefundResult> {
    const path = `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`;
    let answer: RefundAnswer | undefined;
    if (this.config.partner) {
      const order = await this.combineOrder(outTradeNo);
      const subMchIds = [...new Set((order?.sub_orders ?? []).map((s) => s.sub_mchid).filter((id): id is string => !!id))];
      for (const subMchId of subMchIds) {
        answer = await this.orNotFound(this.api('GET', `/v3/ecommerce/refunds/out-refund-no/${encodeURIComponent(outRefundNo)}?sub_mchid=${encodeURIComponent(subMchId)}`));
        if (answer) break;
      }
    } else {
      answer = await this.orNotFound(this.api('GET', path));
    }
    if (!answer) throw new PaymentProviderError('wechatpay', 'refund_not_found', `${outRefundNo} is not known to WeChat Pay; repeat the refund with the same id`);
    const status = refundStatusOf(answer.status);
    if (!status) throw new PaymentProviderError('wechatpay', 'unexpected_answer', `refund status ${answer.status ?? '(none)'}`);
    return status === 'failed'
      ? { status, providerRefundNo: answer.refund_id, failureReason: answer.status }
      : { status, providerRefundNo: answer.refund_id };
  }

  // ------------------------------------------------------------ profit sharing (电商收付通)

  /**
   * /v3/ecommerce/profitsharing/orders (receivers: 'platform' → our mchid, else a merchant id; `finish`
   * unfreezes the rest to the shop), or /v3/ecommerce/profitsharing/finish-order when there is nothing
   * to share; then the result is read back (the request is asynchronous). Idempotent by out_order_no.
   */
  async profitShare(input: ProfitShareInput): Promise<ProfitShareResult> {
    if (!this.config.partner) throw new PaymentProviderError('wechatpay', 'partner_mode_required', 'profit sharing needs WECHATPAY_PARTNER=1');
    if (input.receivers.length === 0 && !input.finish) return { status: 'finished' };
    let transactionId = input.providerTradeNo;
    if (input.outSubTradeNo !== input.outTradeNo || transactionId.includes(',')) {
      const sub = await this.subOrder(input.outTradeNo, input.outSubTradeNo);
      if (!sub.transaction_id) throw new PaymentProviderError('wechatpay', 'unexpected_answer', `${input.outSubTradeNo} has no transaction_id`);
      transactionId = sub.transaction_id;
    }
    try {
      if (input.receivers.length > 0) {
        await this.api('POST', '/v3/ecommerce/profitsharing/orders', {
          appid: this.config.appId,
          sub_mchid: input.subMerchantId,
          transaction_id: transactionId,
          out_order_no: input.outOrderNo,
          receivers: input.receivers.map((receiver) => ({
            type: 'MERCHANT_ID',
            receiver_account: receiver.account === 'platform' ? this.config.mchId : receiver.account,
            amount: receiver.amountFen,
            description: truncate(receiver.description, 80),
          })),
          finish: input.finish,
        });
      } else {
        await this.api('POST', '/v3/ecommerce/profitsharing/finish-order', {
          sub_mchid: input.subMerchantId,
          transaction_id: transactionId,
          out_order_no: input.outOrderNo,
          description: '分账完结',
        });
      }
    } catch (error) {
      if (error instanceof PaymentProviderError && !error.retryable && error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500) {
        return { status: 'failed', failureReason: error.message };
      }
      throw error;
    }
    const result = (await this.api(
      'GET',
      `/v3/ecommerce/profitsharing/orders?sub_mchid=${encodeURIComponent(input.subMerchantId)}&transaction_id=${encodeURIComponent(transactionId)}&out_order_no=${encodeURIComponent(input.outOrderNo)}`,
    )) as { status?: string; receivers?: { result?: string; fail_reason?: string }[] };
    const closed = (result.receivers ?? []).find((r) => r.result === 'CLOSED');
    if (closed) return { status: 'failed', failureReason: closed.fail_reason ?? 'CLOSED' };
    if (result.status === 'FINISHED') return { status: 'finished' };
    return { status: 'processing' };
  }

  // ------------------------------------------------------------ bill

  /** /v3/bill/tradebill (ALL) → download_url (signed GET, SHA1-checked) → CSV rows. */
  async downloadBill(date: string): Promise<BillRow[]> {
    assertBillDate(date);
    let answer: { download_url?: string; hash_type?: string; hash_value?: string };
    try {
      answer = await this.api('GET', `/v3/bill/tradebill?bill_date=${date}&bill_type=ALL`);
    } catch (error) {
      // A day without a successful trade has no bill; STATEMENT_CREATING (not ready yet) stays an error.
      if (error instanceof PaymentProviderError && error.code === 'NO_STATEMENT_EXIST') return [];
      throw error;
    }
    if (!answer.download_url) throw new PaymentProviderError('wechatpay', 'unexpected_answer', 'no download_url');
    const response = await this.send('GET', answer.download_url);
    if (response.status !== 200) throw new PaymentProviderError('wechatpay', 'bill_download_failed', `HTTP ${response.status}`, { httpStatus: response.status, retryable: true });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (answer.hash_value && (answer.hash_type ?? 'SHA1').toUpperCase() === 'SHA1') {
      const actual = crypto.createHash('sha1').update(bytes).digest('hex');
      if (actual.toLowerCase() !== answer.hash_value.toLowerCase()) throw new PaymentProviderError('wechatpay', 'bill_hash_mismatch', 'the bill does not match its SHA1', { retryable: true });
    }
    return parseWechatpayBill(bytes.toString('utf8'));
  }

  // ------------------------------------------------------------ platform certificates

  /**
   * Downloads /v3/certificates, decrypts each certificate with the APIv3 key, checks the answer's
   * signature with them (bootstrap, as WeChat Pay documents) and adds them to the known keys.
   */
  async refreshPlatformCertificates(): Promise<string[]> {
    this.lastCertificateFetch = this.now().getTime();
    const response = await this.send('GET', `${this.baseUrl}/v3/certificates`);
    const text = await response.text();
    if (response.status !== 200) throw new PaymentProviderError('wechatpay', 'http_status', `/v3/certificates: HTTP ${response.status}`, { httpStatus: response.status, retryable: true });
    const parsed = JSON.parse(text) as { data?: { serial_no?: string; encrypt_certificate?: { nonce: string; associated_data?: string; ciphertext: string } }[] };
    const fresh = new Map<string, crypto.KeyObject>();
    for (const item of parsed.data ?? []) {
      if (!item.encrypt_certificate || !item.serial_no) continue;
      const certificate = new crypto.X509Certificate(decryptWechatpayResource(this.config.apiV3Key, item.encrypt_certificate));
      if (certificate.serialNumber.toUpperCase() !== item.serial_no.toUpperCase()) throw new PaymentProviderError('wechatpay', 'bad_certificate', `serial ${item.serial_no} does not match its certificate`);
      fresh.set(item.serial_no.toUpperCase(), certificate.publicKey);
    }
    const all = new Map([...this.keys, ...fresh]);
    try {
      this.checkSignature(headersOf(response), text, this.now(), all);
    } catch (error) {
      throw new PaymentProviderError('wechatpay', 'bad_answer_signature', `/v3/certificates: ${(error as Error).message}`, { cause: error });
    }
    for (const [serial, key] of fresh) this.keys.set(serial, key);
    return [...fresh.keys()];
  }

  // ------------------------------------------------------------ signatures

  private sign(message: string): string {
    return crypto.sign('sha256', Buffer.from(message, 'utf8'), this.privateKey).toString('base64');
  }

  /** The Authorization header for one request. */
  private authorization(method: string, url: URL, body: string): string {
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const nonce = randomNonce();
    const signature = this.sign(`${method}\n${url.pathname}${url.search}\n${timestamp}\n${nonce}\n${body}\n`);
    return `WECHATPAY2-SHA256-RSA2048 mchid="${this.config.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${this.config.serialNo}"`;
  }

  /** Checks a signed message (answer or notification); fetches platform certificates once for an unknown serial. */
  private async verifySignature(headers: Record<string, string | undefined>, body: string, now: Date): Promise<void> {
    const serial = headers['wechatpay-serial'];
    if (
      serial &&
      headers['wechatpay-signature'] &&
      !headers['wechatpay-signature'].startsWith(PROBE_PREFIX) &&
      !this.keys.has(serial) &&
      this.usesCertificates &&
      !serial.startsWith('PUB_KEY_ID_') &&
      now.getTime() - this.lastCertificateFetch > CERTIFICATE_REFRESH_INTERVAL_MS
    ) {
      try {
        await this.refreshPlatformCertificates();
      } catch {
        // Fall through: the serial stays unknown.
      }
    }
    this.checkSignature(headers, body, now, this.keys);
  }

  private checkSignature(headers: Record<string, string | undefined>, body: string, now: Date, keys: Map<string, crypto.KeyObject>): void {
    const timestamp = headers['wechatpay-timestamp'];
    const nonce = headers['wechatpay-nonce'];
    const signature = headers['wechatpay-signature'];
    const serial = headers['wechatpay-serial'];
    if (!timestamp || !nonce || !signature || !serial) throw new NotificationRejected('missing_signature');
    if (signature.startsWith(PROBE_PREFIX)) throw new NotificationRejected('probe');
    const key = keys.get(serial) ?? keys.get(serial.toUpperCase());
    if (!key) throw new NotificationRejected('unknown_key', serial);
    let valid = false;
    try {
      valid = crypto.verify('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, 'utf8'), key, Buffer.from(signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) throw new NotificationRejected('bad_signature');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > WECHATPAY_MAX_CLOCK_SKEW_SECONDS) {
      throw new NotificationRejected('stale_timestamp', timestamp);
    }
  }

  // ------------------------------------------------------------ HTTP

  /** One signed request, no answer checks. */
  private async send(method: 'GET' | 'POST', urlText: string, body?: string): Promise<TransportResponse> {
    const url = new URL(urlText);
    const headers: Record<string, string> = {
      authorization: this.authorization(method, url, body ?? ''),
      accept: 'application/json',
      'user-agent': 'jishi-wechatpay/1 (node)',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetch(url.toString(), { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new PaymentProviderError('wechatpay', 'network', `${method} ${url.pathname}: ${(error as Error).message}`, { retryable: true, cause: error });
    }
  }

  /**
   * A signed API call whose answer must carry a valid WeChat Pay signature (2xx and 4xx alike; a 5xx is
   * a retryable error and is never interpreted). 4xx answers throw PaymentProviderError(code, httpStatus).
   */
  private async api<T = Json>(method: 'GET' | 'POST', path: string, body?: Json): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await this.send(method, `${this.baseUrl}${path}`, payload);
    const text = await response.text();
    const where = `${method} ${path.split('?')[0]}`;
    if (response.status >= 500) throw new PaymentProviderError('wechatpay', 'http_status', `${where}: HTTP ${response.status}`, { httpStatus: response.status, retryable: true });
    try {
      await this.verifySignature(headersOf(response), text, this.now());
    } catch (error) {
      // No httpStatus here: an answer that does not verify must never be read as a business refusal.
      throw new PaymentProviderError('wechatpay', 'bad_answer_signature', `${where}: ${(error as Error).message}`, { cause: error });
    }
    if (response.status >= 400) {
      let code = 'http_status';
      let message = `HTTP ${response.status}`;
      try {
        const error = JSON.parse(text) as { code?: string; message?: string };
        code = error.code ?? code;
        message = error.message ?? message;
      } catch {
        // not JSON: keep the status
      }
      const retryable = response.status === 429 || code === 'SYSTEM_ERROR' || code === 'FREQUENCY_LIMITED' || code === 'STATEMENT_CREATING';
      throw new PaymentProviderError('wechatpay', code, `${where}: ${message}`, { httpStatus: response.status, retryable });
    }
    if (response.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PaymentProviderError('wechatpay', 'unexpected_answer', `${where}: not JSON`);
    }
  }

  private async orNotFound<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof PaymentProviderError && error.httpStatus === 404) return undefined;
      throw error;
    }
  }

  private async combineOrder(outTradeNo: string): Promise<CombineOrder | undefined> {
    return this.orNotFound(this.api<CombineOrder>('GET', `/v3/combine-transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`));
  }

  private async subOrder(outTradeNo: string, outSubTradeNo: string): Promise<SubOrder> {
    const order = await this.combineOrder(outTradeNo);
    const sub = order?.sub_orders?.find((s) => s.out_trade_no === outSubTradeNo);
    if (!sub) throw new PaymentProviderError('wechatpay', 'sub_order_not_found', `${outSubTradeNo} is not a sub-order of ${outTradeNo}`);
    return sub;
  }
}

function headersOf(response: TransportResponse): Record<string, string | undefined> {
  const get = (name: string) => response.headers.get(name) ?? undefined;
  return {
    'wechatpay-timestamp': get('wechatpay-timestamp'),
    'wechatpay-nonce': get('wechatpay-nonce'),
    'wechatpay-signature': get('wechatpay-signature'),
    'wechatpay-serial': get('wechatpay-serial'),
  };
}

// ---------------------------------------------------------------- the bill file

/**
 * The trade bill (交易账单, bill_type ALL): a header row, data rows whose every cell starts with a
 * backtick (so spreadsheets keep long numbers), then two summary lines (总交易单数,…). Columns are read
 * by name — their order differs between direct and partner merchants. 交易状态 SUCCESS → payment
 * (订单金额), REFUND → refund (申请退款金额, else 退款金额); other states (REVOKED, …) are skipped.
 * In partner mode 商户订单号 is the shop's sub-order number.
 */
export function parseWechatpayBill(text: string): BillRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const block: string[] = [];
  for (const line of lines) {
    if (line.startsWith('总交易单数')) break;
    if (line.trim()) block.push(line);
  }
  if (block.length === 0) return [];
  const records = parseCsv(block.join('\n'), { relax_column_count: true, relax_quotes: true, trim: true }) as string[][];
  const header = records[0]!.map((h) => h.replace(/^`/, '').trim());
  const col = (...names: string[]) => {
    for (const name of names) {
      const i = header.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
  const iTime = col('交易时间');
  const iTransaction = col('微信订单号');
  const iOutTradeNo = col('商户订单号');
  const iState = col('交易状态');
  const iTotal = col('订单金额', '应结订单金额');
  const iOutRefundNo = col('商户退款单号');
  const iRefund = col('申请退款金额', '退款金额');
  if ([iTime, iTransaction, iOutTradeNo, iState, iTotal].some((i) => i < 0)) {
    throw new PaymentProviderError('wechatpay', 'bill_unreadable', `unexpected header ${header.join(',')}`);
  }
  const rows: BillRow[] = [];
  for (const record of records.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim().replace(/^`/, '').trim() : '');
    const state = cell(iState);
    if (state !== 'SUCCESS' && state !== 'REFUND') continue;
    const at = parseChinaTime(cell(iTime));
    if (!at) throw new PaymentProviderError('wechatpay', 'bill_unreadable', `row without a time: ${record.join(',')}`);
    if (state === 'SUCCESS') {
      rows.push({ type: 'payment', outTradeNo: cell(iOutTradeNo), providerTradeNo: cell(iTransaction), amountFen: yuanToFen(cell(iTotal)), at });
    } else {
      rows.push({
        type: 'refund',
        outTradeNo: cell(iOutTradeNo),
        providerTradeNo: cell(iTransaction),
        outRefundNo: cell(iOutRefundNo) || undefined,
        amountFen: Math.abs(yuanToFen(cell(iRefund))),
        at,
      });
    }
  }
  return rows;
}
