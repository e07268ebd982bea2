import { Link } from 'react-router';
import { useRootData, useT } from '../../i18n/use-t.ts';
import { CartIcon } from '../../components/store/icons.tsx';

/** 购物车: there is no cart yet, so this is its empty state. */
export default function Cart() {
  const { t } = useT();
  const user = useRootData()?.user;
  return (
    <>
      <title>{`${t('cart.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('cart.title')}</h1>
      <div className="card empty-state">
        <span className="empty-state__icon">
          <CartIcon size={48} />
        </span>
        <p className="empty-state__title">{t('cart.empty')}</p>
        <p className="muted">{t('cart.emptyHint')}</p>
        <div className="empty-state__actions">
          <Link to="/" className="btn btn--primary">
            {t('cart.goShopping')}
          </Link>
          {user ? null : (
            <Link to="/login?redirectTo=%2Fcart" className="btn btn--ghost">
              {t('header.login')}
            </Link>
          )}
        </div>
        {user ? null : <p className="muted small">{t('cart.loginHint')}</p>}
      </div>
    </>
  );
}
