import { sql, type Kysely } from 'kysely';

// The double-entry ledger: accounts with running balances, transactions (one per business cause) and their
// signed entries (+ debit, − credit). The database itself refuses what must never happen: a protected
// account below zero (CHECK), a transaction whose entries do not sum to zero or that has fewer than two
// (deferred constraint triggers, checked at commit), and any change to a posted entry or transaction.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table ledger_account (
  code text collate "C" primary key,
  type text collate "C" not null,
  normal_side text not null check (normal_side in ('debit', 'credit')),
  protected boolean not null,
  balance_fen bigint not null default 0,
  created_at timestamptz not null,
  constraint ledger_account_code_type check (code = type or left(code, length(type) + 1) = type || ':'),
  constraint ledger_account_protected_not_negative check (not protected or balance_fen >= 0)
);

create table ledger_transaction (
  id text primary key,
  kind text not null check (kind <> ''),
  cause_type text not null check (cause_type <> ''),
  cause_id text not null check (cause_id <> ''),
  cause_key text not null unique check (cause_key <> ''),
  memo text,
  created_at timestamptz not null
);
create index ledger_transaction_cause_idx on ledger_transaction (cause_type, cause_id, created_at);
create index ledger_transaction_created_idx on ledger_transaction (created_at);

create table ledger_entry (
  id text primary key,
  transaction_id text not null references ledger_transaction(id),
  seq integer not null check (seq >= 0),
  account_code text collate "C" not null references ledger_account(code),
  amount_fen bigint not null check (amount_fen <> 0),
  created_at timestamptz not null,
  unique (transaction_id, seq)
);
create index ledger_entry_account_idx on ledger_entry (account_code, created_at, transaction_id, seq);

-- Every transaction sums to zero and has at least two entries, checked when the database transaction
-- commits (so the rows can be inserted one by one). Fires for the transaction row too, so a transaction
-- without entries is refused as well.
create function ledger_check_transaction_balanced() returns trigger language plpgsql as $$
declare
  tx text;
  total numeric;
  n integer;
begin
  if TG_TABLE_NAME = 'ledger_entry' then
    tx := NEW.transaction_id;
  else
    tx := NEW.id;
  end if;
  select coalesce(sum(amount_fen), 0), count(*) into total, n from ledger_entry where transaction_id = tx;
  if n < 2 or total <> 0 then
    raise exception 'ledger transaction % is not balanced: % entries summing to %', tx, n, total
      using errcode = 'check_violation', constraint = 'ledger_transaction_balanced';
  end if;
  return null;
end
$$;
create constraint trigger ledger_entry_balanced after insert on ledger_entry
  deferrable initially deferred for each row execute function ledger_check_transaction_balanced();
create constraint trigger ledger_transaction_balanced after insert on ledger_transaction
  deferrable initially deferred for each row execute function ledger_check_transaction_balanced();

-- Posted entries and transactions are never changed or removed; a mistake is corrected by a new,
-- reversing transaction.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'ledger rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    using errcode = 'insufficient_privilege';
end
$$;
create trigger ledger_entry_append_only before update or delete on ledger_entry
  for each row execute function ledger_refuse_change();
create trigger ledger_transaction_append_only before update or delete on ledger_transaction
  for each row execute function ledger_refuse_change();
create trigger ledger_entry_no_truncate before truncate on ledger_entry
  for each statement execute function ledger_refuse_change();
create trigger ledger_transaction_no_truncate before truncate on ledger_transaction
  for each statement execute function ledger_refuse_change();
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
drop table if exists ledger_entry, ledger_transaction, ledger_account;
drop function if exists ledger_check_transaction_balanced();
drop function if exists ledger_refuse_change();
`).execute(db);
}
