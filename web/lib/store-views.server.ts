import type { Locale } from '../i18n/messages.ts';
import { formatFen, imageVariant, type CategoryItem, type CategoryNode, type ProductCard } from './services.server.ts';
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
