// 站内消息: one row per message to a user (order paid, shipped, refunded, announcements…).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationsTables {}
