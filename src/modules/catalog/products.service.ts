import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import type { ProductParam, ProductStatus } from './catalog.tables.ts';
import { checkSkuSpecs, nextStatus, specKey, type ProductAction, type SpecDimension } from './catalog.rules.ts';
import { cleanPlainText, sanitizeRichText } from './sanitize.ts';
import { indexProducts } from './search/indexer.ts';

export interface SkuInput {
  spec: Record<string, string>;
  priceFen: number;
  originalPriceFen?: number | null | undefined;
  stock: number;
  weightG?: number | undefined;
  barcode?: string | null | undefined;
  imageUrl?: string | null | undefined;
}

export interface ProductInput {
  categoryId: string;
  brandId?: string | null | undefined;
  title: string;
  subtitle?: string | undefined;
  descriptionHtml?: string | undefined;
  images: string[];
  params: ProductParam[];
  return7d: boolean;
  purchaseLimit?: number | null | undefined;
  specs: SpecDimension[];
  skus: SkuInput[];
}

/** Who is acting, for the audit trail. */
export interface Actor {
  userId: string | null;
  role: 'merchant' | 'platform' | 'system';
}

const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

async function checkReferences(q: Queryable, input: ProductInput): Promise<void> {
  const category = await q.selectFrom('category').select(['level', 'enabled']).where('id', '=', input.categoryId).executeTakeFirst();
  if (!category || !category.enabled) throw new AppError('CATEGORY_NOT_FOUND');
  if (category.level !== 3) throw new AppError('CATEGORY_NOT_LEAF');
  if (input.brandId) {
    const brand = await q.selectFrom('brand').select('id').where('id', '=', input.brandId).executeTakeFirst();
    if (!brand) throw new AppError('BRAND_NOT_FOUND');
  }
  for (const sku of input.skus) {
    if (!isFen(sku.priceFen) || (sku.originalPriceFen != null && !isFen(sku.originalPriceFen))) throw new AppError('PRICE_INVALID');
  }
  checkSkuSpecs(input.specs, input.skus.map((s) => s.spec));
}

/** What the audit trail keeps of a product: everything a shopper sees, and the SKUs. */
async function snapshot(q: Queryable, productId: string): Promise<Record<string, unknown> | null> {
  const product = await q
    .selectFrom('product')
    .select(['title', 'subtitle', 'description_html', 'images', 'params', 'category_id', 'brand_id', 'status', 'return_7d', 'purchase_limit'])
    .where('id', '=', productId)
    .executeTakeFirst();
  if (!product) return null;
  const skus = await q
    .selectFrom('sku')
    .select(['spec_key', 'price_fen', 'original_price_fen', 'stock'])
    .where('product_id', '=', productId)
    .orderBy('spec_key')
    .execute();
  return { ...product, skus };
}

async function recordChange(
  trx: Trx,
  clock: Clock,
  change: { productId: string; actor: Actor; action: string; from: ProductStatus | null; to: ProductStatus | null; reason?: string | null; before: unknown; after: unknown },
): Promise<void> {
  await trx
    .insertInto('product_change')
    .values({
      id: newId('chg'),
      product_id: change.productId,
      actor_id: change.actor.userId,
      actor_role: change.actor.role,
      action: change.action,
      from_status: change.from,
      to_status: change.to,
      reason: change.reason ?? null,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
      created_at: clock.now(),
    })
    .execute();
}

/** Replaces the SKU set, keeping the ids of combinations that stay (carts and orders refer to them). */
async function writeSkus(trx: Trx, productId: string, skus: SkuInput[]): Promise<number> {
  const existing = await trx.selectFrom('sku').select(['id', 'spec_key']).where('product_id', '=', productId).execute();
  const idByKey = new Map(existing.map((s) => [s.spec_key, s.id]));
  const keep = new Set<string>();
  for (const sku of skus) {
    const key = specKey(sku.spec);
    const values = {
      spec: JSON.stringify(sku.spec),
      spec_key: key,
      price_fen: sku.priceFen,
      original_price_fen: sku.originalPriceFen ?? null,
      stock: sku.stock,
      weight_g: sku.weightG ?? 0,
      barcode: sku.barcode ?? null,
      image_url: sku.imageUrl ?? null,
    };
    const id = idByKey.get(key);
    if (id) {
      keep.add(id);
      await trx.updateTable('sku').set(values).where('id', '=', id).execute();
    } else {
      await trx.insertInto('sku').values({ id: newId('sku'), product_id: productId, ...values }).execute();
    }
  }
  const gone = existing.filter((s) => !keep.has(s.id)).map((s) => s.id);
  if (gone.length) await trx.deleteFrom('sku').where('id', 'in', gone).execute();
  return Math.min(...skus.map((s) => s.priceFen));
}

function productValues(input: ProductInput) {
  return {
    category_id: input.categoryId,
    brand_id: input.brandId ?? null,
    title: cleanPlainText(input.title),
    subtitle: cleanPlainText(input.subtitle ?? ''),
    description_html: sanitizeRichText(input.descriptionHtml ?? ''),
    images: JSON.stringify(input.images),
    params: JSON.stringify(input.params.map((p) => ({ name: cleanPlainText(p.name), value: cleanPlainText(p.value) }))),
    return_7d: input.return7d,
    purchase_limit: input.purchaseLimit ?? null,
    spec_dimensions: JSON.stringify(input.specs.map((d) => ({ name: d.name.trim(), values: d.values.map((v) => v.trim()) }))),
  };
}

