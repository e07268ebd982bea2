import { useEffect, useRef, useState } from 'react';
import { Form, Link, useLocation, useNavigate, useNavigation } from 'react-router';
import type { Route } from './+types/checkout';
import { useT } from '../../i18n/use-t.ts';
import { checkoutAction, checkoutLoader } from '../../lib/checkout.server.ts';
import type { CheckoutShopView } from '../../lib/buying-views.ts';
import { PinIcon } from '../../components/store/OrderParts.tsx';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];

/** The submit bar takes the bottom of the screen on phones. */
export const handle = { hideTabbar: true };

/** 确认订单 (signed in): the cart's selected items, or 立即购买's one SKU (?skuId=&qty=). */
export function loader({ request, context }: Route.LoaderArgs) {
  return checkoutLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return checkoutAction({ request, context });
}

/** Only what changes the price goes into the URL when the page re-prices (never notes or invoices). */
const PRICING_FIELDS = (name: string) => name === 'skuId' || name === 'qty' || name === 'addressId' || name.startsWith('delivery.') || name.startsWith('pickup.');

function ShopBlock({ shop, onPricingChange }: { shop: CheckoutShopView; onPricingChange: () => void }) {
  const { t } = useT();
  const id = shop.shopId;
  const v = shop.values;
  return (
    <section className="card co-shop" aria-label={shop.shopName}>
      <h2 className="co-shop__name">{shop.shopName}</h2>
      <ul className="co-lines">
        {shop.lines.map((l) => (
          <li key={l.id} className="co-line">
            <Link to={l.href} className="co-line__image">
              {l.image ? <img src={l.image} alt="" width={72} height={72} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}
            </Link>
            <div className="co-line__body">
              <span className="co-line__title">{l.title}</span>
              {l.spec ? <span className="cart-item__spec">{l.spec}</span> : null}
              {/* Excluded from 七天无理由 (custom-made, fresh…): said here, before the shopper pays. */}
              {l.noReasonReturn === false ? <span className="service-badge service-badge--off">{t('product.noReturn7d')}</span> : null}
            </div>
            <div className="co-line__price">
              <span>{l.price}</span>
              <span className="muted small">×{l.qty}</span>
            </div>
          </li>
        ))}
      </ul>

      <fieldset className="co-row co-delivery">
        <legend className="co-row__label">{t('checkout.delivery')}</legend>
        <div className="co-choices">
          <label className="choice">
            <input type="radio" name={`delivery.${id}`} value="express" defaultChecked={shop.delivery === 'express'} onChange={onPricingChange} />
            <span>{t('checkout.express')}</span>
          </label>
          {shop.pickupPoints.length > 0 ? (
            <label className="choice">
              <input type="radio" name={`delivery.${id}`} value="pickup" defaultChecked={shop.delivery === 'pickup'} onChange={onPricingChange} />
              <span>{t('checkout.pickup')}</span>
            </label>
          ) : null}
        </div>
        {shop.pickupPoints.length > 0 ? (
          <div className="co-points" role="radiogroup" aria-label={t('checkout.pickupPoint')}>
            {shop.pickupPoints.map((p) => (
              <label key={p.id} className="co-point">
                <input type="radio" name={`pickup.${id}`} value={p.id} defaultChecked={p.id === shop.pickupPointId} onChange={onPricingChange} />
                <span className="co-point__body">
                  <strong>{p.name}</strong>
                  <span>{p.address}</span>
                  <span className="muted small">
                    {t('checkout.hours', { hours: p.hours })}
                    {p.phone ? ` · ${t('checkout.phone', { phone: p.phone })}` : ''}
                  </span>
                </span>
              </label>
            ))}
          </div>
        ) : null}
        {shop.delivery === 'express' && !shop.deliverable ? (
          <p className="co-warn" role="alert">
            {t('checkout.notDeliverable')}
          </p>
        ) : null}
      </fieldset>

      <div className="co-row">
        <span className="co-row__label">{t('checkout.shipping')}</span>
        <span className="co-row__value">
          {shop.delivery === 'pickup' ? t('checkout.pickupFree') : shop.shippingFee ?? t('checkout.freeShipping')}
          {shop.delivery === 'express' && shop.freeShipping ? <span className="co-free-tag">{shop.freeShipping}</span> : null}
        </span>
      </div>

      <label className="co-row co-note">
        <span className="co-row__label">{t('checkout.note')}</span>
        <input name={`note.${id}`} defaultValue={v.note} maxLength={200} placeholder={t('checkout.notePlaceholder')} />
      </label>

      <fieldset className="co-row co-invoice">
        <legend className="co-row__label">{t('checkout.invoice')}</legend>
        <div className="co-choices">
          {(['none', 'personal', 'company'] as const).map((kind) => (
            <label key={kind} className="choice">
              <input type="radio" name={`invoice.${id}`} value={kind} defaultChecked={v.invoiceKind === kind} />
              <span>{t(`checkout.invoice.${kind}`)}</span>
            </label>
          ))}
        </div>
        <div className="co-invoice__fields">
          <label className="form__field">
            <span>{t('checkout.invoiceTitle')}</span>
            <input name={`invoiceTitle.${id}`} defaultValue={v.invoiceTitle} maxLength={100} placeholder={t('checkout.invoiceTitlePlaceholder')} />
          </label>
          <label className="form__field co-invoice__tax">
            <span>{t('checkout.taxNumber')}</span>
            <input name={`taxNumber.${id}`} defaultValue={v.taxNumber} maxLength={20} autoCapitalize="characters" placeholder={t('checkout.taxNumberPlaceholder')} />
          </label>
          <label className="form__field">
            <span>{t('checkout.invoiceEmail')}</span>
            <input name={`invoiceEmail.${id}`} type="email" defaultValue={v.invoiceEmail} maxLength={254} placeholder={t('checkout.invoiceEmailPlaceholder')} />
          </label>
          <small className="muted">{t('checkout.invoiceHint')}</small>
        </div>
      </fieldset>

      <p className="co-shop__sum">
        {t('checkout.shopSum', { count: shop.pieces })} <strong className="price">{shop.payable}</strong>
      </p>
    </section>
  );
}

