// Fixtures for concurrency tests and the bench: many signed-in shoppers with an address, made straight in
// the database (one shared argon2 hash, sessions inserted directly) because hashing thousands of
// passwords would take longer than the benchmark.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { hashPassword } from '../modules/identity/passwords.ts';
import { hashToken } from '../modules/identity/sessions.ts';
import { newId } from '../shared/ids.ts';

export interface BenchBuyer {
  cookie: string;
  csrf: string;
  addressId: string;
}

export async function makeBuyers(db: Db, count: number, prefix: string): Promise<BenchBuyer[]> {
  const hash = await hashPassword('Bench-Buyer-2026');
  const now = new Date();
  const buyers: BenchBuyer[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
      const n = start + i;
      return { id: newId('usr'), token: crypto.randomBytes(32).toString('base64url'), csrf: crypto.randomBytes(16).toString('base64url'), addressId: newId('adr'), email: `${prefix}-${n}@bench.jishi.local` };
    });
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('app_user').values(batch.map((b) => ({ id: b.id, email: b.email, mobile: null, password_hash: hash, display_name: 'bench', created_at: now, updated_at: now }))).execute();
      await trx.insertInto('session').values(batch.map((b) => ({ id: newId('ses'), token_hash: hashToken(b.token), csrf_token: b.csrf, user_id: b.id, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + 86_400_000), ip: null, user_agent: null }))).execute();
      await sql`insert into address (id, user_id, recipient, mobile, province_code, province_name, city_code, city_name, district_code, district_name, street, detail, tag, is_default, created_at, updated_at)
        select * from unnest(${batch.map((b) => b.addressId)}::text[], ${batch.map((b) => b.id)}::text[]) as t(id, user_id)
        cross join lateral (select '压测'::text, '+8613800138000'::text, '330000'::text, '浙江省'::text, '330100'::text, '杭州市'::text, '330106'::text, '西湖区'::text, null::text, '文三路 100 号'::text, null::text, true, ${now}::timestamptz, ${now}::timestamptz) v`.execute(trx);
    });
    buyers.push(...batch.map((b) => ({ cookie: `jishi_sid=${b.token}; jishi_csrf=${b.csrf}`, csrf: b.csrf, addressId: b.addressId })));
  }
  return buyers;
}

/** A fresh SKU with exactly `stock` units (a new product each run, so runs don't interfere). */
export async function makeBenchSku(db: Db, stock: number, purchaseLimit: number | null): Promise<string> {
  const product = await db.selectFrom('product').selectAll().where('status', '=', 'on_sale').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const productId = newId('prd');
  const skuId = newId('sku');
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('product')
      .values({
        id: productId, shop_id: product.shop_id, category_id: product.category_id, brand_id: product.brand_id, title: `秒杀压测 ${now.toISOString()}`,
        images: JSON.stringify(product.images), params: '[]', status: 'on_sale', min_price_fen: 100, created_at: now, updated_at: now, purchase_limit: purchaseLimit,
      })
      .execute();
    await trx.insertInto('sku').values({ id: skuId, product_id: productId, spec: '{}', spec_key: '', price_fen: 100, original_price_fen: null, stock, barcode: null, image_url: null }).execute();
  });
  return skuId;
}
