import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is writing, for the audit log: set for the duration of a console write request (a merchant or a
 * platform staff member changing something through /api/seller, /api/admin, /seller or /admin), read
 * by the database driver when a transaction begins and commits (audit-dialect.ts).
 */
export interface AuditActor {
  actorId: string;
  roles: string[];
  console: 'seller' | 'admin';
  shopId: string | null;
  action: string;
  requestId: string;
  ip: string;
  /** The request's time by the application's clock (a test's fake clock too). */
  at: Date;
}

const storage = new AsyncLocalStorage<AuditActor>();

export function currentAuditActor(): AuditActor | undefined {
  return storage.getStore();
}

/** Runs `work` (and everything it starts) as an audited write by `actor`. */
export function runAudited<T>(actor: AuditActor, work: () => T): T {
  return storage.run(actor, work);
}

const SHOP_IN_PATH = /^\/(?:api\/seller\/shops|seller)\/(shp_[0-9a-z]+)/;
const CONSOLE_PATH = /^\/(?:api\/)?(seller|admin)(?:\/|$)/;

export interface AuditRequest {
  method: string;
  url: string;
  id: string;
  ip: string;
  auth: { userId: string; platformRoles: readonly string[]; shops: readonly { shopId: string; role: string }[] } | null;
}

/** The audit actor of a request, or null when it is not a console write by staff (reads, shoppers, visitors). */
export function auditActorFor(request: AuditRequest, at: Date): AuditActor | null {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS' || !request.auth) return null;
  // React Router's data requests (`/seller/…/orders.data`) are the same page's action.
  const path = request.url.split('?')[0]!.replace(/\.data$/, '');
  const console = CONSOLE_PATH.exec(path)?.[1] as 'seller' | 'admin' | undefined;
  if (!console) return null;
  const shopId = SHOP_IN_PATH.exec(path)?.[1] ?? null;
  const shopRole = shopId ? request.auth.shops.find((s) => s.shopId === shopId)?.role : undefined;
  const roles = console === 'admin' ? [...request.auth.platformRoles] : shopRole ? [shopRole] : [];
  if (roles.length === 0) return null; // refused by the policy anyway: nothing will be written
  return { actorId: request.auth.userId, roles, console, shopId, action: `${request.method} ${path}`, requestId: request.id, ip: request.ip, at };
}
