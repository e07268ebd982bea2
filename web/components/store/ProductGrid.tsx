import { useT } from '../../i18n/use-t.ts';
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

/** 2 columns on phones, up to 5 on a desktop. */
export function ProductGrid({ products }: { products: ProductCardView[] }) {
  const { t } = useT();
  return (
    <ul className="product-grid">
      {products.map((p) => (
        <li key={p.id} className="product-card">
          <div className="product-card__image">{p.image ? <img src={p.image} alt="" loading="lazy" width={400} height={400} /> : <NoImage />}</div>
          <div className="product-card__body">
            <h3 className="product-card__title">{p.title}</h3>
            <div className="product-card__meta">
              <span className="price">{p.price}</span>
              {p.sold > 0 ? <span className="product-card__sold">{t('product.sold', { count: p.sold })}</span> : null}
            </div>
            <div className="product-card__shop">{p.shopName}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}
