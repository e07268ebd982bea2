import { data, redirect, type AppLoadContext } from 'react-router';
import { closeAccount, closureBlockers } from '../../src/modules/identity/account-closure.service.ts';
import { twoFactorStatus } from '../../src/modules/identity/two-factor.service.ts';
import { acceptAgreements, agreementPath, dissentFromMerchantAgreement, shopAgreementState } from '../../src/modules/content/agreements.service.ts';
import { closeExitingShop, exitBlockers, OPERATING_SHOP_STATUSES } from '../../src/modules/merchants/shop-exit.service.ts';
import { renderMessage } from '../../src/http/errors.ts';
import type { ErrorCode } from '../../src/http/error-catalogue.ts';
import type { VersionSummary } from '../../src/modules/content/agreements.service.ts';
import { formError } from './app-errors.server.ts';
import { requestMeta } from './cookies.server.ts';
import { field } from './forms.ts';
import { policy, requireShopRole, requireUser } from './guards.server.ts';
import { clearedSessionCookies } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { translate, type Locale } from '../i18n/messages.ts';

// 注销账号 (/me/close-account), leaving on the old terms from the acceptance page, and the seller
// console's 协议与退出 page (/seller/:shopId/agreement).

/** Where each unmet precondition is dealt with. */
const BLOCKER_LINKS: Partial<Record<ErrorCode, string>> = {
  ACCOUNT_CLOSURE_ORDERS_OPEN: '/me/orders',
  ACCOUNT_CLOSURE_AFTER_SALES_OPEN: '/me/after-sales',
  ACCOUNT_CLOSURE_COMPLAINTS_OPEN: '/me/complaints',
  ACCOUNT_CLOSURE_PAYMENTS_PENDING: '/me/wallet',
  ACCOUNT_CLOSURE_WALLET_NOT_EMPTY: '/me/wallet',
};

const dayText = (d: Date, locale: Locale) => dateTimeText(d, locale).slice(0, 10);

/** 注销账号: what happens, what is still in the way (with links), the form. After closing: the farewell. */
export async function closeAccountPage(context: AppLoadContext, request: Request) {
  if (!context.auth && new URL(request.url).searchParams.get('done') === '1') return { done: true as const };
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const blockers = await closureBlockers(app.db, app.clock, auth.userId);
  const ownShops = auth.shops.filter((s) => s.role === 'owner');
  return {
    done: false as const,
    twoFactor: (await twoFactorStatus(app.db, auth.userId)).enabled,
    blockers: blockers.map((b) => {
      const shop = b.code === 'ACCOUNT_CLOSURE_SHOP_OPERATING' ? ownShops.find((s) => s.shopName === b.params.shop) : undefined;
      return { code: b.code, message: renderMessage(b.code, locale, b.params), href: shop ? `/seller/${encodeURIComponent(shop.shopId)}/agreement` : (BLOCKER_LINKS[b.code] ?? null) };
    }),
  };
}

export async function closeAccountAction(context: AppLoadContext, request: Request) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  try {
    await app.db.transaction().execute((trx) =>
      closeAccount(
        trx,
        app.clock,
        auth.userId,
        { password: field(form, 'password', 1024), code: field(form, 'code', 10).trim() || undefined, confirmation: field(form, 'confirmation', 20), reason: field(form, 'reason', 200) },
        requestMeta(context),
      ),
    );
  } catch (error) {
    const { message, status, code } = formError(error, locale);
    return data({ error: message, field: code === 'PASSWORD_WRONG' ? 'password' : code.startsWith('TWO_FACTOR') ? 'code' : code === 'ACCOUNT_CLOSURE_CONFIRM_MISMATCH' ? 'confirmation' : null }, { status });
  }
  const headers = new Headers();
  for (const cookie of clearedSessionCookies(app.config.behindTls)) headers.append('Set-Cookie', cookie);
  return redirect('/me/close-account?done=1', { status: 303, headers });
}

// ----- the acceptance page: 不同意 → leave the shop on the old terms, or close the account ---------------

/**
 * For the acceptance page: when a merchant agreement version is pending, the owner's shops still in business,
 * each of which may leave under the version in force before it instead of accepting (null: nothing to offer).
 */
