import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { webPaths } from '../../lib/shared.ts';
import type { ProductCardView } from '../../lib/views.ts';

function NoImage() {
  return (
    <svg className="product-card__noimage" viewBox="0 0 24 24" width="56" height="56" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden="true">
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <circle cx="9" cy="10" r="1.8" />
      <path d="m4 17 5-4.5 4 3.5 3-2.5 4 3.5" />
    </svg>
  );
}

/** 2 columns on phones, up to 5 on a desktop. Each card opens the product page. */
export function ProductGrid({ products, headingLevel = 3 }: { products: ProductCardView[]; headingLevel?: 2 | 3 }) {
  const { t } = useT();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="product-grid">
      {products.map((p) => (
        <li key={p.id} className={`product-card${p.soldOut ? ' product-card--soldout' : ''}`}>
          <Link to={webPaths.product(p.id)} className="product-card__link" prefetch="intent">
            <div className="product-card__image">
              {p.image ? <img src={p.image} alt="" loading="lazy" width={400} height={400} /> : <NoImage />}
              {p.soldOut ? <span className="product-card__flag">{t('product.soldOut')}</span> : null}
            </div>
            <div className="product-card__body">
              <Heading className="product-card__title">
                {p.selfOperated ? <span className="tag tag--self">{t('shop.kind.self_operated')}</span> : null}
                {p.title}
              </Heading>
              <div className="product-card__meta">
                <span className="price">{p.price}</span>
                {p.sold > 0 ? <span className="product-card__sold">{t('product.sold', { count: p.sold })}</span> : null}
              </div>
              <div className="product-card__shop">{p.shopName}</div>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
