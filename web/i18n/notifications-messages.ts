/**
 * Strings of 站内消息 (notifications), joined into the dictionary in messages.ts.
 * zh-CN is the reference; the English table must have the same keys.
 */
export const notificationsZh = {
} as const;

export const notificationsEn: Record<keyof typeof notificationsZh, string> = {
};
