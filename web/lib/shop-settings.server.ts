import { data, type AppLoadContext } from 'react-router';
import { getShopProfile, PROFILE_LIMITS, updateShopProfile } from '../../src/modules/merchants/shop-profile.service.ts';
import { formError } from './app-errors.server.ts';
import { policy, requireShopRole } from './guards.server.ts';
import { field } from './forms.ts';
import { translate } from '../i18n/messages.ts';

const EDITORS = policy.shop(['operator']);

/** 店铺设置 (owners and operators). */
export async function shopSettingsPage(context: AppLoadContext, request: Request, shopId: string) {
  requireShopRole(context, request, shopId, EDITORS);
  return { profile: await getShopProfile(context.app.db, shopId), limits: PROFILE_LIMITS, shopHref: `/shops/${encodeURIComponent(shopId)}` };
}

export async function shopSettingsAction(context: AppLoadContext, request: Request, shopId: string) {
  requireShopRole(context, request, shopId, EDITORS);
  const { app, locale } = context;
  const form = await request.formData();
  const picture = (name: string) => {
    const value = field(form, name, 500);
    return value === '' ? null : value;
  };
  try {
    await app.db.transaction().execute((trx) =>
      updateShopProfile(trx, shopId, {
        intro: field(form, 'intro', 1000),
        announcement: field(form, 'announcement', 1000),
        serviceHours: field(form, 'serviceHours', 200),
        returnAddress: field(form, 'returnAddress', 1000),
        logoUrl: picture('logoUrl'),
        bannerUrl: picture('bannerUrl'),
      }),
    );
    return { ok: true as const, message: translate(locale, 'shopSettings.saved') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}
