import { data, redirect, type AppLoadContext } from 'react-router';
import {
  createAddress,
  deleteAddress,
  getAddress,
  listAddresses,
  setDefaultAddress,
  updateAddress,
  type AddressInput,
} from '../../src/modules/addresses/addresses.service.ts';
import { ADDRESS_TAGS, type AddressTag } from '../../src/modules/addresses/addresses.tables.ts';
import { findRegion, regionChildren, regionTree } from '../../src/modules/addresses/regions.ts';
import { maskMobile } from '../../src/modules/identity/identity.rules.ts';
import { formError } from './app-errors.server.ts';
import { notFound, requireUser } from './guards.server.ts';
import { safeRedirectTo } from './safe-redirect.ts';
import { field } from './forms.ts';
import { translate, type Locale } from '../i18n/messages.ts';
import type { AddressCardView, RegionOption } from './buying-views.ts';

export { ADDRESS_TAGS };

/** The three levels of the 省/市/区 picker for a chosen province and city (codes that name nothing give empty lists). */
export function regionOptions(provinceCode: string, cityCode: string): { provinces: RegionOption[]; cities: RegionOption[]; districts: RegionOption[] } {
  const list = (code: string, level: 'province' | 'city') => (findRegion(code)?.level === level ? regionChildren(code).map((r) => ({ code: r.code, name: r.name })) : []);
  const cities = list(provinceCode, 'province');
  return {
    provinces: regionTree().map((r) => ({ code: r.code, name: r.name })),
    cities,
    districts: cities.some((c) => c.code === cityCode) ? list(cityCode, 'city') : [],
  };
}

export interface AddressFormValues {
  recipient: string;
  mobile: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  street: string;
  detail: string;
  tag: AddressTag | '';
  isDefault: boolean;
}

export function readAddressForm(form: FormData): AddressFormValues {
  const tag = field(form, 'tag', 10);
  return {
    recipient: field(form, 'recipient', 40).trim(),
    mobile: field(form, 'mobile', 30).trim(),
    provinceCode: field(form, 'provinceCode', 9),
    cityCode: field(form, 'cityCode', 9),
    districtCode: field(form, 'districtCode', 9),
    street: field(form, 'street', 100).trim(),
    detail: field(form, 'detail', 200).trim(),
    tag: (ADDRESS_TAGS as readonly string[]).includes(tag) ? (tag as AddressTag) : '',
    isDefault: form.get('isDefault') === 'on',
  };
}

/** Field by field, in the page's language; what the service decides (mobile, regions, limits) comes from its errors. */
function problems(v: AddressFormValues, locale: Locale): Partial<Record<keyof AddressFormValues, string>> {
  const out: Partial<Record<keyof AddressFormValues, string>> = {};
  if (!v.recipient || v.recipient.length > 20) out.recipient = translate(locale, 'address.err.recipient');
  if (!v.mobile) out.mobile = translate(locale, 'address.err.mobile');
  if (!v.provinceCode || !v.cityCode || !v.districtCode) out.districtCode = translate(locale, 'address.err.region');
  if (v.street.length > 50) out.street = translate(locale, 'address.err.street');
  if (v.detail.length < 2 || v.detail.length > 100) out.detail = translate(locale, 'address.err.detail');
  return out;
}

export function cardView(a: Awaited<ReturnType<typeof listAddresses>>[number]): AddressCardView {
  return { id: a.id, recipient: a.recipient, mobile: maskMobile(a.mobile), fullAddress: a.fullAddress, tag: a.tag, isDefault: a.isDefault };
}

/** `returnTo` (the checkout page) with the chosen address in it. */
export function withAddress(returnTo: string, addressId: string): string {
  const url = new URL(returnTo, 'http://jishi.invalid');
  url.searchParams.set('addressId', addressId);
  return url.pathname + url.search;
}

/** Where the address pages go back to: a path on this site (the checkout page), or nothing. */
export function readReturnTo(value: unknown): string | null {
  const to = safeRedirectTo(value, '');
  return to || null;
}

