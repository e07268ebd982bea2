/** Test-only: a fake fetch that records every request and answers from a handler (no network). */
import type { FetchLike, TransportRequest } from './common.ts';

export interface RecordedRequest extends TransportRequest {
  url: string;
}

export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export function fakeTransport(handler: (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const request: RecordedRequest = { url, ...init };
    requests.push(request);
    const answer = await handler(request);
    const body = answer.body ?? '';
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    return {
      status: answer.status ?? 200,
      headers: new Headers(answer.headers ?? {}),
      text: async () => bytes.toString('utf8'),
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  };
  return { fetch, requests };
}
