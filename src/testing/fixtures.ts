import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { createUser, grantPlatformRole } from '../modules/identity/identity.service.ts';
import type { PlatformRole } from '../modules/identity/identity.tables.ts';
import type { ShopKind, ShopRole } from '../modules/merchants/merchants.tables.ts';
import { newId } from '../shared/ids.ts';
import { uniqueMobile } from './app.ts';

export const FIXTURE_PASSWORD = 'Fixture-Pass-2026';

/** A new account; with `platformRole`, platform staff. Returns its login. */
export async function makeUser(db: Db, clock: Clock, options: { platformRole?: PlatformRole; name?: string } = {}) {
  const identifier = uniqueMobile();
  const user = await db.transaction().execute(async (trx) => {
    const u = await createUser(trx, { identifier, password: FIXTURE_PASSWORD, displayName: options.name }, clock);
    if (options.platformRole) await grantPlatformRole(trx, u.id, options.platformRole, clock);
    return u;
  });
  return { ...user, identifier, password: FIXTURE_PASSWORD };
}

/** A shop with `owner` as its owner. */
export async function makeShop(db: Db, clock: Clock, ownerId: string, options: { name?: string; kind?: ShopKind } = {}) {
  const id = newId('shp');
  await db
    .insertInto('shop')
    .values({ id, name: options.name ?? `测试店铺 ${id.slice(-6)}`, kind: options.kind ?? 'flagship', logo_url: null, created_at: clock.now() })
    .execute();
  await addShopMember(db, clock, id, ownerId, 'owner');
  return id;
}

export async function addShopMember(db: Db, clock: Clock, shopId: string, userId: string, role: ShopRole) {
  await db.insertInto('shop_member').values({ shop_id: shopId, user_id: userId, role, created_at: clock.now() }).execute();
}
