import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { normalizeMobile } from '../identity/identity.rules.ts';
import type { AddressRow, AddressTag } from './addresses.tables.ts';
import { formatAddressLine, resolveRegion } from './regions.ts';

/** 收货地址: each account's address book. */

export const MAX_ADDRESSES_PER_USER = 20;

export interface AddressInput {
  recipient: string;
  mobile: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  street?: string | null | undefined;
  detail: string;
  tag?: AddressTag | null | undefined;
  /** true makes this the default (the old default stops being one). false never un-defaults an address: choose another default instead. */
  isDefault?: boolean | undefined;
}

export interface AddressView {
  id: string;
  recipient: string;
  mobile: string;
  provinceCode: string;
  provinceName: string;
  cityCode: string;
  cityName: string;
  districtCode: string;
  districtName: string;
  street: string | null;
  detail: string;
  tag: AddressTag | null;
  isDefault: boolean;
  /** One line for display: 广东省深圳市南山区…; the city is left out where it repeats the province. */
  fullAddress: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What an order keeps of the address it was placed with (the order copies it; later edits don't reach it). */
export interface AddressSnapshot {
  recipient: string;
  mobile: string;
  provinceCode: string;
  province: string;
  cityCode: string;
  city: string;
  districtCode: string;
  district: string;
  street: string | null;
  detail: string;
}

function toView(row: AddressRow): AddressView {
  const view = {
    provinceName: row.province_name,
    cityName: row.city_name,
    districtName: row.district_name,
    street: row.street,
    detail: row.detail,
  };
  return {
    id: row.id,
    recipient: row.recipient,
    mobile: row.mobile,
    provinceCode: row.province_code,
    cityCode: row.city_code,
    districtCode: row.district_code,
    ...view,
    tag: row.tag,
    isDefault: row.is_default,
    fullAddress: formatAddressLine({ ...view, street: view.street ?? '' }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Checks and normalises an input: the mobile number, and the region names derived from the codes. */
function prepare(input: AddressInput) {
  const mobile = normalizeMobile(input.mobile);
  const region = resolveRegion(input.provinceCode, input.cityCode, input.districtCode);
  const street = input.street?.trim() || null;
  return {
    recipient: input.recipient.trim(),
    mobile,
    province_code: region.provinceCode,
    province_name: region.provinceName,
    city_code: region.cityCode,
    city_name: region.cityName,
    district_code: region.districtCode,
    district_name: region.districtName,
    street,
    detail: input.detail.trim(),
    tag: input.tag ?? null,
  };
}

/**
 * Serialises every change to one user's address book: the user's row is locked for the rest of the
 * transaction, so the 20-address limit and the single default cannot be raced past. `for no key update`
 * conflicts with itself but not with the key-share locks other tables' foreign keys take, so logins and
 * orders for the same user are not held up.
 */
async function lockAddressBook(trx: Trx, userId: string): Promise<void> {
  const user = await trx.selectFrom('app_user').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst();
  if (!user) throw new AppError('UNAUTHENTICATED');
}

async function unsetDefault(trx: Trx, userId: string, clock: Clock, exceptId?: string): Promise<void> {
  let query = trx.updateTable('address').set({ is_default: false, updated_at: clock.now() }).where('user_id', '=', userId).where('is_default', '=', true);
  if (exceptId) query = query.where('id', '!=', exceptId);
  await query.execute();
}

/** The default address first, then the most recently added. */
export async function listAddresses(q: Queryable, userId: string): Promise<AddressView[]> {
  const rows = await q
    .selectFrom('address')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toView);
}

async function findOwn(q: Queryable, userId: string, addressId: string): Promise<AddressRow> {
  // Someone else's address looks exactly like one that does not exist.
  const row = await q.selectFrom('address').selectAll().where('id', '=', addressId).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('ADDRESS_NOT_FOUND');
  return row;
}

export async function getAddress(q: Queryable, userId: string, addressId: string): Promise<AddressView> {
  return toView(await findOwn(q, userId, addressId));
}

/** The user's default address, if they have any address. */
export async function getDefaultAddress(q: Queryable, userId: string): Promise<AddressView | null> {
  const row = await q.selectFrom('address').selectAll().where('user_id', '=', userId).where('is_default', '=', true).executeTakeFirst();
  return row ? toView(row) : null;
}

/** Adds an address; the first one is the default whatever the input says. At most MAX_ADDRESSES_PER_USER. */
export async function createAddress(trx: Trx, clock: Clock, userId: string, input: AddressInput): Promise<AddressView> {
  const values = prepare(input);
  await lockAddressBook(trx, userId);
  const { n } = await trx
    .selectFrom('address')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const count = Number(n);
  if (count >= MAX_ADDRESSES_PER_USER) throw new AppError('ADDRESS_LIMIT_REACHED', { max: MAX_ADDRESSES_PER_USER });
  const isDefault = count === 0 || input.isDefault === true;
  if (isDefault && count > 0) await unsetDefault(trx, userId, clock);
  const now = clock.now();
  const row = await trx
    .insertInto('address')
    .values({ id: newId('adr'), user_id: userId, ...values, is_default: isDefault, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row);
}

/** Replaces an address's fields; `isDefault: true` also makes it the default. */
export async function updateAddress(trx: Trx, clock: Clock, userId: string, addressId: string, input: AddressInput): Promise<AddressView> {
  const values = prepare(input);
  await lockAddressBook(trx, userId);
  const current = await findOwn(trx, userId, addressId);
  const makeDefault = input.isDefault === true && !current.is_default;
  if (makeDefault) await unsetDefault(trx, userId, clock, addressId);
  const row = await trx
    .updateTable('address')
    .set({ ...values, ...(makeDefault ? { is_default: true } : {}), updated_at: clock.now() })
    .where('id', '=', addressId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row);
}

export async function setDefaultAddress(trx: Trx, clock: Clock, userId: string, addressId: string): Promise<void> {
  await lockAddressBook(trx, userId);
  const current = await findOwn(trx, userId, addressId);
  if (current.is_default) return;
  await unsetDefault(trx, userId, clock, addressId);
  await trx.updateTable('address').set({ is_default: true, updated_at: clock.now() }).where('id', '=', addressId).where('user_id', '=', userId).execute();
}

/** Deletes an address; if it was the default, the most recently added remaining address becomes the default. */
export async function deleteAddress(trx: Trx, clock: Clock, userId: string, addressId: string): Promise<void> {
  await lockAddressBook(trx, userId);
  const deleted = await trx.deleteFrom('address').where('id', '=', addressId).where('user_id', '=', userId).returning('is_default').executeTakeFirst();
  if (!deleted) throw new AppError('ADDRESS_NOT_FOUND');
  if (!deleted.is_default) return;
  const next = await trx
    .selectFrom('address')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (next) await trx.updateTable('address').set({ is_default: true, updated_at: clock.now() }).where('id', '=', next.id).execute();
}

/**
 * The address an order is placed with, as a snapshot the checkout copies into the order.
 * Another user's address (or none with that id) → ADDRESS_NOT_FOUND.
 */
export async function getAddressForCheckout(q: Queryable, userId: string, addressId: string): Promise<AddressSnapshot> {
  const row = await findOwn(q, userId, addressId);
  return {
    recipient: row.recipient,
    mobile: row.mobile,
    provinceCode: row.province_code,
    province: row.province_name,
    cityCode: row.city_code,
    city: row.city_name,
    districtCode: row.district_code,
    district: row.district_name,
    street: row.street,
    detail: row.detail,
  };
}
