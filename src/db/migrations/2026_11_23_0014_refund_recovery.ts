import { sql, type Kysely } from 'kysely';

// Refunds after settlement: the money already left escrow, so it is recovered from the merchant's
// settled share, and the platform returns the commission it earned on the refunded part. A refund
// records both parts (before settlement both are 0: the money comes out of the shop's held funds).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table refund
  add column recovered_fen bigint not null default 0 check (recovered_fen >= 0),
  add column commission_returned_fen bigint not null default 0 check (commission_returned_fen >= 0),
  add constraint refund_recovery_within_amount check (recovered_fen + commission_returned_fen in (0, amount_fen));
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table refund drop constraint refund_recovery_within_amount, drop column recovered_fen, drop column commission_returned_fen;`).execute(db);
}
