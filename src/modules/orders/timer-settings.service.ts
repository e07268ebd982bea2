import type { Queryable, Trx } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { OrderTimers } from './orders.rules.ts';
import {
  checkTimerSetting, defaultTimers, inSettingUnit, settingMs, TIMER_SETTING_KEYS, TIMER_SETTINGS, type PlatformTimers, type TimerPatch, type TimerSettingKey,
} from './timer-settings.rules.ts';

/**
 * 系统设置 — 订单与售后时限. The one way to know a timer: what the platform saved, else the default
 * (`defaults` is the environment's `config.orders`; the after-sales deadlines default to the after-sales
 * module's constants). Whoever sets a deadline — checkout (payment deadline), shipment (auto-confirm),
 * receipt (after-sales window), each after-sales step — reads it here, in its own transaction, at that
 * moment, and stores the deadline; so a change applies from then on and deadlines already set keep theirs.
 */
export async function getOrderTimers(q: Queryable, defaults: OrderTimers): Promise<PlatformTimers> {
  const timers = defaultTimers(defaults);
  const row = await q.selectFrom('platform_timer_setting').selectAll().executeTakeFirst();
  if (!row) return timers;
  for (const key of TIMER_SETTING_KEYS) {
    const saved = row[TIMER_SETTINGS[key].column];
    if (saved !== null) timers[TIMER_SETTINGS[key].timer] = settingMs(key, saved);
  }
  return timers;
}

export interface TimerSettingView {
  key: TimerSettingKey;
  unit: 'minute' | 'hour' | 'day';
  min: number;
  max: number;
  /** In force now, in the unit. */
  value: number;
  /** What the platform saved; null = the default applies. */
  saved: number | null;
  default: number;
}

export interface TimerSettingsView {
  settings: TimerSettingView[];
  updatedAt: Date | null;
  updatedBy: { id: string; name: string } | null;
}

/** The page's and the API's view: per setting the value in force, the saved one, the default and the range. */
export async function timerSettings(q: Queryable, defaults: OrderTimers): Promise<TimerSettingsView> {
  const row = await q
    .selectFrom('platform_timer_setting as s')
    .leftJoin('app_user as u', 'u.id', 's.updated_by')
    .selectAll('s')
    .select('u.display_name')
    .executeTakeFirst();
  const fallback = defaultTimers(defaults);
  return {
    settings: TIMER_SETTING_KEYS.map((key) => {
      const spec = TIMER_SETTINGS[key];
      const saved = row?.[spec.column] ?? null;
      const dflt = inSettingUnit(key, fallback[spec.timer]);
      return { key, unit: spec.unit, min: spec.min, max: spec.max, value: saved ?? dflt, saved, default: dflt };
    }),
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ? { id: row.updated_by, name: row.display_name ?? '' } : null,
  };
}

/**
 * Saves the platform's timers: each key given takes its value (in the setting's unit) or, with null,
 * goes back to the default; keys not given stay as they are. Every value is checked before anything is
 * written (out of range → ORDER_TIMER_OUT_OF_RANGE, an after-sales window under 7 days →
 * AFTER_SALES_WINDOW_BELOW_STATUTORY), and the table's checks say the same.
 */
export async function updateOrderTimers(trx: Trx, clock: Clock, adminId: string, patch: TimerPatch): Promise<void> {
  const set: Record<string, number | null> = {};
  for (const key of TIMER_SETTING_KEYS) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value !== null) checkTimerSetting(key, value);
    set[TIMER_SETTINGS[key].column] = value;
  }
  await trx
    .updateTable('platform_timer_setting')
    .set({ ...set, updated_at: clock.now(), updated_by: adminId })
    .where('id', '=', true)
    .execute();
}
