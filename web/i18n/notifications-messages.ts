/**
 * Strings of 站内消息 (notifications), joined into the dictionary in messages.ts.
 * zh-CN is the reference; the English table must have the same keys.
 * The messages' own titles and bodies are rendered by the server (src/modules/notifications/notifications.rules.ts).
 */
export const notificationsZh = {
  'notifications.nav': '消息',
  'notifications.badge': '{count} 条未读消息',
  'notifications.title': '消息中心',
  'notifications.tab.all': '全部',
  'notifications.tab.unread': '未读',
  'notifications.unreadSummary': '{count} 条未读',
  'notifications.markAllRead': '全部已读',
  'notifications.markedAllRead': '已全部标为已读',
  'notifications.markRead': '标为已读',
  'notifications.open': '查看',
  'notifications.unreadDot': '未读',
  'notifications.empty': '暂无消息',
  'notifications.emptyUnread': '没有未读消息',
  'notifications.emptyHint': '订单付款、发货和退款的进度会在这里通知你',
  'notifications.kind.order_paid': '交易',
  'notifications.kind.order_shipped': '物流',
  'notifications.kind.refund_succeeded': '退款',
  'notifications.kind.after_sales_update': '售后',
  'notifications.kind.announcement': '公告',
} as const;

export const notificationsEn: Record<keyof typeof notificationsZh, string> = {
  'notifications.nav': 'Messages',
  'notifications.badge': '{count} unread messages',
  'notifications.title': 'Messages',
  'notifications.tab.all': 'All',
  'notifications.tab.unread': 'Unread',
  'notifications.unreadSummary': '{count} unread',
  'notifications.markAllRead': 'Mark all read',
  'notifications.markedAllRead': 'All messages marked read',
  'notifications.markRead': 'Mark read',
  'notifications.open': 'View',
  'notifications.unreadDot': 'Unread',
  'notifications.empty': 'No messages yet',
  'notifications.emptyUnread': 'No unread messages',
  'notifications.emptyHint': 'Payments, shipments and refunds of your orders are announced here',
  'notifications.kind.order_paid': 'Order',
  'notifications.kind.order_shipped': 'Delivery',
  'notifications.kind.refund_succeeded': 'Refund',
  'notifications.kind.after_sales_update': 'After-sales',
  'notifications.kind.announcement': 'Notice',
};
