import type { MessageKey, MessageParams } from '../i18n/messages.ts';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** "2 天 3 小时" / "3 小时 20 分" / "12 分钟" — the larger two units of a duration (its sign dropped), in whole minutes. */
export function durationText(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return t('duration.dh', { d: days, h: hours });
  if (hours > 0) return t('duration.hm', { h: hours, m: mins });
  return t('duration.m', { m: mins });
}
