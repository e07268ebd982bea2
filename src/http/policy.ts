import type { AuthContext } from '../modules/identity/sessions.ts';
import type { PlatformRole } from '../modules/identity/identity.tables.ts';
import type { ShopRole } from '../modules/merchants/merchants.tables.ts';
import { AppError } from './errors.ts';

/**
 * Who may call a route or open a page. Every route declares one (`config.policy`);
 * a route without one fails at start-up, and anything not granted here is denied.
 */
export type Policy =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'platform'; roles: readonly PlatformRole[] }
  | { kind: 'shop'; roles: readonly ShopRole[]; shopIdParam: string };

export const policy = {
  public: (): Policy => ({ kind: 'public' }),
  /** Any signed-in account: every account can shop. */
  signedIn: (): Policy => ({ kind: 'signedIn' }),
  /** Platform staff; with no roles, any platform role. platform_admin always passes. */
  platform: (...roles: PlatformRole[]): Policy => ({ kind: 'platform', roles }),
  /** A member of the shop named by the route's `:shopId` (or another param); with no roles, any member. */
  shop: (roles: ShopRole[] = [], shopIdParam = 'shopId'): Policy => ({ kind: 'shop', roles, shopIdParam }),
};

/**
 * The platform console's areas and who covers each (platform_admin always passes; platform_staff is the
 * generalist). Routes and pages of an area use its policy, so one table says who may do what.
 */
export const platformArea = {
  /** 商品审核, 入驻审核 */
  review: policy.platform('reviewer', 'operations', 'platform_staff'),
  /** 类目/品牌, 商家 (freeze), 内容 */
  operations: policy.platform('operations', 'platform_staff'),
  /** 投诉, 售后仲裁 */
  service: policy.platform('customer_service', 'platform_staff'),
  /** 财务: settlement, withdrawals, reconciliation */
  finance: policy.platform('finance', 'platform_staff'),
  /** 操作日志, 员工与权限, 系统设置, agreements */
  superAdmin: policy.platform('platform_admin'),
};

export type Decision = { allow: true } | { allow: false; error: AppError };

export function decide(p: Policy | undefined, auth: AuthContext | null, params: Record<string, string | undefined>): Decision {
  const deny = (code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'SHOP_NOT_FOUND' | 'TWO_FACTOR_SETUP_REQUIRED') => ({ allow: false as const, error: new AppError(code) });
  if (!p) return deny('FORBIDDEN');
  // Consoles wait for 两步验证 where the platform requires it (shopping and the security page do not).
  if ((p.kind === 'platform' || p.kind === 'shop') && auth?.twoFactorSetupRequired) return deny('TWO_FACTOR_SETUP_REQUIRED');
  switch (p.kind) {
    case 'public':
      return { allow: true };
    case 'signedIn':
      return auth ? { allow: true } : deny('UNAUTHENTICATED');
    case 'platform': {
      if (!auth) return deny('UNAUTHENTICATED');
      const roles = auth.platformRoles;
      if (roles.includes('platform_admin')) return { allow: true };
      const ok = p.roles.length === 0 ? roles.length > 0 : p.roles.some((r) => roles.includes(r));
      return ok ? { allow: true } : deny('FORBIDDEN');
    }
    case 'shop': {
      if (!auth) return deny('UNAUTHENTICATED');
      const shopId = params[p.shopIdParam];
      const membership = auth.shops.find((s) => s.shopId === shopId);
      // Someone else's shop looks exactly like a shop that does not exist.
      if (!membership) return deny('SHOP_NOT_FOUND');
      if (p.roles.length > 0 && membership.role !== 'owner' && !p.roles.includes(membership.role)) return deny('FORBIDDEN');
      return { allow: true };
    }
    default:
      return deny('FORBIDDEN');
  }
}

export function authorize(p: Policy | undefined, auth: AuthContext | null, params: Record<string, string | undefined>): void {
  const decision = decide(p, auth, params);
  if (!decision.allow) throw decision.error;
}
