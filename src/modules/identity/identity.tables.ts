import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/**
 * Platform roles: platform_admin (超级管理员) may do everything; the others cover one area each
 * (http/policy.ts platformArea); platform_staff is a generalist covering every area but the super admin's.
 */
export const PLATFORM_ROLES = ['platform_admin', 'operations', 'reviewer', 'customer_service', 'finance', 'platform_staff'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export interface AppUserTable {
  id: string;
  mobile: string | null;
  email: string | null;
  password_hash: string;
  display_name: string;
  status: ColumnType<'active' | 'disabled' | 'closed', 'active' | 'disabled' | 'closed' | undefined>;
  locale: ColumnType<'zh-CN' | 'en', 'zh-CN' | 'en' | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 注销: set when the account was closed (status `closed`, no login left); see account-closure.service.ts. */
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UserRoleTable {
  user_id: string;
  role: PlatformRole;
  granted_at: Timestamp;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  ip: string | null;
  user_agent: string | null;
}

export interface AuthThrottleTable {
  key: string;
  window_start: Timestamp;
  failures: number;
}

export interface IdentityTables {
  app_user: AppUserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  auth_throttle: AuthThrottleTable;
}

export type AppUser = Selectable<AppUserTable>;
