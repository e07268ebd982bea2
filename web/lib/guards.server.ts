import { data, redirect } from 'react-router';
import type { AppLoadContext } from 'react-router';
import { decide, platformArea, policy, type Policy } from '../../src/http/policy.ts';
import type { AuthContext } from '../../src/modules/identity/sessions.ts';
import { loginPath } from './safe-redirect.ts';

/**
 * Page guards. Every console loader and action calls one of these itself: React Router runs
 * a route's loader in parallel with its parents' (and `.data` requests can ask for one
 * route alone), so a layout's check does not protect its children.
 *
 * The decision is always `decide()` from src/http/policy.ts; this only turns a denial into
 * a page response: not signed in → 302 to /login?redirectTo=<this page>; anything else → the
 * 403 page. A shop the caller is not a member of is also a 403 (it looks the same whether or
 * not the shop exists).
 */
function enforce(p: Policy, context: AppLoadContext, request: Request, params: Record<string, string | undefined> = {}): AuthContext {
  const decision = decide(p, context.auth, params);
  if (decision.allow && context.auth) return context.auth;
  if (!decision.allow && decision.error.code === 'TWO_FACTOR_SETUP_REQUIRED') throw redirect('/me/security?required=1');
  if (!context.auth || (!decision.allow && decision.error.code === 'UNAUTHENTICATED')) {
    const url = new URL(request.url);
    throw redirect(loginPath(url.pathname + url.search));
  }
  throw forbidden();
}

/** Throw this for the 403 page (无权访问). */
export function forbidden() {
  return data(null, { status: 403, statusText: 'Forbidden' });
}

/** Throw this for the 404 page. */
export function notFound() {
  return data(null, { status: 404, statusText: 'Not Found' });
}

export function requireUser(context: AppLoadContext, request: Request): AuthContext {
  return enforce(policy.signedIn(), context, request);
}

export function requirePlatform(context: AppLoadContext, request: Request): AuthContext {
  return enforce(policy.platform(), context, request);
}

export function requireShopMember(context: AppLoadContext, request: Request, shopId: string | undefined): AuthContext {
  return enforce(policy.shop(), context, request, { shopId });
}

/** Owners and operators: who may create, edit, submit and take products off the shelf (the API's policy.shop(['operator'])). */
export const PRODUCT_EDITORS = policy.shop(['operator']);

export function requireShopRole(context: AppLoadContext, request: Request, shopId: string | undefined, p: Policy = PRODUCT_EDITORS): AuthContext {
  return enforce(p, context, request, { shopId });
}

/** Platform staff with one of these roles (platform_admin always passes). */
export function requirePlatformRole(context: AppLoadContext, request: Request, ...roles: Parameters<typeof policy.platform>): AuthContext {
  return enforce(policy.platform(...roles), context, request);
}

/** Platform staff covering an area of the console (http/policy.ts platformArea). */
export function requireArea(context: AppLoadContext, request: Request, area: keyof typeof platformArea): AuthContext {
  return enforce(platformArea[area], context, request);
}

/** Each platform console section and the area that opens it ('' and unlisted sections: any platform role). */
const ADMIN_SECTION_AREAS: Record<string, keyof typeof platformArea> = {
  applications: 'review',
  'product-review': 'review',
  catalog: 'operations',
  content: 'operations',
  suggestions: 'operations',
  disputes: 'service',
  complaints: 'service',
  finance: 'finance',
  staff: 'superAdmin',
  'audit-log': 'superAdmin',
  settings: 'superAdmin',
};
const ADMIN_SECTIONS = ['', 'applications', 'shops', 'product-review', 'catalog', 'orders', 'disputes', 'complaints', 'finance', 'content', 'suggestions', 'staff', 'audit-log', 'settings'];

/** The platform console sections the signed-in account may open (for its menu). */
export function adminNavSegments(context: AppLoadContext): string[] {
  return ADMIN_SECTIONS.filter((s) => {
    const area = ADMIN_SECTION_AREAS[s];
    return area ? decide(platformArea[area], context.auth, {}).allow : true;
  });
}

/** Whether the caller passes a policy: for showing or hiding buttons (the action still checks). */
export function allows(context: AppLoadContext, p: Policy, params: Record<string, string | undefined> = {}): boolean {
  return decide(p, context.auth, params).allow;
}

export { policy };