export default function Checkout({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const data = loaderData;
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const form = useRef<HTMLFormElement>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST' && navigation.formAction === '/checkout';
  const here = location.pathname + location.search;
  // A refusal stays until the shopper changes something.
  const [dismissed, setDismissed] = useState<unknown>(null);
  const error = actionData && 'error' in actionData && actionData !== dismissed ? actionData.error : null;

  useEffect(() => {
    if (error) document.getElementById('checkout-error')?.scrollIntoView({ block: 'center' });
  }, [error]);

  // Delivery and pickup point change the price: ask the server again (the URL keeps the choice).
  const reprice = () => {
    if (!form.current) return;
    const q = new URLSearchParams();
    for (const [name, value] of new FormData(form.current)) if (typeof value === 'string' && PRICING_FIELDS(name)) q.append(name, value);
    navigate(`/checkout?${q}`, { replace: true, preventScrollReset: true });
  };

  if (data.problem) {
    return (
      <>
        <title>{`${t('checkout.title')} - ${t('site.name')}`}</title>
        <h1 className="page-title">{t('checkout.title')}</h1>
        <div className="card empty-state">
          <p className="empty-state__title" role="alert">
            {data.problem}
          </p>
          <div className="empty-state__actions">
            <Link to="/cart" className="btn btn--primary">
              {t('checkout.backToCart')}
            </Link>
          </div>
        </div>
      </>
    );
  }

  const pickAddress = `/me/addresses?returnTo=${encodeURIComponent(here)}`;
  const newAddress = `/me/addresses/new?returnTo=${encodeURIComponent(here)}`;

  return (
    <>
      <title>{`${t('checkout.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('checkout.title')}</h1>
      <Form method="post" action="/checkout" ref={form} className="checkout" onSubmit={(e) => submitting && e.preventDefault()} onChange={() => setDismissed(actionData)}>
        <input type="hidden" name="key" value={data.key} />
        {data.buyNow ? (
          <>
            <input type="hidden" name="skuId" value={data.buyNow.skuId} />
            <input type="hidden" name="qty" value={data.buyNow.qty} />
          </>
        ) : null}
        {data.address ? <input type="hidden" name="addressId" value={data.address.id} /> : null}

        {data.address ? (
          <Link to={pickAddress} className="card co-address" aria-label={t('checkout.changeAddress')}>
            <span className="co-address__pin" aria-hidden="true">
              <PinIcon />
            </span>
            <span className="co-address__body">
              <span className="co-address__who">
                <strong>{data.address.recipient}</strong> <span>{data.address.mobile}</span>
                {data.address.isDefault ? <span className="flag">{t('address.default')}</span> : null}
                {data.address.tag ? <span className="flag flag--plain">{data.address.tag}</span> : null}
              </span>
              <span className="co-address__line">{data.address.fullAddress}</span>
            </span>
            <span className="co-address__go">{t('checkout.change')} ›</span>
          </Link>
        ) : (
          <Link to={data.hasAddresses ? pickAddress : newAddress} className={`card co-address co-address--empty${data.needsAddress ? ' is-needed' : ''}`}>
            <span className="co-address__pin" aria-hidden="true">
              +
            </span>
            <span className="co-address__body">
              <strong>{data.hasAddresses ? t('checkout.chooseAddress') : t('checkout.addAddress')}</strong>
            </span>
            <span className="co-address__go">›</span>
          </Link>
        )}

        {data.shops.map((shop) => (
          <ShopBlock key={shop.shopId} shop={shop} onPricingChange={reprice} />
        ))}

        {hydrated ? null : (
          <button type="submit" formMethod="get" formAction="/checkout" className="btn btn--ghost btn--block co-reprice">
            {t('checkout.reprice')}
          </button>
        )}

        <div className="co-side">
        <section className="card co-summary" aria-label={t('checkout.summary')}>
          <dl>
            <div>
              <dt>{t('checkout.itemsTotal')}</dt>
              <dd>{data.totals.items}</dd>
            </div>
            <div>
              <dt>{t('checkout.shipping')}</dt>
              <dd>+{data.totals.shipping}</dd>
            </div>
            <div>
              <dt>{t('checkout.discount')}</dt>
              <dd>-{data.totals.discount}</dd>
            </div>
            <div className="co-summary__total">
              <dt>{t('checkout.payable')}</dt>
              <dd className="price">{data.totals.payable}</dd>
            </div>
          </dl>
        </section>

        {error ? (
          <p id="checkout-error" className="form__error" role="alert">
            {error}
          </p>
        ) : null}

        <div className="submit-bar">
          <div className="submit-bar__sum">
            <span className="muted small">{t('checkout.pieces', { count: data.totals.pieces })}</span>
            <span>
              {t('checkout.payable')} <strong className="price" data-testid="payable">{data.totals.payable}</strong>
            </span>
          </div>
          <button type="submit" className="btn btn--primary submit-bar__go" disabled={submitting}>
            {submitting ? t('checkout.submitting') : t('checkout.submit')}
          </button>
        </div>
        </div>
      </Form>
    </>
  );
}
