// 注销账号 (account closure) and leaving on the old terms: filled in by the work that owns it.
export const accountZh = {} as const;
export const accountEn: Record<keyof typeof accountZh, string> = {};
