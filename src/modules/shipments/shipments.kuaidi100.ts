import crypto from 'node:crypto';
import { AppError } from '../../http/errors.ts';
import type { TrackingStatus } from './shipments.tables.ts';
import {
  chinaTime,
  statusFromText,
  type ParcelRef,
  type PushOutcome,
  type SubscribeResult,
  type TrackingEventInput,
  type TrackingProvider,
  type TrackingSnapshot,
} from './shipments.tracking.ts';

/**
 * Kuaidi100 (快递100) 企业版:
 * - 实时查询 `POST {base}/poll/query.do`, form `customer`, `sign`, `param` (JSON: com, num, phone,
 *   resultv2); `sign = upper(md5(param + key + customer))`.
 * - 订阅 `POST {base}/poll`, form `schema=json`, `param` (JSON: company, number, key, to, phone,
 *   parameters: { callbackurl, salt, resultv2 }); answer `{ result, returnCode, message }` where
 *   200 is subscribed and 501 is "already subscribed" (also fine).
 * - 推送 to our callback: form `param` (JSON: status, message, autoCheck, comOld, comNew, lastResult:
 *   { state, ischeck, com, nu, data: [{ time, ftime, context, areaName, status, statusCode }] }) and
 *   `sign = md5(param + salt)`; we answer `{"result":true,"returnCode":"200","message":"成功"}`,
 *   anything else is retried by Kuaidi100.
 */
export interface Kuaidi100Config {
  key: string;
  customer: string;
  salt: string;
  /** Default https://poll.kuaidi100.com. */
  baseUrl: string;
  /** Where pushes come back: {PUBLIC_BASE_URL}/api/shipments/webhooks/kuaidi100. */
  callbackUrl: string;
}

/** A form POST to Kuaidi100: fetch in production, a fake in tests. */
export type Kuaidi100Transport = (url: string, form: URLSearchParams) => Promise<{ status: number; body: string }>;

export const fetchKuaidi100: Kuaidi100Transport = async (url, form) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: form.toString(),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
};

const VARS = ['KUAIDI100_KEY', 'KUAIDI100_CUSTOMER', 'KUAIDI100_SALT'] as const;

/** KUAIDI100_KEY + KUAIDI100_CUSTOMER + KUAIDI100_SALT, or none of them (manual tracking only); half a set stops start-up. */
export function kuaidi100ConfigFromEnv(env: Record<string, string | undefined>, publicUrl: string): Kuaidi100Config | null {
  const present = VARS.filter((v) => env[v]);
  if (present.length === 0) return null;
  if (present.length < VARS.length) throw new Error(`Kuaidi100 is half configured: set ${VARS.filter((v) => !env[v]).join(', ')} too (or none of them)`);
  return {
    key: env.KUAIDI100_KEY!,
    customer: env.KUAIDI100_CUSTOMER!,
    salt: env.KUAIDI100_SALT!,
    baseUrl: (env.KUAIDI100_BASE_URL || 'https://poll.kuaidi100.com').replace(/\/+$/, ''),
    callbackUrl: `${publicUrl.replace(/\/+$/, '')}/api/shipments/webhooks/kuaidi100`,
  };
}

const md5Upper = (text: string) => crypto.createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

/** 实时查询's sign: MD5(param + key + customer), upper-case hex. */
export function querySign(param: string, key: string, customer: string): string {
  return md5Upper(param + key + customer);
}

/** A push's sign: MD5(param + salt) (compared without regard to case). */
export function pushSign(param: string, salt: string): string {
  return md5Upper(param + salt);
}

function signMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toUpperCase());
  const b = Buffer.from(given.trim().toUpperCase());
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Kuaidi100 states: 0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转投, 8/10–13 清关, 14 拒签;
 * with resultv2 the sub-states 1xx (揽收), 2xx (疑难), 3xx (签收), 4xx (退签), 5xx (派件) and 10xx (在途).
 */
export function kuaidi100State(code: string | number | undefined | null): TrackingStatus | null {
  if (code === undefined || code === null || code === '') return null;
  const n = Number(code);
  if (!Number.isInteger(n) || n < 0) return null;
  const main = n >= 1000 ? 0 : n >= 100 ? Math.floor(n / 100) : n;
  switch (main) {
    case 1:
      return 'collected';
    case 2:
      return 'exception';
    case 3:
      return 'signed';
    case 4:
    case 6:
    case 14:
      return 'returned';
    case 5:
      return 'delivering';
    default:
      return 'in_transit';
  }
}

const STATE_NAMES: Record<string, TrackingStatus> = {
  在途: 'in_transit',
  揽收: 'collected',
  疑难: 'exception',
  签收: 'signed',
  退签: 'returned',
  派件: 'delivering',
  退回: 'returned',
  转投: 'in_transit',
  清关: 'in_transit',
  待清关: 'in_transit',
  清关中: 'in_transit',
  已清关: 'in_transit',
  清关异常: 'exception',
  拒签: 'returned',
};

interface RawEvent {
  time?: string;
  ftime?: string;
  context?: string;
  areaName?: string;
  location?: string;
  status?: string;
  statusCode?: string;
}

