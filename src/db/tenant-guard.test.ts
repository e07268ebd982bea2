// Reliability row C3 (the database part): hand-written SQL under the merchant DB role, scoped to one
// shop by app.shop_id, reads 0 rows of another shop — in every table the role may read at all.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describeEachDatabase } from '../testing/databases.ts';
import type { Trx } from './database.ts';
import { MERCHANT_DB_ROLE, withShopScope } from './shop-scope.ts';
import { countOrdersByStatus, countStaleOrders, getOrderDetail, listOrders } from '../modules/orders/orders.queries.ts';
import { listShopProducts } from '../modules/catalog/products.queries.ts';
import { maskMobile } from '../modules/identity/identity.rules.ts';
import { applyOk, makeWorld, newBuyer, paidOrder, type World } from '../modules/after-sales/after-sales.fixtures.ts';
import type { Buyer } from '../testing/payment-fixtures.ts';
import { failure } from '../testing/statement-failure.ts';

type Row = Record<string, unknown>;

/** Runs `work` in a transaction under the merchant role, with app.shop_id set to `shopId` (or not set at all). */
function asMerchant<T>(w: World, shopId: string | null, work: (trx: Trx) => Promise<T>): Promise<T> {
  return w.t.ctx.db.transaction().execute(async (trx) => {
    if (shopId !== null) await sql`select set_config('app.shop_id', ${shopId}, true)`.execute(trx);
    await sql`select set_config('role', ${MERCHANT_DB_ROLE}, true)`.execute(trx);
    return work(trx);
  });
}

