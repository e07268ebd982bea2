import { useEffect, useRef } from 'react';
import { Form, Link, data, redirect, useFetcher, useNavigation } from 'react-router';
import type { Route } from './+types/cart';
import { useRootData, useT } from '../../i18n/use-t.ts';
import { translate } from '../../i18n/messages.ts';
import { CartIcon } from '../../components/store/icons.tsx';
import { ShopBadge } from '../../components/store/ShopBadge.tsx';
import { useToast } from '../../components/store/Toast.tsx';
import { addToCart, cartOf, cartView, removeFromCart, selectCartItems, setCartQty, viewCart } from '../../lib/cart.server.ts';
import { formError } from '../../lib/app-errors.server.ts';
import { field } from '../../lib/forms.ts';
import type { CartItemView, CartShopView } from '../../lib/buying-views.ts';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];

/** 购物车: the signed-in shopper's, or the visitor's cookie cart (it joins the account's at login). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { owner } = cartOf(context, request, false);
  return { cart: await cartView(context.app.db, owner, context.locale) };
}

const INTENTS = ['add', 'qty', 'remove', 'select', 'clearInvalid', 'settle'] as const;
type Intent = (typeof INTENTS)[number];

/**
 * Every change to the cart, as form posts (they work without JavaScript; with it they go through
 * fetchers): add (the product page), qty, remove, select (one item, a shop, or all), clearInvalid,
 * and settle (结算): 失效宝贝 are deselected, so checkout takes what the settle bar counted.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const intentValue = field(form, 'intent', 20);
  const intent = (INTENTS as readonly string[]).includes(intentValue) ? (intentValue as Intent) : null;
  if (!intent) throw data(null, { status: 400 });
  const { app, locale } = context;
  const { owner, setCookie } = cartOf(context, request, intent === 'add');
  const headers = new Headers();
  if (setCookie) headers.append('Set-Cookie', setCookie);
  if (!owner) return intent === 'settle' ? redirect('/cart', { status: 303 }) : { ok: true as const, message: null };
  const skuId = field(form, 'skuId', 64);
  const qty = Number(field(form, 'qty', 6) || field(form, 'qtyTyped', 6));
  try {
    switch (intent) {
      case 'add':
      case 'qty': {
        if (!skuId || !Number.isInteger(qty) || qty < 1 || qty > 9999) throw data(null, { status: 400 });
        await app.db.transaction().execute((trx) => (intent === 'add' ? addToCart(trx, app.clock, owner, skuId, qty) : setCartQty(trx, app.clock, owner, skuId, qty)));
        break;
      }
      case 'remove':
        await removeFromCart(app.db, owner, [skuId]);
        break;
      case 'select': {
        const selected = form.get('selected') === '1';
        const shopId = field(form, 'shopId', 64);
        await selectCartItems(app.db, owner, selected, skuId ? { skuIds: [skuId] } : shopId ? { shopId } : {});
        break;
      }
      case 'clearInvalid': {
        const { invalid } = await viewCart(app.db, owner);
        await removeFromCart(app.db, owner, invalid.map((i) => i.skuId));
        break;
      }
      case 'settle': {
        const { invalid } = await viewCart(app.db, owner);
        if (invalid.length) await selectCartItems(app.db, owner, false, { skuIds: invalid.map((i) => i.skuId) });
        return redirect('/checkout', { status: 303 });
      }
    }
    const message = intent === 'add' ? translate(locale, 'cart.added') : intent === 'clearInvalid' ? translate(locale, 'cart.invalidCleared') : null;
    return data({ ok: true as const, message }, { headers });
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status, headers });
  }
}

type ActionResult = { ok: boolean; message: string | null };

/** A fetcher whose failures (over stock, off the shelf…) show as a toast. */
function useCartFetcher(onMessage: (text: string) => void) {
  const fetcher = useFetcher<ActionResult>();
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok && fetcher.data.message) onMessage(fetcher.data.message);
  }, [fetcher.state, fetcher.data, onMessage]);
  return fetcher;
}

/** A round checkbox that is a form of its own (so it works without JavaScript). */
function SelectToggle({ checked, label, fields, onMessage, children }: { checked: boolean; label: string; fields: Record<string, string>; onMessage: (t: string) => void; children?: React.ReactNode }) {
  const fetcher = useCartFetcher(onMessage);
  const pending = fetcher.formData ? fetcher.formData.get('selected') === '1' : checked;
  return (
    <fetcher.Form method="post" action="/cart" className="cart-check">
      <input type="hidden" name="intent" value="select" />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="selected" value={pending ? '0' : '1'} />
      <button type="submit" role="checkbox" aria-checked={pending} aria-label={label} className={`check${pending ? ' is-on' : ''}`}>
        <span aria-hidden="true" className="check__box" />
        {children}
      </button>
    </fetcher.Form>
  );
}

