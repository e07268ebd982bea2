/**
 * Strings of 售后 pages (shopper, merchant, arbitration), joined into the dictionary in messages.ts.
 * zh-CN is the reference; the English table must have the same keys.
 */
export const afterSalesZh = {
} as const;

export const afterSalesEn: Record<keyof typeof afterSalesZh, string> = {
};