describeEachDatabase('tenant guard: RLS on app.shop_id under the merchant role (C3)', (database, kind) => {
  let w: World;
  let buyer: Buyer;
  let shopA: string;
  let shopB: string;
  const orders: Record<'a' | 'b', string> = { a: '', b: '' };
  let granted: string[];

  /** How each granted relation reaches its shop, for reading it as the app (table owner, not guarded). */
  async function shopExpression(relation: string): Promise<string> {
    if (relation === 'shop') return 'x.id';
    const child = (await sql<Row>`select * from tenant_guard_child where table_name = ${relation}`.execute(w.t.ctx.db)).rows[0];
    if (child) return `(select p.shop_id from ${child.parent_table as string} p where p.id = x.${child.parent_column as string})${child.condition ? ` || case when ${child.condition as string} then '' else '#hidden' end` : ''}`;
    const { rows } = await sql<Row>`select 1 from information_schema.columns where table_schema = current_schema() and table_name = ${relation} and column_name = 'shop_id'`.execute(w.t.ctx.db);
    assert.equal(rows.length, 1, `${relation} is granted to ${MERCHANT_DB_ROLE} but has no shop_id and no parent in tenant_guard_child`);
    return 'x.shop_id';
  }

  const rowsAsJson = (rows: Row[]) => rows.map((r) => JSON.stringify(r.row)).sort();

  before(async () => {
    w = await makeWorld(database());
    shopA = w.shopId;
    shopB = w.otherShopId;
    buyer = await newBuyer(w);
    // Both shops get orders with lines, timelines, funds, a parcel with its lines, and an after-sales request.
    orders.a = (await paidOrder(w, buyer, [[w.skus[0]!, 1], [w.skus[1]!, 2]])).orderId;
    orders.b = (await paidOrder(w, buyer, [[w.otherShopSku, 1]])).orderId;
    for (const [shopId, orderId, client] of [[shopA, orders.a, w.owner], [shopB, orders.b, w.otherOwner]] as const) {
      const shipped = await client.post(`/api/seller/shops/${shopId}/orders/${orderId}/ship`, { carrier: 'SF', trackingNo: 'SF1234567890123' }, { 'idempotency-key': crypto.randomUUID() });
      assert.equal(shipped.statusCode, 201, shipped.body);
      const line = await w.t.ctx.db.selectFrom('order_line').select(['id', 'line_total_fen']).where('order_id', '=', orderId).orderBy('id').executeTakeFirstOrThrow();
      await applyOk(buyer, { orderLineId: line.id, kind: 'refund_only', reason: 'changed_mind', amountFen: Number(line.line_total_fen) });
    }
    const { rows } = await sql<{ table_name: string }>`
      select distinct table_name from information_schema.role_table_grants
      where grantee = ${MERCHANT_DB_ROLE} and table_schema = current_schema() order by table_name`.execute(w.t.ctx.db);
    granted = rows.map((r) => r.table_name);
  });

  test('the role reads shop-owned tables only, and SELECT is all it may do', async () => {
    for (const t of ['shop', 'shop_order', 'order_line', 'order_event', 'product', 'sku', 'shipment', 'shipment_line', 'after_sales_request', 'shop_order_buyer']) {
      assert.ok(granted.includes(t), `${t} is readable by the merchant role`);
    }
    for (const t of ['app_user', 'session', 'ledger_entry', 'ledger_account', 'audit_log', 'payment_order', 'payment_attempt', 'address', 'job', 'tenant_guard_child']) {
      assert.ok(!granted.includes(t), `${t} is not granted`);
    }
    const { rows } = await sql<{ privilege_type: string }>`
      select distinct privilege_type from information_schema.role_table_grants where grantee = ${MERCHANT_DB_ROLE} and table_schema = current_schema()`.execute(w.t.ctx.db);
    assert.deepEqual(rows.map((r) => r.privilege_type), ['SELECT']);
  });

  test('select * from every granted table, scoped to shop A: exactly shop A’s rows, 0 of shop B', async () => {
    const tablesWithB = new Set<string>();
    for (const relation of granted) {
      const shop = await shopExpression(relation);
      // As the app (the owner, unguarded): every row, with the shop it belongs to.
      const { rows: all } = await sql<Row>`select to_jsonb(x) as row, ${sql.raw(shop)} as shop from ${sql.table(relation)} x`.execute(w.t.ctx.db);
      const ownRows = relation === 'shop_order_buyer' ? [] : all.filter((r) => r.shop === shopA);
      const otherRows = all.filter((r) => r.shop !== shopA);
      if (all.some((r) => r.shop === shopB)) tablesWithB.add(relation);
      // As the merchant of shop A, with hand-written SQL and no where clause at all.
      const visible = await asMerchant(w, shopA, async (trx) => (await sql<Row>`select to_jsonb(x) as row from ${sql.table(relation)} x`.execute(trx)).rows);
      if (relation === 'shop_order_buyer') {
        // The view has no rows of its own when read by the owner without app.shop_id; scoped, it lists shop A's orders only.
        assert.deepEqual(visible.map((r) => (r.row as Row).shop_id).filter((s) => s !== shopA), [], 'the buyer view shows shop A only');
        assert.ok(visible.length > 0);
        continue;
      }
      assert.deepEqual(rowsAsJson(visible), rowsAsJson(ownRows), `${relation}: shop A sees exactly its own rows`);
      const leaked = visible.filter((v) => otherRows.some((o) => JSON.stringify(o.row) === JSON.stringify(v.row)));
      assert.equal(leaked.length, 0, `${relation}: no row of another shop`);
    }
    // The comparison is not vacuous: shop B has rows in the tables that matter.
    for (const t of ['shop', 'shop_order', 'order_line', 'order_event', 'fulfilment_line', 'order_funds', 'product', 'sku', 'shipment', 'shipment_line', 'after_sales_request', 'shop_member']) {
      assert.ok(tablesWithB.has(t), `shop B has rows in ${t}`);
    }
  });

  test('hand-written SQL naming shop B’s rows outright still reads nothing', async () => {
    await asMerchant(w, shopA, async (trx) => {
      const direct = await sql<Row>`select * from shop_order where shop_id = ${shopB} or id = ${orders.b}`.execute(trx);
      assert.equal(direct.rows.length, 0);
      const joined = await sql<Row>`select l.* from order_line l join shop_order o on o.id = l.order_id where o.id = ${orders.b}`.execute(trx);
      assert.equal(joined.rows.length, 0);
      const lines = await sql<Row>`select * from order_line where order_id = ${orders.b}`.execute(trx);
      assert.equal(lines.rows.length, 0, 'a child row is guarded through its parent even when asked for by parent id');
      const skus = await sql<Row>`select * from sku where id = ${w.otherShopSku}`.execute(trx);
      assert.equal(skus.rows.length, 0);
      const mine = await sql<Row>`select * from shop_order where id = ${orders.a}`.execute(trx);
      assert.equal(mine.rows.length, 1, 'its own order is there');
    });
  });

  test('without app.shop_id (or with an empty one) the role reads 0 rows everywhere', async () => {
    for (const scope of [null, '']) {
      for (const relation of granted) {
        const n = await asMerchant(w, scope, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(relation)}`.execute(trx)).rows[0]!.n);
        assert.equal(n, 0, `${relation} with app.shop_id ${scope === null ? 'unset' : "''"}`);
      }
    }
  });

  test('tables with no shop (users, sessions, ledger, audit log, payments…) are permission denied', async () => {
    const { rows } = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'v') and n.nspname = current_schema() order by c.relname`.execute(w.t.ctx.db);
    const ungranted = rows.map((r) => r.relname).filter((t) => !granted.includes(t));
    for (const t of ['app_user', 'session', 'ledger_entry', 'ledger_transaction', 'audit_log', 'payment_order', 'payment_attempt', 'user_role', 'address', 'notification', 'idempotency_key']) {
      assert.ok(ungranted.includes(t), t);
    }
    for (const relation of ungranted) {
      const error = await failure(() => asMerchant(w, shopA, (trx) => sql`select * from ${sql.table(relation)} limit 1`.execute(trx)));
      assert.equal(error?.code, '42501', `${relation}: ${error?.message ?? 'read succeeded'}`);
    }
  });

  test('writes of any kind are permission denied, even to its own rows', async () => {
    const tables = granted.filter((t) => t !== 'shop_order_buyer');
    for (const relation of tables) {
      const { rows } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${relation} and is_identity = 'NO' and is_generated = 'NEVER'
        order by ordinal_position limit 1`.execute(w.t.ctx.db);
      const column = sql.ref(rows[0]!.column_name);
      for (const [what, statement] of [
        ['insert', sql`insert into ${sql.table(relation)} default values`],
        ['update', sql`update ${sql.table(relation)} set ${column} = ${column}`],
        ['delete', sql`delete from ${sql.table(relation)}`],
      ] as const) {
        const error = await failure(() => asMerchant(w, shopA, (trx) => statement.execute(trx)));
        assert.equal(error?.code, '42501', `${what} ${relation}: ${error?.message ?? 'succeeded'}`);
      }
    }
    const before = await w.t.ctx.db.selectFrom('shop_order').select(['id', 'status']).where('id', '=', orders.a).executeTakeFirstOrThrow();
    assert.equal(before.status, 'shipped', 'nothing changed');
  });

  test('withShopScope: the seller lists read under the role, with the same results as before', async () => {
    const scoped = await withShopScope(w.t.ctx.db, shopA, async (trx) => {
      const { rows } = await sql<{ user: string; shop: string }>`select current_user as user, current_setting('app.shop_id', true) as shop`.execute(trx);
      return rows[0]!;
    });
    assert.deepEqual(scoped, { user: MERCHANT_DB_ROLE, shop: shopA });
    const after = await sql<{ user: string }>`select current_user as user`.execute(w.t.ctx.db);
    assert.notEqual(after.rows[0]!.user, MERCHANT_DB_ROLE, 'the role ends with the read');

    // The seller order list: shop A's order only, the buyer masked exactly as maskMobile does, the pay-by time from the payment order.
    const mobile = (await w.t.ctx.db.selectFrom('app_user').select('mobile').where('id', '=', buyer.userId).executeTakeFirstOrThrow()).mobile!;
    const payBefore = (await w.t.ctx.db.selectFrom('shop_order as o').innerJoin('payment_order as p', 'p.id', 'o.payment_order_id').select('p.expires_at').where('o.id', '=', orders.a).executeTakeFirstOrThrow()).expires_at;
    const sellerList = await listOrders(w.t.ctx.db, shopA, { page: 1, pageSize: 20 });
    assert.deepEqual(sellerList.items.map((o) => o.id), [orders.a]);
    assert.equal(sellerList.total, 1);
    assert.equal(sellerList.items[0]!.buyer, maskMobile(mobile));
    assert.equal(sellerList.items[0]!.payBefore.getTime(), payBefore.getTime());
    assert.equal(sellerList.items[0]!.lines.length, 2);
    const bySuffix = await listOrders(w.t.ctx.db, shopA, { page: 1, pageSize: 20, phoneSuffix: mobile.slice(-4) });
    assert.deepEqual(bySuffix.items.map((o) => o.id), [orders.a]);
    const otherSuffix = await listOrders(w.t.ctx.db, shopA, { page: 1, pageSize: 20, phoneSuffix: mobile.slice(-4) === '0000' ? '1111' : '0000' });
    assert.equal(otherSuffix.total, 0);
    // The platform's list (every shop, no role) shows the same row the same way.
    const platform = await listOrders(w.t.ctx.db, null, { page: 1, pageSize: 20 });
    assert.deepEqual(platform.items.find((o) => o.id === orders.a), sellerList.items[0]);
    assert.ok(platform.items.some((o) => o.id === orders.b));

    // Over HTTP: the merchant console's order and product lists.
    const res = await w.owner.get(`/api/seller/shops/${shopA}/orders`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items.map((o: Row) => o.id), [orders.a]);
    const products = await w.owner.get(`/api/seller/shops/${shopA}/products?sort=updated`);
    assert.equal(products.statusCode, 200, products.body);
    const productIds = (products.json().items as Row[]).map((p) => p.id);
    const shopAProducts = await w.t.ctx.db.selectFrom('product').select('id').where('shop_id', '=', shopA).execute();
    assert.deepEqual(productIds.sort(), shopAProducts.map((p) => p.id).sort());
    const stock = await w.t.ctx.db.selectFrom('sku').innerJoin('product', 'product.id', 'sku.product_id').select((eb) => eb.fn.sum<number>('sku.stock').as('n')).where('product.shop_id', '=', shopA).executeTakeFirstOrThrow();
    assert.equal((products.json().items as Row[]).reduce((sum, p) => sum + Number(p.stock), 0), Number(stock.n), 'SKU sums are read through the guard');
  });

  test('withShopScope: the seller’s order detail and status-tab counts read under the role, as the platform sees them', async () => {
    const seller = await getOrderDetail(w.t.ctx.db, orders.a, { shopId: shopA });
    const platform = await getOrderDetail(w.t.ctx.db, orders.a, {});
    assert.deepEqual(seller, platform);
    assert.equal(seller.status, 'shipped');
    assert.equal(seller.fulfilment.shipments.length, 1, 'the parcel and its trail are read through the guard');
    await assert.rejects(getOrderDetail(w.t.ctx.db, orders.b, { shopId: shopA }), { code: 'ORDER_NOT_FOUND' });

    const counts = await countOrdersByStatus(w.t.ctx.db, shopA, {});
    assert.equal(counts.all, 1);
    assert.equal(counts.shipped, 1);
    const everyShop = await countOrdersByStatus(w.t.ctx.db, null, {});
    assert.equal(everyShop.shipped, 2);
    assert.equal(await countStaleOrders(w.t.ctx.db, shopA), 0);
  });

  test('withShopScope inside a transaction: the caller’s transaction carries on, as itself, even after a failed read', async () => {
    await w.t.ctx.db.transaction().execute(async (trx) => {
      const failed = await failure(() => withShopScope(trx, shopA, (inner) => sql`select * from app_user`.execute(inner)));
      assert.equal(failed?.code, '42501');
      const { rows } = await sql<{ n: number; user: string }>`select count(*)::int as n, current_user as user from app_user`.execute(trx);
      assert.ok(rows[0]!.n > 0);
      assert.notEqual(rows[0]!.user, MERCHANT_DB_ROLE);
      const list = await listShopProducts(trx, shopB, { sort: 'updated', page: 1, pageSize: 20 });
      assert.equal(list.total, 1);
    });
  });

  test('a table added later with a shop_id column, or a child registered in tenant_guard_child, is guarded by tenant_guard_attach_all()', async () => {
    const db = w.t.ctx.db;
    await sql`create table tg_late_note (id text primary key, shop_id text not null, body text not null)`.execute(db);
    await sql`create table tg_late_note_line (id text primary key, note_id text not null references tg_late_note(id))`.execute(db);
    await sql`insert into tg_late_note values ('n_a', ${shopA}, 'A'), ('n_b', ${shopB}, 'B')`.execute(db);
    await sql`insert into tg_late_note_line values ('l_a', 'n_a'), ('l_b', 'n_b')`.execute(db);
    try {
      const denied = await failure(() => asMerchant(w, shopA, (trx) => sql`select * from tg_late_note`.execute(trx)));
      assert.equal(denied?.code, '42501', 'not readable before it is attached');
      await sql`insert into tenant_guard_child (table_name, parent_table, parent_column) values ('tg_late_note_line', 'tg_late_note', 'note_id')`.execute(db);
      await sql`select tenant_guard_attach_all()`.execute(db);
      await sql`select tenant_guard_attach_all()`.execute(db); // idempotent
      const seen = await asMerchant(w, shopA, async (trx) => ({
        notes: (await sql<Row>`select id from tg_late_note order by id`.execute(trx)).rows.map((r) => r.id),
        lines: (await sql<Row>`select id from tg_late_note_line order by id`.execute(trx)).rows.map((r) => r.id),
      }));
      assert.deepEqual(seen, { notes: ['n_a'], lines: ['l_a'] });
      const policies = await sql<{ n: number }>`select count(*)::int as n from pg_policies where tablename in ('tg_late_note', 'tg_late_note_line')`.execute(db);
      assert.equal(policies.rows[0]!.n, 2);
    } finally {
      await sql`delete from tenant_guard_child where table_name = 'tg_late_note_line'`.execute(db);
      await sql`drop table tg_late_note_line, tg_late_note`.execute(db);
    }
  });

  // Dropping the cluster-wide role would disturb every other test database on a shared server: PGlite only.
  test('without the role (guard skipped), withShopScope still reads, scoped by app.shop_id alone', { skip: kind === 'postgres' ? 'the role is cluster-wide on PostgreSQL' : false }, async () => {
    const db = w.t.ctx.db;
    await sql`drop owned by ${sql.raw(MERCHANT_DB_ROLE)}`.execute(db);
    await sql`drop role ${sql.raw(MERCHANT_DB_ROLE)}`.execute(db);
    await sql`select tenant_guard_attach_all()`.execute(db); // does nothing without the role
    const list = await listShopProducts(db, shopA, { sort: 'updated', page: 1, pageSize: 20 });
    assert.equal(list.total, 2);
    const orderList = await listOrders(db, shopA, { page: 1, pageSize: 20 });
    assert.deepEqual(orderList.items.map((o) => o.id), [orders.a]);
    const who = await withShopScope(db, shopA, async (trx) => (await sql<{ user: string }>`select current_user as user`.execute(trx)).rows[0]!.user);
    assert.notEqual(who, MERCHANT_DB_ROLE);
  });
});
