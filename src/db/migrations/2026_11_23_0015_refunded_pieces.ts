import { sql, type Kysely } from 'kysely';

// Pieces refunded before they shipped leave a line's pieces to ship (fulfilment_line.ordered_qty),
// which may therefore reach 0 (a line refunded whole before shipping).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table fulfilment_line drop constraint if exists fulfilment_line_ordered_qty_check;
alter table fulfilment_line add constraint fulfilment_line_ordered_qty_check check (ordered_qty >= 0);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table fulfilment_line drop constraint fulfilment_line_ordered_qty_check;
alter table fulfilment_line add constraint fulfilment_line_ordered_qty_check check (ordered_qty > 0);
`).execute(db);
}
