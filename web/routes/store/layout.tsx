import { Link, NavLink, Outlet, useLocation, useMatches, useSearchParams } from 'react-router';
import type { Route } from './+types/layout';
import { useRootData, useT } from '../../i18n/use-t.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { CartIcon, GridIcon, HomeIcon, UserIcon } from '../../components/store/icons.tsx';
import { SearchBox } from '../../components/store/SearchBox.tsx';
import { webPaths } from '../../lib/shared.ts';
import { listTopCategories } from '../../lib/services.server.ts';
import { categoryView } from '../../lib/store-views.server.ts';
import { loginPath } from '../../lib/safe-redirect.ts';
import { cartOf, cartPieces } from '../../lib/cart.server.ts';
import { unreadMessages } from '../../lib/notifications.server.ts';

export async function loader({ request, context }: Route.LoaderArgs) {
  const [categories, cartCount, unreadCount] = await Promise.all([listTopCategories(context.app.db), cartPieces(context.app.db, cartOf(context, request, false).owner), unreadMessages(context.app.db, context.auth?.userId)]);
  return {
    categories: categories.map((c) => categoryView(c, context.locale)),
    // Pieces in the signed-in shopper's cart, or the visitor's cookie cart.
    cartCount,
    // Unread 站内消息: the badge on 消息 and on the 我的 tab.
    unreadCount,
    year: context.app.clock.now().getFullYear(),
  };
}

export default function StoreLayout({ loaderData }: Route.ComponentProps) {
  const { categories, cartCount, unreadCount, year } = loaderData;
  const { t } = useT();
  const user = useRootData()?.user ?? null;
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const q = location.pathname === '/search' ? (searchParams.get('q') ?? '') : '';
  const here = location.pathname + location.search;
  const onAuthPage = location.pathname === '/login' || location.pathname === '/register';
  // Pages with their own bottom bar (the product page's buy bar) hide the tab bar.
  const hideTabbar = useMatches().some((m) => (m.handle as { hideTabbar?: boolean } | undefined)?.hideTabbar);

  return (
    <div className={`store${hideTabbar ? ' store--no-tabbar' : ''}`}>
      <div className="topbar">
        <div className="wrap topbar__inner">
          <div className="topbar__hello">
            {user ? (
              <Link to="/me" className="topbar__user">
                {t('header.hello', { name: user.displayName })}
              </Link>
            ) : (
              <>
                <span className="hide-sm">{t('header.welcome')}</span>
                <Link to={onAuthPage ? '/login' : loginPath(here)} className="topbar__accent">
                  {t('header.login')}
                </Link>
                <Link to="/register">{t('header.register')}</Link>
              </>
            )}
          </div>
          <div className="topbar__links">
            {user ? (
              <Link to="/me/messages" className="topbar__messages" aria-label={unreadCount > 0 ? `${t('notifications.nav')}, ${t('notifications.badge', { count: unreadCount })}` : undefined}>
                {t('notifications.nav')}
                {unreadCount > 0 ? <span className="badge">{unreadCount > 99 ? '99+' : unreadCount}</span> : null}
              </Link>
            ) : null}
            {user?.shopMember ? <a href="/seller">{t('header.sellerConsole')}</a> : null}
            {user?.platformStaff ? <a href="/admin">{t('header.adminConsole')}</a> : null}
            <LanguageSwitch />
          </div>
        </div>
      </div>

      <header className="masthead">
        <div className="wrap masthead__inner">
          <Link to="/" className="logo" aria-label={t('site.name')}>
            <span className="logo__mark" aria-hidden="true">
              集
            </span>
            <span className="logo__text">{t('site.name')}</span>
          </Link>
          <SearchBox key={q} initial={q} />
          <Link to="/cart" className="masthead__cart">
            <CartIcon size={20} />
            <span>{t('nav.cart')}</span>
            <span className="badge" aria-label={`${t('nav.cart')} ${cartCount}`}>
              {cartCount}
            </span>
          </Link>
        </div>
      </header>

      {categories.length > 0 ? (
        <nav className="catnav" aria-label={t('header.allCategories')}>
          <div className="wrap catnav__inner">
            <NavLink to="/category" className="catnav__all" end>
              {t('header.allCategories')}
            </NavLink>
            {categories.map((c) => (
              <Link key={c.id} to={webPaths.category(c.id)} className="catnav__item">
                {c.name}
              </Link>
            ))}
          </div>
        </nav>
      ) : null}

      <main className="wrap store__main">
        <Outlet />
      </main>

      <footer className="footer">
        <div className="wrap">
          <nav className="footer__links">
            <Link to="/terms">{t('footer.terms')}</Link>
            <Link to="/privacy">{t('footer.privacy')}</Link>
            <Link to="/open-shop">{t('onboarding.link')}</Link>
          </nav>
          <p>{t('footer.icp')}</p>
          <p>{t('footer.copyright', { year })}</p>
        </div>
      </footer>

      <nav className="tabbar" aria-label={t('site.name')} hidden={hideTabbar}>
        <NavLink to="/" end className="tabbar__item">
          <HomeIcon />
          <span>{t('nav.home')}</span>
        </NavLink>
        <NavLink to="/category" className="tabbar__item">
          <GridIcon />
          <span>{t('nav.category')}</span>
        </NavLink>
        <NavLink to="/cart" className="tabbar__item">
          <span className="tabbar__icon">
            <CartIcon />
            {cartCount > 0 ? <span className="badge badge--dot">{cartCount}</span> : null}
          </span>
          <span>{t('nav.cart')}</span>
        </NavLink>
        <NavLink to="/me" className="tabbar__item">
          <span className="tabbar__icon">
            <UserIcon />
            {unreadCount > 0 ? <span className="badge badge--dot" aria-label={t('notifications.badge', { count: unreadCount })}>{unreadCount > 99 ? '99+' : unreadCount}</span> : null}
          </span>
          <span>{t('nav.me')}</span>
        </NavLink>
      </nav>
    </div>
  );
}
