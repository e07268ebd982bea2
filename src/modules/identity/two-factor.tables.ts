import type { ColumnType } from 'kysely';

/** An account's TOTP secret; enabled once a code from it was confirmed. `last_step` makes each code single-use. */
export interface UserTotpTable {
  user_id: string;
  secret: string;
  enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_step: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date, Date>;
}

/** Platform-wide security switches (one row). */
export interface SecuritySettingTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  require_two_factor: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface TwoFactorTables {
  user_totp: UserTotpTable;
  security_setting: SecuritySettingTable;
}
