/**
 * One interface for every payment provider (built-in sandbox gateway, Alipay, WeChat Pay). The
 * payments service calls these only outside database transactions (through jobs = the outbox), and
 * treats every answer as untrusted until `verifyNotification` or an active `query` confirms it.
 *
 * Money is integer fen. `outTradeNo` is our payment attempt id; `outRefundNo` our refund id;
 * `outOrderNo` our profit-sharing (分账) request id. Every call with one of our ids is idempotent at
 * the provider: repeating it returns the first result and never moves money twice.
 */

export type ProviderName = 'sandbox' | 'alipay' | 'wechatpay';

/** How the shopper pays: desktop page, mobile web, QR code (Native), or inside the WeChat app (JSAPI). */
export type PaymentChannel = 'page' | 'wap' | 'native' | 'jsapi';

/**
 * One shop's share of a combined payment (合单支付). In marketplace mode each shop is a sub-merchant
 * at the provider, which holds (freezes) this share until a profit-sharing request releases it.
 */
export interface PaymentSplit {
  /** The shop's sub-merchant id at the provider (WeChat sub_mchid, Alipay smid). */
  subMerchantId: string;
  /** Our id for this share (the shop order id). */
  outSubTradeNo: string;
  amountFen: number;
  description: string;
}

export interface CreatePaymentInput {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  channel: PaymentChannel;
  notifyUrl: string;
  /** Where the shopper's browser goes afterwards. Reaching it proves nothing. */
  returnUrl: string;
  expiresAt: Date;
  /** Present in marketplace mode: the shares per shop, summing to `amountFen`. */
  splits?: PaymentSplit[];
  clientIp?: string;
  /** WeChat JSAPI payer. */
  openId?: string;
}

/** What the shopper's browser does next. */
export type PaymentAction =
  | { type: 'redirect'; url: string }
  | { type: 'qr'; content: string }
  | { type: 'form'; html: string }
  | { type: 'jsapi'; params: Record<string, string> };

export type VerifiedNotification =
  | {
      kind: 'payment';
      outTradeNo: string;
      providerTradeNo: string;
      /** What the provider says was paid; the service compares it with the payment attempt. */
      amountFen: number;
      status: 'paid' | 'closed';
      /** The app id / merchant id the notification was issued for; must be ours. */
      appId: string;
      merchantId: string;
      paidAt?: Date;
    }
  | {
      kind: 'refund';
      outTradeNo: string;
      outRefundNo: string;
      providerRefundNo: string;
      refundFen: number;
      status: 'succeeded' | 'failed' | 'processing';
      appId: string;
      merchantId: string;
    };

/** Thrown by `verifyNotification` when a notification is not authentic or not addressed to us. */
export class NotificationRejected extends Error {
  constructor(readonly reason: 'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'unknown_key' | 'probe' | 'malformed' | 'foreign_app', detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'NotificationRejected';
  }
}

export interface IncomingNotification {
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The body exactly as received (signatures cover the raw bytes). */
  rawBody: string;
}

export interface NotificationAck {
  status: number;
  contentType: string;
  body: string;
}

export interface PaymentQueryResult {
  status: 'paid' | 'pending' | 'closed' | 'not_found';
  amountFen?: number;
  providerTradeNo?: string;
  paidAt?: Date;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  /** The whole payment's amount (WeChat requires it). */
  totalFen: number;
  reason: string;
  /** Marketplace mode: refund from this shop's share (held funds, or returned from the merchant after sharing). */
  subMerchantId?: string;
  outSubTradeNo?: string;
  /**
   * Marketplace, after 分账: the platform's commission on the refunded part, returned by the receiver
   * (Alipay refund_royalty_parameters / WeChat 分账回退) so the sub-merchant does not pay it.
   */
  returnFromReceiversFen?: number;
  /** With returnFromReceiversFen: our id of the profit-sharing order being returned from (WeChat needs it). */
  profitShareOrderNo?: string;
}

export interface RefundResult {
  status: 'succeeded' | 'processing' | 'failed';
  providerRefundNo?: string;
  failureReason?: string;
}

export interface ProfitShareReceiver {
  /** 'platform' (the platform's own merchant account) or a sub-merchant id. */
  account: string;
  amountFen: number;
  description: string;
}

export interface ProfitShareInput {
  outTradeNo: string;
  providerTradeNo: string;
  subMerchantId: string;
  outSubTradeNo: string;
  /** Our id for this sharing request. */
  outOrderNo: string;
  /** Who gets what out of the frozen share: normally the platform's commission. */
  receivers: ProfitShareReceiver[];
  /** Unfreeze what is left to the sub-merchant (完结分账). */
  finish: boolean;
}

export interface ProfitShareResult {
  status: 'finished' | 'processing' | 'failed';
  failureReason?: string;
}

/** One row of the provider's daily bill (对账单). */
export interface BillRow {
  type: 'payment' | 'refund';
  outTradeNo: string;
  providerTradeNo: string;
  outRefundNo?: string;
  amountFen: number;
  at: Date;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** Our app id and merchant id at this provider; notifications must name them. */
  readonly appId: string;
  readonly merchantId: string;

  create(input: CreatePaymentInput): Promise<PaymentAction>;
  /** Verifies authenticity (signature, key, timestamp) and decodes; throws NotificationRejected. */
  verifyNotification(notification: IncomingNotification, now: Date): Promise<VerifiedNotification>;
  /** The body the provider expects back: success stops its retries, failure asks for a retry. */
  notificationAck(ok: boolean): NotificationAck;
  query(outTradeNo: string): Promise<PaymentQueryResult>;
  close(outTradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<RefundResult>;
  queryRefund(outTradeNo: string, outRefundNo: string): Promise<RefundResult>;
  profitShare(input: ProfitShareInput): Promise<ProfitShareResult>;
  /** The bill for one day in China time (`YYYY-MM-DD`). */
  downloadBill(date: string): Promise<BillRow[]>;
}
