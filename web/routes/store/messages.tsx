import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/messages';
import { useT } from '../../i18n/use-t.ts';
import { messagesAction, messagesLoader } from '../../lib/notifications.server.ts';
import buyingCss from '../../styles/buying.css?url';
import { Pager } from '../../components/store/Pager.tsx';
import messagesCss from '../../styles/messages.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: messagesCss },
];

/** 消息中心: order paid / shipped / refunded messages, newest first; unread in bold. */
export function loader({ request, context }: Route.LoaderArgs) {
  return messagesLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return messagesAction({ request, context });
}

export default function Messages({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const busy = useNavigation().state !== 'idle';
  const { tab, page, pageCount, unread, items } = loaderData;
  const href = (next: 'all' | 'unread', p = 1) => `/me/messages${next === 'all' && p === 1 ? '' : `?${next === 'unread' ? 'tab=unread' : ''}${p > 1 ? `${next === 'unread' ? '&' : ''}page=${p}` : ''}`}`;
  return (
    <>
      <title>{`${t('notifications.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('notifications.title')}</h1>
        <Link to="/me" className="link-btn">
          ‹ {t('nav.me')}
        </Link>
      </div>
      <nav className="order-nav" aria-label={t('notifications.title')}>
        {(['all', 'unread'] as const).map((key) => (
          <Link key={key} to={href(key)} className={`order-nav__tab${key === tab ? ' is-active' : ''}`} aria-current={key === tab ? 'page' : undefined} replace>
            {t(`notifications.tab.${key}`)}
            {key === 'unread' && unread > 0 ? <span className="order-nav__count">{unread}</span> : null}
          </Link>
        ))}
      </nav>
      <div className="msg-bar">
        <span>{t('notifications.unreadSummary', { count: unread })}</span>
        <Form method="post">
          <input type="hidden" name="intent" value="all" />
          <button type="submit" className="link-btn link-btn--accent" disabled={unread === 0 || busy}>
            {t('notifications.markAllRead')}
          </button>
        </Form>
      </div>
      {actionData?.message ? (
        <p className="form__ok" role="status">
          {actionData.message}
        </p>
      ) : null}

      {items.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-state__title">{tab === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}</p>
          <p className="muted">{t('notifications.emptyHint')}</p>
          <div className="empty-state__actions">
            <Link to="/me/orders" className="btn btn--primary">
              {t('me.allOrders')}
            </Link>
          </div>
        </div>
      ) : (
        <ul className="msg-list">
          {items.map((n) => (
            <li key={n.id} className={`card msg${n.read ? '' : ' msg--unread'}`}>
              {n.read ? null : <span className="msg__dot" aria-hidden="true" />}
              {/* Opening a message marks it read and goes where it leads (the order); a form, so it works without JavaScript. */}
              <Form method="post" className="msg__open">
                <input type="hidden" name="intent" value={n.link ? 'open' : 'read'} />
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" className="msg__btn">
                  <span className="msg__head">
                    <span className="msg__kind">{t(`notifications.kind.${n.kind}`)}</span>
                    <strong className="msg__title">
                      {n.read ? null : <span className="visually-hidden">{t('notifications.unreadDot')} </span>}
                      {n.title}
                    </strong>
                    <time className="msg__time">{n.time}</time>
                  </span>
                  <span className="msg__body">{n.body}</span>
                  {n.link ? <span className="msg__more">{t('notifications.open')} ›</span> : null}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} href={(p) => href(tab, p)} label={t('orders.pages')} />
    </>
  );
}
