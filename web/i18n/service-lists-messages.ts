/** Strings of the order, after-sales and complaint lists of both consoles: their exports and bulk actions. zh-CN is the reference; English has the same keys. */
export const serviceListsZh = {};

export const serviceListsEn: Record<keyof typeof serviceListsZh, string> = {};