export async function dissentOptions(context: AppLoadContext, pending: { id: string; kind: string }[]) {
  const auth = context.auth;
  const merchant = pending.find((p) => p.kind === 'merchant_service_agreement');
  if (!auth || !merchant) return null;
  const { app } = context;
  const shops = await app.db
    .selectFrom('shop_member as m')
    .innerJoin('shop as s', 's.id', 'm.shop_id')
    .select(['s.id', 's.name'])
    .where('m.user_id', '=', auth.userId)
    .where('m.role', '=', 'owner')
    .where('s.status', 'in', OPERATING_SHOP_STATUSES)
    .orderBy('s.created_at')
    .execute();
  if (shops.length === 0) return null;
  const state = await shopAgreementState(app.db, app.clock, shops[0]!.id, auth.userId);
  const leavesUnder = state.open.find((v) => v.id === merchant.id)?.leavesUnder;
  if (!leavesUnder) return null;
  return { versionId: merchant.id, leavesUnder: leavesUnder.version, shops: shops.map((s) => ({ id: s.id, name: s.name })) };
}

/** 不同意，按原协议退出经营 from the acceptance page; answers null when the form was not a dissent. */
export async function dissentFromAcceptPage(context: AppLoadContext, request: Request) {
  const form = await request.clone().formData();
  if (field(form, 'intent', 10) !== 'dissent') return null;
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const shopId = field(form, 'shopId', 64);
  if (!auth.shops.some((s) => s.shopId === shopId && s.role === 'owner')) return data({ error: translate(locale, 'account.accept.dissentNoShop') }, { status: 404 });
  if (field(form, 'ack', 5) !== 'yes') return data({ error: translate(locale, 'account.accept.dissentAckRequired') }, { status: 400 });
  try {
    await app.db.transaction().execute((trx) => dissentFromMerchantAgreement(trx, app.clock, auth.userId, shopId, { versionId: field(form, 'versionId', 64) }, requestMeta(context)));
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ error: message }, { status });
  }
  // Back to the page: the remaining versions (if any), else where the visitor was going.
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`, { status: 303 });
}

// ----- 商家后台: 协议与退出 -------------------------------------------------------------------------

const OWNER = policy.shop(['owner']);

const versionView = (v: VersionSummary, locale: Locale) => ({ id: v.id, version: v.version, title: v.title, summary: v.summary, effectiveAt: dayText(v.effectiveAt, locale) });

export async function sellerAgreementPage(context: AppLoadContext, request: Request, shopId: string) {
  const auth = requireShopRole(context, request, shopId, OWNER);
  const { app, locale } = context;
  const state = await shopAgreementState(app.db, app.clock, shopId, auth.userId);
  const blockers = state.shopStatus === 'closing' ? await exitBlockers(app.db, shopId) : [];
  return {
    status: state.shopStatus,
    href: agreementPath('merchant_service_agreement'),
    current: state.current ? versionView(state.current, locale) : null,
    upcoming: state.upcoming.map((v) => versionView(v, locale)),
    open: state.open.map((v) => ({ ...versionView(v, locale), leavesUnder: v.leavesUnder?.version ?? null })),
    dissent: state.dissent
      ? { version: state.dissent.version.version, leavesUnder: state.dissent.leavesUnder.version, reason: state.dissent.reason, at: dateTimeText(state.dissent.at, locale) }
      : null,
    blockers: blockers.map((b) => renderMessage(b.code, locale, b.params)),
  };
}

export async function sellerAgreementAction(context: AppLoadContext, request: Request, shopId: string) {
  const auth = requireShopRole(context, request, shopId, OWNER);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 10);
  try {
    await app.db.transaction().execute(async (trx) => {
      if (intent === 'accept') await acceptAgreements(trx, app.clock, auth.userId, [field(form, 'versionId', 64)], requestMeta(context), 'api');
      else if (intent === 'dissent') await dissentFromMerchantAgreement(trx, app.clock, auth.userId, shopId, { versionId: field(form, 'versionId', 64), reason: field(form, 'reason', 200) }, requestMeta(context));
      else if (intent === 'close') await closeExitingShop(trx, app.clock, auth.userId, shopId);
      else throw data(null, { status: 400 });
    });
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
  if (intent === 'close') return redirect('/seller', { status: 303 });
  return { ok: true as const, message: translate(locale, intent === 'accept' ? 'account.exit.acceptedNow' : 'account.exit.done') };
}
