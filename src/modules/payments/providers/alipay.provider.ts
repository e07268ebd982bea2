/**
 * Alipay (支付宝开放平台, OpenAPI 2.0 gateway) behind the PaymentProvider interface.
 *
 * The official `alipay-sdk` (v4, Node ≥ 18) does what must match Alipay byte for byte: it builds and
 * RSA2-signs every request (`sdkExecute`, `pageExec`), verifies answers (`checkResponseSign`) and async
 * notifications (`checkNotifySignV2`: every parameter but `sign`/`sign_type`, sorted, `k=v&…`).
 * The HTTP exchange itself goes through an injectable `fetch`-like transport (the SDK's own `exec`
 * calls urllib directly and cannot be redirected), so tests run offline and can inspect every request.
 *
 * Marketplace mode is Alipay 直付通: a payment for one shop carries `sub_merchant.merchant_id` (the
 * shop's smid) and `settle_info` (settle to the shop's default account) with `royalty_freeze`, so the
 * money stays frozen in the shop's balance until `alipay.trade.order.settle` shares the platform's
 * commission (`trans_in` = the platform's PID) and finishes (`royalty_finish`).
 *
 * NOT SUPPORTED: a true combined payment (合单) across several sub-merchants. 直付通 trades settle to
 * exactly one sub-merchant, and Alipay's 合并支付 (`alipay.trade.merge.precreate` + `wap/app.merge.pay`)
 * is a different product (one app_id per sub-order, no PC page or QR). A payment with more than one
 * split is refused with PaymentProviderError('combined_payment_unsupported'); the payments service
 * must create one Alipay trade per shop order (or pay the platform and share out afterwards).
 */
import { AlipaySdk } from 'alipay-sdk';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import {
  NotificationRejected,
  type BillRow,
  type CreatePaymentInput,
  type IncomingNotification,
  type NotificationAck,
  type PaymentAction,
  type PaymentProvider,
  type PaymentQueryResult,
  type PaymentSplit,
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
  fenToYuan,
  formatChinaTime,
  loadPrivateKey,
  loadPublicKey,
  parseChinaTime,
  requireAll,
  yuanToFen,
  type Env,
  type FetchLike,
  type ProviderDeps,
} from './common.ts';

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';
/** Alipay's own sandbox (开放平台沙箱) gateway, for trying real credentials without real money. */
export const ALIPAY_SANDBOX_GATEWAY = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do';

export interface AlipayConfig {
  appId: string;
  /** Our application private key: PEM (PKCS#1 or PKCS#8) or the bare base64 the Alipay key tool prints. */
  privateKey: string;
  /** Alipay's public key (支付宝公钥, not our application public key): PEM or bare base64. */
  alipayPublicKey: string;
  gateway: string;
  /** Our PID (2088…); when set, notifications must name it as seller_id. */
  sellerId?: string;
  /** The platform's Alipay user id (2088…) that receives commission in 直付通 profit sharing. */
  platformPid?: string;
  /** page/wap payments: a redirect URL (default) or an auto-submitting POST form. */
  pageMode?: 'redirect' | 'form';
}

/** Reads the ALIPAY_* variables; undefined when Alipay is not configured at all. */
export function alipayConfigFromEnv(env: Env): AlipayConfig | undefined {
  const appId = env.ALIPAY_APP_ID?.trim();
  const privateKey = envValueOrFile(env, 'ALIPAY_PRIVATE_KEY');
  const alipayPublicKey = envValueOrFile(env, 'ALIPAY_PUBLIC_KEY');
  if (!appId && !privateKey && !alipayPublicKey) return undefined;
  requireAll('Alipay', { ALIPAY_APP_ID: appId, 'ALIPAY_PRIVATE_KEY(_PATH)': privateKey, 'ALIPAY_PUBLIC_KEY(_PATH)': alipayPublicKey });
  return {
    appId: appId!,
    privateKey: privateKey!,
    alipayPublicKey: alipayPublicKey!,
    gateway: env.ALIPAY_GATEWAY?.trim() || ALIPAY_GATEWAY,
    sellerId: env.ALIPAY_SELLER_ID?.trim() || undefined,
    platformPid: env.ALIPAY_PLATFORM_PID?.trim() || undefined,
  };
}

