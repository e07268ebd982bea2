import { sql } from 'kysely';
import type { Queryable, Trx } from './database.ts';

/** The NOLOGIN role of the tenant guard (migration 0021): SELECT on shop-owned tables, rows of app.shop_id only. */
export const MERCHANT_DB_ROLE = 'jishi_merchant';

/**
 * Runs a merchant console read as the database's tenant guard sees it: under the role jishi_merchant
 * with `app.shop_id` = shopId, so row-level security returns that shop's rows only, whatever the SQL
 * says, and tables with no shop (users, sessions, payments, the ledger…) are refused. Defence in
 * depth: the route policy has already checked the caller belongs to the shop.
 *
 * Both settings are made inside a savepoint that is rolled back when `read` ends, so the role never
 * outlives the read — in a transaction of its own (`db` outside a transaction), or inside the
 * caller's (`db` a Trx: everything after runs as before). `read` must only read.
 * If the role does not exist or the connecting user cannot become it (the guard was skipped, see
 * docs/architecture.md), the read runs without it, only scoped by app.shop_id.
 */
export async function withShopScope<T>(db: Queryable, shopId: string, read: (trx: Trx) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute((trx) => withShopScope(trx, shopId, read));
  const trx = db as Trx;
  await sql`savepoint shop_scope`.execute(trx);
  try {
    await sql`
      select set_config('app.shop_id', ${shopId}, true),
        case
          when not exists (select 1 from pg_roles where rolname = ${MERCHANT_DB_ROLE}) then null
          when not pg_has_role(${MERCHANT_DB_ROLE}, case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end) then null
          else set_config('role', ${MERCHANT_DB_ROLE}, true)
        end`.execute(trx);
    return await read(trx);
  } finally {
    // Undoes both settings (and leaves the transaction usable even if the read failed).
    await sql`rollback to savepoint shop_scope`.execute(trx);
    await sql`release savepoint shop_scope`.execute(trx);
  }
}
