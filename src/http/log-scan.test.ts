import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { describeEachDatabase } from '../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../testing/app.ts';
import { FIXTURE_PASSWORD, makeShop, makeUser } from '../testing/fixtures.ts';
import { redactLogLine } from './logging.ts';

/**
 * G2, "0 tokens, passwords, full ID numbers or full phone numbers in logs": a fast-check generated
 * stream of requests over the whole API route table — registrations with phone numbers, logins with
 * real and wrong passwords, password changes, bodies, paths and query strings carrying mobiles and
 * 18-digit ID-card numbers, session tokens in cookies, Authorization, CSRF and request-id headers,
 * signed-in shoppers, merchants and admins — while every log line (trace level) and every console
 * write is captured. After each request the new lines are scanned for every secret handed out so far
 * and for anything shaped like a full mobile or ID number.
 *
 * LOG_FUZZ_REQUESTS sets the number of requests (default 300 per database; `npm run test:nightly` runs more).
 */
const REQUESTS = Number(process.env.LOG_FUZZ_REQUESTS ?? 300);

const MOBILE_SHAPE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/;
/** 18 digits with a birth date in the middle (an 18-digit order number without one is not an ID number). */
const ID_SHAPE = /(?<![\dA-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A valid 18-digit resident ID number (GB 11643: area, birth date, sequence, ISO 7064 check digit). */
function idNumber(area: string, year: number, month: number, day: number, sequence: number): string {
  const body = `${area}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

const mobileArb = fc.stringMatching(/^1[3-9]\d{9}$/);
const idArb = fc
  .record({
    area: fc.constantFrom('110101', '310104', '330106', '440305', '510107', '420111'),
    year: fc.integer({ min: 1950, max: 2008 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map((r) => idNumber(r.area, r.year, r.month, r.day, r.sequence));
/** Distinctive enough that finding it in a log can only mean it leaked. */
const passwordArb = fc.stringMatching(/^[A-Za-z0-9]{10,18}$/).map((s) => `Pw!${s}`);
const fakeTokenArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url'));

/** What a fuzzed value is built from: a secret of some kind, or something harmless. */
type Piece = { kind: 'mobile'; value: string } | { kind: 'id'; value: string } | { kind: 'token'; value: string } | { kind: 'sessionToken'; index: number } | { kind: 'plain'; value: string };
const pieceArb: fc.Arbitrary<Piece> = fc.oneof(
  mobileArb.map((value) => ({ kind: 'mobile' as const, value })),
  mobileArb.map((value) => ({ kind: 'mobile' as const, value: `+86${value}` })),
  idArb.map((value) => ({ kind: 'id' as const, value })),
  fakeTokenArb.map((value) => ({ kind: 'token' as const, value })),
  fc.nat().map((index) => ({ kind: 'sessionToken' as const, index })),
  fc.stringMatching(/^[a-z0-9_]{1,12}$/).map((value) => ({ kind: 'plain' as const, value })),
);

const BODY_KEYS = ['identifier', 'password', 'currentPassword', 'newPassword', 'mobile', 'contactPhone', 'idNumber', 'legalPersonIdNumber', 'token', 'code', 'description', 'body', 'name', 'reason', 'detail'];

type Who = 'visitor' | 'shopper' | 'owner' | 'admin';
type Fuzz =
  | { kind: 'register'; mobile: string; password: string; ip: number }
  | { kind: 'login'; account: number; wrong: string | null; ip: number }
  | { kind: 'changePassword'; account: number; next: string }
  | {
      kind: 'route';
      route: number;
      who: Who;
      params: Piece[];
      query: Piece[];
      body: [string, Piece | { kind: 'nested'; piece: Piece }][] | null;
      headers: { authorization?: Piece; cookie?: Piece; csrf?: Piece; requestId?: Piece; forwardedFor?: Piece };
    };

const fuzzArb: fc.Arbitrary<Fuzz> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('register' as const), mobile: mobileArb, password: passwordArb, ip: fc.nat(60_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('login' as const), account: fc.nat(), wrong: fc.option(passwordArb, { nil: null }), ip: fc.nat(60_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('changePassword' as const), account: fc.nat(), next: passwordArb }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('route' as const),
      route: fc.nat(),
      who: fc.constantFrom<Who>('visitor', 'shopper', 'owner', 'admin'),
      params: fc.array(pieceArb, { minLength: 4, maxLength: 4 }),
      query: fc.array(pieceArb, { maxLength: 3 }),
      body: fc.option(fc.array(fc.tuple(fc.constantFrom(...BODY_KEYS), fc.oneof(pieceArb, pieceArb.map((piece) => ({ kind: 'nested' as const, piece })))), { maxLength: 5 }), { nil: null }),
      headers: fc.record(
        { authorization: pieceArb, cookie: pieceArb, csrf: pieceArb, requestId: pieceArb, forwardedFor: pieceArb },
        { requiredKeys: [] },
      ),
    }),
  },
);

describeEachDatabase('G2 log scanner under fuzz traffic', (database) => {
  let t: TestApp;
  const lines: string[] = [];
  let routes: { method: Method; url: string }[];
  let shopId: string;
  const clients: Record<Exclude<Who, 'visitor'>, ApiClient> = {} as never;
  /** Who each signed-in client is, so that a fuzzed logout or account closure can be followed by signing in again. */
  const logins: Record<Exclude<Who, 'visitor'>, { identifier: string; password: string }> = {} as never;
  /** Accounts made through the API: their login and current password (and an old one). */
  const accounts: { identifier: string; password: string; client: ApiClient }[] = [];
  /** Everything that must never appear in a log line. */
  const secrets = new Set<string>([FIXTURE_PASSWORD]);
  /** The secrets the current request handed out or used: each request's lines are scanned for these and the live sessions' tokens. */
  let recent = new Set<string>();
  const secret = (value: string) => {
    secrets.add(value);
    recent.add(value);
  };
  const sessionTokens: string[] = [];
  /** C2, "no hashes or tokens in responses": every password handed out, and the last response's body. */
  const passwords = new Set<string>([FIXTURE_PASSWORD]);
  let lastResponse = '';
  const counts = { requests: 0, status: new Map<number, number>() };

  const rememberSessions = (client: ApiClient) => {
    for (const name of ['jishi_sid', 'jishi_csrf']) {
      const value = client.cookies.get(name);
      if (value) recent.add(value);
      if (value && !secrets.has(value)) {
        secrets.add(value);
        if (name === 'jishi_sid') sessionTokens.push(value);
      }
    }
  };
  const ipOf = (n: number) => `10.64.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;

  /** The value a piece stands for; secrets among them join the list the scanner looks for. */
  function valueOf(piece: Piece): string {
    switch (piece.kind) {
      case 'sessionToken':
        return sessionTokens.length ? sessionTokens[piece.index % sessionTokens.length]! : 'no-session-yet';
      case 'plain':
        return piece.value;
      default:
        secret(piece.kind === 'mobile' ? piece.value.replace(/^\+86/, '') : piece.value);
        return piece.value;
    }
  }

  before(async () => {
    // A sink that keeps every line, written synchronously by pino.
    const sink = { write: (line: string) => void lines.push(line) } as unknown as NodeJS.WritableStream;
    t = await createTestApp(database(), { logStream: sink, logLevel: 'trace' });
    routes = (t.app.routeTable as RouteOptions[])
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((m) => ({ method: m as Method, url: r.url })));
    const signIn = async (user: { identifier: string; password: string }, ip: string) => {
      const client = new ApiClient(t.app, ip);
      assert.equal((await client.post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
      rememberSessions(client);
      secret(user.identifier);
      return client;
    };
    const owner = await makeUser(t.ctx.db, t.clock);
    shopId = await makeShop(t.ctx.db, t.clock, owner.id, { name: '日志扫描店' });
    logins.owner = owner;
    logins.admin = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' });
    logins.shopper = await makeUser(t.ctx.db, t.clock);
    for (const who of ['owner', 'admin', 'shopper'] as const) clients[who] = await signIn(logins[who], `10.64.250.${who.length}`);
  });

  /** The fuzz may log a client out or close its account: sign in again, or as a new account in the same role. */
  async function ensureSession(who: Exclude<Who, 'visitor'>) {
    const client = clients[who];
    if (client.cookies.get('jishi_sid')) return;
    const login = (u: { identifier: string; password: string }) => client.post('/api/auth/login', { identifier: u.identifier, password: u.password });
    if ((await login(logins[who])).statusCode === 200) return rememberSessions(client);
    const user = await makeUser(t.ctx.db, t.clock, who === 'admin' ? { platformRole: 'platform_admin' } : {});
    if (who === 'owner') shopId = await makeShop(t.ctx.db, t.clock, user.id, { name: '日志扫描新店' });
    logins[who] = user;
    secret(user.identifier);
    const res = await login(user);
    assert.equal(res.statusCode, 200, res.body);
    rememberSessions(client);
  }
  after(async () => {
    await t.app.close();
  });

  async function send(f: Fuzz): Promise<number> {
    switch (f.kind) {
      case 'register': {
        secret(f.mobile);
        secret(f.password);
        passwords.add(f.password);
        const client = new ApiClient(t.app, ipOf(f.ip));
        const res = await client.post('/api/auth/register', { identifier: f.mobile, password: f.password });
        rememberSessions(client);
        if (res.statusCode < 300) accounts.push({ identifier: f.mobile, password: f.password, client });
        lastResponse = res.body;
        return res.statusCode;
      }
      case 'login': {
        if (!accounts.length) return 0;
        const account = accounts[f.account % accounts.length]!;
        secret(account.identifier);
        secret(account.password);
        if (f.wrong) {
          secret(f.wrong);
          passwords.add(f.wrong);
        }
        const client = new ApiClient(t.app, ipOf(f.ip));
        const res = await client.post('/api/auth/login', { identifier: account.identifier, password: f.wrong ?? account.password });
        rememberSessions(client);
        lastResponse = res.body;
        return res.statusCode;
      }
      case 'changePassword': {
        if (!accounts.length) return 0;
        const account = accounts[f.account % accounts.length]!;
        secret(account.password);
        secret(f.next);
        passwords.add(f.next);
        const res = await account.client.post('/api/me/password', { currentPassword: account.password, newPassword: f.next });
        if (res.statusCode < 300) account.password = f.next;
        rememberSessions(account.client);
        lastResponse = res.body;
        return res.statusCode;
      }
      case 'route': {
        const route = routes[f.route % routes.length]!;
        let i = 0;
        const path = route.url.replace(/:(\w+)/g, (_, name: string) => (name === 'shopId' && f.who === 'owner' ? shopId : encodeURIComponent(valueOf(f.params[i++ % f.params.length]!))));
        const query = f.query.map((p, n) => `${['phone', 'idNumber', 'token', 'q'][n % 4]}=${encodeURIComponent(valueOf(p))}`).join('&');
        const body = f.body ? Object.fromEntries(f.body.map(([k, p]) => [k, p.kind === 'nested' ? { value: valueOf(p.piece), list: [valueOf(p.piece)] } : valueOf(p)])) : undefined;
        const headers: Record<string, string> = {};
        if (f.headers.authorization) headers.authorization = `Bearer ${valueOf(f.headers.authorization)}`;
        // A signed-in caller keeps its own session cookie and CSRF token (so its writes get through); a visitor sends fuzzed ones.
        if (f.headers.csrf && f.who === 'visitor') headers['x-csrf-token'] = valueOf(f.headers.csrf);
        if (f.headers.requestId) headers['x-request-id'] = valueOf(f.headers.requestId);
        if (f.headers.forwardedFor) headers['x-forwarded-for'] = valueOf(f.headers.forwardedFor);
        if (f.who !== 'visitor') await ensureSession(f.who);
        const client = f.who === 'visitor' ? new ApiClient(t.app, '10.64.251.1') : clients[f.who];
        if (f.headers.cookie && f.who === 'visitor') headers.cookie = `jishi_sid=${valueOf(f.headers.cookie)}; lang=zh-CN`;
        const method = route.method;
        const res = await client.request(method, query ? `${path}?${query}` : path, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}), headers);
        rememberSessions(client);
        // Setting up 两步验证 shows the account its own new secret once (for the authenticator app): the one place a secret belongs.
        lastResponse = path === '/api/me/two-factor/setup' ? res.body.replace(/"secret"\s*:/, '"enrolment":') : res.body;
        return res.statusCode;
      }
    }
  }

  /** The live sessions' tokens, the fixture password and `candidates` found in `text`, and anything shaped like a full mobile or ID number. */
  function leaksIn(text: string, candidates: Iterable<string> = secrets): string[] {
    const found: string[] = [];
    const live = Object.values(clients).flatMap((c) => [c.cookies.get('jishi_sid'), c.cookies.get('jishi_csrf')]).filter((v): v is string => Boolean(v));
    for (const s of new Set([...candidates, ...live, FIXTURE_PASSWORD])) if (text.includes(s)) found.push(`secret ${s.slice(0, 5)}… (${s.length} chars)`);
    const mobile = MOBILE_SHAPE.exec(text);
    if (mobile) found.push(`a full mobile number ${mobile[0].slice(0, 3)}…`);
    const id = ID_SHAPE.exec(text);
    if (id) found.push(`a full ID number ${id[0].slice(0, 6)}…`);
    return found;
  }

  /** A response never carries a password, a password hash or a 2FA secret, whoever asks. */
  function responseLeaks(body: string): string[] {
    const found = [...passwords].filter((p) => body.includes(p)).map((p) => `a password ${p.slice(0, 4)}…`);
    if (body.includes('$argon2')) found.push('an argon2 hash');
    const key = /"(password_?hash|passwordHash|totp_?secret|totpSecret|secret)"\s*:/i.exec(body);
    if (key) found.push(`a "${key[1]}" field`);
    return found;
  }

  test(`${REQUESTS} fuzzed requests leave no password, token, full mobile or ID number in any log line, and no password or hash in any response`, async (ctx) => {
    const consoleLines: string[] = [];
    const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    for (const level of Object.keys(originals) as (keyof typeof originals)[]) {
      console[level] = (...args: unknown[]) => {
        consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        originals[level](...args);
      };
    }
    try {
      await fc.assert(
        fc.asyncProperty(fuzzArb, async (f) => {
          const from = lines.length;
          const consoleFrom = consoleLines.length;
          recent = new Set();
          const status = await send(f);
          counts.requests++;
          counts.status.set(status, (counts.status.get(status) ?? 0) + 1);
          const fresh = [...lines.slice(from), ...consoleLines.slice(consoleFrom)].join('\n');
          assert.ok(lines.length > from || status === 0, 'the request was logged');
          assert.deepEqual(leaksIn(fresh, recent), [], `leak after ${JSON.stringify(f).slice(0, 300)}:\n${fresh.slice(0, 2000)}`);
          assert.deepEqual(responseLeaks(lastResponse), [], `response leak after ${JSON.stringify(f).slice(0, 300)}:\n${lastResponse.slice(0, 2000)}`);
          lastResponse = '';
        }),
        { numRuns: REQUESTS, endOnFailure: true, includeErrorInReport: true },
      );
    } finally {
      Object.assign(console, originals);
    }
    assert.ok(accounts.length > 0, 'some registrations succeeded');
    assert.ok(secrets.size > REQUESTS / 2, `${secrets.size} secrets were handed out`);
    assert.ok((counts.status.get(200) ?? 0) + (counts.status.get(201) ?? 0) > 10, `statuses: ${JSON.stringify([...counts.status])}`);
    // Every secret against every line (quadratic: left to the default-sized run; bigger runs rely on the per-request scan).
    if (REQUESTS <= 1_000) assert.deepEqual(leaksIn([...lines, ...consoleLines].join('\n')), []);
    const statuses = [...counts.status].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    ctx.diagnostic(`${counts.requests} requests, ${lines.length} log lines, ${secrets.size} secrets, ${accounts.length} accounts; statuses ${statuses}`);
  });

  test('the scrubber masks what slips into a log line anyway: mobiles, ID numbers, session-token-shaped strings', () => {
    const id = idNumber('330106', 1990, 3, 7, 123);
    const token = 'Zx9_kQ2-aB7cD1eF3gH5iJ8kL0mN4oP6qR2sT9uV1wY';
    const line = JSON.stringify({ reqId: token, msg: `dup key (identifier)=(+8613812345678) id ${id} x 13912345678`, orderNo: '202611230000123456' });
    const clean = redactLogLine(line);
    assert.deepEqual(leaksIn(clean).filter((l) => !l.startsWith('secret')), []);
    assert.ok(!clean.includes(token) && !clean.includes(id));
    assert.ok(clean.includes('138****5678') && clean.includes('139****5678') && clean.includes('330106********'));
    assert.ok(clean.includes('202611230000123456'), 'an order number is not an ID number');
    assert.doesNotThrow(() => JSON.parse(clean));
  });
});