export async function addressBook(context: AppLoadContext, userId: string) {
  return (await listAddresses(context.app.db, userId)).map(cardView);
}

/** The edit form's starting values (a new address: empty, default when it is the first). */
export async function addressFormLoader({ request, context, addressId }: { request: Request; context: AppLoadContext; addressId: string | undefined }) {
  const auth = requireUser(context, request);
  const returnTo = readReturnTo(new URL(request.url).searchParams.get('returnTo'));
  let values: AddressFormValues;
  if (addressId) {
    let a;
    try {
      a = await getAddress(context.app.db, auth.userId, addressId);
    } catch (error) {
      if ((error as { code?: string }).code === 'ADDRESS_NOT_FOUND') throw notFound();
      throw error;
    }
    values = {
      recipient: a.recipient,
      mobile: a.mobile.replace(/^\+86/, ''),
      provinceCode: a.provinceCode,
      cityCode: a.cityCode,
      districtCode: a.districtCode,
      street: a.street ?? '',
      detail: a.detail,
      tag: a.tag ?? '',
      isDefault: a.isDefault,
    };
  } else {
    const count = (await listAddresses(context.app.db, auth.userId)).length;
    values = { recipient: '', mobile: '', provinceCode: '', cityCode: '', districtCode: '', street: '', detail: '', tag: '', isDefault: count === 0 };
  }
  return { addressId: addressId ?? null, returnTo, values, options: regionOptions(values.provinceCode, values.cityCode), tags: [...ADDRESS_TAGS] };
}

/**
 * Saves the form. `intent=region` (the picker without JavaScript) only re-reads the cities and
 * districts for what was chosen; everything typed comes back untouched.
 */
export async function addressFormAction({ request, context, addressId }: { request: Request; context: AppLoadContext; addressId: string | undefined }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const values = readAddressForm(form);
  const returnTo = readReturnTo(form.get('returnTo'));
  if (form.get('intent') === 'region') {
    const options = regionOptions(values.provinceCode, values.cityCode);
    if (!options.cities.some((c) => c.code === values.cityCode)) values.cityCode = '';
    if (!options.districts.some((d) => d.code === values.districtCode)) values.districtCode = '';
    return { values, options, errors: {}, message: null };
  }
  const options = regionOptions(values.provinceCode, values.cityCode);
  const errors = problems(values, locale);
  if (Object.keys(errors).length > 0) return data({ values, options, errors, message: null }, { status: 400 });
  const input: AddressInput = {
    recipient: values.recipient,
    mobile: values.mobile,
    provinceCode: values.provinceCode,
    cityCode: values.cityCode,
    districtCode: values.districtCode,
    street: values.street || null,
    detail: values.detail,
    tag: values.tag || null,
    ...(values.isDefault ? { isDefault: true } : {}),
  };
  try {
    const saved = await app.db.transaction().execute((trx) =>
      addressId ? updateAddress(trx, app.clock, auth.userId, addressId, input) : createAddress(trx, app.clock, auth.userId, input),
    );
    return redirect(returnTo ? withAddress(returnTo, saved.id) : '/me/addresses', { status: 303 });
  } catch (error) {
    const { code, message, status } = formError(error, locale);
    const at: keyof AddressFormValues | null = code === 'MOBILE_INVALID' ? 'mobile' : code === 'REGION_INVALID' || code === 'REGION_MISMATCH' ? 'districtCode' : null;
    return data({ values, options, errors: at ? { [at]: message } : {}, message: at ? null : message }, { status });
  }
}

/** 删除 / 设为默认 from the address book. */
export async function addressBookAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = form.get('intent');
  const addressId = field(form, 'addressId', 64);
  if ((intent !== 'delete' && intent !== 'default') || !addressId) throw data(null, { status: 400 });
  try {
    await app.db.transaction().execute((trx) =>
      intent === 'delete' ? deleteAddress(trx, app.clock, auth.userId, addressId) : setDefaultAddress(trx, app.clock, auth.userId, addressId),
    );
    return { ok: true as const, message: translate(locale, intent === 'delete' ? 'address.deleted' : 'address.defaultSet') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}
