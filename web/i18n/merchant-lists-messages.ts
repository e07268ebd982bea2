/** Strings of the platform console's merchant lists (入驻审核, 商家, 建议箱): their exports and bulk actions. zh-CN is the reference; English has the same keys. */
export const merchantListsZh = {
  'mlists.shops.tab.all': '全部',
  'mlists.shops.keyword': '店铺名称',
  'mlists.shops.allKinds': '全部类型',
  'mlists.shops.noMatch': '没有符合条件的店铺',
  'mlists.sug.bulk.reviewing': '标记处理中',
  'mlists.sug.bulk.adopted': '采纳',
  'mlists.sug.bulk.declined': '不采纳',
  'mlists.sug.bulk.closed': '关闭',
  'mlists.sug.bulkTitle': '{action}：已选 {count} 条建议',
  'mlists.sug.bulkReplyHint': '选填；填写后每位提交人都会看到这条回复。采纳或不采纳时，尚未回复过的建议必须填写。',
  'mlists.sug.bulkFailed': '建议「{body}」：{message}（所选建议均未改动）',
};

export const merchantListsEn: Record<keyof typeof merchantListsZh, string> = {
  'mlists.shops.tab.all': 'All',
  'mlists.shops.keyword': 'Shop name',
  'mlists.shops.allKinds': 'All types',
  'mlists.shops.noMatch': 'No shops match',
  'mlists.sug.bulk.reviewing': 'Mark in review',
  'mlists.sug.bulk.adopted': 'Adopt',
  'mlists.sug.bulk.declined': 'Decline',
  'mlists.sug.bulk.closed': 'Close',
  'mlists.sug.bulkTitle': '{action}: {count} suggestions selected',
  'mlists.sug.bulkReplyHint': 'Optional; every author will see this reply. When adopting or declining, it is required for suggestions not answered before.',
  'mlists.sug.bulkFailed': 'Suggestion “{body}”: {message} (none of the selected suggestions was changed)',
};
