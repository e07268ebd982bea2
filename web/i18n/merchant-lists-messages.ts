/** Strings of the platform console's merchant lists (入驻审核, 商家, 建议箱): their exports and bulk actions. zh-CN is the reference; English has the same keys. */
export const merchantListsZh = {};

export const merchantListsEn: Record<keyof typeof merchantListsZh, string> = {};
