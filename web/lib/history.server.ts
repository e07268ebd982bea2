import type { Locale } from '../i18n/messages.ts';
import { translate, type MessageKey } from '../i18n/messages.ts';
import { formatFen } from './services.server.ts';

/** A product's audit trail, as the review page shows it: who did what, and field by field what changed. */

export interface HistoryChange {
  field: string;
  before: string;
  after: string;
}

const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'history.field.title',
  subtitle: 'history.field.subtitle',
  description_html: 'history.field.description',
  images: 'history.field.images',
  params: 'history.field.params',
  category_id: 'history.field.category',
  brand_id: 'history.field.brand',
  return_7d: 'history.field.return7d',
  purchase_limit: 'history.field.limit',
  skus: 'history.field.skus',
};

const clip = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

interface SnapshotSku {
  spec_key: string;
  price_fen: number;
  original_price_fen: number | null;
  stock: number;
}

function show(field: string, value: unknown, locale: Locale, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'skus':
      if ((value as SnapshotSku[]).length === 0) return '—';
      return (value as SnapshotSku[])
        .map((s) => {
          const original = s.original_price_fen !== null ? ` (${formatFen(s.original_price_fen, locale)})` : '';
          return `${s.spec_key || translate(locale, 'seller.editor.singleSku')}  ${formatFen(s.price_fen, locale)}${original} ×${s.stock}`;
        })
        .join('\n');
    case 'images':
      return translate(locale, 'history.images', { count: (value as unknown[]).length });
    case 'params':
      return (value as { name: string; value: string }[]).map((p) => `${p.name}: ${p.value}`).join('\n') || '—';
    case 'return_7d':
      return translate(locale, value ? 'common.yes' : 'common.no');
    case 'category_id':
    case 'brand_id':
      return names.get(String(value)) ?? String(value);
    default:
      return clip(String(value));
  }
}

/** The fields that differ between two snapshots (status is shown as from → to instead). */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown> | null, locale: Locale, names: Map<string, string>): HistoryChange[] {
  if (!before || !after) return [];
  const changes: HistoryChange[] = [];
  for (const field of Object.keys(FIELD_LABELS)) {
    if (!(field in before) && !(field in after)) continue;
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    if (field === 'skus' && Array.isArray(before[field]) && Array.isArray(after[field])) {
      // Only the SKUs that changed, came or went.
      const was = new Map((before[field] as SnapshotSku[]).map((s) => [s.spec_key, s]));
      const now = new Map((after[field] as SnapshotSku[]).map((s) => [s.spec_key, s]));
      const keys = [...new Set([...was.keys(), ...now.keys()])].filter((k) => JSON.stringify(was.get(k)) !== JSON.stringify(now.get(k)));
      const lines = (m: Map<string, SnapshotSku>) => show('skus', keys.map((k) => m.get(k)).filter((s): s is SnapshotSku => Boolean(s)), locale, names);
      changes.push({ field: translate(locale, FIELD_LABELS[field]!), before: lines(was), after: lines(now) });
      continue;
    }
    changes.push({ field: translate(locale, FIELD_LABELS[field]!), before: show(field, before[field], locale, names), after: show(field, after[field], locale, names) });
  }
  return changes;
}