export function createAlipayProvider(config: AlipayConfig, deps: ProviderDeps = {}): AlipayProvider {
  return new AlipayProvider(config, deps);
}

/** The decoded `xxx_response` object of a gateway answer (its signature already verified). */
type AlipayAnswer = Record<string, unknown> & { code?: string; msg?: string; sub_code?: string; sub_msg?: string };

const RETRYABLE_SUB_CODES = new Set(['ACQ.SYSTEM_ERROR', 'isp.unknow-error', 'aop.ACQ.SYSTEM_ERROR', 'ACQ.CONCURRENCY_ERROR']);

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function truncate(text: string, max: number): string {
  return [...text].slice(0, max).join('');
}

export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  readonly appId: string;
  readonly merchantId: string;
  private readonly sdk: AlipaySdk;
  private readonly fetch: FetchLike;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(private readonly config: AlipayConfig, deps: ProviderDeps = {}) {
    this.appId = config.appId;
    this.merchantId = config.sellerId ?? '';
    this.fetch = deps.fetch ?? defaultFetch();
    this.now = deps.now ?? (() => new Date());
    this.timeoutMs = deps.timeoutMs ?? 15_000;
    // Normalise the keys (PEM or bare base64, PKCS#1 or PKCS#8) into what the SDK expects.
    const privatePem = (loadPrivateKey(config.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string).trim();
    const publicPem = (loadPublicKey(config.alipayPublicKey).export({ type: 'spki', format: 'pem' }) as string).trim();
    this.sdk = new AlipaySdk({
      appId: config.appId,
      privateKey: privatePem,
      keyType: 'PKCS8',
      alipayPublicKey: publicPem,
      gateway: config.gateway,
      signType: 'RSA2',
      camelcase: false,
    });
  }

  // ------------------------------------------------------------ create

  async create(input: CreatePaymentInput): Promise<PaymentAction> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new RangeError(`bad amount: ${input.amountFen}`);
    const biz: Record<string, unknown> = {
      out_trade_no: input.outTradeNo,
      total_amount: fenToYuan(input.amountFen),
      subject: truncate(input.subject, 256),
      time_expire: formatChinaTime(input.expiresAt),
    };
    if (input.splits && input.splits.length > 0) Object.assign(biz, this.zhifutongParams(input.splits, input.amountFen));
    const timestamp = formatChinaTime(this.now());
    switch (input.channel) {
      case 'page':
      case 'wap': {
        const method = input.channel === 'page' ? 'alipay.trade.page.pay' : 'alipay.trade.wap.pay';
        biz.product_code = input.channel === 'page' ? 'FAST_INSTANT_TRADE_PAY' : 'QUICK_WAP_WAY';
        if (input.channel === 'wap') biz.quit_url = input.returnUrl;
        const params = { bizContent: biz, notifyUrl: input.notifyUrl, returnUrl: input.returnUrl, timestamp };
        if (this.config.pageMode === 'form') return { type: 'form', html: this.sdk.pageExec(method, 'POST', params) };
        return { type: 'redirect', url: this.sdk.pageExec(method, 'GET', params) };
      }
      case 'native': {
        const answer = await this.call('alipay.trade.precreate', biz, { notifyUrl: input.notifyUrl });
        const qr = str(answer.qr_code);
        if (answer.code !== '10000' || !qr) throw this.answerError('alipay.trade.precreate', answer);
        return { type: 'qr', content: qr };
      }
      case 'jsapi':
        // Alipay's in-app JSAPI is the mini-program `alipay.trade.create` with a buyer id we do not collect.
        throw new PaymentProviderError('alipay', 'channel_unsupported', 'the jsapi channel is WeChat-only; use page, wap or native');
    }
  }

  /** 直付通: the trade settles to the one sub-merchant and stays frozen there for profit sharing. */
  private zhifutongParams(splits: PaymentSplit[], amountFen: number): Record<string, unknown> {
    if (splits.length !== 1) {
      throw new PaymentProviderError('alipay', 'combined_payment_unsupported', `Alipay 直付通 settles one trade to one sub-merchant; got ${splits.length} splits`);
    }
    const split = splits[0]!;
    if (split.amountFen !== amountFen) throw new RangeError('the split must carry the whole amount');
    return {
      sub_merchant: { merchant_id: split.subMerchantId },
      settle_info: { settle_detail_infos: [{ trans_in_type: 'defaultSettle', amount: fenToYuan(split.amountFen) }] },
      extend_params: { royalty_freeze: 'true' },
    };
  }

  // ------------------------------------------------------------ notifications

  async verifyNotification(notification: IncomingNotification, _now: Date): Promise<VerifiedNotification> {
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(notification.rawBody)) params[key] = value;
    if (!params.sign) throw new NotificationRejected('missing_signature');
    if (params.sign_type && params.sign_type !== 'RSA2') throw new NotificationRejected('bad_signature', `sign_type ${params.sign_type} is not accepted`);
    let authentic = false;
    try {
      authentic = this.sdk.checkNotifySignV2(params);
    } catch {
      authentic = false;
    }
    if (!authentic) throw new NotificationRejected('bad_signature');
    if (params.app_id !== this.config.appId) throw new NotificationRejected('foreign_app', `app_id ${params.app_id ?? '(none)'}`);
    if (this.config.sellerId && params.seller_id !== this.config.sellerId) throw new NotificationRejected('foreign_app', `seller_id ${params.seller_id ?? '(none)'}`);
    const outTradeNo = params.out_trade_no;
    const tradeNo = params.trade_no;
    if (!outTradeNo || !tradeNo) throw new NotificationRejected('malformed', 'out_trade_no / trade_no missing');
    const merchantId = params.seller_id ?? '';

    // A refund moves a trade (partial: still TRADE_SUCCESS, full: TRADE_CLOSED) and is announced with
    // refund_fee (the trade's refunded total so far) and out_biz_no (our out_request_no). The amount of
    // *this* refund is read back from Alipay, signed, by out_request_no.
    if (params.out_biz_no || params.refund_fee || params.gmt_refund) {
      const outRefundNo = params.out_biz_no;
      if (!outRefundNo) throw new NotificationRejected('malformed', 'refund notification without out_biz_no');
      const refund = await this.refundStatus(outTradeNo, outRefundNo);
      if (refund.refundFen === undefined) throw new PaymentProviderError('alipay', 'refund_not_found', `${outRefundNo} is not known to Alipay yet`, { retryable: true });
      return {
        kind: 'refund',
        outTradeNo,
        outRefundNo,
        // Alipay issues no refund number of its own; the trade number identifies the refunded trade.
        providerRefundNo: tradeNo,
        refundFen: refund.refundFen,
        status: refund.result.status,
        appId: params.app_id,
        merchantId,
      };
    }

    let status: 'paid' | 'closed';
    if (params.trade_status === 'TRADE_SUCCESS' || params.trade_status === 'TRADE_FINISHED') status = 'paid';
    else if (params.trade_status === 'TRADE_CLOSED') status = 'closed';
    else throw new NotificationRejected('malformed', `trade_status ${params.trade_status ?? '(none)'}`);
    let amountFen: number;
    try {
      amountFen = yuanToFen(params.total_amount ?? '');
    } catch {
      throw new NotificationRejected('malformed', `total_amount ${params.total_amount ?? '(none)'}`);
    }
    return {
      kind: 'payment',
      outTradeNo,
      providerTradeNo: tradeNo,
      amountFen,
      status,
      appId: params.app_id,
      merchantId,
      paidAt: status === 'paid' ? parseChinaTime(params.gmt_payment) : undefined,
    };
  }

  notificationAck(ok: boolean): NotificationAck {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: ok ? 'success' : 'fail' };
  }

  // ------------------------------------------------------------ query / close

  async query(outTradeNo: string): Promise<PaymentQueryResult> {
    const answer = await this.call('alipay.trade.query', { out_trade_no: outTradeNo });
    if (answer.code !== '10000') {
      if (answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'not_found' };
      throw this.answerError('alipay.trade.query', answer);
    }
    const tradeStatus = str(answer.trade_status);
    const amountText = str(answer.total_amount);
    const base = {
      amountFen: amountText ? yuanToFen(amountText) : undefined,
      providerTradeNo: str(answer.trade_no),
    };
    switch (tradeStatus) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { status: 'paid', ...base, paidAt: parseChinaTime(str(answer.send_pay_date)) };
      case 'WAIT_BUYER_PAY':
        return { status: 'pending', ...base };
      case 'TRADE_CLOSED':
        return { status: 'closed', ...base };
      default:
        throw new PaymentProviderError('alipay', 'unexpected_answer', `trade_status ${tradeStatus ?? '(none)'}`);
    }
  }

  /**
   * Closes an unpaid trade. A trade Alipay never created (the shopper never opened the cashier) counts
   * as closed; its page also expires at time_expire. Anything else (e.g. already paid) throws.
   */
  async close(outTradeNo: string): Promise<void> {
    const answer = await this.call('alipay.trade.close', { out_trade_no: outTradeNo });
    if (answer.code === '10000' || answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return;
    throw this.answerError('alipay.trade.close', answer);
  }

  // ------------------------------------------------------------ refunds

  /**
   * `alipay.trade.refund` with out_request_no = outRefundNo, so a repeat never refunds twice. Alipay
   * answers fund_change=Y only the first time money moves; otherwise the refund query decides.
   * Business refusals (e.g. ACQ.SELLER_BALANCE_NOT_ENOUGH) are `failed`; system errors throw (retryable).
   * 直付通: after commission was shared, `returnFromReceiversFen` becomes refund_royalty_parameters (退分账)
   * taking that much back from the platform's PID, so the shop does not pay the commission on a refund.
   */
  async refund(input: RefundInput): Promise<RefundResult> {
    const royaltyBack = input.returnFromReceiversFen ?? 0;
    if (royaltyBack > 0 && !this.config.platformPid) throw new PaymentProviderError('alipay', 'not_configured', 'ALIPAY_PLATFORM_PID is needed to return shared commission');
    const answer = await this.call('alipay.trade.refund', {
      out_trade_no: input.outTradeNo,
      refund_amount: fenToYuan(input.refundFen),
      out_request_no: input.outRefundNo,
      refund_reason: truncate(input.reason, 256),
      ...(royaltyBack > 0
        ? { refund_royalty_parameters: [{ royalty_type: 'transfer', trans_out_type: 'userId', trans_out: this.config.platformPid, amount: fenToYuan(royaltyBack), desc: '退还平台佣金' }] }
        : {}),
    });
    if (answer.code === '10000') {
      if (answer.fund_change === 'Y') return { status: 'succeeded', providerRefundNo: str(answer.trade_no) };
      return this.queryRefund(input.outTradeNo, input.outRefundNo);
    }
    if (this.isRetryable(answer)) throw this.answerError('alipay.trade.refund', answer);
    return { status: 'failed', failureReason: `${answer.sub_code ?? answer.code}: ${answer.sub_msg ?? answer.msg ?? ''}` };
  }

  async queryRefund(outTradeNo: string, outRefundNo: string): Promise<RefundResult> {
    const { result, refundFen } = await this.refundStatus(outTradeNo, outRefundNo);
    if (refundFen === undefined && result.status === 'processing') {
      // "未返回 refund_status 表示退款请求未收到或者退款失败": repeating refund() with the same outRefundNo is safe.
      throw new PaymentProviderError('alipay', 'refund_not_found', `${outRefundNo} is not known to Alipay; repeat the refund with the same id`);
    }
    return result;
  }

  private async refundStatus(outTradeNo: string, outRefundNo: string): Promise<{ result: RefundResult; refundFen?: number }> {
    const answer = await this.call('alipay.trade.fastpay.refund.query', {
      out_trade_no: outTradeNo,
      out_request_no: outRefundNo,
      query_options: ['gmt_refund_pay'],
    });
    if (answer.code !== '10000') {
      if (answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return { result: { status: 'failed', failureReason: 'ACQ.TRADE_NOT_EXIST' } };
      throw this.answerError('alipay.trade.fastpay.refund.query', answer);
    }
    const amountText = str(answer.refund_amount);
    const refundFen = amountText ? yuanToFen(amountText) : undefined;
    const providerRefundNo = str(answer.trade_no);
    if (answer.refund_status === 'REFUND_SUCCESS') return { result: { status: 'succeeded', providerRefundNo }, refundFen };
    return { result: { status: 'processing', providerRefundNo }, refundFen };
  }

  // ------------------------------------------------------------ profit sharing (直付通)

  /**
   * `alipay.trade.order.settle` on the frozen 直付通 trade: each receiver is paid from the shop's frozen
   * share ('platform' → ALIPAY_PLATFORM_PID, anything else is taken as an Alipay user id 2088…);
   * `finish` adds royalty_finish=true, which unfreezes the rest to the shop (with no receivers this is
   * the finish-only call). out_request_no = outOrderNo makes it idempotent. Synchronous mode.
   */
  async profitShare(input: ProfitShareInput): Promise<ProfitShareResult> {
    if (input.receivers.length === 0 && !input.finish) return { status: 'finished' };
    const royalty = input.receivers.map((receiver) => {
      const transIn = receiver.account === 'platform' ? this.config.platformPid : receiver.account;
      if (!transIn) throw new PaymentProviderError('alipay', 'not_configured', 'ALIPAY_PLATFORM_PID is needed to share commission to the platform');
      return {
        royalty_type: 'transfer',
        trans_in_type: 'userId',
        trans_in: transIn,
        amount: fenToYuan(receiver.amountFen),
        desc: truncate(receiver.description, 1000),
      };
    });
    const biz: Record<string, unknown> = {
      out_request_no: input.outOrderNo,
      trade_no: input.providerTradeNo,
      royalty_parameters: royalty,
      royalty_mode: 'sync',
    };
    if (input.finish) biz.extend_params = { royalty_finish: 'true' };
    const answer = await this.call('alipay.trade.order.settle', biz);
    if (answer.code === '10000') return { status: 'finished' };
    if (this.isRetryable(answer)) throw this.answerError('alipay.trade.order.settle', answer);
    return { status: 'failed', failureReason: `${answer.sub_code ?? answer.code}: ${answer.sub_msg ?? answer.msg ?? ''}` };
  }

  // ------------------------------------------------------------ bill

  /** The trade bill (业务明细) of one day: a zip of GBK CSV files, read back as payment and refund rows. */
  async downloadBill(date: string): Promise<BillRow[]> {
    assertBillDate(date);
    const answer = await this.call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: date });
    if (answer.code !== '10000') {
      // "当日如果没有交易账单将不存在" — a day without trades has no bill.
      if (answer.sub_code === 'isp.bill_not_exist') return [];
      throw this.answerError('alipay.data.dataservice.bill.downloadurl.query', answer);
    }
    const url = str(answer.bill_download_url);
    if (!url) throw new PaymentProviderError('alipay', 'unexpected_answer', 'no bill_download_url');
    const response = await this.fetch(url, { method: 'GET', headers: {}, signal: AbortSignal.timeout(this.timeoutMs) });
    if (response.status !== 200) throw new PaymentProviderError('alipay', 'bill_download_failed', `HTTP ${response.status}`, { httpStatus: response.status, retryable: true });
    return parseAlipayBillZip(new Uint8Array(await response.arrayBuffer()));
  }

  // ------------------------------------------------------------ the gateway

  /**
   * One signed gateway call. The SDK signs the common parameters plus biz_content; everything is posted
   * form-encoded to `gateway?charset=utf-8`. The answer must carry a valid RSA2 `sign` over its
   * `xxx_response` object — an unsigned or badly signed answer throws and is never interpreted.
   */
  private async call(method: string, bizContent: Record<string, unknown>, extra: { notifyUrl?: string } = {}): Promise<AlipayAnswer> {
    const body = this.sdk.sdkExecute(
      method,
      { bizContent, timestamp: formatChinaTime(this.now()), ...(extra.notifyUrl ? { notifyUrl: extra.notifyUrl } : {}) },
      { bizContentAutoSnakeCase: false },
    );
    const url = new URL(this.config.gateway);
    url.searchParams.set('charset', 'utf-8');
    let raw: string;
    let status: number;
    try {
      const response = await this.fetch(url.toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      raw = await response.text();
    } catch (error) {
      throw new PaymentProviderError('alipay', 'network', `${method}: ${(error as Error).message}`, { retryable: true, cause: error });
    }
    if (status !== 200) throw new PaymentProviderError('alipay', 'http_status', `${method}: HTTP ${status}`, { httpStatus: status, retryable: status >= 500 });
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new PaymentProviderError('alipay', 'unexpected_answer', `${method}: not JSON`);
    }
    const responseKey = `${method.replaceAll('.', '_')}_response`;
    const key = responseKey in parsed ? responseKey : 'error_response' in parsed ? 'error_response' : undefined;
    const data = key ? parsed[key] : undefined;
    if (!key || typeof data !== 'object' || data === null) throw new PaymentProviderError('alipay', 'unexpected_answer', `${method}: no ${responseKey}`);
    const sign = parsed.sign;
    if (typeof sign !== 'string' || !sign) {
      const answer = data as AlipayAnswer;
      throw new PaymentProviderError('alipay', 'unsigned_answer', `${method}: ${answer.sub_code ?? answer.code ?? ''} ${answer.sub_msg ?? answer.msg ?? ''}`.trim());
    }
    try {
      this.sdk.checkResponseSign(raw, key, sign, '');
    } catch (error) {
      throw new PaymentProviderError('alipay', 'bad_answer_signature', `${method}: the answer's signature does not verify`, { cause: error });
    }
    return data as AlipayAnswer;
  }

  private isRetryable(answer: AlipayAnswer): boolean {
    return answer.code === '20000' || (answer.sub_code !== undefined && RETRYABLE_SUB_CODES.has(answer.sub_code));
  }

  private answerError(method: string, answer: AlipayAnswer): PaymentProviderError {
    return new PaymentProviderError('alipay', answer.sub_code ?? answer.code ?? 'unexpected_answer', `${method}: ${answer.sub_msg ?? answer.msg ?? ''}`, {
      retryable: this.isRetryable(answer),
    });
  }
}