interface RawResult {
  state?: string | number;
  com?: string;
  nu?: string;
  data?: RawEvent[];
}

function readEvents(raw: RawResult): { events: TrackingEventInput[]; state: TrackingStatus | null } {
  const state = kuaidi100State(raw.state);
  const data = Array.isArray(raw.data) ? raw.data : [];
  const events: TrackingEventInput[] = [];
  data.forEach((e, i) => {
    const occurredAt = chinaTime(String(e.ftime ?? e.time ?? ''));
    const description = String(e.context ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
    if (!occurredAt || !description) return;
    // Per event: its status code, its status name, its words; the newest event (first: Kuaidi100 sends newest first) takes the parcel's state.
    const status =
      kuaidi100State(e.statusCode) ?? STATE_NAMES[String(e.status ?? '')] ?? statusFromText(description) ?? (i === 0 && state ? state : 'in_transit');
    const location = String(e.areaName ?? e.location ?? '').trim().slice(0, 100) || null;
    events.push({ occurredAt, status, description, location });
  });
  return { events, state };
}

function parseJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function createKuaidi100Provider(config: Kuaidi100Config, transport: Kuaidi100Transport = fetchKuaidi100): TrackingProvider {
  async function post(path: string, form: URLSearchParams): Promise<Record<string, unknown>> {
    let answer: { status: number; body: string };
    try {
      answer = await transport(`${config.baseUrl}${path}`, form);
    } catch (error) {
      throw new AppError('TRACKING_PROVIDER_ERROR', { detail: error instanceof Error ? error.message : 'network' });
    }
    const json = parseJson<Record<string, unknown>>(answer.body);
    if (answer.status >= 500 || !json) throw new AppError('TRACKING_PROVIDER_ERROR', { detail: `HTTP ${answer.status}` });
    return json;
  }

  return {
    name: 'kuaidi100',

    async subscribe(parcel: ParcelRef): Promise<SubscribeResult> {
      const param = JSON.stringify({
        company: parcel.providerCarrier,
        number: parcel.trackingNo,
        key: config.key,
        ...(parcel.to ? { to: parcel.to } : {}),
        parameters: { callbackurl: config.callbackUrl, salt: config.salt, resultv2: '1', ...(parcel.phone ? { phone: parcel.phone } : {}) },
      });
      const json = await post('/poll', new URLSearchParams({ schema: 'json', param }));
      const code = String(json.returnCode ?? '');
      if (json.result === true || code === '200' || code === '501') return { outcome: 'subscribed' };
      // 500 is their server: try again later. 600/601 (key), 700/701/702 (data, carrier) will not get better by retrying.
      if (code === '500' || code === '') throw new AppError('TRACKING_PROVIDER_ERROR', { detail: `${code} ${String(json.message ?? '')}`.trim() });
      return { outcome: 'refused', message: `${code} ${String(json.message ?? '')}`.trim() };
    },

    async query(parcel: ParcelRef): Promise<TrackingSnapshot> {
      const param = JSON.stringify({ com: parcel.providerCarrier, num: parcel.trackingNo, ...(parcel.phone ? { phone: parcel.phone } : {}), resultv2: '1', show: '0', order: 'desc' });
      const form = new URLSearchParams({ customer: config.customer, sign: querySign(param, config.key, config.customer), param });
      const json = (await post('/poll/query.do', form)) as RawResult & { result?: boolean; returnCode?: string; message?: string; status?: string };
      if (json.result === false || (json.returnCode && json.returnCode !== '200')) {
        throw new AppError('TRACKING_PROVIDER_ERROR', { detail: `${json.returnCode ?? ''} ${json.message ?? ''}`.trim() });
      }
      const { events, state } = readEvents(json);
      return { providerCarrier: String(json.com ?? parcel.providerCarrier), trackingNo: String(json.nu ?? parcel.trackingNo).toUpperCase(), events, state };
    },

    parsePush({ contentType, rawBody }): PushOutcome {
      if (!/application\/x-www-form-urlencoded/i.test(contentType)) throw new AppError('TRACKING_PUSH_REJECTED');
      const form = new URLSearchParams(rawBody);
      const param = form.get('param');
      const sign = form.get('sign');
      if (!param || !sign || !signMatches(pushSign(param, config.salt), sign)) throw new AppError('TRACKING_PUSH_REJECTED');
      const body = parseJson<{ status?: string; message?: string; comOld?: string; comNew?: string; lastResult?: RawResult }>(param);
      const last = body?.lastResult;
      if (!body || !last || !last.nu || !last.com) throw new AppError('TRACKING_PUSH_REJECTED');
      const { events, state } = readEvents(last);
      return {
        snapshot: { providerCarrier: String(last.com), trackingNo: String(last.nu).toUpperCase(), events, state },
        monitor: String(body.status ?? ''),
        message: String(body.message ?? ''),
        alsoCarriers: [body.comOld, body.comNew].filter((c): c is string => typeof c === 'string' && c.length > 0),
      };
    },

    pushAnswer(ok, message) {
      return {
        status: ok ? 200 : 400,
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify(ok ? { result: true, returnCode: '200', message: '成功' } : { result: false, returnCode: '500', message: message ?? '失败' }),
      };
    },
  };
}