function Stepper({ item, onMessage }: { item: CartItemView; onMessage: (t: string) => void }) {
  const { t } = useT();
  const fetcher = useCartFetcher(onMessage);
  const typed = useRef<HTMLInputElement>(null);
  const shown = Number(fetcher.formData?.get('qty') ?? fetcher.formData?.get('qtyTyped') ?? item.qty);
  useEffect(() => {
    if (typed.current && fetcher.state === 'idle') typed.current.value = String(item.qty);
  }, [item.qty, fetcher.state]);
  const send = (value: number) => {
    const qty = Math.min(Math.max(1, Math.floor(value) || 1), item.maxQty);
    if (qty === item.qty) {
      if (typed.current) typed.current.value = String(item.qty);
      return;
    }
    fetcher.submit({ intent: 'qty', skuId: item.skuId, qty: String(qty) }, { method: 'post', action: '/cart' });
  };
  return (
    <fetcher.Form method="post" action="/cart" className="stepper stepper--small" aria-label={t('cart.qtyOf', { title: item.title })}>
      <input type="hidden" name="intent" value="qty" />
      <input type="hidden" name="skuId" value={item.skuId} />
      {/* Enter in the field submits this (first) button, so the typed number wins. */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
      <button type="submit" name="qty" value={shown - 1} disabled={shown <= 1} aria-label={t('product.less')}>
        −
      </button>
      <input
        ref={typed}
        name="qtyTyped"
        defaultValue={item.qty}
        inputMode="numeric"
        aria-label={t('product.quantity')}
        onBlur={(e) => send(Number(e.currentTarget.value.replace(/\D/g, '')))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            send(Number(e.currentTarget.value.replace(/\D/g, '')));
          }
        }}
      />
      <button type="submit" name="qty" value={shown + 1} disabled={shown >= item.maxQty} aria-label={t('product.more')}>
        +
      </button>
    </fetcher.Form>
  );
}

function RemoveButton({ skuId, title, onMessage, label }: { skuId: string; title: string; onMessage: (t: string) => void; label: string }) {
  const { t } = useT();
  const fetcher = useCartFetcher(onMessage);
  return (
    <fetcher.Form method="post" action="/cart">
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="skuId" value={skuId} />
      <button type="submit" className="link-btn" aria-label={t('cart.removeOf', { title })} disabled={fetcher.state !== 'idle'}>
        {label}
      </button>
    </fetcher.Form>
  );
}

function ItemRow({ item, onMessage }: { item: CartItemView; onMessage: (t: string) => void }) {
  const { t } = useT();
  return (
    <li className="cart-item">
      <SelectToggle checked={item.selected} label={t('cart.selectItem', { title: item.title })} fields={{ skuId: item.skuId }} onMessage={onMessage} />
      <Link to={item.href} className="cart-item__image">
        {item.image ? <img src={item.image} alt="" width={88} height={88} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}
      </Link>
      <div className="cart-item__body">
        <Link to={item.href} className="cart-item__title">
          {item.title}
        </Link>
        {item.spec ? <span className="cart-item__spec">{item.spec}</span> : null}
        <div className="cart-item__flags">
          {item.dropped ? (
            <span className="flag flag--drop">{t('cart.dropped', { amount: item.dropped })}</span>
          ) : item.priceWas ? (
            <span className="flag">{t('cart.priceChanged')}</span>
          ) : null}
          {item.overStock ? <span className="flag flag--warn">{t('cart.onlyLeft', { count: item.stock })}</span> : item.lowStock ? <span className="flag flag--warn">{t('product.lowStock')}</span> : null}
        </div>
        <div className="cart-item__foot">
          <span className="price">{item.price}</span>
          {item.priceWas ? <del className="muted small">{item.priceWas}</del> : null}
          <Stepper item={item} onMessage={onMessage} />
        </div>
      </div>
      <div className="cart-item__remove">
        <RemoveButton skuId={item.skuId} title={item.title} onMessage={onMessage} label={t('cart.remove')} />
      </div>
    </li>
  );
}

