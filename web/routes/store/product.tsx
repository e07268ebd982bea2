import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Route } from './+types/product';
import { useT } from '../../i18n/use-t.ts';
import { translate } from '../../i18n/messages.ts';
import { Breadcrumbs } from '../../components/store/Breadcrumbs.tsx';
import { Seo } from '../../components/store/Seo.tsx';
import { ShopBadge } from '../../components/store/ShopBadge.tsx';
import { Gallery } from '../../components/store/Gallery.tsx';
import { useToast } from '../../components/store/Toast.tsx';
import { BuyButtons } from '../../components/store/BuyButtons.tsx';
import { notFound } from '../../lib/guards.server.ts';
import { formatFen, getProductDetail, imageVariant, webPaths } from '../../lib/services.server.ts';
import { siteOrigin } from '../../lib/store-views.server.ts';
import { breadcrumbListLd, plainSnippet } from '../../lib/seo.ts';
import { fenToYuan } from '../../lib/money.ts';
import { chosenSku, clampQuantity, initialSelection, isAvailable, type Selection } from '../../lib/sku-picker.ts';

/** The storefront hides its tab bar here: the buy bar takes the bottom of the screen on phones. */
export const handle = { hideTabbar: true };

/** 商品详情: only products on sale in an open shop; anything else is the 404 page. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { locale } = context;
  let p;
  try {
    p = await getProductDetail(context.app.db, params.productId, { onSaleOnly: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'PRODUCT_NOT_FOUND') throw notFound();
    throw error;
  }
  const origin = siteOrigin(request);
  const canonical = origin + webPaths.product(p.id);

  // The gallery: the product's pictures, then SKU pictures not among them.
  const gallery = [...p.images];
  for (const sku of p.skus) if (sku.imageUrl && !gallery.includes(sku.imageUrl)) gallery.push(sku.imageUrl);
  const skus = p.skus.map((s) => ({
    id: s.id,
    spec: s.spec,
    stock: s.stock,
    priceFen: s.priceFen,
    price: formatFen(s.priceFen, locale),
    original: s.originalPriceFen !== null && s.originalPriceFen > s.priceFen ? formatFen(s.originalPriceFen, locale) : null,
    imageIndex: s.imageUrl ? gallery.indexOf(s.imageUrl) : null,
  }));
  const prices = p.skus.map((s) => s.priceFen);
  const minFen = Math.min(...prices);
  const maxFen = Math.max(...prices);
  const cheapest = p.skus.find((s) => s.priceFen === minFen);
  const totalStock = p.skus.reduce((sum, s) => sum + s.stock, 0);
  const crumbs = [
    { name: translate(locale, 'nav.home'), href: webPaths.home() },
    ...p.categoryPath.map((c) => ({ name: c.name, href: webPaths.category(c.id) })),
    { name: p.title, href: null },
  ];
  // The title and subtitle, then the start of the description: what a result snippet should say.
  const description = plainSnippet([p.title, p.subtitle, plainSnippet(p.descriptionHtml, 400)].filter(Boolean).join('，'), 150);
  const images = gallery.map((url) => origin + url);

  const productLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.title,
    description,
    sku: p.id,
    url: canonical,
    ...(images.length ? { image: images } : {}),
    ...(p.brandName ? { brand: { '@type': 'Brand', name: p.brandName } } : {}),
    category: p.categoryPath.map((c) => c.name).join(' > '),
    offers: {
      '@type': 'Offer',
      url: canonical,
      priceCurrency: 'CNY',
      price: fenToYuan(minFen),
      availability: totalStock > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      itemCondition: 'https://schema.org/NewCondition',
      seller: { '@type': 'Organization', name: p.shopName },
    },
    ...(p.reviewCount > 0
      ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: fenToYuan(p.ratingAvgX100), bestRating: '5', worstRating: '1', reviewCount: p.reviewCount } }
      : {}),
  };

  return {
    product: {
      id: p.id,
      title: p.title,
      subtitle: p.subtitle,
      descriptionHtml: p.descriptionHtml,
      // The brand heads the table unless the merchant listed it already.
      params: [
        ...(p.brandName && !p.params.some((x) => x.name === '品牌' || x.name.toLowerCase() === 'brand') ? [{ name: translate(locale, 'product.brand'), value: p.brandName }] : []),
        ...p.params,
      ],
      return7d: p.return7d,
      purchaseLimit: p.purchaseLimit,
      sold: p.salesCount,
      specs: p.specs,
      skus,
      priceText: minFen === maxFen ? formatFen(minFen, locale) : `${formatFen(minFen, locale)} – ${formatFen(maxFen, locale)}`,
      originalText: cheapest?.originalPriceFen != null && cheapest.originalPriceFen > minFen ? formatFen(cheapest.originalPriceFen, locale) : null,
      totalStock,
      gallery: gallery.map((url) => ({ detail: imageVariant(url, 'detail'), thumb: imageVariant(url, 'thumb') })),
      shop: { id: p.shopId, name: p.shopName, kind: p.shopKind, logo: p.shopLogoUrl ? imageVariant(p.shopLogoUrl, 'thumb') : null, href: webPaths.shop(p.shopId) },
    },
    crumbs,
    seo: {
      canonical,
      description,
      image: images[0] ?? null,
      structured: [productLd, breadcrumbListLd(crumbs.map((c) => ({ name: c.name, url: c.href ? origin + c.href : canonical })))],
    },
  };
}

export default function ProductPage({ loaderData }: Route.ComponentProps) {
  const { product, crumbs, seo } = loaderData;
  const { t } = useT();
  const toast = useToast();
  const [selection, setSelection] = useState<Selection>(() => initialSelection(product.skus, product.specs));
  const [quantity, setQuantity] = useState(1);
  const sku = useMemo(() => chosenSku(product.skus, product.specs, selection), [product, selection]);
  const stock = sku ? sku.stock : product.totalStock;
  const qty = clampQuantity(quantity, stock, product.purchaseLimit);
  const missing = product.specs.filter((d) => !selection[d.name]).map((d) => d.name);
  const soldOut = product.totalStock === 0 || (sku !== undefined && sku.stock === 0);

  const choose = (name: string, value: string) => {
    setSelection((current) => {
      const next = { ...current };
      if (next[name] === value) delete next[name];
      else next[name] = value;
      return next;
    });
  };

  return (
    <>
      <Seo title={`${product.title} - ${t('site.name')}`} description={seo.description} canonical={seo.canonical} image={seo.image} type="product" structured={seo.structured} />
      <Breadcrumbs items={crumbs} />
      <div className="pdp">
        <Gallery images={product.gallery} activeIndex={sku?.imageIndex ?? null} title={product.title} />

        <div className="pdp__info">
          <section className="card pdp__price-card">
            <div className="pdp__price" data-testid="price">
              <span className="price price--big">{sku ? sku.price : product.priceText}</span>
              {(sku ? sku.original : product.originalText) ? (
                <del className="pdp__original">
                  <span className="visually-hidden">{t('product.originalPrice')}</span>
                  {sku ? sku.original : product.originalText}
                </del>
              ) : null}
            </div>
            {product.sold > 0 ? <span className="muted small">{t('product.sold', { count: product.sold })}</span> : null}
            <h1 className="pdp__title">{product.title}</h1>
            {product.subtitle ? <p className="pdp__subtitle">{product.subtitle}</p> : null}
          </section>

          <section className="card pdp__service">
            {product.return7d ? <span className="service-badge">{t('product.return7d')}</span> : <span className="service-badge service-badge--off">{t('product.noReturn7d')}</span>}
            {product.purchaseLimit ? <span className="service-badge service-badge--plain">{t('product.limit', { count: product.purchaseLimit })}</span> : null}
          </section>

          <section className="card pdp__sku" aria-label={t('product.chooseSpec')}>
            {product.specs.map((dim) => (
              <fieldset key={dim.name} className="spec">
                <legend className="spec__name">{dim.name}</legend>
                <div className="spec__values">
                  {dim.values.map((value) => {
                    const on = selection[dim.name] === value;
                    const available = isAvailable(product.skus, selection, dim.name, value);
                    return (
                      <button
                        key={value}
                        type="button"
                        className={`spec__value${on ? ' is-on' : ''}`}
                        aria-pressed={on}
                        disabled={!available && !on}
                        title={!available ? t('product.soldOutCombo') : undefined}
                        onClick={() => choose(dim.name, value)}
                      >
                        {value}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <div className="spec qty">
              <span className="spec__name" id="qty-label">
                {t('product.quantity')}
              </span>
              <div className="stepper" role="group" aria-labelledby="qty-label">
                <button type="button" onClick={() => setQuantity(qty - 1)} disabled={qty <= 1} aria-label={t('product.less')}>
                  −
                </button>
                <input
                  value={qty}
                  inputMode="numeric"
                  aria-label={t('product.quantity')}
                  onChange={(e) => setQuantity(Number(e.target.value.replace(/\D/g, '')) || 1)}
                />
                <button type="button" onClick={() => setQuantity(qty + 1)} disabled={qty >= clampQuantity(Number.MAX_SAFE_INTEGER, stock, product.purchaseLimit)} aria-label={t('product.more')}>
                  +
                </button>
              </div>
              <span className="muted small" data-testid="stock">
                {stock > 0 ? t('product.stock', { count: stock }) : t('product.soldOut')}
                {stock > 0 && stock <= 5 ? <span className="low-stock">{t('product.lowStock')}</span> : null}
              </span>
            </div>
            <p className="pdp__chosen muted small">
              {missing.length > 0
                ? t('product.pleaseChoose', { names: missing.join(t('product.listSeparator')) })
                : t('product.chosen', { spec: product.specs.map((d) => selection[d.name]).join(' '), count: qty })}
            </p>
          </section>

          <div className="buybar">
            <Link to={product.shop.href} className="buybar__shop">
              <span aria-hidden="true" className="buybar__shop-icon">
                店
              </span>
              <span>{t('product.shop')}</span>
            </Link>
            <BuyButtons skuId={missing.length === 0 ? (sku?.id ?? null) : null} qty={qty} missing={missing} soldOut={soldOut} onMessage={toast.show} />
          </div>

          <Link to={product.shop.href} className="card shop-card">
            {product.shop.logo ? (
              <img className="shop-card__logo" src={product.shop.logo} alt="" width={48} height={48} />
            ) : (
              <span className="shop-card__logo shop-card__logo--text" aria-hidden="true">
                {[...product.shop.name][0] ?? '店'}
              </span>
            )}
            <span className="shop-card__name">
              {product.shop.name} <ShopBadge kind={product.shop.kind} />
            </span>
            <span className="shop-card__go">{t('product.visitShop')} ›</span>
          </Link>
        </div>
      </div>

      {product.params.length > 0 ? (
        <section className="card" aria-labelledby="params-heading">
          <h2 id="params-heading" className="card__title">
            {t('product.params')}
          </h2>
          <table className="params">
            <tbody>
              {product.params.map((row, i) => (
                <tr key={`${i}-${row.name}`}>
                  <th scope="row">{row.name}</th>
                  <td>{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="card" aria-labelledby="detail-heading">
        <h2 id="detail-heading" className="card__title">
          {t('product.detail')}
        </h2>
        {product.descriptionHtml ? (
          // Sanitised against an allow-list when it was written (src/modules/catalog/sanitize.ts); the only raw HTML on the page.
          <div className="rich" dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />
        ) : (
          <p className="muted">{t('product.noDetail')}</p>
        )}
      </section>
      {toast.node}
    </>
  );
}
