import type { Locale } from '../i18n/messages.ts';
import { formatFen } from './services.server.ts';

/** 2026-11-23 14:05 in China time, for console tables. */
export function dateTimeText(date: Date | string | null, locale: Locale): string {
  if (!date) return '';
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-CA' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(date));
}

/** ¥99.00 or ¥99.00 – ¥199.00 */
export function priceRangeText(minFen: number, maxFen: number, locale: Locale): string {
  return minFen === maxFen || maxFen < minFen ? formatFen(minFen, locale) : `${formatFen(minFen, locale)} – ${formatFen(maxFen, locale)}`;
}
