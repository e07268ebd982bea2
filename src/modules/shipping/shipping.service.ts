import { newId } from '../../shared/ids.ts';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { fen } from '../../shared/money.ts';
import { formatAddressLine, isProvinceCode, resolveRegion } from '../addresses/regions.ts';
import { normalizeContactPhone, quoteShipping, templateRegionProblem, type ShippingLine, type ShippingQuote, type ShippingTemplateRules } from './shipping.rules.ts';
import type { ChargeBy, PickupPointRow, RegionRule, ShippingTemplateRow } from './shipping.tables.ts';

/** 运费模板 and 自提点 of each shop. */


// ---------------------------------------------------------------------------------------------
// shipping templates

/** A region override as sent: thresholds may be left out (= none in those provinces). */
export type RegionRuleInput = Omit<RegionRule, 'freeOverFen' | 'freeOverQty'> & { freeOverFen?: number | null | undefined; freeOverQty?: number | null | undefined };

export interface TemplateInput {
  name: string;
  chargeBy: ChargeBy;
  firstUnits: number;
  firstFeeFen: number;
  additionalUnits: number;
  additionalFeeFen: number;
  freeOverFen?: number | null | undefined;
  freeOverQty?: number | null | undefined;
  regionRules?: RegionRuleInput[] | undefined;
  excludedProvinces?: string[] | undefined;
  /** true makes this the shop's default (the old default stops being one). */
  isDefault?: boolean | undefined;
}

