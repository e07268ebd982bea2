import type { FastifyServerOptions } from 'fastify';

const MOBILE = /(?<!\d)(\+?86)?(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Mainland mobile numbers in free text become 138****8000. */
export function maskPhones(text: string): string {
  return text.replace(MOBILE, (_m, _cc, head: string, tail: string) => `${head}****${tail}`);
}

/**
 * Request logs carry method, path, status, timing and ids — never bodies, cookies,
 * authorization headers, tokens or full phone numbers.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; id?: string }) {
        const [path = '', query] = req.url.split('?');
        return { method: req.method, url: maskPhones(path) + (query ? '?…' : ''), requestId: req.id };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