/** A merchant's new product, saved as a draft (or straight to review with `submit`). */
export async function createProduct(trx: Trx, clock: Clock, shopId: string, actor: Actor, input: ProductInput, submit = false): Promise<string> {
  await checkReferences(trx, input);
  const id = newId('prd');
  const now = clock.now();
  const status: ProductStatus = submit ? 'pending_review' : 'draft';
  await trx
    .insertInto('product')
    .values({ id, shop_id: shopId, ...productValues(input), status, min_price_fen: 0, created_at: now, updated_at: now, submitted_at: submit ? now : null })
    .execute();
  const minPrice = await writeSkus(trx, id, input.skus);
  await trx.updateTable('product').set({ min_price_fen: minPrice }).where('id', '=', id).execute();
  await indexProducts(trx, [id]);
  await recordChange(trx, clock, { productId: id, actor, action: 'create', from: null, to: status, before: null, after: await snapshot(trx, id) });
  return id;
}

/** Locks the shop's product; another shop's product is "not found", exactly like a missing one. */
async function lockProduct(trx: Trx, productId: string, shopId: string | null) {
  let query = trx.selectFrom('product').select(['id', 'status', 'shop_id']).where('id', '=', productId);
  if (shopId !== null) query = query.where('shop_id', '=', shopId);
  const row = await query.forUpdate().executeTakeFirst();
  if (!row) throw new AppError('PRODUCT_NOT_FOUND');
  return row;
}

/** Edits a product. Editing an on-sale product takes it back to review. */
export async function updateProduct(trx: Trx, clock: Clock, shopId: string, actor: Actor, productId: string, input: ProductInput): Promise<ProductStatus> {
  const current = await lockProduct(trx, productId, shopId);
  await checkReferences(trx, input);
  const to = nextStatus(current.status, 'edit');
  const before = await snapshot(trx, productId);
  await trx.updateTable('product').set({ ...productValues(input), status: to, updated_at: clock.now(), ...(to === 'pending_review' && current.status !== to ? { submitted_at: clock.now() } : {}) }).where('id', '=', productId).execute();
  const minPrice = await writeSkus(trx, productId, input.skus);
  await trx.updateTable('product').set({ min_price_fen: minPrice }).where('id', '=', productId).execute();
  await indexProducts(trx, [productId]);
  await recordChange(trx, clock, { productId, actor, action: 'edit', from: current.status, to, before, after: await snapshot(trx, productId) });
  return to;
}

/** Price and stock changes stay on sale: they are not a change of what the product is. */
export async function updateSkuPriceStock(
  trx: Trx,
  clock: Clock,
  shopId: string,
  actor: Actor,
  productId: string,
  changes: { skuId: string; priceFen?: number | undefined; originalPriceFen?: number | null | undefined; stock?: number | undefined }[],
): Promise<void> {
  const current = await lockProduct(trx, productId, shopId);
  const before = await snapshot(trx, productId);
  for (const change of changes) {
    if ((change.priceFen !== undefined && !isFen(change.priceFen)) || (change.originalPriceFen != null && !isFen(change.originalPriceFen))) throw new AppError('PRICE_INVALID');
    const result = await trx
      .updateTable('sku')
      .set({
        ...(change.priceFen !== undefined ? { price_fen: change.priceFen } : {}),
        ...(change.originalPriceFen !== undefined ? { original_price_fen: change.originalPriceFen } : {}),
        ...(change.stock !== undefined ? { stock: change.stock } : {}),
      })
      .where('id', '=', change.skuId)
      .where('product_id', '=', productId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('PRODUCT_NOT_FOUND');
  }
  const { min } = await trx.selectFrom('sku').select((eb) => eb.fn.min<number>('price_fen').as('min')).where('product_id', '=', productId).executeTakeFirstOrThrow();
  await trx.updateTable('product').set({ min_price_fen: min, updated_at: clock.now() }).where('id', '=', productId).execute();
  await recordChange(trx, clock, { productId, actor, action: 'price_stock', from: current.status, to: current.status, before, after: await snapshot(trx, productId) });
}

/**
 * A status move of the review flow. `shopId` scopes merchant actions to their own shop;
 * platform actions pass null. Rejections and forced removals need a reason.
 */
export async function changeProductStatus(
  trx: Trx,
  clock: Clock,
  actor: Actor,
  productId: string,
  action: Exclude<ProductAction, 'edit'>,
  options: { shopId: string | null; reason?: string | undefined },
): Promise<ProductStatus> {
  const current = await lockProduct(trx, productId, options.shopId);
  const reason = options.reason?.trim();
  if ((action === 'reject' || action === 'force_off_shelf') && !reason) throw new AppError('REASON_REQUIRED');
  const to = nextStatus(current.status, action);
  const now = clock.now();
  await trx
    .updateTable('product')
    .set({
      status: to,
      updated_at: now,
      ...(action === 'submit' ? { submitted_at: now, reject_reason: null } : {}),
      ...(action === 'approve' || action === 'reject' ? { reviewed_at: now, reviewed_by: actor.userId, reject_reason: action === 'reject' ? reason! : null } : {}),
      ...(action === 'approve' ? { off_shelf_reason: null } : {}),
      ...(action === 'take_off_shelf' || action === 'force_off_shelf' ? { off_shelf_reason: reason ?? null } : {}),
    })
    .where('id', '=', productId)
    .execute();
  await recordChange(trx, clock, { productId, actor, action, from: current.status, to, reason: reason ?? null, before: { status: current.status }, after: { status: to } });
  return to;
}

export async function productHistory(q: Queryable, productId: string) {
  return q
    .selectFrom('product_change')
    .select(['id', 'actor_id as actorId', 'actor_role as actorRole', 'action', 'from_status as from', 'to_status as to', 'reason', 'before', 'after', 'created_at as at'])
    .where('product_id', '=', productId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
