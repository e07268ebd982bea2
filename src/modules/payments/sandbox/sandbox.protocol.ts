import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * The wire protocol between the mall and the sandbox gateway, shared by both sides (and by nothing
 * else): headers, HMAC-SHA256 signatures, the transport they travel over, and the configuration.
 *
 * - Requests to the gateway API sign `METHOD\nPATH\ntimestamp\nnonce\nbody\n` (WeChat Pay v3's request
 *   form: the method and path are covered so a captured request cannot be replayed on another endpoint).
 * - Responses from the gateway and notifications to the mall sign `timestamp\nnonce\nbody\n`.
 * - The signature is lower-case hex of HMAC-SHA256 with the merchant key; timestamps are Unix seconds
 *   and must be within 5 minutes of the receiver's clock.
 */

export const HEADER = {
  appId: 'x-sandbox-app-id',
  timestamp: 'x-sandbox-timestamp',
  nonce: 'x-sandbox-nonce',
  signature: 'x-sandbox-signature',
} as const;

/** How far a signed message's timestamp may be from the receiver's clock. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** Where the gateway lives in the app. */
export const GATEWAY_API_PREFIX = '/sandbox-gateway/api';
export const PAY_PAGE_PREFIX = '/sandbox-pay';

export function hmacHex(key: string, message: string): string {
  return crypto.createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

export function requestMessage(method: string, path: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function messageOf(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** Constant-time comparison of two hex signatures (different lengths compare unequal). */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    crypto.timingSafeEqual(a, a); // same work either way
    return false;
  }
  return crypto.timingSafeEqual(a, b);
}

export function newNonce(): string {
  return crypto.randomBytes(16).toString('hex');
}

export function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

/** Headers for a message signed with `timestamp\nnonce\nbody\n` (responses, notifications). */
export function signedHeaders(key: string, body: string, now: Date): Record<string, string> {
  const timestamp = unixSeconds(now);
  const nonce = newNonce();
  return { [HEADER.timestamp]: timestamp, [HEADER.nonce]: nonce, [HEADER.signature]: hmacHex(key, messageOf(timestamp, nonce, body)) };
}

export function withinWindow(timestamp: string, now: Date): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - now.getTime()) <= SIGNATURE_WINDOW_MS;
}

// --- transport ---------------------------------------------------------------------------------

export interface TransportResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * How the provider reaches the gateway and the gateway reaches the mall's notify URL: an HTTP request
 * and its answer, nothing more. Production uses `fetchTransport()`; tests use `injectTransport(app)`
 * so no port is needed.
 */
export interface SandboxTransport {
  request(method: string, url: string, headers: Record<string, string>, body: string): Promise<TransportResponse>;
}

export function fetchTransport(options: { timeoutMs?: number } = {}): SandboxTransport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async request(method, url, headers, body) {
      const response = await fetch(url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name.toLowerCase()] = value));
      return { status: response.status, headers: out, body: await response.text() };
    },
  };
}

/** Requests go straight into the Fastify app (`app.inject`); the URL's host becomes the Host header. */
export function injectTransport(app: Pick<FastifyInstance, 'inject'>): SandboxTransport {
  return {
    async request(method, url, headers, body) {
      const u = new URL(url);
      const response = await app.inject({
        method: method as 'POST',
        url: `${u.pathname}${u.search}`,
        headers: { host: u.host, ...headers },
        ...(method === 'GET' || method === 'HEAD' ? {} : { payload: body }),
      });
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return { status: response.statusCode, headers: out, body: response.body };
    },
  };
}

// --- configuration ------------------------------------------------------------------------------

export interface SandboxConfig {
  appId: string;
  merchantId: string;
  key: string;
  /** Shown on the hosted pay page. */
  merchantName: string;
  /** Where the gateway is reached and where shoppers open the pay page: the mall's public base URL. */
  baseUrl: string;
}

/**
 * SANDBOX_APP_ID, SANDBOX_MCH_ID, SANDBOX_KEY, SANDBOX_MERCHANT_NAME, SANDBOX_BASE_URL (else
 * PUBLIC_BASE_URL, else http://localhost:$PORT). The defaults are fine: it is a sandbox, and the
 * same values configure both the gateway and the mall's provider.
 */
export function sandboxConfigFromEnv(env: Record<string, string | undefined> = process.env): SandboxConfig {
  return {
    appId: env.SANDBOX_APP_ID || 'jishi-sandbox',
    merchantId: env.SANDBOX_MCH_ID || '1900000001',
    key: env.SANDBOX_KEY || 'jishi-sandbox-key',
    merchantName: env.SANDBOX_MERCHANT_NAME || '集市 Jishi',
    baseUrl: (env.SANDBOX_BASE_URL || env.PUBLIC_BASE_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
  };
}
