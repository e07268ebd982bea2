/**
 * Strings of the list-page pattern both consoles share (status tabs with counts, selectable table,
 * bulk actions, Excel export), and of the lists that adopted it. zh-CN is the reference; English has the same keys.
 */
export const listZh = {
  'list.export': '导出 Excel',
  'list.selected': '已选 {count} 项',
  'list.clearSelection': '取消选择',
  'list.bulkDone': '已处理 {count} 项',
  'list.bulkPartly': '已处理 {done} 项，{failed} 项未处理：{reason}',
};

export const listEn: Record<keyof typeof listZh, string> = {
  'list.export': 'Export Excel',
  'list.selected': '{count} selected',
  'list.clearSelection': 'Clear selection',
  'list.bulkDone': '{count} done',
  'list.bulkPartly': '{done} done, {failed} not done: {reason}',
};
