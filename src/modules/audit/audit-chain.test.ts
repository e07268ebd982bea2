import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import type { Queryable } from '../../db/database.ts';
import * as auditChainMigration from '../../db/migrations/2026_11_23_0023_audit_chain.ts';
import { JobWorker } from '../../shared/jobs.ts';
import { checkAuditChain, GENESIS_HASH, latestAuditChainCheck, verifyAuditChain } from './audit-chain.ts';

const TEMPLATE = { name: '链式运费', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 1000, additionalUnits: 1, additionalFeeFen: 500 } as const;

/** Thrown to roll back a transaction that tampered with the log, once the tampering has been looked at. */
class Undo extends Error {}

describeEachDatabase('audit log hash chain (G2)', (database) => {
  let t: TestApp;
  let ownerA: ApiClient, ownerB: ApiClient, admin: ApiClient, staff: ApiClient;
  let shopA: string, shopB: string;

  async function signIn(user: { identifier: string; password: string }, ip: string) {
    const client = new ApiClient(t.app, ip);
    assert.equal((await client.post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
    return client;
  }
  /** verifyAuditChain's verdict without the head it ends at (checked on its own below). */
  const verdictOf = async (q: Queryable) => {
    const { head: _head, ...verdict } = await verifyAuditChain(q);
    return verdict;
  };
  const chain = (q: Queryable) =>
    sql<{ seq: number; prev_hash: string; row_hash: string; id: string }>`select seq, prev_hash, row_hash, id from audit_log order by seq`.execute(q).then((r) => r.rows);

  /** Runs `tamper` as a superuser in a transaction, hands the verdict seen inside it to the caller, and rolls it all back. */
  async function whileTampered(tamper: (trx: Queryable) => Promise<void>) {
    let verdict: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        await tamper(trx);
        verdict = await verifyAuditChain(trx);
        throw new Undo();
      }),
      Undo,
    );
    return verdict!;
  }

  /** Like whileTampered, with the verdicts of a walk, an hourly check and a full check seen inside the tampering. */
  async function whileTamperedCheck(tamper: (trx: Queryable) => Promise<void>) {
    let seen: { verify: Awaited<ReturnType<typeof verifyAuditChain>>; incremental: Awaited<ReturnType<typeof checkAuditChain>>; full: Awaited<ReturnType<typeof checkAuditChain>> } | undefined;
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        await tamper(trx);
        seen = { verify: await verifyAuditChain(trx), incremental: await checkAuditChain(trx, t.clock, 'incremental'), full: await checkAuditChain(trx, t.clock, 'full') };
        throw new Undo();
      }),
      Undo,
    );
    return seen!;
  }

  before(async () => {
    t = await createTestApp(database());
    const a = await makeUser(t.ctx.db, t.clock);
    const b = await makeUser(t.ctx.db, t.clock);
    shopA = await makeShop(t.ctx.db, t.clock, a.id, { name: '链甲店' });
    shopB = await makeShop(t.ctx.db, t.clock, b.id, { name: '链乙店' });
    ownerA = await signIn(a, '10.63.0.1');
    ownerB = await signIn(b, '10.63.0.2');
    admin = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' }), '10.63.0.3');
    staff = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff' }), '10.63.0.4');
  });
  after(async () => {
    await t.app.close();
  });

  test('an empty log verifies', async () => {
    assert.deepEqual(await verifyAuditChain(t.ctx.db), { ok: true, rows: 0, head: { seq: 0, hash: GENESIS_HASH } });
  });

  test('after many console writes — 20 of them concurrent, from two shops — the chain is linear and verifies', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await ownerA.post(`/api/seller/shops/${shopA}/shipping-templates`, { ...TEMPLATE, name: `甲${i}` });
      assert.equal(res.statusCode, 201, res.body);
    }
    assert.equal((await admin.request('PUT', '/api/admin/finance/settings', { settlementDays: 6 })).statusCode, 200);
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? ownerB : ownerA).post(`/api/seller/shops/${i % 2 ? shopB : shopA}/shipping-templates`, { ...TEMPLATE, name: `并发${i}`, firstFeeFen: 100 * i }),
      ),
    );
    for (const res of concurrent) assert.equal(res.statusCode, 201, res.body);

    const rows = await chain(t.ctx.db);
    assert.equal(rows.length, 26);
    assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 26 }, (_, i) => i + 1), 'seq is 1…n without gaps or repeats');
    assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.row_hash, `row ${rows[i]!.seq} links to row ${rows[i - 1]!.seq}`);
    assert.equal(new Set(rows.map((r) => r.row_hash)).size, rows.length);
    const shops = await t.ctx.db.selectFrom('audit_log').select('shop_id').where('action', 'like', '%shipping-templates').execute();
    assert.equal(shops.filter((s) => s.shop_id === shopB).length, 10);

    assert.deepEqual(await verifyAuditChain(t.ctx.db), { ok: true, rows: 26, head: { seq: 26, hash: rows.at(-1)!.row_hash } });
    const res = await admin.post('/api/admin/audit-log/verify', {});
    assert.equal(res.statusCode, 200, res.body);
    const { checkedAt, ...check } = res.json() as Record<string, unknown>;
    assert.equal(checkedAt, t.clock.now().toISOString());
    assert.deepEqual(check, { ok: true, rows: 26, head: { seq: 26, hash: rows.at(-1)!.row_hash }, kind: 'full' });
    const latest = await admin.get('/api/admin/audit-log/verify');
    assert.deepEqual(latest.json(), res.json(), 'the check is recorded: the console reads it back');
  });

  test('the chain is the database’s: an insert naming its own seq and hashes gets the next link anyway', async () => {
    const last = (await chain(t.ctx.db)).at(-1)!;
    await sql`insert into audit_log (id, at, actor_roles, console, action, changes, seq, prev_hash, row_hash)
              values ('aud_direct', ${t.clock.now()}, '{}', 'admin', 'POST /direct', '[]', 1, ${'f'.repeat(64)}, ${'f'.repeat(64)})`.execute(t.ctx.db);
    const row = (await chain(t.ctx.db)).at(-1)!;
    assert.equal(row.id, 'aud_direct');
    assert.equal(row.seq, last.seq + 1);
    assert.equal(row.prev_hash, last.row_hash);
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);
  });

  test('a superuser who sets the append-only trigger aside and changes a row’s `after` is caught at that row', async () => {
    const rows = await chain(t.ctx.db);
    const victim = rows[7]!;
    const original = await t.ctx.db.selectFrom('audit_log').select('after').where('seq', '=', victim.seq).executeTakeFirstOrThrow();
    const setAfter = (value: unknown) =>
      t.ctx.db.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
        await sql`update audit_log set after = ${JSON.stringify(value)}::jsonb where seq = ${victim.seq}`.execute(trx);
        await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
      });
    await setAfter({ ...original.after, first_fee_fen: 1 });
    assert.deepEqual(await verdictOf(t.ctx.db), { ok: false, rows: victim.seq, firstBrokenSeq: victim.seq, reason: 'row_hash' });
    const res = await admin.post('/api/admin/audit-log/verify', {});
    assert.equal(res.json().firstBrokenSeq, victim.seq, 'the console is told which row');
    // The append-only trigger is back: the tamperer cannot quietly undo it through the application.
    await assert.rejects(t.ctx.db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', victim.seq).execute(), /append-only/);

    await setAfter(original.after);
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true, 'exactly the original content verifies again');
  });

  test('any other column changed — who, when, which request — is caught too', async () => {
    const victim = (await chain(t.ctx.db))[3]!;
    for (const change of [sql`actor_id = null`, sql`at = at + interval '1 second'`, sql`request_id = 'forged'`, sql`changes = '[]'::jsonb`, sql`actor_roles = '{platform_admin}'`]) {
      const verdict = await whileTampered(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
        await sql`update audit_log set ${change} where seq = ${victim.seq}`.execute(trx);
      });
      assert.equal(verdict.firstBrokenSeq, victim.seq, change.compile(t.ctx.db).sql);
    }
  });

  test('deleting a row in the middle is caught at the row after it', async () => {
    const rows = await chain(t.ctx.db);
    const middle = rows[12]!;
    const verdict = await whileTampered(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`delete from audit_log where seq = ${middle.seq}`.execute(trx);
    });
    assert.equal(verdict.ok, false);
    assert.equal(verdict.firstBrokenSeq, middle.seq + 1);
    // Renumbering the rest to close the gap does not help: the next row still names the deleted row's hash.
    const renumbered = await whileTampered(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`delete from audit_log where seq = ${middle.seq}`.execute(trx);
      // In two steps: seq is unique and checked row by row, in whatever order PostgreSQL meets the rows.
      await sql`update audit_log set seq = seq + 1000000 where seq > ${middle.seq}`.execute(trx);
      await sql`update audit_log set seq = seq - 1000001 where seq > 1000000`.execute(trx);
    });
    assert.equal(renumbered.firstBrokenSeq, middle.seq);
    assert.equal(renumbered.reason, 'prev_hash');
  });

  test('a forged row appended behind the chain trigger’s back is caught: wrong prev_hash, or a made-up row_hash', async () => {
    const rows = await chain(t.ctx.db);
    const last = rows.at(-1)!;
    const forge = (prevHash: string, rowHash: 'computed' | 'made-up') =>
      whileTampered(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_chain`.execute(trx);
        await sql`insert into audit_log (id, at, actor_roles, console, action, changes, seq, prev_hash, row_hash)
                  values ('aud_forged', ${t.clock.now()}, '{platform_admin}', 'admin', 'PUT /api/admin/staff', '[]', ${last.seq + 1}, ${prevHash}, ${'0'.repeat(64)})`.execute(trx);
        if (rowHash === 'computed') {
          await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
          await sql`update audit_log a set row_hash = audit_log_hash(a.prev_hash, a) where id = 'aud_forged'`.execute(trx);
        }
      });
    assert.deepEqual(await forge('e'.repeat(64), 'computed'), { ok: false, rows: last.seq + 1, head: { seq: last.seq, hash: last.row_hash }, firstBrokenSeq: last.seq + 1, reason: 'prev_hash' });
    assert.deepEqual(await forge(last.row_hash, 'made-up'), { ok: false, rows: last.seq + 1, head: { seq: last.seq, hash: last.row_hash }, firstBrokenSeq: last.seq + 1, reason: 'row_hash' });
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true, 'rolled back: the real log still verifies');
  });

  test('the verify routes are the super admin’s, like the log itself', async () => {
    assert.equal((await staff.get('/api/admin/audit-log/verify')).statusCode, 403);
    assert.equal((await ownerA.get('/api/admin/audit-log/verify')).statusCode, 403);
    assert.equal((await new ApiClient(t.app).get('/api/admin/audit-log/verify')).statusCode, 401);
    assert.equal((await staff.post('/api/admin/audit-log/verify', {})).statusCode, 403);
    assert.equal((await ownerA.post('/api/admin/audit-log/verify', {})).statusCode, 403);
  });

  test('the hourly check walks only the rows since the last good check, from a head that must still carry its hash', async () => {
    const full = await checkAuditChain(t.ctx.db, t.clock, 'full');
    assert.equal(full.ok, true);
    const head = full.head;
    for (let i = 0; i < 3; i++) assert.equal((await ownerA.post(`/api/seller/shops/${shopA}/shipping-templates`, { ...TEMPLATE, name: `增量${i}` })).statusCode, 201);
    const hourly = await checkAuditChain(t.ctx.db, t.clock, 'incremental');
    assert.equal(hourly.ok, true);
    assert.equal(hourly.head.seq, head.seq + 3, 'the three new rows');
    assert.deepEqual(await latestAuditChainCheck(t.ctx.db), hourly);

    // A row behind the head changed without rehashing: only a full walk looks at it again.
    const rows = await chain(t.ctx.db);
    const old = rows[5]!;
    const behind = await whileTamperedCheck(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`update audit_log set request_id = 'forged' where seq = ${old.seq}`.execute(trx);
    });
    assert.equal(behind.incremental.ok, true, 'the hourly check does not walk old rows again');
    assert.deepEqual([behind.full.ok, behind.full.firstBrokenSeq, behind.full.reason], [false, old.seq, 'row_hash']);

    // The same row changed and every hash after it recomputed, so the chain is whole again: a full walk cannot tell,
    // but the last check's head no longer carries the hash it had.
    const rewritten = await whileTamperedCheck(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`update audit_log set request_id = 'forged' where seq = ${old.seq}`.execute(trx);
      for (const row of rows.filter((r) => r.seq >= old.seq)) {
        await sql`update audit_log a set prev_hash = coalesce((select p.row_hash from audit_log p where p.seq = a.seq - 1), ${GENESIS_HASH}) where seq = ${row.seq}`.execute(trx);
        await sql`update audit_log a set row_hash = audit_log_hash(a.prev_hash, a) where seq = ${row.seq}`.execute(trx);
      }
    });
    assert.equal(rewritten.verify.ok, true, 'a consistent rewrite passes the walk');
    assert.deepEqual([rewritten.incremental.ok, rewritten.incremental.firstBrokenSeq, rewritten.incremental.reason], [false, hourly.head.seq, 'row_hash']);
    assert.equal((await checkAuditChain(t.ctx.db, t.clock, 'incremental')).ok, true, 'rolled back: the real log checks whole');
  });

  test('the checks run as recurring jobs: each records its verdict for the banner', async () => {
    const before = await t.ctx.db.selectFrom('audit_chain_check').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const worker = new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock, workerId: 'test-audit-chain' });
    await worker.scheduleRecurring();
    await worker.runDueJobs(100);
    const kinds = await t.ctx.db.selectFrom('audit_chain_check').select(['kind', 'ok']).orderBy('id', 'desc').limit(2).execute();
    const after = await t.ctx.db.selectFrom('audit_chain_check').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n) - Number(before.n), 2);
    assert.deepEqual(kinds.map((k) => `${k.kind}:${k.ok}`).sort(), ['full:true', 'incremental:true']);
  });

  test('appends outside READ COMMITTED are refused rather than forking the chain', async () => {
    await assert.rejects(
      t.ctx.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
        await sql`insert into audit_log (id, at, actor_roles, console, action, changes) values ('aud_rr', ${t.clock.now()}, '{}', 'admin', 'POST /rr', '[]')`.execute(trx);
      }),
      /READ COMMITTED/,
    );
  });

  test('the migration chains the rows written before it, in (at, id) order', async () => {
    const db = t.ctx.db;
    await db.transaction().execute(async (trx) => {
      await auditChainMigration.down(trx);
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`delete from audit_log`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
      const at = t.clock.now().getTime();
      for (const [id, offset] of [['aud_c', 0], ['aud_a', 2_000], ['aud_b', 0], ['aud_d', 1_000]] as const) {
        await sql`insert into audit_log (id, at, actor_roles, console, action, changes) values (${id}, ${new Date(at + offset)}, '{owner}', 'seller', 'POST /old', '[]')`.execute(trx);
      }
      await auditChainMigration.up(trx);
    });
    assert.deepEqual((await chain(db)).map((r) => [r.seq, r.id]), [[1, 'aud_b'], [2, 'aud_c'], [3, 'aud_d'], [4, 'aud_a']]);
    assert.deepEqual(await verdictOf(db), { ok: true, rows: 4 });
    const res = await ownerA.post(`/api/seller/shops/${shopA}/shipping-templates`, { ...TEMPLATE, name: '迁移之后' });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(await verdictOf(db), { ok: true, rows: 5 }, 'new writes continue the migrated chain');
  });
});
