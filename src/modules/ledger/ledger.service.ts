import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { newId } from '../../shared/ids.ts';
import { accountTypes, normalSign, OWNER_REGEX, parseAccount, tryParseAccount, type AccountType, type LedgerEntryInput, type NormalSide, type ParsedAccount } from './ledger.accounts.ts';

export interface PostTransactionInput {
  /** What kind of movement this is, e.g. `payment_captured`, `refund`, `settlement`, `withdrawal`. */
  kind: string;
  /** The business row that caused it, e.g. `payment_attempt` + its id. */
  causeType: string;
  causeId: string;
  /** Unique per posting: the same key posts at most once. Default `${causeType}:${causeId}:${kind}`. */
  causeKey?: string | undefined;
  memo?: string | undefined;
  /** When it happened (the injected clock's now); the statement orders by it. */
  at: Date;
  /** At least two, integer fen, non-zero, positive = debit, negative = credit, summing to zero. */
  entries: LedgerEntryInput[];
}

export interface PostTransactionResult {
  id: string;
  /** false: a transaction with this cause key already existed (nothing was written). */
  created: boolean;
}

const MAX_ENTRIES = 1000;

function invalid(detail: string): AppError {
  return new AppError('LEDGER_POSTING_INVALID', { detail });
}

function nonEmpty(name: string, value: unknown, max = 200): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw invalid(`${name} must be a non-empty string of at most ${max} characters`);
  return value;
}

interface CheckedPosting {
  kind: string;
  causeType: string;
  causeId: string;
  causeKey: string;
  memo: string | null;
  at: Date;
  entries: { account: ParsedAccount; amountFen: number }[];
}

/** Checks a posting without touching the database; throws LEDGER_POSTING_INVALID / LEDGER_ACCOUNT_INVALID. */
export function checkPosting(input: PostTransactionInput): CheckedPosting {
  const kind = nonEmpty('kind', input.kind, 100);
  const causeType = nonEmpty('causeType', input.causeType, 100);
  const causeId = nonEmpty('causeId', input.causeId);
  const causeKey = input.causeKey === undefined ? `${causeType}:${causeId}:${kind}` : nonEmpty('causeKey', input.causeKey, 400);
  if (input.memo !== undefined && (typeof input.memo !== 'string' || input.memo.length > 1000)) throw invalid('memo must be a string of at most 1000 characters');
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) throw invalid('at must be a valid Date');
  if (!Array.isArray(input.entries) || input.entries.length < 2) throw invalid('a transaction needs at least two entries');
  if (input.entries.length > MAX_ENTRIES) throw invalid(`a transaction has at most ${MAX_ENTRIES} entries`);
  let sum = 0n;
  const entries = input.entries.map((entry, i) => {
    const amount = entry?.amountFen;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw invalid(`entry ${i}: amount must be a whole number of fen, got ${String(amount)}`);
    if (amount === 0) throw invalid(`entry ${i}: amount must not be 0`);
    sum += BigInt(amount);
    return { account: parseAccount(entry.account), amountFen: amount };
  });
  if (sum !== 0n) throw invalid(`entries sum to ${sum} fen, not 0`);
  return { kind, causeType, causeId, causeKey, memo: input.memo ?? null, at: input.at, entries };
}

/** Per account, the change to its stored balance (normal direction), in ascending code order: the lock order. */
function balanceChanges(entries: CheckedPosting['entries']): { account: ParsedAccount; deltaFen: number }[] {
  const byCode = new Map<string, { account: ParsedAccount; debitSum: bigint }>();
  for (const e of entries) {
    const row = byCode.get(e.account.code) ?? { account: e.account, debitSum: 0n };
    row.debitSum += BigInt(e.amountFen);
    byCode.set(e.account.code, row);
  }
  return [...byCode.values()]
    .sort((a, b) => (a.account.code < b.account.code ? -1 : a.account.code > b.account.code ? 1 : 0))
    .map(({ account, debitSum }) => {
      const delta = Number(debitSum) * normalSign(account.normalSide);
      if (!Number.isSafeInteger(delta)) throw invalid(`change to ${account.code} is out of range`);
      return { account, deltaFen: delta };
    });
}

function sameEntries(a: { account: string; amountFen: number }[], b: { account: string; amountFen: number }[]): boolean {
  const key = (list: { account: string; amountFen: number }[]) => list.map((e) => `${e.account}\u0000${e.amountFen}`).sort().join('\u0001');
  return a.length === b.length && key(a) === key(b);
}

function isCheckViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23514';
}

