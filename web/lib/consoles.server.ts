import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { ShopKind, ShopStatus } from '../../src/modules/merchants/merchants.tables.ts';
import { maskEmail, maskMobile } from './services.server.ts';

/** Read-only figures and lists for the two consoles (page queries; joins across modules allowed). */

export async function findShop(db: Db, shopId: string) {
  return db.selectFrom('shop').select(['id', 'name', 'kind', 'status', 'created_at']).where('id', '=', shopId).executeTakeFirst();
}

export async function platformOverview(db: Db): Promise<{ accounts: number; shops: number }> {
  const [accounts, shops] = await Promise.all([
    db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('shop').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'closed').executeTakeFirstOrThrow(),
  ]);
  return { accounts: Number(accounts.n), shops: Number(shops.n) };
}

export interface ShopRow {
  id: string;
  name: string;
  kind: ShopKind;
  status: ShopStatus;
  /** 138****8000 or a***@example.com; null when the shop has no owner row. */
  ownerMasked: string | null;
  members: number;
  createdAt: Date;
}

/** Every shop, newest first, with its owner's login masked. */
export async function listShops(db: Db, limit = 200): Promise<ShopRow[]> {
  const rows = await db
    .selectFrom('shop')
    .leftJoin('shop_member as owner', (join) => join.onRef('owner.shop_id', '=', 'shop.id').on('owner.role', '=', 'owner'))
    .leftJoin('app_user', 'app_user.id', 'owner.user_id')
    .select([
      'shop.id',
      'shop.name',
      'shop.kind',
      'shop.status',
      'shop.created_at',
      'app_user.mobile',
      'app_user.email',
      sql<number>`(select count(*) from shop_member m where m.shop_id = shop.id)`.as('members'),
    ])
    .orderBy('shop.created_at', 'desc')
    .orderBy('shop.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    ownerMasked: r.mobile ? maskMobile(r.mobile) : r.email ? maskEmail(r.email) : null,
    members: Number(r.members),
    createdAt: r.created_at,
  }));
}

/** Display names of accounts, for audit trails. */
export async function userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
