import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import fc from 'fast-check';
import { describeEachDatabase } from '../../testing/databases.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { newId } from '../../shared/ids.ts';
import { accountCode, credit, debit, parseAccount, normalSign, type LedgerEntryInput } from './ledger.accounts.ts';
import {
  accountBalance,
  accountStatement,
  balancesByPrefix,
  postTransaction,
  registerLedgerCheck,
  transactionsForCause,
  verifyLedger,
  type PostTransactionInput,
} from './ledger.service.ts';

const T0 = new Date('2026-11-23T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const uid = () => Math.random().toString(36).slice(2, 10);

function post(db: Db, input: Omit<PostTransactionInput, 'at'> & { at?: Date }) {
  return db.transaction().execute((trx) => postTransaction(trx, { at: T0, ...input }));
}

async function counts(db: Db) {
  const r = await sql<{ a: number; t: number; e: number }>`
    select (select count(*) from ledger_account)::int as a, (select count(*) from ledger_transaction)::int as t, (select count(*) from ledger_entry)::int as e`.execute(db);
  return r.rows[0]!;
}

/** A PRNG with a seed, so a failing shuffle can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

test('account codes follow the chart of accounts', () => {
  assert.equal(accountCode('shop_escrow', 'shp_1'), 'shop_escrow:shp_1');
  assert.equal(accountCode('platform_commission'), 'platform_commission');
  assert.deepEqual(parseAccount('buyer_wallet:usr_1'), { code: 'buyer_wallet:usr_1', type: 'buyer_wallet', ownerId: 'usr_1', normalSide: 'credit', protected: true });
  assert.equal(parseAccount('gateway_clearing:alipay').normalSide, 'debit');
  for (const bad of ['nope:1', 'shop_escrow', 'shop_escrow:', 'platform_commission:x', 'shop_escrow:a b', 'shop_escrow:a:b', '']) {
    assert.throws(() => parseAccount(bad), isCode('LEDGER_ACCOUNT_INVALID'), bad);
  }
  assert.deepEqual(debit('refunds_payable', 5), { account: 'refunds_payable', amountFen: 5 });
  assert.deepEqual(credit('refunds_payable', 5), { account: 'refunds_payable', amountFen: -5 });
  assert.throws(() => credit('refunds_payable', -5), isCode('LEDGER_POSTING_INVALID'));
  assert.throws(() => debit('refunds_payable', 0.5), isCode('LEDGER_POSTING_INVALID'));
});

describeEachDatabase('ledger', (database) => {
  const db = () => database().db;

  test('a balanced posting moves balances in each account’s normal direction and can be read back', async () => {
    const shop = `shp_${uid()}`;
    const clearing = accountCode('gateway_clearing', `sb${uid()}`);
    const escrow = accountCode('shop_escrow', shop);
    const paid = await post(db(), { kind: 'payment_captured', causeType: 'payment_attempt', causeId: 'pat_1' + shop, memo: '支付成功', entries: [debit(clearing, 10_000), credit(escrow, 10_000)] });
    assert.equal(paid.created, true);
    assert.match(paid.id, /^ltx_/);
    assert.equal(await accountBalance(db(), clearing), 10_000); // asset, debit-normal
    assert.equal(await accountBalance(db(), escrow), 10_000); // owed to the shop, credit-normal

    // Settlement: escrow → merchant (less 5% commission); commission is one account for the whole platform.
    const pending = accountCode('merchant_pending', shop);
    const commissionBefore = await accountBalance(db(), 'platform_commission');
    await post(db(), { kind: 'settlement', causeType: 'shop_order', causeId: 'ord_1' + shop, at: at(10), entries: [debit(escrow, 10_000), credit(pending, 9_500), credit('platform_commission', 500)] });
    await post(db(), { kind: 'release', causeType: 'shop_order', causeId: 'ord_1' + shop, at: at(20), entries: [debit(pending, 9_500), credit(accountCode('merchant_available', shop), 9_500)] });
    assert.equal(await accountBalance(db(), escrow), 0);
    assert.equal(await accountBalance(db(), pending), 0);
    assert.equal(await accountBalance(db(), accountCode('merchant_available', shop)), 9_500);
    assert.equal((await accountBalance(db(), 'platform_commission')) - commissionBefore, 500);
    assert.equal(await accountBalance(db(), accountCode('merchant_available', 'never_used')), 0);

    const merchant = await balancesByPrefix(db(), `merchant_`);
    assert.deepEqual(
      merchant.filter((b) => b.ownerId === shop).map((b) => [b.code, b.balanceFen]),
      [[`merchant_available:${shop}`, 9_500], [`merchant_pending:${shop}`, 0]],
    );
    assert.deepEqual((await balancesByPrefix(db(), escrow)).map((b) => b.type), ['shop_escrow']);
    assert.deepEqual(await balancesByPrefix(db(), 'shop%'), []); // LIKE wildcards are literal

    const txs = await transactionsForCause(db(), 'shop_order', 'ord_1' + shop);
    assert.deepEqual(txs.map((t) => [t.kind, t.causeKey, t.at.toISOString()]), [
      ['settlement', `shop_order:ord_1${shop}:settlement`, at(10).toISOString()],
      ['release', `shop_order:ord_1${shop}:release`, at(20).toISOString()],
    ]);
    assert.deepEqual(txs[0]!.entries.map((e) => [e.account, e.amountFen]), [[escrow, 10_000], [pending, -9_500], ['platform_commission', -500]]);

    const statement = await accountStatement(db(), escrow, { page: 1, pageSize: 10, order: 'asc' });
    assert.equal(statement.total, 2);
    assert.deepEqual(statement.lines.map((l) => [l.kind, l.amountFen, l.changeFen, l.balanceAfterFen]), [
      ['payment_captured', -10_000, 10_000, 10_000],
      ['settlement', 10_000, -10_000, 0],
    ]);
    assert.equal(statement.lines[0]!.memo, '支付成功');
    const later = await accountStatement(db(), escrow, { from: at(5), page: 1, pageSize: 10 });
    assert.equal(later.openingBalanceFen, 10_000);
    assert.equal(later.closingBalanceFen, 0);
    assert.deepEqual(later.lines.map((l) => l.causeId), ['ord_1' + shop]);
  });

  test('a statement pages newest first with running balances', async () => {
    const wallet = accountCode('buyer_wallet', `usr_${uid()}`);
    const source = accountCode('gateway_clearing', `sb${uid()}`);
    for (let i = 1; i <= 7; i++) await post(db(), { kind: 'top_up', causeType: 'top_up', causeId: `${wallet}-${i}`, at: at(i), entries: [debit(source, i * 100), credit(wallet, i * 100)] });
    const p1 = await accountStatement(db(), wallet, { page: 1, pageSize: 3 });
    const p3 = await accountStatement(db(), wallet, { page: 3, pageSize: 3 });
    assert.equal(p1.total, 7);
    assert.deepEqual(p1.lines.map((l) => l.balanceAfterFen), [2800, 2100, 1500]);
    assert.deepEqual(p3.lines.map((l) => [l.changeFen, l.balanceAfterFen]), [[100, 100]]);
    const window = await accountStatement(db(), wallet, { from: at(3), to: at(5), page: 1, pageSize: 10, order: 'asc' });
    assert.deepEqual([window.openingBalanceFen, window.closingBalanceFen, window.total], [300, 1000, 2]);
    assert.deepEqual(window.lines.map((l) => l.balanceAfterFen), [600, 1000]);
  });

  test('the same cause key posts once; a different posting under it is refused', async () => {
    const escrow = accountCode('shop_escrow', `shp_${uid()}`);
    const input = { kind: 'payment_captured', causeType: 'payment_attempt', causeId: `pat_${uid()}`, entries: [debit('gateway_clearing:sandbox', 700), credit(escrow, 700)] };
    const first = await post(db(), input);
    const again = await post(db(), { ...input, entries: [...input.entries].reverse(), memo: 'retry' });
    assert.deepEqual(again, { id: first.id, created: false });
    assert.equal(await accountBalance(db(), escrow), 700);
    await assert.rejects(post(db(), { ...input, entries: [debit('gateway_clearing:sandbox', 701), credit(escrow, 701)] }), isCode('LEDGER_CAUSE_KEY_REUSED'));
    const explicit = await post(db(), { ...input, causeKey: `${input.causeId}:second`, entries: [debit('gateway_clearing:sandbox', 5), credit(escrow, 5)] });
    assert.equal(explicit.created, true);
    assert.equal((await transactionsForCause(db(), 'payment_attempt', input.causeId)).length, 2);
  });

  test('unbalanced, fractional, zero, single, non-numeric entries and unknown accounts are refused and nothing is written', async () => {
    const escrow = accountCode('shop_escrow', `shp_${uid()}`);
    const before = await counts(db());
    const bad: [LedgerEntryInput[], string][] = [
      [[debit('gateway_clearing:sandbox', 100), credit(escrow, 99)], 'LEDGER_POSTING_INVALID'],
      [[{ account: 'gateway_clearing:sandbox', amountFen: 10.5 }, { account: escrow, amountFen: -10.5 }], 'LEDGER_POSTING_INVALID'],
      [[{ account: 'gateway_clearing:sandbox', amountFen: 0 }, { account: escrow, amountFen: 0 }], 'LEDGER_POSTING_INVALID'],
      [[{ account: 'gateway_clearing:sandbox', amountFen: 100 }, { account: escrow, amountFen: -100 }, { account: escrow, amountFen: 0 }], 'LEDGER_POSTING_INVALID'],
      [[debit('gateway_clearing:sandbox', 100)], 'LEDGER_POSTING_INVALID'],
      [[], 'LEDGER_POSTING_INVALID'],
      [[{ account: 'gateway_clearing:sandbox', amountFen: '100' as unknown as number }, { account: escrow, amountFen: -100 }], 'LEDGER_POSTING_INVALID'],
      [[{ account: 'gateway_clearing:sandbox', amountFen: Number.NaN }, { account: escrow, amountFen: -100 }], 'LEDGER_POSTING_INVALID'],
      [[{ account: 'gateway_clearing:sandbox', amountFen: 2 ** 53 }, { account: escrow, amountFen: -(2 ** 53) }], 'LEDGER_POSTING_INVALID'],
      [[debit('cash:sandbox', 100), credit(escrow, 100)], 'LEDGER_ACCOUNT_INVALID'],
      [[debit('platform_commission:x', 100), credit(escrow, 100)], 'LEDGER_ACCOUNT_INVALID'],
    ];
    for (const [entries, code] of bad) {
      await assert.rejects(post(db(), { kind: 'test', causeType: 'test', causeId: uid(), entries }), isCode(code), JSON.stringify(entries));
    }
    await assert.rejects(post(db(), { kind: '', causeType: 'test', causeId: uid(), entries: [debit('gateway_clearing:sandbox', 1), credit(escrow, 1)] }), isCode('LEDGER_POSTING_INVALID'));
    await assert.rejects(post(db(), { kind: 'x', causeType: 'test', causeId: uid(), at: new Date('nope'), entries: [debit('gateway_clearing:sandbox', 1), credit(escrow, 1)] }), isCode('LEDGER_POSTING_INVALID'));
    assert.deepEqual(await counts(db()), before);
  });

  test('a protected account cannot go below zero: 409, nothing written, the caller’s transaction stays usable', async () => {
    const shop = `shp_${uid()}`;
    const escrow = accountCode('shop_escrow', shop);
    const wallet = accountCode('buyer_wallet', `usr_${uid()}`);
    await post(db(), { kind: 'pay', causeType: 'test', causeId: uid(), entries: [debit('gateway_clearing:sandbox', 300), credit(escrow, 300)] });
    const before = await counts(db());
    const error = await db()
      .transaction()
      .execute((trx) => postTransaction(trx, { kind: 'refund_to_wallet', causeType: 'test', causeId: uid(), at: T0, entries: [debit(escrow, 301), credit(wallet, 301)] }))
      .then(() => null, (e: unknown) => e);
    assert.ok(error instanceof AppError && error.code === 'LEDGER_INSUFFICIENT_BALANCE' && error.status === 409, String(error));
    assert.equal(error.params.account, escrow);

    // The caller catches the refusal and commits other work in the same transaction: the refused posting
    // (including the wallet account it would have created) is not part of it.
    const key = uid();
    await db().transaction().execute(async (trx) => {
      await assert.rejects(postTransaction(trx, { kind: 'spend', causeType: 'test', causeId: key, at: T0, entries: [debit(wallet, 1), credit('refunds_payable', 1)] }), isCode('LEDGER_INSUFFICIENT_BALANCE'));
      await postTransaction(trx, { kind: 'refund_part', causeType: 'test', causeId: key, at: T0, entries: [debit(escrow, 300), credit(wallet, 300)] });
    });
    const after = await counts(db());
    assert.deepEqual([after.a - before.a, after.t - before.t, after.e - before.e], [1, 1, 2]); // the wallet, one transaction
    assert.equal(await accountBalance(db(), escrow), 0);
    assert.equal(await accountBalance(db(), wallet), 300);
    assert.equal((await transactionsForCause(db(), 'test', key)).map((t) => t.kind).join(), 'refund_part');
  });

  test('the database refuses an unbalanced transaction inserted by raw SQL (checked at commit)', async () => {
    const escrow = accountCode('shop_escrow', `shp_${uid()}`);
    const clearing = 'gateway_clearing:sandbox';
    await post(db(), { kind: 'seed', causeType: 'test', causeId: uid(), entries: [debit(clearing, 1_000), credit(escrow, 1_000)] });
    const before = await counts(db());
    const raw = (entries: [string, number][]) =>
      db().transaction().execute(async (trx) => {
        const id = newId('ltx');
        await sql`insert into ledger_transaction (id, kind, cause_type, cause_id, cause_key, created_at) values (${id}, 'raw', 'test', ${id}, ${id}, ${T0})`.execute(trx);
        for (const [i, [account, amount]] of entries.entries()) {
          await sql`insert into ledger_entry (id, transaction_id, seq, account_code, amount_fen, created_at) values (${newId('len')}, ${id}, ${i}, ${account}, ${amount}, ${T0})`.execute(trx);
        }
        return id;
      });
    await assert.rejects(raw([[clearing, 100], [escrow, -99]]), /not balanced/);
    await assert.rejects(raw([[clearing, 100]]), /not balanced/);
    await assert.rejects(raw([]), /not balanced/); // a transaction without entries
    await assert.rejects(raw([[clearing, 100], [escrow, 0], [escrow, -100]]), /ledger_entry_amount_fen_check|check constraint/);
    assert.deepEqual(await counts(db()), before);

    // A balanced raw insert passes the trigger (the balances are kept by hand here, so verify stays happy).
    const id = await db().transaction().execute(async (trx) => {
      const txId = newId('ltx');
      await sql`insert into ledger_transaction (id, kind, cause_type, cause_id, cause_key, created_at) values (${txId}, 'raw', 'test', ${txId}, ${txId}, ${T0})`.execute(trx);
      await sql`insert into ledger_entry (id, transaction_id, seq, account_code, amount_fen, created_at) values (${newId('len')}, ${txId}, 0, ${escrow}, 100, ${T0}), (${newId('len')}, ${txId}, 1, ${clearing}, -100, ${T0})`.execute(trx);
      await sql`update ledger_account set balance_fen = balance_fen - 100 where code in (${escrow}, ${clearing})`.execute(trx);
      return txId;
    });
    assert.equal((await counts(db())).t, before.t + 1);

    // Posted rows are append-only.
    await assert.rejects(sql`update ledger_entry set amount_fen = 1 where transaction_id = ${id}`.execute(db()), /append-only/);
    await assert.rejects(sql`delete from ledger_entry where transaction_id = ${id}`.execute(db()), /append-only/);
    await assert.rejects(sql`update ledger_transaction set memo = 'x' where id = ${id}`.execute(db()), /append-only/);
    await assert.rejects(sql`delete from ledger_transaction where id = ${id}`.execute(db()), /append-only/);
    await assert.rejects(sql`truncate ledger_entry`.execute(db()), /append-only/);
  });

  test('the database refuses a negative protected balance written by raw SQL', async () => {
    const shop = `shp_${uid()}`;
    await post(db(), { kind: 'seed', causeType: 'test', causeId: uid(), entries: [debit('gateway_clearing:sandbox', 50), credit(accountCode('merchant_available', shop), 50)] });
    await assert.rejects(sql`update ledger_account set balance_fen = -1 where code = ${`merchant_available:${shop}`}`.execute(db()), /ledger_account_protected_not_negative/);
    await assert.rejects(
      sql`insert into ledger_account (code, type, normal_side, protected, balance_fen, created_at) values (${`buyer_wallet:${uid()}`}, 'buyer_wallet', 'credit', true, -5, ${T0})`.execute(db()),
      /ledger_account_protected_not_negative/,
    );
    // An unprotected account may go negative (money at a provider before the notification catches up).
    await sql`update ledger_account set balance_fen = balance_fen - 1000000 where code = 'gateway_clearing:sandbox'`.execute(db());
    await sql`update ledger_account set balance_fen = balance_fen + 1000000 where code = 'gateway_clearing:sandbox'`.execute(db());
    assert.equal(await accountBalance(db(), `merchant_available:${shop}`), 50);
  });

  test('20 concurrent posts with one cause key make one transaction', async () => {
    const escrow = accountCode('shop_escrow', `shp_${uid()}`);
    const causeId = `pat_${uid()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(db(), { kind: 'payment_captured', causeType: 'payment_attempt', causeId, causeKey: `notify:${causeId}`, entries: [debit('gateway_clearing:sandbox', 1_234), credit(escrow, 1_234)] })),
    );
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal((await transactionsForCause(db(), 'payment_attempt', causeId)).length, 1);
    assert.equal(await accountBalance(db(), escrow), 1_234);
  });

  test('50 concurrent multi-account transfers in random order: no deadlock, exact balances', async () => {
    const run = uid();
    const shops = Array.from({ length: 5 }, (_, i) => `shp_${run}_${i}`);
    const available = shops.map((s) => accountCode('merchant_available', s));
    const clearing = accountCode('gateway_clearing', `p${run}`);
    for (const account of available) await post(db(), { kind: 'seed', causeType: 'test', causeId: `${run}:${account}`, entries: [debit(clearing, 100_000), credit(account, 100_000)] });

    for (let round = 0; round < 3; round++) {
      const random = prng(round + 7);
      const expected = new Map<string, number>();
      for (const a of available) expected.set(a, await accountBalance(db(), a));
      const postings = Array.from({ length: 50 }, (_, i) => {
        // Take 2–4 merchant accounts in a random order; the first pays the others.
        const picked = [...available].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 3));
        const [payer, ...payees] = picked;
        const parts = payees.map(() => 1 + Math.floor(random() * 500));
        const entries = [debit(payer!, parts.reduce((s, p) => s + p, 0)), ...payees.map((p, k) => credit(p, parts[k]!))].sort(() => random() - 0.5);
        for (const e of entries) expected.set(e.account, expected.get(e.account)! - e.amountFen); // credit-normal
        return { kind: 'transfer', causeType: 'test', causeId: `${run}-${round}-${i}`, entries };
      });
      const results = await Promise.all(postings.map((p) => post(db(), p)));
      assert.ok(results.every((r) => r.created), `round ${round}`);
      for (const a of available) assert.equal(await accountBalance(db(), a), expected.get(a), `round ${round} ${a}`);
    }
    const total = (await balancesByPrefix(db(), 'merchant_available:shp_' + run)).reduce((s, b) => s + b.balanceFen, 0);
    assert.equal(total, 500_000);
  });

  test('property: random postings keep the trial balance at zero and protected accounts never negative', async () => {
    let runNo = 0;
    const kinds = ['buyer_wallet', 'shop_escrow', 'merchant_available', 'merchant_pending', 'gateway_clearing', 'provider_held', 'platform_cash', 'cod_receivable'] as const;
    const leg = fc.record({ account: fc.integer({ min: 0, max: kinds.length - 1 }), amount: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0) });
    const posting = fc.record({ legs: fc.array(leg, { minLength: 1, maxLength: 3 }), balancing: fc.integer({ min: 0, max: kinds.length - 1 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(posting, { minLength: 1, maxLength: 10 }), async (postings) => {
        const owner = `r${uid()}${runNo++}`;
        const codes = kinds.map((k) => `${k}:${owner}`);
        const model = new Map(codes.map((c) => [c, 0]));
        await db().transaction().execute(async (trx) => {
          for (const [i, p] of postings.entries()) {
            const entries = p.legs.map((l) => ({ account: codes[l.account]!, amountFen: l.amount }));
            const rest = -entries.reduce((s, e) => s + e.amountFen, 0);
            if (rest !== 0) entries.push({ account: codes[p.balancing]!, amountFen: rest });
            if (entries.length < 2) continue;
            const next = new Map(model);
            for (const e of entries) next.set(e.account, next.get(e.account)! + e.amountFen * normalSign(parseAccount(e.account).normalSide));
            const refused = codes.some((c) => parseAccount(c).protected && next.get(c)! < 0);
            const attempt = postTransaction(trx, { kind: 'prop', causeType: 'prop', causeId: `${owner}-${i}`, at: T0, entries });
            if (refused) {
              await assert.rejects(attempt, isCode('LEDGER_INSUFFICIENT_BALANCE'));
            } else {
              assert.equal((await attempt).created, true);
              for (const [c, v] of next) model.set(c, v);
            }
          }
        });
        const rows = await db().selectFrom('ledger_account').select(['code', 'balance_fen']).where('code', 'in', codes).execute();
        let trial = 0;
        for (const r of rows) {
          const account = parseAccount(r.code);
          assert.equal(r.balance_fen, model.get(r.code));
          if (account.protected) assert.ok(r.balance_fen >= 0, r.code);
          trial += r.balance_fen * normalSign(account.normalSide);
        }
        assert.equal(trial, 0);
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  test('verify passes on a sound ledger, runs registered and extra checks, and catches a corrupted balance', async () => {
    const shop = `shp_${uid()}`;
    const escrow = accountCode('shop_escrow', shop);
    await post(db(), { kind: 'pay', causeType: 'test', causeId: uid(), entries: [debit('gateway_clearing:sandbox', 900), credit(escrow, 900)] });

    const unregister = registerLedgerCheck('test_escrow_matches', async (q) => {
      const balance = await accountBalance(q, escrow);
      return balance === 900 ? [] : [`${escrow}: ${balance} ≠ 900`];
    });
    try {
      const good = await verifyLedger(db());
      assert.equal(good.ok, true, JSON.stringify(good.problems));
      assert.ok(good.checks.some((c) => c.check === 'test_escrow_matches' && c.ok));
      assert.ok(good.counts.transactions > 0 && good.counts.entries >= 2 * good.counts.transactions);

      const failing = await verifyLedger(db(), { extraChecks: { always_fails: async () => ['by design'], throws: async () => { throw new Error('boom'); } } });
      assert.equal(failing.ok, false);
      assert.deepEqual(failing.problems, [
        { check: 'always_fails', detail: 'by design' },
        { check: 'throws', detail: 'the check failed to run: boom' },
      ]);

      await sql`update ledger_account set balance_fen = balance_fen + 1 where code = ${escrow}`.execute(db());
      const broken = await verifyLedger(db());
      assert.equal(broken.ok, false);
      const byCheck = Object.fromEntries(broken.checks.map((c) => [c.check, c.ok]));
      assert.equal(byCheck.account_balances_match_entries, false);
      assert.equal(byCheck.trial_balance, false);
      assert.equal(byCheck.test_escrow_matches, false);
      assert.equal(byCheck.transactions_balanced, true);
      assert.ok(broken.problems.some((p) => p.check === 'account_balances_match_entries' && p.detail === `${escrow}: stored balance 901 fen, entries give 900 fen`), JSON.stringify(broken.problems));

      // Accounts written around the service must still match the chart of accounts.
      const odd = [`buyer_wallet:bad owner${shop}`, `merchant_available:${shop}x`, `escrow:${shop}`];
      await sql`insert into ledger_account (code, type, normal_side, protected, balance_fen, created_at) values
        (${odd[0]}, 'buyer_wallet', 'credit', true, 0, ${T0}), (${odd[1]}, 'merchant_available', 'credit', false, 0, ${T0}), (${odd[2]}, 'escrow', 'credit', false, 0, ${T0})`.execute(db());
      const chart = (await verifyLedger(db())).problems.filter((p) => p.check === 'accounts_match_chart').map((p) => p.detail);
      await sql`delete from ledger_account where code in (${odd[0]}, ${odd[1]}, ${odd[2]})`.execute(db());
      assert.deepEqual(chart.sort(), [
        `${odd[0]}: not a valid buyer_wallet account code`,
        `${odd[2]}: type escrow is not in the chart of accounts`,
        `${odd[1]}: stored credit/unprotected, the chart says credit/protected`,
      ].sort());
    } finally {
      await sql`update ledger_account set balance_fen = balance_fen - 1 where code = ${escrow}`.execute(db());
      unregister();
    }
    assert.equal((await verifyLedger(db())).ok, true);
  });
});
