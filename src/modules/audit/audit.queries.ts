import type { Queryable } from '../../db/database.ts';
import type { AuditChange } from './audit.tables.ts';

export interface AuditLogFilter {
  actorId?: string | undefined;
  shopId?: string | undefined;
  console?: 'seller' | 'admin' | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Matches the action (method and path) or the target id. */
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** 操作日志 search for the platform console: newest first, with who did it. */
export async function searchAuditLog(q: Queryable, filter: AuditLogFilter) {
  let base = q.selectFrom('audit_log as a').leftJoin('app_user as u', 'u.id', 'a.actor_id').leftJoin('shop as s', 's.id', 'a.shop_id');
  if (filter.actorId) base = base.where('a.actor_id', '=', filter.actorId);
  if (filter.shopId) base = base.where('a.shop_id', '=', filter.shopId);
  if (filter.console) base = base.where('a.console', '=', filter.console);
  if (filter.targetType) base = base.where('a.target_type', '=', filter.targetType);
  if (filter.targetId) base = base.where('a.target_id', '=', filter.targetId);
  if (filter.from) base = base.where('a.at', '>=', filter.from);
  if (filter.to) base = base.where('a.at', '<', filter.to);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    base = base.where((eb) => eb.or([eb('a.action', 'ilike', like), eb('a.target_id', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'a.id', 'a.at', 'a.actor_id', 'a.actor_roles', 'a.console', 'a.shop_id', 'a.action', 'a.target_type', 'a.target_id', 'a.before', 'a.after', 'a.changes',
      'a.request_id', 'a.ip', 'a.seq', 'u.display_name as actorName', 's.name as shopName',
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return {
    total: Number(total),
    page: filter.page,
    pageSize: filter.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      at: r.at,
      actor: { id: r.actor_id, name: r.actorName, roles: r.actor_roles },
      console: r.console,
      shop: r.shop_id ? { id: r.shop_id, name: r.shopName } : null,
      action: r.action,
      target: r.target_type ? { type: r.target_type, id: r.target_id } : null,
      before: r.before,
      after: r.after,
      changes: r.changes as AuditChange[],
      requestId: r.request_id,
      ip: r.ip,
    })),
  };
}

/** The fields a change touched: for an update, those whose value differs; for an insert or delete, all. */
export function changedFields(change: Pick<AuditChange, 'before' | 'after'>): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!change.before || !change.after) return keys;
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
