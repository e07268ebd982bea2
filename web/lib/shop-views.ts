/** What the platform's 商家 page and its loader share (no server code: the page bundle imports it). */
export const SHOP_TABS = ['all', 'active', 'frozen', 'closing', 'closed'] as const;
export type ShopTab = (typeof SHOP_TABS)[number];