export interface TemplateView extends ShippingTemplateRules {
  id: string;
  name: string;
  regionRules: RegionRule[];
  excludedProvinces: string[];
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function templateView(row: ShippingTemplateRow): TemplateView {
  return {
    id: row.id,
    name: row.name,
    chargeBy: row.charge_by,
    firstUnits: row.first_units,
    firstFeeFen: row.first_fee_fen,
    additionalUnits: row.additional_units,
    additionalFeeFen: row.additional_fee_fen,
    freeOverFen: row.free_over_fen,
    freeOverQty: row.free_over_qty,
    regionRules: row.region_rules,
    excludedProvinces: row.excluded_provinces,
    isDefault: row.is_default,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function templateValues(input: TemplateInput) {
  const regionRules = (input.regionRules ?? []).map((r) => ({
    provinceCodes: r.provinceCodes,
    firstUnits: r.firstUnits,
    firstFeeFen: r.firstFeeFen,
    additionalUnits: r.additionalUnits,
    additionalFeeFen: r.additionalFeeFen,
    freeOverFen: r.freeOverFen ?? null,
    freeOverQty: r.freeOverQty ?? null,
  }));
  const excluded = input.excludedProvinces ?? [];
  for (const code of [...excluded, ...regionRules.flatMap((r) => r.provinceCodes)]) {
    if (!isProvinceCode(code)) throw new AppError('REGION_INVALID', { code });
  }
  const problem = templateRegionProblem(regionRules, excluded);
  if (problem) throw new AppError('SHIPPING_TEMPLATE_INVALID', { detail: problem });
  for (const amount of [input.firstFeeFen, input.additionalFeeFen, input.freeOverFen ?? 0, ...regionRules.flatMap((r) => [r.firstFeeFen, r.additionalFeeFen, r.freeOverFen ?? 0])]) {
    fen(amount); // integers only; the schema and the table's checks refuse negatives
  }
  return {
    name: input.name.trim(),
    charge_by: input.chargeBy,
    first_units: input.firstUnits,
    first_fee_fen: input.firstFeeFen,
    additional_units: input.additionalUnits,
    additional_fee_fen: input.additionalFeeFen,
    free_over_fen: input.freeOverFen ?? null,
    free_over_qty: input.freeOverQty ?? null,
    region_rules: JSON.stringify(regionRules),
    excluded_provinces: JSON.stringify(excluded),
  };
}

/**
 * Serialises template writes per shop (so "one default per shop" never races into a unique-index error).
 * `for no key update` does not block other tables' foreign-key checks on the shop.
 */
async function lockShop(trx: Trx, shopId: string): Promise<void> {
  const shop = await trx.selectFrom('shop').select('id').where('id', '=', shopId).forNoKeyUpdate().executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
}

async function findTemplate(q: Queryable, shopId: string, templateId: string): Promise<ShippingTemplateRow> {
  // Another shop's template looks exactly like one that does not exist.
  const row = await q.selectFrom('shipping_template').selectAll().where('id', '=', templateId).where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND');
  return row;
}

async function unsetDefaultTemplate(trx: Trx, clock: Clock, shopId: string, exceptId: string): Promise<void> {
  await trx
    .updateTable('shipping_template')
    .set({ is_default: false, updated_at: clock.now() })
    .where('shop_id', '=', shopId)
    .where('is_default', '=', true)
    .where('id', '!=', exceptId)
    .execute();
}

/** The default template first, then the newest. */
export async function listTemplates(q: Queryable, shopId: string): Promise<TemplateView[]> {
  const rows = await q
    .selectFrom('shipping_template')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(templateView);
}

export async function getTemplate(q: Queryable, shopId: string, templateId: string): Promise<TemplateView> {
  return templateView(await findTemplate(q, shopId, templateId));
}

export async function getDefaultTemplate(q: Queryable, shopId: string): Promise<TemplateView | null> {
  const row = await q.selectFrom('shipping_template').selectAll().where('shop_id', '=', shopId).where('is_default', '=', true).executeTakeFirst();
  return row ? templateView(row) : null;
}

/** Adds a template; a shop's first template is its default whatever the input says. */
export async function createTemplate(trx: Trx, clock: Clock, shopId: string, input: TemplateInput): Promise<TemplateView> {
  const values = templateValues(input);
  await lockShop(trx, shopId);
  const existing = await trx.selectFrom('shipping_template').select('id').where('shop_id', '=', shopId).where('is_default', '=', true).executeTakeFirst();
  const isDefault = !existing || input.isDefault === true;
  const id = newId('sht');
  if (isDefault) await unsetDefaultTemplate(trx, clock, shopId, id);
  const now = clock.now();
  const row = await trx
    .insertInto('shipping_template')
    .values({ id, shop_id: shopId, ...values, is_default: isDefault, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return templateView(row);
}

/** Replaces a template's settings; `isDefault: true` also makes it the default (false never un-defaults). */
export async function updateTemplate(trx: Trx, clock: Clock, shopId: string, templateId: string, input: TemplateInput): Promise<TemplateView> {
  const values = templateValues(input);
  await lockShop(trx, shopId);
  const current = await findTemplate(trx, shopId, templateId);
  const makeDefault = input.isDefault === true && !current.is_default;
  if (makeDefault) await unsetDefaultTemplate(trx, clock, shopId, templateId);
  const row = await trx
    .updateTable('shipping_template')
    .set({ ...values, ...(makeDefault ? { is_default: true } : {}), updated_at: clock.now() })
    .where('id', '=', templateId)
    .where('shop_id', '=', shopId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return templateView(row);
}

export async function setDefaultTemplate(trx: Trx, clock: Clock, shopId: string, templateId: string): Promise<void> {
  await lockShop(trx, shopId);
  const current = await findTemplate(trx, shopId, templateId);
  if (current.is_default) return;
  await unsetDefaultTemplate(trx, clock, shopId, templateId);
  await trx.updateTable('shipping_template').set({ is_default: true, updated_at: clock.now() }).where('id', '=', templateId).execute();
}

/**
 * Deletes a template. If it was the default, the newest remaining template becomes the default, so a
 * shop that still has templates never silently falls back to free shipping. Orders keep the fee they
 * were placed with; nothing else refers to templates.
 */
export async function deleteTemplate(trx: Trx, clock: Clock, shopId: string, templateId: string): Promise<void> {
  await lockShop(trx, shopId);
  const deleted = await trx.deleteFrom('shipping_template').where('id', '=', templateId).where('shop_id', '=', shopId).returning('is_default').executeTakeFirst();
  if (!deleted) throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND');
  if (!deleted.is_default) return;
  const next = await trx
    .selectFrom('shipping_template')
    .select('id')
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (next) await trx.updateTable('shipping_template').set({ is_default: true, updated_at: clock.now() }).where('id', '=', next.id).execute();
}

export interface ShopShippingQuote extends ShippingQuote {
  /** The template the fee came from; null when the shop has none. */
  templateId: string | null;
}

/**
 * The fee for one shop's lines to a province, by the shop's default template (see `quoteShipping`).
 * A shop without any shipping template ships free and everywhere: that is the merchant's choice not to
 * charge for shipping (包邮), not an error.
 */
export async function quoteShopShipping(q: Queryable, shopId: string, lines: readonly ShippingLine[], provinceCode: string): Promise<ShopShippingQuote> {
  const template = await getDefaultTemplate(q, shopId);
  if (!template) return { deliverable: true, feeFen: fen(0), templateId: null };
  return { ...quoteShipping(template, lines, provinceCode), templateId: template.id };
}

// ---------------------------------------------------------------------------------------------
// pickup points (自提点)

export interface PickupPointInput {
  name: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  street?: string | null | undefined;
  detail: string;
  openingHours: string;
  contactPhone: string;
  longitude?: number | null | undefined;
  latitude?: number | null | undefined;
  enabled?: boolean | undefined;
}

export interface PickupPointView {
  id: string;
  name: string;
  provinceCode: string;
  provinceName: string;
  cityCode: string;
  cityName: string;
  districtCode: string;
  districtName: string;
  street: string | null;
  detail: string;
  fullAddress: string;
  openingHours: string;
  contactPhone: string;
  longitude: number | null;
  latitude: number | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What an order keeps of the pickup point it was placed with. */
export interface PickupPointSnapshot {
  id: string;
  name: string;
  address: string;
  hours: string;
  phone: string | null;
}

function pickupView(row: PickupPointRow): PickupPointView {
  return {
    id: row.id,
    name: row.name,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    cityCode: row.city_code,
    cityName: row.city_name,
    districtCode: row.district_code,
    districtName: row.district_name,
    street: row.street,
    detail: row.detail,
    fullAddress: pickupAddress(row),
    openingHours: row.opening_hours,
    contactPhone: row.contact_phone,
    longitude: row.longitude,
    latitude: row.latitude,
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function pickupAddress(row: PickupPointRow): string {
  return formatAddressLine({ provinceName: row.province_name, cityName: row.city_name, districtName: row.district_name, street: row.street ?? '', detail: row.detail });
}

function pickupValues(input: PickupPointInput) {
  const contactPhone = normalizeContactPhone(input.contactPhone);
  const region = resolveRegion(input.provinceCode, input.cityCode, input.districtCode);
  if ((input.longitude == null) !== (input.latitude == null)) throw new AppError('VALIDATION_FAILED', { detail: 'longitude and latitude go together' });
  return {
    name: input.name.trim(),
    province_code: region.provinceCode,
    province_name: region.provinceName,
    city_code: region.cityCode,
    city_name: region.cityName,
    district_code: region.districtCode,
    district_name: region.districtName,
    street: input.street?.trim() || null,
    detail: input.detail.trim(),
    opening_hours: input.openingHours.trim(),
    contact_phone: contactPhone,
    longitude: input.longitude ?? null,
    latitude: input.latitude ?? null,
  };
}

async function findPickupPoint(q: Queryable, shopId: string, pointId: string): Promise<PickupPointRow> {
  const row = await q.selectFrom('pickup_point').selectAll().where('id', '=', pointId).where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) throw new AppError('PICKUP_POINT_NOT_FOUND');
  return row;
}

/** A shop's pickup points in the order they were added; `enabledOnly` for shoppers. */
export async function listPickupPoints(q: Queryable, shopId: string, options: { enabledOnly?: boolean } = {}): Promise<PickupPointView[]> {
  let query = q.selectFrom('pickup_point').selectAll().where('shop_id', '=', shopId);
  if (options.enabledOnly) query = query.where('enabled', '=', true);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map(pickupView);
}

/** Shoppers' list: the enabled points of a shop that exists. */
export async function listPublicPickupPoints(q: Queryable, shopId: string): Promise<PickupPointView[]> {
  const shop = await q.selectFrom('shop').select('status').where('id', '=', shopId).executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
  return listPickupPoints(q, shopId, { enabledOnly: true });
}

export async function getPickupPoint(q: Queryable, shopId: string, pointId: string): Promise<PickupPointView> {
  return pickupView(await findPickupPoint(q, shopId, pointId));
}

export async function createPickupPoint(trx: Trx, clock: Clock, shopId: string, input: PickupPointInput): Promise<PickupPointView> {
  const values = pickupValues(input);
  const now = clock.now();
  const row = await trx
    .insertInto('pickup_point')
    .values({ id: newId('pkp'), shop_id: shopId, ...values, enabled: input.enabled ?? true, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return pickupView(row);
}

export async function updatePickupPoint(trx: Trx, clock: Clock, shopId: string, pointId: string, input: PickupPointInput): Promise<PickupPointView> {
  const values = pickupValues(input);
  const row = await trx
    .updateTable('pickup_point')
    .set({ ...values, ...(input.enabled !== undefined ? { enabled: input.enabled } : {}), updated_at: clock.now() })
    .where('id', '=', pointId)
    .where('shop_id', '=', shopId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('PICKUP_POINT_NOT_FOUND');
  return pickupView(row);
}

/** Removes a point; orders placed for pickup there keep their own copy of it. */
export async function deletePickupPoint(trx: Trx, shopId: string, pointId: string): Promise<void> {
  const result = await trx.deleteFrom('pickup_point').where('id', '=', pointId).where('shop_id', '=', shopId).executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw new AppError('PICKUP_POINT_NOT_FOUND');
}

/**
 * The pickup point a shopper chose at checkout, as the snapshot the order keeps.
 * Another shop's point, a disabled one or none with that id → PICKUP_POINT_NOT_FOUND.
 */
export async function getPickupPointForCheckout(q: Queryable, shopId: string, pointId: string): Promise<PickupPointSnapshot> {
  const row = await findPickupPoint(q, shopId, pointId);
  if (!row.enabled) throw new AppError('PICKUP_POINT_NOT_FOUND');
  return { id: row.id, name: row.name, address: pickupAddress(row), hours: row.opening_hours, phone: row.contact_phone };
}
