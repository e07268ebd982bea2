import { z } from 'zod';
import { systemClock, type Clock } from '../../../shared/clock.ts';
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
import type { SandboxFaults } from './sandbox.gateway.ts';
import {
  GATEWAY_API_PREFIX,
  HEADER,
  hmacHex,
  messageOf,
  newNonce,
  requestMessage,
  signaturesEqual,
  unixSeconds,
  withinWindow,
  type SandboxTransport,
} from './sandbox.protocol.ts';

export { sandboxConfigFromEnv, fetchTransport, injectTransport, type SandboxConfig, type SandboxTransport } from './sandbox.protocol.ts';

/** The gateway refused a call, or its answer could not be trusted. `code` is the gateway's error code. */
export class SandboxGatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(`sandbox gateway: ${code}: ${message}`);
    this.name = 'SandboxGatewayError';
  }
}

export interface SandboxProviderOptions {
  appId: string;
  merchantId: string;
  key: string;
  /** The mall's public base URL: the gateway's API and pay page live under it. */
  baseUrl: string;
  transport: SandboxTransport;
  /** For request timestamps and checking the gateway's answers; pass the app's clock (tests move it). */
  clock?: Clock;
}

const paymentBody = z.object({
  kind: z.literal('payment'),
  out_trade_no: z.string().min(1),
  trade_no: z.string().min(1),
  amount: z.number().int().nonnegative(),
  status: z.enum(['SUCCESS', 'CLOSED']),
  paid_at: z.string().optional(),
});
const refundBody = z.object({
  kind: z.literal('refund'),
  out_trade_no: z.string().min(1),
  out_refund_no: z.string().min(1),
  refund_no: z.string().min(1),
  amount: z.number().int().nonnegative(),
  status: z.enum(['SUCCESS', 'PROCESSING', 'FAILED', 'ABNORMAL']),
});

const REFUND_STATUS = { SUCCESS: 'succeeded', PROCESSING: 'processing', FAILED: 'failed', ABNORMAL: 'failed' } as const;

interface RefundView {
  refund_no: string;
  status: keyof typeof REFUND_STATUS;
}

