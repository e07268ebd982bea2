import { sql, type Kysely } from 'kysely';

// The audit log's hash chain is checked on a schedule (and by a super admin's 立即校验), not on every page
// load: each check is a row here. `verified_seq`/`verified_hash` are the head of the chain the check found
// whole; the next routine check starts from there (after confirming that row still has that hash), so it
// only walks the rows appended since. A full check walks from the first row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table audit_chain_check (
  id bigint generated always as identity primary key,
  checked_at timestamptz not null,
  kind text not null check (kind in ('incremental', 'full')),
  ok boolean not null,
  verified_seq bigint not null,
  verified_hash text not null,
  first_broken_seq bigint,
  reason text check (reason in ('seq', 'prev_hash', 'row_hash')),
  check (ok = (first_broken_seq is null) and ok = (reason is null))
);
create index audit_chain_check_latest on audit_chain_check (checked_at desc, id desc);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_chain_check`.execute(db);
}
