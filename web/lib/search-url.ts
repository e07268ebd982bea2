import type { SearchStateView } from './views.ts';

/**
 * The search state ⇄ the URL query. Everything the listing shows is in the URL (shareable, and
 * every filter is a plain link or a GET form, so it works without JavaScript):
 *   q, category, brand (repeatable), min / max (yuan), spec=名称:值 (repeatable), stock=1, self=1, sort, page
 */
export function searchQueryString(state: SearchStateView): string {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.category) p.set('category', state.category);
  for (const b of state.brands) p.append('brand', b);
  if (state.min) p.set('min', state.min);
  if (state.max) p.set('max', state.max);
  for (const [name, value] of Object.entries(state.specs)) p.append('spec', `${name}:${value}`);
  if (state.stock) p.set('stock', '1');
  if (state.self) p.set('self', '1');
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** A link to the same listing with some of the state changed; any change but a page turn goes back to page 1. */
export function searchHref(basePath: string, state: SearchStateView, change: Partial<SearchStateView>): string {
  const next = { ...state, page: 1, ...change };
  return basePath + searchQueryString(next);
}

export function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export function withSpec(specs: Record<string, string>, name: string, value: string): Record<string, string> {
  const next = { ...specs };
  if (next[name] === value) delete next[name];
  else next[name] = value;
  return next;
}
