import { AppError } from '../../http/errors.ts';
import { DAY, HOUR, MINUTE } from '../../shared/clock.ts';
import { DEFAULT_AFTER_SALES_TIMERS, type AfterSalesTimers } from '../after-sales/after-sales.rules.ts';
import type { OrderTimers } from './orders.rules.ts';
import type { PlatformTimerSettingTable } from './timer-settings.tables.ts';

/**
 * 系统设置 — 订单与售后时限, as data: each setting the platform may change, its unit, its sane range
 * (the migration's check constraints say the same) and the timer it sets. Pure: no database, no clock.
 *
 * Every timer in force, in milliseconds: the order timers (unpaid auto-cancel, auto-confirm of receipt,
 * after-sales window) and the after-sales deadlines. A deadline is computed from these at the moment it
 * is set and stored with its order or request, so a change applies from then on and never moves a
 * deadline already promised.
 */
export type PlatformTimers = OrderTimers & AfterSalesTimers;

export type TimerUnit = 'minute' | 'hour' | 'day';
export const UNIT_MS: Record<TimerUnit, number> = { minute: MINUTE, hour: HOUR, day: DAY };
const UNIT_LABEL: Record<TimerUnit, { zh: string; en: string }> = {
  minute: { zh: '分钟', en: 'minutes' },
  hour: { zh: '小时', en: 'hours' },
  day: { zh: '天', en: 'days' },
};

interface TimerSettingSpec {
  column: Exclude<keyof PlatformTimerSettingTable, 'id' | 'updated_at' | 'updated_by'>;
  timer: keyof PlatformTimers;
  unit: TimerUnit;
  min: number;
  max: number;
  /** For error messages (the page's labels are in the i18n dictionary). */
  label: { zh: string; en: string };
}

export const TIMER_SETTINGS = {
  unpaidCancelMinutes: { column: 'unpaid_cancel_minutes', timer: 'unpaidCancelMs', unit: 'minute', min: 5, max: 1440, label: { zh: '未付款自动取消时间', en: 'unpaid auto-cancel time' } },
  autoConfirmDays: { column: 'auto_confirm_days', timer: 'autoConfirmMs', unit: 'day', min: 3, max: 30, label: { zh: '自动确认收货时间', en: 'auto-confirm time' } },
  // 七天无理由退货 is the law (消费者权益保护法 第二十五条): the window never goes under 7 days.
  afterSalesWindowDays: { column: 'after_sales_window_days', timer: 'afterSalesWindowMs', unit: 'day', min: 7, max: 30, label: { zh: '售后期', en: 'after-sales window' } },
  merchantDecisionHours: { column: 'merchant_decision_hours', timer: 'merchantDecisionMs', unit: 'hour', min: 24, max: 168, label: { zh: '商家处理售后申请时限', en: 'merchant decision deadline' } },
  buyerReturnHours: { column: 'buyer_return_hours', timer: 'buyerReturnMs', unit: 'hour', min: 72, max: 720, label: { zh: '买家寄回商品时限', en: 'buyer return deadline' } },
  merchantReceiptHours: { column: 'merchant_receipt_hours', timer: 'merchantReceiptMs', unit: 'hour', min: 72, max: 720, label: { zh: '商家确认收到退货时限', en: 'merchant receipt deadline' } },
  merchantReshipHours: { column: 'merchant_reship_hours', timer: 'merchantReshipMs', unit: 'hour', min: 72, max: 720, label: { zh: '商家寄出换货/维修件时限', en: 'merchant reship deadline' } },
  buyerConfirmHours: { column: 'buyer_confirm_hours', timer: 'buyerConfirmMs', unit: 'hour', min: 72, max: 720, label: { zh: '买家确认换货/维修件时限', en: 'buyer confirmation deadline' } },
  escalationHours: { column: 'escalation_hours', timer: 'escalationMs', unit: 'hour', min: 72, max: 720, label: { zh: '申请平台介入时限', en: 'escalation deadline' } },
} as const satisfies Record<string, TimerSettingSpec>;

export type TimerSettingKey = keyof typeof TIMER_SETTINGS;
export const TIMER_SETTING_KEYS = Object.keys(TIMER_SETTINGS) as TimerSettingKey[];

/** A change: a value in the setting's unit, null to go back to the default; absent keys stay as they are. */
export type TimerPatch = { [K in TimerSettingKey]?: number | null | undefined };

/** Refuses a value outside the setting's range (or not a whole number of its unit) with the catalogued error. */
export function checkTimerSetting(key: TimerSettingKey, value: number): void {
  const spec: TimerSettingSpec = TIMER_SETTINGS[key];
  if (Number.isInteger(value) && value >= spec.min && value <= spec.max) return;
  if (key === 'afterSalesWindowDays' && Number.isFinite(value) && value < spec.min) throw new AppError('AFTER_SALES_WINDOW_BELOW_STATUTORY', { min: spec.min }, { field: key });
  throw new AppError(
    'ORDER_TIMER_OUT_OF_RANGE',
    { field: spec.label.zh, fieldEn: spec.label.en, min: spec.min, max: spec.max, unit: UNIT_LABEL[spec.unit].zh, unitEn: UNIT_LABEL[spec.unit].en },
    { field: key },
  );
}

/** A setting's value in milliseconds. */
export function settingMs(key: TimerSettingKey, value: number): number {
  return value * UNIT_MS[TIMER_SETTINGS[key].unit];
}

/** A timer in the setting's unit (the defaults shown next to the fields; may be fractional). */
export function inSettingUnit(key: TimerSettingKey, ms: number): number {
  return ms / UNIT_MS[TIMER_SETTINGS[key].unit];
}

/** The defaults: the environment's order timers and the after-sales module's deadlines. */
export function defaultTimers(orderDefaults: OrderTimers): PlatformTimers {
  return {
    ...DEFAULT_AFTER_SALES_TIMERS,
    unpaidCancelMs: orderDefaults.unpaidCancelMs,
    autoConfirmMs: orderDefaults.autoConfirmMs,
    afterSalesWindowMs: orderDefaults.afterSalesWindowMs,
  };
}
