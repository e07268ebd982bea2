import { useEffect } from 'react';
import { Link, useFetcher, useNavigate, useRouteLoaderData } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { CartIcon } from './icons.tsx';

interface Props {
  /** The chosen SKU, once every spec has a value. */
  skuId: string | null;
  qty: number;
  /** Spec names still to choose. */
  missing: string[];
  soldOut: boolean;
  onMessage: (text: string) => void;
}

type AddResult = { ok: boolean; message: string | null };

/**
 * The product page's 购物车 / 加入购物车 / 立即购买. 加入购物车 posts to the cart page's action
 * (the visitor's cookie cart is made on the first add) and stays on the page; 立即购买 goes to the
 * confirmation page with the SKU, which sends a visitor to log in first.
 */
export function BuyButtons({ skuId, qty, missing, soldOut, onMessage }: Props) {
  const { t } = useT();
  const navigate = useNavigate();
  const fetcher = useFetcher<AddResult>();
  const cartCount = (useRouteLoaderData('routes/store/layout') as { cartCount?: number } | undefined)?.cartCount ?? 0;
  const adding = fetcher.state !== 'idle';

  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.message) onMessage(fetcher.data.message);
  }, [fetcher.state, fetcher.data, onMessage]);

  const ready = () => {
    if (skuId) return true;
    onMessage(t('product.chooseSpecs', { names: missing.join(t('product.listSeparator')) }));
    return false;
  };
  const add = () => {
    if (ready()) fetcher.submit({ intent: 'add', skuId: skuId!, qty: String(qty) }, { method: 'post', action: '/cart' });
  };
  const buyNow = () => {
    if (ready()) navigate(`/checkout?skuId=${encodeURIComponent(skuId!)}&qty=${qty}`);
  };

  return (
    <>
      <Link to="/cart" className="buybar__shop buybar__cart" aria-label={`${t('nav.cart')} ${cartCount}`}>
        <span className="tabbar__icon">
          <CartIcon size={22} />
          {cartCount > 0 ? <span className="badge badge--dot">{cartCount > 99 ? '99+' : cartCount}</span> : null}
        </span>
        <span aria-hidden="true">{t('nav.cart')}</span>
      </Link>
      <button type="button" className="btn btn--cart" onClick={add} disabled={soldOut || adding}>
        {t('product.addToCart')}
      </button>
      <button type="button" className="btn btn--primary" onClick={buyNow} disabled={soldOut}>
        {soldOut ? t('product.soldOut') : t('product.buyNow')}
      </button>
    </>
  );
}
