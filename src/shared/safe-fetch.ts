import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Fetching a URL a user gave us (an image to import) without letting them reach our own
 * network: https only; every address the name resolves to must be public — checked at connect
 * time in the socket's own DNS lookup, so a name that re-resolves to 127.0.0.1 between check and
 * use (DNS rebinding) is still caught; redirects are followed by hand and checked again;
 * bounded in time and size.
 */
export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Tests only: also allow http: and these exact host:port pairs (a local fixture server). */
  allowForTesting?: { hosts: string[] };
}

export class UnsafeUrlError extends Error {}
export class FetchTooLargeError extends Error {}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad || list.length === 0) return callback(new UnsafeUrlError(`${hostname} resolves to a non-public address`), '', 0);
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<{ body: Buffer; contentType: string | undefined; finalUrl: string }> {
  let url = rawUrl;
  const maxRedirects = options.maxRedirects ?? 3;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const parsed = parseAllowedUrl(url, options);
    const response = await getOnce(parsed, options);
    if (response.redirect) {
      url = new URL(response.redirect, parsed).toString();
      continue;
    }
    return { body: response.body!, contentType: response.contentType, finalUrl: parsed.toString() };
  }
  throw new UnsafeUrlError('too many redirects');
}

function parseAllowedUrl(url: string, options: SafeFetchOptions): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeUrlError('not a URL');
  }
  const testHost = options.allowForTesting?.hosts.includes(parsed.host);
  if (parsed.protocol !== 'https:' && !(testHost && parsed.protocol === 'http:')) throw new UnsafeUrlError(`${parsed.protocol} URLs are not fetched`);
  if (parsed.username || parsed.password) throw new UnsafeUrlError('credentials in URL');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!testHost && ipaddr.isValid(host) && !isPublicAddress(host)) throw new UnsafeUrlError(`${host} is not a public address`);
  return parsed;
}

function getOnce(url: URL, options: SafeFetchOptions): Promise<{ redirect?: string; body?: Buffer; contentType?: string | undefined }> {
  const testHost = options.allowForTesting?.hosts.includes(url.host);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { lookup: testHost ? undefined : guardedLookup, timeout: options.timeoutMs ?? 5000, headers: { 'user-agent': 'Jishi-image-import/1' } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        return resolve({ redirect: response.headers.location });
      }
      if (status !== 200) {
        response.resume();
        return reject(new UnsafeUrlError(`HTTP ${status}`));
      }
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        response.destroy();
        return reject(new FetchTooLargeError());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.destroy();
          reject(new FetchTooLargeError());
        } else chunks.push(chunk);
      });
      response.on('end', () => resolve({ body: Buffer.concat(chunks), contentType: response.headers['content-type'] }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new UnsafeUrlError('timed out')));
    request.on('error', reject);
  });
}
