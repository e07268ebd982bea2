import type { Locale } from '../i18n/messages.ts';
import { formatFen, imageVariant, type CategoryItem, type CategoryNode, type ProductCard, type SearchHit } from './services.server.ts';
import type { CategoryView, ProductCardView } from './views.ts';

export function productCardView(card: ProductCard, locale: Locale): ProductCardView {
  return {
    id: card.id,
    title: card.title,
    shopName: card.shopName,
    price: formatFen(card.minPriceFen, locale),
    sold: card.salesCount,
    image: card.imageUrl ? imageVariant(card.imageUrl, 'list') : null,
  };
}

export function hitCardView(hit: SearchHit, locale: Locale): ProductCardView {
  return {
    id: hit.id,
    title: hit.title,
    shopName: hit.shopName,
    price: formatFen(hit.minPriceFen, locale),
    sold: hit.salesCount,
    image: hit.image ? imageVariant(hit.image, 'list') : null,
    soldOut: !hit.inStock,
    selfOperated: hit.selfOperated,
  };
}

export function categoryName(category: CategoryItem, locale: Locale): string {
  return locale === 'en' && category.nameEn ? category.nameEn : category.name;
}

export function categoryView(category: CategoryItem | CategoryNode, locale: Locale): CategoryView {
  return {
    id: category.id,
    name: categoryName(category, locale),
    icon: category.icon,
    children: 'children' in category ? category.children.map((c) => categoryView(c, locale)) : [],
  };
}

/** The site's own origin as the request reached it (the proxy's, behind TLS): for canonical and og:url. */
export function siteOrigin(request: Request): string {
  return new URL(request.url).origin;
}
