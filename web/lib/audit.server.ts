import type { AppLoadContext } from 'react-router';
import { changedFields, searchAuditLog } from '../../src/modules/audit/audit.queries.ts';
import { checkAuditChain, latestAuditChainCheck, type AuditChainCheck } from '../../src/modules/audit/audit-chain.ts';
import { chinaTimeText } from '../../src/shared/clock.ts';
import { dateTimeText } from './console-format.server.ts';
import { requirePlatformRole } from './guards.server.ts';
import { listShops } from './consoles.server.ts';

export const AUDIT_PAGE_SIZE = 20;

export interface AuditFilterView {
  from: string;
  to: string;
  console: '' | 'seller' | 'admin';
  shopId: string;
  q: string;
  page: number;
}

export interface AuditChangeView {
  table: string;
  op: 'insert' | 'update' | 'delete';
  id: string | null;
  fields: { name: string; before: string; after: string }[];
}

export interface AuditRowView {
  id: string;
  seq: number;
  at: string;
  actor: string;
  roles: string[];
  console: 'seller' | 'admin';
  shop: string | null;
  action: string;
  target: string | null;
  fields: string[];
  ip: string | null;
  requestId: string | null;
  changes: AuditChangeView[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function readFilter(url: URL): AuditFilterView {
  const p = url.searchParams;
  const day = (v: string | null) => (v && DAY.test(v) ? v : '');
  const console = p.get('console');
  return {
    from: day(p.get('from')),
    to: day(p.get('to')),
    console: console === 'seller' || console === 'admin' ? console : '',
    shopId: (p.get('shopId') ?? '').slice(0, 64),
    q: (p.get('q') ?? '').trim().slice(0, 100),
    page: Math.min(10_000, Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1)),
  };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A changed field's value as the table shows it: times in China time, like the rest of the console; long values cut. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string' && TIMESTAMP.test(value)) return chinaTimeText(new Date(value));
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const isTarget = (c: { table: string; id: string | null }, target: { type: string; id: string | null } | null) => Boolean(target && c.table === target.type && c.id === target.id);

export interface AuditChainView {
  ok: boolean;
  rows: number;
  firstBrokenSeq: number | null;
  reason: 'seq' | 'prev_hash' | 'row_hash' | null;
  checkedAt: string;
  /** A full walk of the log, or only the rows since the check before. */
  full: boolean;
}

const chainView = (c: AuditChainCheck, locale: AppLoadContext['locale']): AuditChainView => ({
  ok: c.ok,
  rows: c.rows,
  firstBrokenSeq: c.firstBrokenSeq ?? null,
  reason: c.reason ?? null,
  checkedAt: dateTimeText(c.checkedAt, locale),
  full: c.kind === 'full',
});

/** 操作日志's 立即校验: checks the whole hash chain now and records it (the banner then shows this check). */
export async function auditChainCheckAction({ request, context }: { request: Request; context: AppLoadContext }) {
  requirePlatformRole(context, request, 'platform_admin');
  const check = await checkAuditChain(context.app.db, context.app.clock, 'full');
  return { chain: chainView(check, context.locale) };
}

/** 操作日志 (super admins): the search, each entry with the fields its rows changed, before and after. */
export async function auditLogLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requirePlatformRole(context, request, 'platform_admin');
  const filter = readFilter(new URL(request.url));
  const locale = context.locale;
  // The day filter is read in China time (the consoles' time zone): [from 00:00, to + 1 day 00:00).
  const at = (day: string, plusDays = 0) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + plusDays * 86_400_000);
  const search = {
    console: filter.console || undefined,
    shopId: filter.shopId || undefined,
    q: filter.q || undefined,
    from: filter.from ? at(filter.from) : undefined,
    to: filter.to ? at(filter.to, 1) : undefined,
  };
  const exportParams = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) if (value) exportParams.set(key, value instanceof Date ? value.toISOString() : value);
  const [result, shops, chain] = await Promise.all([
    searchAuditLog(context.app.db, { ...search, page: filter.page, pageSize: AUDIT_PAGE_SIZE }),
    listShops(context.app.db),
    latestAuditChainCheck(context.app.db),
  ]);
  const items: AuditRowView[] = result.items.map((r) => ({
    id: r.id,
    seq: r.seq,
    at: dateTimeText(r.at, locale),
    actor: r.actor.name ?? r.actor.id ?? '—',
    roles: r.actor.roles,
    console: r.console,
    shop: r.shop?.name ?? null,
    action: r.action,
    target: r.target ? `${r.target.type} ${r.target.id ?? ''}`.trim() : null,
    fields: r.target ? changedFields({ before: r.before, after: r.after }).filter((f) => f !== 'updated_at') : [],
    ip: r.ip,
    requestId: r.requestId,
    // The target row first, then the rest in the order they changed.
    changes: [...r.changes].sort((a, b) => Number(isTarget(b, r.target)) - Number(isTarget(a, r.target))).map((c) => ({
      table: c.table,
      op: c.op,
      id: c.id,
      fields: changedFields(c).map((name) => ({ name, before: shown(c.before?.[name]), after: shown(c.after?.[name]) })),
    })),
  }));
  const exportHref = `/api/admin/audit-log/export${exportParams.size ? `?${exportParams}` : ''}`;
  return { filter, total: result.total, pageSize: AUDIT_PAGE_SIZE, items, shops: shops.map((s) => ({ value: s.id, label: s.name })), chain: chain && chainView(chain, locale), exportHref };
}