function ShopGroup({ shop, onMessage }: { shop: CartShopView; onMessage: (t: string) => void }) {
  const { t } = useT();
  return (
    <section className="card cart-shop" aria-label={shop.shopName}>
      <div className="cart-shop__head">
        <SelectToggle checked={shop.allSelected} label={t('cart.selectShop', { shop: shop.shopName })} fields={{ shopId: shop.shopId }} onMessage={onMessage} />
        <Link to={shop.href} className="cart-shop__name">
          <ShopBadge kind={shop.shopKind} />
          {shop.shopName} ›
        </Link>
      </div>
      <ul className="cart-items">
        {shop.items.map((item) => (
          <ItemRow key={item.skuId} item={item} onMessage={onMessage} />
        ))}
      </ul>
    </section>
  );
}

export default function Cart({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const user = useRootData()?.user;
  const toast = useToast(2500);
  const { cart } = loaderData;
  const clear = useCartFetcher(toast.show);
  const onMessage = toast.show;
  const navigation = useNavigation();
  const settling = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'settle';

  useEffect(() => {
    if (clear.state === 'idle' && clear.data?.ok && clear.data.message) toast.show(clear.data.message);
  }, [clear.state, clear.data, toast.show]);

  const empty = cart.shops.length === 0 && cart.invalid.length === 0;
  return (
    <>
      <title>{`${t('cart.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">
        {t('cart.title')}
        {cart.itemCount > 0 ? <small className="page-title__count">{t('cart.kinds', { count: cart.itemCount })}</small> : null}
      </h1>
      {actionData && !actionData.ok && actionData.message ? (
        <p className="form__error" role="alert">
          {actionData.message}
        </p>
      ) : null}
      {!user && !empty ? (
        <p className="cart-login card">
          <span>{t('cart.loginHint')}</span>
          <Link to="/login?redirectTo=%2Fcart" className="cart-login__go">
            {t('header.login')} ›
          </Link>
        </p>
      ) : null}

      {empty ? (
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
      ) : null}

      {cart.shops.map((shop) => (
        <ShopGroup key={shop.shopId} shop={shop} onMessage={onMessage} />
      ))}

      {cart.invalid.length > 0 ? (
        <section className="card cart-shop cart-invalid" aria-labelledby="cart-invalid">
          <div className="cart-shop__head">
            <h2 id="cart-invalid" className="cart-invalid__title">
              {t('cart.invalid', { count: cart.invalid.length })}
            </h2>
            <clear.Form method="post" action="/cart">
              <input type="hidden" name="intent" value="clearInvalid" />
              <button type="submit" className="link-btn link-btn--accent" disabled={clear.state !== 'idle'}>
                {t('cart.clearInvalid')}
              </button>
            </clear.Form>
          </div>
          <ul className="cart-items">
            {cart.invalid.map((item) => (
              <li key={item.skuId} className="cart-item cart-item--invalid">
                <span className="cart-item__status">{t(item.reason === 'soldOut' ? 'cart.soldOut' : 'cart.unavailable')}</span>
                <Link to={item.href} className="cart-item__image">
                  {item.image ? <img src={item.image} alt="" width={88} height={88} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}
                </Link>
                <div className="cart-item__body">
                  <span className="cart-item__title">{item.title}</span>
                  {item.spec ? <span className="cart-item__spec">{item.spec}</span> : null}
                  <span className="muted small">{t(item.reason === 'soldOut' ? 'cart.soldOutHint' : 'cart.unavailableHint')}</span>
                </div>
                <div className="cart-item__remove">
                  <RemoveButton skuId={item.skuId} title={item.title} onMessage={onMessage} label={t('cart.remove')} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {cart.shops.length > 0 ? (
        <div className="settle-bar" role="region" aria-label={t('cart.settle')}>
          <SelectToggle checked={cart.allSelected} label={t('cart.selectAll')} fields={{}} onMessage={onMessage}>
            <span className="check__text">{t('cart.all')}</span>
          </SelectToggle>
          <div className="settle-bar__sum">
            <span>
              {t('cart.total')} <strong className="price" data-testid="cart-total">{cart.total}</strong>
            </span>
            <span className="muted small">{t('cart.noShippingYet')}</span>
          </div>
          <Form method="post" action="/cart">
            <input type="hidden" name="intent" value="settle" />
            <button type="submit" className="btn btn--primary settle-bar__go" disabled={cart.selectedCount === 0 || settling}>
              {t('cart.checkout', { count: cart.selectedCount })}
            </button>
          </Form>
        </div>
      ) : null}
      {toast.node}
    </>
  );
}
