/**
 * Helpers shared by the real-provider adapters (Alipay, WeChat Pay): exact yuan ⇄ fen conversion,
 * China-time formatting, key loading, the injectable HTTP transport and the provider error type.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

// ---------------------------------------------------------------- money

/**
 * "12.34" → 1234, exactly (string arithmetic, never floats). Accepts at most two decimals and an
 * optional leading minus (bills show refunds as negative amounts). Anything else throws.
 */
export function yuanToFen(text: string | number): number {
  const s = String(text).trim();
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not an amount in yuan: ${JSON.stringify(s)}`);
  const whole = Number(m[2]);
  const cents = Number((m[3] ?? '').padEnd(2, '0'));
  const value = whole * 100 + cents;
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount too large: ${s}`);
  return m[1] && value !== 0 ? -value : value;
}

/** 1234 → "12.34" (what Alipay wants for total_amount, refund_amount, …). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- time (China Standard Time, UTC+8, no DST)

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** "2024-05-01 13:45:00" in China time — Alipay's timestamp / time_expire format. */
export function formatChinaTime(date: Date): string {
  return new Date(date.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2024-05-01T13:45:00+08:00" — RFC 3339 in China time, WeChat Pay's time_expire format. */
export function formatChinaRfc3339(date: Date): string {
  return `${new Date(date.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Parses "2024-05-01 13:45:00" (China time) into a Date; undefined when empty or malformed. */
export function parseChinaTime(text: string | undefined | null): Date | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const date = new Date(`${m[1]}T${m[2]}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parses an RFC 3339 time with offset ("2024-05-01T13:45:00+08:00"). */
export function parseRfc3339(text: string | undefined | null): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function assertBillDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(new Date(`${date}T00:00:00+08:00`).getTime())) {
    throw new RangeError(`bill date must be YYYY-MM-DD: ${date}`);
  }
}

// ---------------------------------------------------------------- HTTP transport

export interface TransportRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-shaped function. The global `fetch` fits; tests pass a fake that records requests. */
export type FetchLike = (url: string, init: TransportRequest) => Promise<TransportResponse>;

export interface ProviderDeps {
  /** HTTP transport; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Clock; defaults to the system clock. */
  now?: () => Date;
  /** Request timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
}

export function defaultFetch(): FetchLike {
  return (url, init) => fetch(url, init) as unknown as Promise<TransportResponse>;
}

/** A provider call failed (network, HTTP status, unsigned or unverifiable answer, business error). */
export class PaymentProviderError extends Error {
  readonly provider: 'alipay' | 'wechatpay';
  readonly code: string;
  readonly httpStatus?: number;
  /** True when repeating the same call (same ids) later may succeed. */
  readonly retryable: boolean;
  constructor(provider: 'alipay' | 'wechatpay', code: string, message: string, options: { httpStatus?: number; retryable?: boolean; cause?: unknown } = {}) {
    super(`${provider}: ${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PaymentProviderError';
    this.provider = provider;
    this.code = code;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? false;
  }
}

// ---------------------------------------------------------------- keys

/**
 * A private key given as PEM (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY") or as the bare
 * base64 body the Alipay key tool prints (PKCS#8 or PKCS#1 DER).
 */
export function loadPrivateKey(text: string): crypto.KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return crypto.createPrivateKey(trimmed);
  const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/** A public key given as PEM (SPKI, PKCS#1 or an X.509 certificate) or bare base64 SPKI/PKCS#1 DER. */
export function loadPublicKey(text: string): crypto.KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN CERTIFICATE')) return new crypto.X509Certificate(trimmed).publicKey;
  if (trimmed.includes('-----BEGIN')) return crypto.createPublicKey(trimmed);
  const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
  try {
    return crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return crypto.createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

// ---------------------------------------------------------------- environment

export type Env = Record<string, string | undefined>;

/** `NAME` itself, or the contents of the file `NAME_PATH` names. */
export function envValueOrFile(env: Env, name: string): string | undefined {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const path = env[`${name}_PATH`]?.trim();
  if (path) return fs.readFileSync(path, 'utf8');
  return undefined;
}

/** Throws one error naming every missing variable, so a half-done configuration is noticed at start-up. */
export function requireAll(provider: string, values: Record<string, string | undefined>): void {
  const missing = Object.entries(values).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) throw new Error(`${provider} is partly configured: missing ${missing.join(', ')}`);
}

export function randomNonce(): string {
  return crypto.randomBytes(16).toString('hex').toUpperCase();
}
