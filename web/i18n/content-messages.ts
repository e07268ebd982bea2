/**
 * Strings of 协议, 公告, banners and 建议箱, joined into the dictionary in messages.ts.
 * zh-CN is the reference; the English table must have the same keys.
 */
export const contentZh = {
} as const;

export const contentEn: Record<keyof typeof contentZh, string> = {
};