/**
 * The mall's client for the built-in sandbox gateway. Every request is signed with the merchant key;
 * every answer must carry the gateway's signature (else it is not believed); notifications are
 * verified the same way. The gateway keeps each call idempotent by our ids.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  readonly appId: string;
  readonly merchantId: string;
  readonly #key: string;
  readonly #baseUrl: string;
  readonly #transport: SandboxTransport;
  readonly #clock: Clock;

  constructor(options: SandboxProviderOptions) {
    this.appId = options.appId;
    this.merchantId = options.merchantId;
    this.#key = options.key;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
  }

  /** Calls the gateway API; answers whose signature does not verify are thrown away. */
  async #call<T>(method: string, body: Record<string, unknown>): Promise<{ ok: true; data: T } | { ok: false; status: number; code: string; message: string }> {
    const url = `${this.#baseUrl}${GATEWAY_API_PREFIX}/${method}`;
    const path = new URL(url).pathname;
    const text = JSON.stringify(body);
    const timestamp = unixSeconds(this.#clock.now());
    const nonce = newNonce();
    const response = await this.#transport.request(
      'POST',
      url,
      {
        'content-type': 'application/json',
        [HEADER.appId]: this.appId,
        [HEADER.timestamp]: timestamp,
        [HEADER.nonce]: nonce,
        [HEADER.signature]: hmacHex(this.#key, requestMessage('POST', path, timestamp, nonce, text)),
      },
      text,
    );
    let parsed: { code?: string; message?: string } | undefined;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      parsed = undefined;
    }
    if (response.status === 401 || response.status >= 500 || !parsed) {
      throw new SandboxGatewayError(parsed?.code ?? 'BAD_RESPONSE', parsed?.message ?? `HTTP ${response.status}`, response.status);
    }
    const rts = response.headers[HEADER.timestamp];
    const rnonce = response.headers[HEADER.nonce];
    const rsig = response.headers[HEADER.signature];
    if (!rts || !rnonce || !rsig || !signaturesEqual(hmacHex(this.#key, messageOf(rts, rnonce, response.body)), rsig)) {
      throw new SandboxGatewayError('BAD_RESPONSE_SIGNATURE', `the answer to ${method} is not signed by the gateway`, response.status);
    }
    if (!withinWindow(rts, this.#clock.now())) throw new SandboxGatewayError('BAD_RESPONSE_SIGNATURE', `the answer to ${method} is stale`, response.status);
    if (response.status >= 200 && response.status < 300) return { ok: true, data: parsed as T };
    return { ok: false, status: response.status, code: parsed.code ?? 'UNKNOWN', message: parsed.message ?? '' };
  }

  async create(input: CreatePaymentInput): Promise<PaymentAction> {
    const res = await this.#call<{ pay_path: string }>('trade/create', {
      out_trade_no: input.outTradeNo,
      amount: input.amountFen,
      subject: input.subject.slice(0, 128),
      channel: input.channel,
      notify_url: input.notifyUrl,
      return_url: input.returnUrl,
      expires_at: input.expiresAt.toISOString(),
      ...(input.clientIp ? { client_ip: input.clientIp } : {}),
      ...(input.openId ? { open_id: input.openId } : {}),
      ...(input.splits
        ? { sub_orders: input.splits.map((s) => ({ sub_mch_id: s.subMerchantId, out_sub_trade_no: s.outSubTradeNo, amount: s.amountFen, description: s.description.slice(0, 128) })) }
        : {}),
    });
    if (!res.ok) throw new SandboxGatewayError(res.code, res.message, res.status);
    const url = `${this.#baseUrl}${res.data.pay_path}`;
    return input.channel === 'native' ? { type: 'qr', content: url } : { type: 'redirect', url };
  }

  async verifyNotification(notification: IncomingNotification, now: Date): Promise<VerifiedNotification> {
    const h = notification.headers;
    const timestamp = h[HEADER.timestamp];
    const nonce = h[HEADER.nonce];
    const signature = h[HEADER.signature];
    if (!timestamp || !nonce || !signature) throw new NotificationRejected('missing_signature');
    const expected = hmacHex(this.#key, messageOf(timestamp, nonce, notification.rawBody));
    if (!signaturesEqual(expected, signature)) throw new NotificationRejected('bad_signature');
    if (!withinWindow(timestamp, now)) throw new NotificationRejected('stale_timestamp', `timestamp ${timestamp}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(notification.rawBody) as Record<string, unknown>;
    } catch {
      throw new NotificationRejected('malformed', 'not JSON');
    }
    if (!body || typeof body !== 'object') throw new NotificationRejected('malformed', 'not an object');
    if (body.app_id !== this.appId || body.mch_id !== this.merchantId) {
      throw new NotificationRejected('foreign_app', `app ${String(body.app_id)} / merchant ${String(body.mch_id)}`);
    }
    const appId = this.appId;
    const merchantId = this.merchantId;
    if (body.kind === 'payment') {
      const p = paymentBody.safeParse(body);
      if (!p.success) throw new NotificationRejected('malformed', 'payment fields');
      const paidAt = p.data.paid_at ? new Date(p.data.paid_at) : undefined;
      if (paidAt && Number.isNaN(paidAt.getTime())) throw new NotificationRejected('malformed', 'paid_at');
      return {
        kind: 'payment',
        outTradeNo: p.data.out_trade_no,
        providerTradeNo: p.data.trade_no,
        amountFen: p.data.amount,
        status: p.data.status === 'SUCCESS' ? 'paid' : 'closed',
        appId,
        merchantId,
        ...(paidAt ? { paidAt } : {}),
      };
    }
    if (body.kind === 'refund') {
      const r = refundBody.safeParse(body);
      if (!r.success) throw new NotificationRejected('malformed', 'refund fields');
      return {
        kind: 'refund',
        outTradeNo: r.data.out_trade_no,
        outRefundNo: r.data.out_refund_no,
        providerRefundNo: r.data.refund_no,
        refundFen: r.data.amount,
        status: REFUND_STATUS[r.data.status],
        appId,
        merchantId,
      };
    }
    throw new NotificationRejected('malformed', `unknown kind ${String(body.kind)}`);
  }

  notificationAck(ok: boolean): NotificationAck {
    return ok
      ? { status: 200, contentType: 'application/json', body: JSON.stringify({ code: 'SUCCESS' }) }
      : { status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message: '处理失败，请稍后重试' }) };
  }

  async query(outTradeNo: string): Promise<PaymentQueryResult> {
    const res = await this.#call<{ status: 'WAIT_PAY' | 'SUCCESS' | 'CLOSED'; amount: number; trade_no: string; paid_at: string | null }>('trade/query', { out_trade_no: outTradeNo });
    if (!res.ok) {
      if (res.code === 'TRADE_NOT_FOUND') return { status: 'not_found' };
      throw new SandboxGatewayError(res.code, res.message, res.status);
    }
    const t = res.data;
    return {
      status: t.status === 'SUCCESS' ? 'paid' : t.status === 'CLOSED' ? 'closed' : 'pending',
      amountFen: t.amount,
      providerTradeNo: t.trade_no,
      ...(t.paid_at ? { paidAt: new Date(t.paid_at) } : {}),
    };
  }

  /** Idempotent; a trade the gateway never saw counts as closed. A paid trade throws TRADE_PAID. */
  async close(outTradeNo: string): Promise<void> {
    const res = await this.#call('trade/close', { out_trade_no: outTradeNo });
    if (!res.ok && res.code !== 'TRADE_NOT_FOUND') throw new SandboxGatewayError(res.code, res.message, res.status);
  }

  /** Business refusals (over the paid amount, not paid …) come back as `failed`; transport trouble throws. */
  async refund(input: RefundInput): Promise<RefundResult> {
    const res = await this.#call<RefundView>('refund/create', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      amount: input.refundFen,
      total: input.totalFen,
      reason: input.reason.slice(0, 80),
      ...(input.subMerchantId ? { sub_mch_id: input.subMerchantId } : {}),
      ...(input.outSubTradeNo ? { out_sub_trade_no: input.outSubTradeNo } : {}),
      ...(input.returnFromReceiversFen ? { return_from_receivers: input.returnFromReceiversFen } : {}),
    });
    if (!res.ok) return { status: 'failed', failureReason: `${res.code}: ${res.message}` };
    return { status: REFUND_STATUS[res.data.status], providerRefundNo: res.data.refund_no };
  }

  /** A refund the gateway does not know is `failed` with reason REFUND_NOT_FOUND (safe to request again). */
  async queryRefund(outTradeNo: string, outRefundNo: string): Promise<RefundResult> {
    const res = await this.#call<RefundView>('refund/query', { out_trade_no: outTradeNo, out_refund_no: outRefundNo });
    if (!res.ok) {
      if (res.code === 'REFUND_NOT_FOUND' || res.code === 'TRADE_NOT_FOUND') return { status: 'failed', failureReason: 'REFUND_NOT_FOUND' };
      throw new SandboxGatewayError(res.code, res.message, res.status);
    }
    return { status: REFUND_STATUS[res.data.status], providerRefundNo: res.data.refund_no };
  }

  async profitShare(input: ProfitShareInput): Promise<ProfitShareResult> {
    const res = await this.#call<{ status: 'FINISHED' }>('profit-sharing/create', {
      out_trade_no: input.outTradeNo,
      trade_no: input.providerTradeNo,
      sub_mch_id: input.subMerchantId,
      out_sub_trade_no: input.outSubTradeNo,
      out_order_no: input.outOrderNo,
      receivers: input.receivers.map((r) => ({ account: r.account, amount: r.amountFen, description: r.description.slice(0, 80) })),
      finish: input.finish,
    });
    if (!res.ok) return { status: 'failed', failureReason: `${res.code}: ${res.message}` };
    return { status: 'finished' };
  }

  async downloadBill(date: string): Promise<BillRow[]> {
    const res = await this.#call<{ rows: { type: 'payment' | 'refund'; out_trade_no: string; trade_no: string; out_refund_no: string | null; amount: number; at: string }[] }>('bill/download', { date, format: 'json' });
    if (!res.ok) throw new SandboxGatewayError(res.code, res.message, res.status);
    return res.data.rows.map((r) => ({
      type: r.type,
      outTradeNo: r.out_trade_no,
      providerTradeNo: r.trade_no,
      ...(r.out_refund_no ? { outRefundNo: r.out_refund_no } : {}),
      amountFen: r.amount,
      at: new Date(r.at),
    }));
  }

  /** Sandbox only: fault modes for a trade (`'*'`: every trade of this merchant without its own). */
  async setFaults(outTradeNo: string, faults: SandboxFaults): Promise<void> {
    const res = await this.#call('sandbox/faults', {
      out_trade_no: outTradeNo,
      ...(faults.duplicate !== undefined ? { duplicate: faults.duplicate } : {}),
      ...(faults.reorder !== undefined ? { reorder: faults.reorder } : {}),
      ...(faults.delayMs !== undefined ? { delay_ms: faults.delayMs } : {}),
      ...(faults.never !== undefined ? { never: faults.never } : {}),
    });
    if (!res.ok) throw new SandboxGatewayError(res.code, res.message, res.status);
  }
}

export function createSandboxProvider(options: SandboxProviderOptions): SandboxProvider {
  return new SandboxProvider(options);
}