// ---------------------------------------------------------------- the bill file

/**
 * The zip from bill_download_url holds `<pid>_<date>_业务明细.csv` and `…_业务明细(汇总).csv`, GBK encoded
 * (file names too, without the zip UTF-8 flag). The detail file is the one with the 支付宝交易号 header.
 */
export function parseAlipayBillZip(zip: Uint8Array): BillRow[] {
  const files = unzipSync(zip);
  const gbk = new TextDecoder('gbk');
  for (const [, content] of Object.entries(files)) {
    const text = gbk.decode(content);
    if (/^\s*支付宝交易号\s*,/m.test(text)) return parseAlipayBillCsv(text);
  }
  throw new PaymentProviderError('alipay', 'bill_unreadable', 'no 业务明细 file in the bill zip');
}

function normaliseHeader(name: string): string {
  return name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

/**
 * Parses the 业务明细 CSV: `#` comment lines around one header row and data rows whose cells are padded
 * with tabs. 业务类型 交易 → payment, 退款 → refund (its 订单金额 is negative; BillRow amounts are positive).
 */
export function parseAlipayBillCsv(text: string): BillRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*支付宝交易号\s*,/.test(line));
  if (start < 0) throw new PaymentProviderError('alipay', 'bill_unreadable', 'no 支付宝交易号 header');
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.startsWith('#')) break;
    if (line.trim()) block.push(line);
  }
  const records = parseCsv(block.join('\n'), { relax_column_count: true, relax_quotes: true, trim: true }) as string[][];
  const header = records[0]!.map(normaliseHeader);
  const col = (name: string) => header.findIndex((h) => h === name || h.startsWith(name));
  const iTradeNo = col('支付宝交易号');
  const iOutTradeNo = col('商户订单号');
  const iType = col('业务类型');
  const iCreated = col('创建时间');
  const iFinished = col('完成时间');
  const iAmount = col('订单金额');
  const iRefundNo = col('退款批次号/请求号');
  if ([iTradeNo, iOutTradeNo, iType, iAmount].some((i) => i < 0)) throw new PaymentProviderError('alipay', 'bill_unreadable', `unexpected header ${header.join(',')}`);
  const rows: BillRow[] = [];
  for (const record of records.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
    const kind = cell(iType);
    if (kind !== '交易' && kind !== '退款') continue;
    const at = parseChinaTime(cell(iFinished)) ?? parseChinaTime(cell(iCreated));
    if (!at) throw new PaymentProviderError('alipay', 'bill_unreadable', `row without a time: ${record.join(',')}`);
    const row: BillRow = {
      type: kind === '交易' ? 'payment' : 'refund',
      outTradeNo: cell(iOutTradeNo),
      providerTradeNo: cell(iTradeNo),
      amountFen: Math.abs(yuanToFen(cell(iAmount))),
      at,
    };
    if (kind === '退款') row.outRefundNo = cell(iRefundNo) || undefined;
    rows.push(row);
  }
  return rows;
}
