import type { ColumnType } from 'kysely';

/** A saved value, or null for "the default". */
type Setting = ColumnType<number | null, number | null | undefined, number | null>;

/**
 * 系统设置: the platform's order and after-sales timers (one row, made by the migration). Each column is
 * null until the platform saves its own value; null means the default (see timer-settings.rules.ts).
 */
export interface PlatformTimerSettingTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  unpaid_cancel_minutes: Setting;
  auto_confirm_days: Setting;
  after_sales_window_days: Setting;
  merchant_decision_hours: Setting;
  buyer_return_hours: Setting;
  merchant_receipt_hours: Setting;
  merchant_reship_hours: Setting;
  buyer_confirm_hours: Setting;
  escalation_hours: Setting;
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Tables of the platform's order and after-sales timer settings (系统设置). */
export interface TimerSettingsTables {
  platform_timer_setting: PlatformTimerSettingTable;
}
