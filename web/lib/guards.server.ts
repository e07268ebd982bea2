import { data, redirect } from 'react-router';
import type { AppLoadContext } from 'react-router';
import { decide, policy, type Policy } from '../../src/http/policy.ts';
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

/** Whether the caller passes a policy: for showing or hiding buttons (the action still checks). */
export function allows(context: AppLoadContext, p: Policy, params: Record<string, string | undefined> = {}): boolean {
  return decide(p, context.auth, params).allow;
}

export { policy };
