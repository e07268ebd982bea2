import { useEffect, useRef } from 'react';
import { Form, Link, data, useNavigation } from 'react-router';
import type { Route } from './+types/me';
import { useT } from '../../i18n/use-t.ts';
import { translate } from '../../i18n/messages.ts';
import { changePassword, maskEmail, maskMobile } from '../../lib/services.server.ts';
import { formError } from '../../lib/app-errors.server.ts';
import { requireUser } from '../../lib/guards.server.ts';
import { field } from '../../lib/forms.ts';
import { buyerOrders } from '../../lib/orders.server.ts';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];
import { UserIcon } from '../../components/store/icons.tsx';

export async function loader({ request, context }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const orders = await buyerOrders(context, auth.userId, 'all', 1, 1);
  return {
    orderCounts: orders.counts,
    displayName: auth.displayName,
    mobile: auth.mobile ? maskMobile(auth.mobile) : null,
    email: auth.email ? maskEmail(auth.email) : null,
    shopMember: auth.shops.length > 0,
    platformStaff: auth.platformRoles.length > 0,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const auth = requireUser(context, request);
  const form = await request.formData();
  try {
    const { revokedSessions } = await changePassword(
      context.app.db,
      { userId: auth.userId, sessionId: auth.sessionId, currentPassword: field(form, 'currentPassword', 1000), newPassword: field(form, 'newPassword', 1000) },
      context.app.clock,
    );
    return { ok: true as const, message: translate(context.locale, 'me.passwordChanged', { count: revokedSessions }) };
  } catch (error) {
    const { message, status } = formError(error, context.locale);
    return data({ ok: false as const, message }, { status });
  }
}

/** The five order shortcuts: 我的订单 tabs. */
const ORDER_TABS = [
  { tab: 'pending_payment', label: 'me.order.unpaid' },
  { tab: 'to_ship', label: 'me.order.toShip' },
  { tab: 'to_receive', label: 'me.order.toReceive' },
  { tab: 'to_review', label: 'me.order.toReview' },
  { tab: 'after_sales', label: 'me.order.afterSales' },
] as const;

export default function Me({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formAction?.startsWith('/me');
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // Never leave passwords sitting in the fields after a submit.
    form.current?.reset();
  }, [actionData]);

  return (
    <>
      <title>{`${t('me.title')} - ${t('site.name')}`}</title>
      <section className="me-head">
        <span className="me-head__avatar">
          <UserIcon size={36} />
        </span>
        <div>
          <h1 className="me-head__name">{loaderData.displayName}</h1>
          <p className="me-head__id">
            {loaderData.mobile ? `${t('me.mobile')} ${loaderData.mobile}` : null}
            {loaderData.mobile && loaderData.email ? ' · ' : null}
            {loaderData.email ? `${t('me.email')} ${loaderData.email}` : null}
          </p>
        </div>
      </section>

      <section className="card" aria-labelledby="me-orders">
        <div className="section-head">
          <h2 id="me-orders">{t('me.orders')}</h2>
          <Link to="/me/orders" className="section-head__more">
            {t('me.allOrders')} ›
          </Link>
        </div>
        <ul className="order-tabs">
          {ORDER_TABS.map(({ tab, label }) => (
            <li key={tab}>
              <Link to={`/me/orders?tab=${tab}`} className="order-tabs__link">
                <span className="order-tabs__dot" aria-hidden="true">
                  {loaderData.orderCounts[tab] > 0 ? <span className="badge badge--dot">{loaderData.orderCounts[tab]}</span> : null}
                </span>
                {t(label)}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-label={t('me.services')}>
        <ul className="link-list">
          <li>
            <Link to="/me/wallet">{t('me.wallet')} ›</Link>
          </li>
          <li>
            <Link to="/me/addresses">{t('me.addresses')} ›</Link>
          </li>
          <li>
            <Link to="/me/after-sales">{t('afs.my.title')} ›</Link>
          </li>
          <li>
            <Link to="/me/complaints">{t('complaint.my.title')} ›</Link>
          </li>
          <li>
            <Link to="/me/messages">{t('notifications.title')} ›</Link>
          </li>
          <li>
            <Link to="/me/suggestions">{t('sug.title')} ›</Link>
          </li>
          <li>
            <Link to="/me/security">{t('security.title')} ›</Link>
          </li>
          <li>
            <Link to="/open-shop">{t('onboarding.link')} ›</Link>
          </li>
        </ul>
      </section>

      {loaderData.shopMember || loaderData.platformStaff ? (
        <section className="card" aria-labelledby="me-consoles">
          <div className="section-head">
            <h2 id="me-consoles">{t('me.consoles')}</h2>
          </div>
          <ul className="link-list">
            {loaderData.shopMember ? (
              <li>
                <a href="/seller">{t('header.sellerConsole')} ›</a>
              </li>
            ) : null}
            {loaderData.platformStaff ? (
              <li>
                <a href="/admin">{t('header.adminConsole')} ›</a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="me-security">
        <div className="section-head">
          <h2 id="me-security">{t('me.changePassword')}</h2>
        </div>
        <Form method="post" ref={form} className="form form--narrow">
          {actionData ? (
            <p className={actionData.ok ? 'form__ok' : 'form__error'} role={actionData.ok ? 'status' : 'alert'}>
              {actionData.message}
            </p>
          ) : null}
          <label className="form__field">
            <span>{t('me.currentPassword')}</span>
            <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={128} />
          </label>
          <label className="form__field">
            <span>{t('me.newPassword')}</span>
            <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={128} aria-describedby="new-password-hint" />
            <small id="new-password-hint" className="muted">
              {t('me.newPasswordHint')}
            </small>
          </label>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('me.submitPassword')}
          </button>
        </Form>
      </section>

      <form method="post" action="/logout" className="me-logout">
        <button type="submit" className="btn btn--ghost btn--block">
          {t('me.logout')}
        </button>
      </form>
    </>
  );
}