/**
 * Posts one balanced transaction, all or nothing, inside the caller's database transaction.
 *
 * - Idempotent on the cause key: if a transaction with the key exists (even one committed by a concurrent
 *   caller a moment ago — `insert … on conflict do nothing` waits for it), returns its id with
 *   `created: false` and writes nothing. The same key with different entries is a bug: LEDGER_CAUSE_KEY_REUSED.
 * - Accounts are created on first use, then updated with `balance_fen = balance_fen + Δ` in ascending code
 *   order (so concurrent postings never deadlock on each other).
 * - A protected account that would go below zero throws LEDGER_INSUFFICIENT_BALANCE (409); the posting is
 *   undone to a savepoint, so nothing of it stays written and the caller's transaction remains usable.
 * - Run it at READ COMMITTED (the default), and one posting at a time per transaction (no Promise.all on
 *   one `trx`: the savepoint is per connection).
 */
export async function postTransaction(trx: Trx, input: PostTransactionInput): Promise<PostTransactionResult> {
  const posting = checkPosting(input);
  await sql`savepoint ledger_post`.execute(trx);
  try {
    const id = newId('ltx');
    const inserted = await trx
      .insertInto('ledger_transaction')
      .values({ id, kind: posting.kind, cause_type: posting.causeType, cause_id: posting.causeId, cause_key: posting.causeKey, memo: posting.memo, created_at: posting.at })
      .onConflict((oc) => oc.column('cause_key').doNothing())
      .returning('id')
      .executeTakeFirst();

    if (!inserted) {
      const existing = await trx
        .selectFrom('ledger_transaction')
        .select(['id', 'kind', 'cause_type', 'cause_id'])
        .where('cause_key', '=', posting.causeKey)
        .executeTakeFirstOrThrow();
      const existingEntries = await trx.selectFrom('ledger_entry').select(['account_code as account', 'amount_fen as amountFen']).where('transaction_id', '=', existing.id).execute();
      const same =
        existing.kind === posting.kind &&
        existing.cause_type === posting.causeType &&
        existing.cause_id === posting.causeId &&
        sameEntries(existingEntries, posting.entries.map((e) => ({ account: e.account.code, amountFen: e.amountFen })));
      if (!same) throw new AppError('LEDGER_CAUSE_KEY_REUSED', { causeKey: posting.causeKey });
      await sql`release savepoint ledger_post`.execute(trx);
      return { id: existing.id, created: false };
    }

    for (const { account, deltaFen } of balanceChanges(posting.entries)) {
      await trx
        .insertInto('ledger_account')
        .values({ code: account.code, type: account.type, normal_side: account.normalSide, protected: account.protected, balance_fen: 0, created_at: posting.at })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      const updated = await trx
        .updateTable('ledger_account')
        .set({ balance_fen: sql`balance_fen + ${deltaFen}` })
        .where('code', '=', account.code)
        .where(sql<boolean>`(not protected or balance_fen + ${deltaFen} >= 0)`)
        .returning('balance_fen')
        .executeTakeFirst();
      if (!updated) throw new AppError('LEDGER_INSUFFICIENT_BALANCE', { account: account.code });
    }

    await trx
      .insertInto('ledger_entry')
      .values(posting.entries.map((e, seq) => ({ id: newId('len'), transaction_id: id, seq, account_code: e.account.code, amount_fen: e.amountFen, created_at: posting.at })))
      .execute();
    await sql`release savepoint ledger_post`.execute(trx);
    return { id, created: true };
  } catch (error) {
    try {
      await sql`rollback to savepoint ledger_post`.execute(trx);
      await sql`release savepoint ledger_post`.execute(trx);
    } catch {
      // The connection itself failed: the caller's transaction is lost anyway; report the first error.
    }
    // The CHECK constraint is the backstop for the conditional update above.
    if (isCheckViolation(error) && (error as { constraint?: string }).constraint === 'ledger_account_protected_not_negative') {
      throw new AppError('LEDGER_INSUFFICIENT_BALANCE', {});
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reads

export interface AccountBalance {
  code: string;
  type: AccountType;
  ownerId: string | null;
  normalSide: NormalSide;
  protected: boolean;
  /** In the account's normal direction (see ledger.accounts.ts). */
  balanceFen: number;
}

/** An account's balance in its normal direction; 0 for an account no posting has touched yet. */
export async function accountBalance(q: Queryable, code: string): Promise<number> {
  parseAccount(code);
  const row = await q.selectFrom('ledger_account').select('balance_fen').where('code', '=', code).executeTakeFirst();
  return row?.balance_fen ?? 0;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Every existing account whose code starts with `prefix`, in code order: `balancesByPrefix(q, 'shop_escrow')`
 * (all shops' escrow), `'merchant_'` (every merchant account), `'merchant_available:shp_1'`.
 */
export async function balancesByPrefix(q: Queryable, prefix: string): Promise<AccountBalance[]> {
  const rows = await q
    .selectFrom('ledger_account')
    .selectAll()
    .where(sql<boolean>`code like ${`${escapeLike(prefix)}%`}`)
    .orderBy('code')
    .execute();
  return rows.map((r) => {
    const parsed = tryParseAccount(r.code);
    return { code: r.code, type: r.type as AccountType, ownerId: parsed?.ownerId ?? null, normalSide: r.normal_side, protected: r.protected, balanceFen: r.balance_fen };
  });
}

export interface StatementLine {
  entryId: string;
  transactionId: string;
  kind: string;
  causeType: string;
  causeId: string;
  memo: string | null;
  at: Date;
  /** The entry as posted: positive = debit, negative = credit. */
  amountFen: number;
  /** The same in the account's normal direction: positive raises the balance. */
  changeFen: number;
  /** The account's balance after this entry (entries ordered by time, then transaction id, then position). */
  balanceAfterFen: number;
}

export interface AccountStatement {
  account: AccountBalance;
  /** Balance before `from` (0 without `from`) and after the last entry before `to`. */
  openingBalanceFen: number;
  closingBalanceFen: number;
  total: number;
  page: number;
  pageSize: number;
  /** Newest first unless `order: 'asc'`. */
  lines: StatementLine[];
}

export interface StatementOptions {
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
  order?: 'asc' | 'desc';
}

/** An account's entries with their causes and the running balance, one page at a time. */
export async function accountStatement(q: Queryable, code: string, options: StatementOptions): Promise<AccountStatement> {
  const parsed = parseAccount(code);
  const page = Math.max(1, Math.floor(options.page));
  const pageSize = Math.min(500, Math.max(1, Math.floor(options.pageSize)));
  const sign = normalSign(parsed.normalSide);
  const from = options.from ?? null;
  const to = options.to ?? null;
  const account = await q.selectFrom('ledger_account').select('balance_fen').where('code', '=', code).executeTakeFirst();

  const sums = await sql<{ opening: number; closing: number; total: number }>`
    select coalesce(sum(amount_fen) filter (where ${from}::timestamptz is not null and created_at < ${from}::timestamptz), 0)::bigint * ${sign}::int as opening,
           coalesce(sum(amount_fen) filter (where ${to}::timestamptz is null or created_at < ${to}::timestamptz), 0)::bigint * ${sign}::int as closing,
           count(*) filter (where (${from}::timestamptz is null or created_at >= ${from}::timestamptz) and (${to}::timestamptz is null or created_at < ${to}::timestamptz))::int as total
    from ledger_entry where account_code = ${code}`.execute(q);
  const { opening, closing, total } = sums.rows[0]!;

  const direction = options.order === 'asc' ? sql`asc` : sql`desc`;
  const lines = await sql<{
    entry_id: string; transaction_id: string; kind: string; cause_type: string; cause_id: string; memo: string | null;
    at: Date; amount_fen: number; balance_after_fen: number;
  }>`
    select e.id as entry_id, e.transaction_id, t.kind, t.cause_type, t.cause_id, t.memo, e.created_at as at, e.amount_fen,
           e.balance_after_fen
    from (
      select id, transaction_id, seq, created_at, amount_fen,
             (sum(amount_fen) over (order by created_at, transaction_id, seq rows between unbounded preceding and current row))::bigint * ${sign}::int as balance_after_fen
      from ledger_entry where account_code = ${code}
    ) e
    join ledger_transaction t on t.id = e.transaction_id
    where (${from}::timestamptz is null or e.created_at >= ${from}::timestamptz) and (${to}::timestamptz is null or e.created_at < ${to}::timestamptz)
    order by e.created_at ${direction}, e.transaction_id ${direction}, e.seq ${direction}
    limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(q);

  return {
    account: { code, type: parsed.type, ownerId: parsed.ownerId, normalSide: parsed.normalSide, protected: parsed.protected, balanceFen: account?.balance_fen ?? 0 },
    openingBalanceFen: Number(opening),
    closingBalanceFen: Number(closing),
    total,
    page,
    pageSize,
    lines: lines.rows.map((r) => ({
      entryId: r.entry_id,
      transactionId: r.transaction_id,
      kind: r.kind,
      causeType: r.cause_type,
      causeId: r.cause_id,
      memo: r.memo,
      at: r.at,
      amountFen: r.amount_fen,
      changeFen: r.amount_fen * sign,
      balanceAfterFen: Number(r.balance_after_fen),
    })),
  };
}

export interface LedgerTransactionView {
  id: string;
  kind: string;
  causeType: string;
  causeId: string;
  causeKey: string;
  memo: string | null;
  at: Date;
  entries: { id: string; account: string; amountFen: number }[];
}

/** Every transaction a business row caused, oldest first, with its entries in posted order. */
export async function transactionsForCause(q: Queryable, causeType: string, causeId: string): Promise<LedgerTransactionView[]> {
  const txs = await q
    .selectFrom('ledger_transaction')
    .selectAll()
    .where('cause_type', '=', causeType)
    .where('cause_id', '=', causeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (txs.length === 0) return [];
  const entries = await q
    .selectFrom('ledger_entry')
    .select(['id', 'transaction_id', 'account_code', 'amount_fen'])
    .where('transaction_id', 'in', txs.map((t) => t.id))
    .orderBy('transaction_id')
    .orderBy('seq')
    .execute();
  return txs.map((t) => ({
    id: t.id,
    kind: t.kind,
    causeType: t.cause_type,
    causeId: t.cause_id,
    causeKey: t.cause_key,
    memo: t.memo,
    at: t.created_at,
    entries: entries.filter((e) => e.transaction_id === t.id).map((e) => ({ id: e.id, account: e.account_code, amountFen: e.amount_fen })),
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Verification

export interface LedgerProblem {
  check: string;
  detail: string;
}

/**
 * A domain invariant checked with the ledger's own: returns one human-readable line per problem found
 * (empty when all is well). Runs in the same (snapshot) transaction as the built-in checks.
 */
export type LedgerCheck = (q: Queryable) => Promise<string[]>;

export interface LedgerVerification {
  ok: boolean;
  /** One line per check, in the order they ran. */
  checks: { check: string; ok: boolean; problems: number }[];
  problems: LedgerProblem[];
  counts: { accounts: number; transactions: number; entries: number };
}

const registeredChecks = new Map<string, LedgerCheck>();

/**
 * Adds a domain check to every `verifyLedger` run (and so to `jishi ledger verify`), e.g. the payments
 * module's "escrow = paid − released − refunded". Registering a name again replaces the check. Returns a
 * function that removes it.
 */
export function registerLedgerCheck(name: string, check: LedgerCheck): () => void {
  if (!name) throw new Error('a ledger check needs a name');
  registeredChecks.set(name, check);
  return () => {
    if (registeredChecks.get(name) === check) registeredChecks.delete(name);
  };
}

/** At most this many problem lines per check (the SQL checks stop looking after one more). */
const MAX_DETAILS = 50;

const builtInChecks: Record<string, LedgerCheck> = {
  /** Σ entries = 0 and ≥ 2 entries per transaction (the commit-time trigger should make this impossible). */
  transactions_balanced: async (q) => {
    const rows = await sql<{ id: string; n: number; total: string }>`
      select t.id, count(e.id)::int as n, coalesce(sum(e.amount_fen), 0)::text as total
      from ledger_transaction t left join ledger_entry e on e.transaction_id = t.id
      group by t.id having count(e.id) < 2 or coalesce(sum(e.amount_fen), 0) <> 0
      order by t.id limit ${MAX_DETAILS + 1}`.execute(q);
    return rows.rows.map((r) => `${r.id}: ${r.n} entries summing to ${r.total} fen`);
  },
  /** Every entry belongs to a transaction and an account (foreign keys should make this impossible). */
  entries_attached: async (q) => {
    const rows = await sql<{ id: string }>`
      select e.id from ledger_entry e
      where not exists (select 1 from ledger_transaction t where t.id = e.transaction_id)
         or not exists (select 1 from ledger_account a where a.code = e.account_code)
      order by e.id limit ${MAX_DETAILS + 1}`.execute(q);
    return rows.rows.map((r) => `${r.id}: entry without its transaction or account`);
  },
  /** Each account's stored balance = its entries summed in its normal direction. */
  account_balances_match_entries: async (q) => {
    const rows = await sql<{ code: string; stored: string; computed: string }>`
      select a.code, a.balance_fen::text as stored, coalesce(s.total, 0)::text as computed
      from ledger_account a
      left join (select account_code, sum(amount_fen) as total from ledger_entry group by account_code) s on s.account_code = a.code
      where a.balance_fen <> coalesce(s.total, 0) * (case a.normal_side when 'debit' then 1 else -1 end)
      order by a.code limit ${MAX_DETAILS + 1}`.execute(q);
    const sign = (code: string) => {
      const parsed = tryParseAccount(code);
      return parsed ? normalSign(parsed.normalSide) : 1;
    };
    return rows.rows.map((r) => `${r.code}: stored balance ${r.stored} fen, entries give ${BigInt(r.computed) * BigInt(sign(r.code))} fen`);
  },
  /** No protected account below zero (the CHECK constraint should make this impossible). */
  protected_not_negative: async (q) => {
    const rows = await q.selectFrom('ledger_account').select(['code', 'balance_fen']).where('protected', '=', true).where('balance_fen', '<', 0).orderBy('code').limit(MAX_DETAILS + 1).execute();
    return rows.map((r) => `${r.code}: balance ${r.balance_fen} fen`);
  },
  /** Each account's code, type, normal side and protection agree with the chart of accounts in code. */
  accounts_match_chart: async (q) => {
    const chart = Object.entries(accountTypes).map(([type, spec]) => sql`(${type}::text, ${spec.normal}::text, ${spec.protected}::boolean, ${spec.owner !== null}::boolean)`);
    const rows = await sql<{ code: string; type: string; normal_side: string; protected: boolean; chart_type: string | null; chart_normal: string | null; chart_protected: boolean | null }>`
      select a.code, a.type, a.normal_side, a.protected, c.type as chart_type, c.normal as chart_normal, c.protected as chart_protected
      from ledger_account a
      left join (values ${sql.join(chart)}) as c (type, normal, protected, owned) on c.type = a.type
      where c.type is null
         or a.normal_side <> c.normal or a.protected <> c.protected
         or (c.owned and (left(a.code, length(a.type) + 1) <> a.type || ':' or substr(a.code, length(a.type) + 2) !~ ${`^${OWNER_REGEX}$`}))
         or (not c.owned and a.code <> a.type)
      order by a.code limit ${MAX_DETAILS + 1}`.execute(q);
    return rows.rows.map((r) =>
      r.chart_type === null
        ? `${r.code}: type ${r.type} is not in the chart of accounts`
        : tryParseAccount(r.code) === null
          ? `${r.code}: not a valid ${r.type} account code`
          : `${r.code}: stored ${r.normal_side}/${r.protected ? 'protected' : 'unprotected'}, the chart says ${r.chart_normal}/${r.chart_protected ? 'protected' : 'unprotected'}`,
    );
  },
  /** The trial balance: Σ debit-normal balances = Σ credit-normal balances. */
  trial_balance: async (q) => {
    const rows = await sql<{ debits: string; credits: string }>`
      select coalesce(sum(balance_fen) filter (where normal_side = 'debit'), 0)::text as debits,
             coalesce(sum(balance_fen) filter (where normal_side = 'credit'), 0)::text as credits
      from ledger_account`.execute(q);
    const { debits, credits } = rows.rows[0]!;
    return debits === credits ? [] : [`debit-normal balances total ${debits} fen, credit-normal ${credits} fen`];
  },
};

/**
 * Checks the whole ledger: the built-in checks above, then every registered check, then `extraChecks`.
 * A check that throws counts as a problem. For a consistent picture while others post, run it in a
 * repeatable-read transaction (the CLI does).
 */
export async function verifyLedger(q: Queryable, options: { extraChecks?: Record<string, LedgerCheck> } = {}): Promise<LedgerVerification> {
  const all: [string, LedgerCheck][] = [...Object.entries(builtInChecks), ...registeredChecks, ...Object.entries(options.extraChecks ?? {})];
  const checks: LedgerVerification['checks'] = [];
  const problems: LedgerProblem[] = [];
  for (const [name, check] of all) {
    let details: string[];
    try {
      details = await check(q);
    } catch (error) {
      details = [`the check failed to run: ${error instanceof Error ? error.message : String(error)}`];
    }
    checks.push({ check: name, ok: details.length === 0, problems: details.length });
    for (const detail of details.slice(0, MAX_DETAILS)) problems.push({ check: name, detail });
    if (details.length > MAX_DETAILS) problems.push({ check: name, detail: `… and more (showing the first ${MAX_DETAILS})` });
  }
  const counts = await sql<{ accounts: number; transactions: number; entries: number }>`
    select (select count(*) from ledger_account)::int as accounts,
           (select count(*) from ledger_transaction)::int as transactions,
           (select count(*) from ledger_entry)::int as entries`.execute(q);
  return { ok: problems.length === 0, checks, problems, counts: counts.rows[0]! };
}
