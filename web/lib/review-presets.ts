import type { Locale } from '../i18n/messages.ts';

/** Quick reasons reviewers pick most; the merchant sees the text as written. */
const REJECT = {
  'zh-CN': ['图片不清晰或含水印', '标题与商品不符', '类目选择错误', '价格异常', '描述含违规内容', '缺少必要参数'],
  en: ['Pictures unclear or watermarked', 'Title does not match the product', 'Wrong category', 'Abnormal price', 'Description breaks the rules', 'Required parameters missing'],
} as const;

const FORCE_OFF = {
  'zh-CN': ['涉嫌假冒伪劣', '违反平台规则', '消费者投诉较多', '资质过期'],
  en: ['Suspected counterfeit', 'Breaks platform rules', 'Many shopper complaints', 'Licence expired'],
} as const;

export const rejectPresets = (locale: Locale): string[] => [...REJECT[locale]];
export const forceOffPresets = (locale: Locale): string[] => [...FORCE_OFF[locale]];
