import type { FastifyServerOptions } from 'fastify';

const MOBILE = /(?<!\d)(\+?86)?(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/** An 18-digit resident ID number (GB 11643): area, a plausible birth date, sequence, check digit. */
const ID_NUMBER = /(?<![\dA-Za-z])(\d{6})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
/**
 * Something shaped like a session or CSRF token: 32+ base64url characters with upper case among lower
 * case or digits (random base64url nearly always has both). Our ids (`shp_01j…`), UUIDs and hex hashes
 * are lower case, so they stay.
 */
const TOKEN_SHAPE = /(?<![\w-])[\w-]{32,}(?![\w-])/g;
const looksRandom = (s: string) => /[A-Z]/.test(s) && /[a-z\d]/.test(s);

/** Mainland mobile numbers in free text become 138****8000. */
export function maskPhones(text: string): string {
  return text.replace(MOBILE, (_m, _cc, head: string, tail: string) => `${head}****${tail}`);
}

/** 18-digit ID numbers in free text keep their area code only: 330106********. */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER, (_m, area: string) => `${area}********`);
}

/**
 * The last line of defence, run over every serialised log line: whatever a serializer missed (an error's
 * database detail, a caller's request id, a message) leaves no full mobile, ID number or token-shaped string.
 */
export function redactLogLine(line: string): string {
  return maskPhones(maskIdNumbers(line)).replace(TOKEN_SHAPE, (s) => (looksRandom(s) ? '[redacted]' : s));
}

/**
 * Request logs carry method, path, status, timing and ids — never bodies, cookies, authorization
 * headers, tokens, full phone numbers or ID numbers. Serializers keep bodies and headers out; every
 * finished line then goes through redactLogLine, which also covers what they cannot see: the
 * caller's own request id (bound to every line as `reqId`), error details, messages.
 * src/http/log-scan.test.ts checks this under fuzzed traffic.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    hooks: { streamWrite: redactLogLine },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; id?: string }) {
        const [path = '', query] = req.url.split('?');
        return { method: req.method, url: maskPhones(maskIdNumbers(path)) + (query ? '?…' : ''), requestId: req.id };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
