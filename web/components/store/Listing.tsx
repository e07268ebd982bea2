import type { KeyboardEvent, ReactNode } from 'react';
import { Form, Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { ProductGrid } from './ProductGrid.tsx';
import { searchHref, toggle, withSpec } from '../../lib/search-url.ts';
import type { FacetView, SearchStateView, SearchView } from '../../lib/views.ts';

const SORTS: { sort: SearchStateView['sort']; label: MessageKey }[] = [
  { sort: 'relevance', label: 'search.sort.relevance' },
  { sort: 'sales', label: 'search.sort.sales' },
  { sort: 'price_asc', label: 'search.sort.priceAsc' },
  { sort: 'price_desc', label: 'search.sort.priceDesc' },
  { sort: 'newest', label: 'search.sort.newest' },
];

const TOGGLE_ID = 'filter-toggle';

/** The <label> that opens and closes the filter drawer on phones (a checkbox underneath: no script needed). */
function DrawerToggle({ className, children, label }: { className: string; children: ReactNode; label?: string }) {
  const onKey = (e: KeyboardEvent<HTMLLabelElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.currentTarget.click();
    }
  };
  return (
    <label htmlFor={TOGGLE_ID} className={className} role="button" tabIndex={0} onKeyDown={onKey} aria-label={label}>
      {children}
    </label>
  );
}

function FacetLinks({ items, isOn, href, name }: { items: FacetView[]; isOn: (v: string) => boolean; href: (v: string) => string; name: string }) {
  const { t } = useT();
  return (
    <ul className="facet" aria-label={name}>
      {items.map((f) => {
        const on = isOn(f.value);
        return (
          <li key={f.value}>
            <Link to={href(f.value)} className={`facet__item${on ? ' is-on' : ''}`} rel="nofollow" preventScrollReset replace>
              <span className="facet__label">{f.label}</span>
              <span className="facet__count">{f.count}</span>
              {on ? <span className="visually-hidden">{t('search.selected')}</span> : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Pagination({ basePath, state, pageCount }: { basePath: string; state: SearchStateView; pageCount: number }) {
  const { t } = useT();
  if (pageCount <= 1) return null;
  const page = state.page;
  const pages = new Set<number>([1, pageCount]);
  for (let p = Math.max(1, page - 2); p <= Math.min(pageCount, page + 2); p++) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const href = (p: number) => searchHref(basePath, state, { page: p });
  return (
    <nav className="pager" aria-label={t('search.pagination')}>
      {page > 1 ? (
        <Link to={href(page - 1)} className="pager__step" rel="prev">
          ‹ {t('search.prev')}
        </Link>
      ) : (
        <span className="pager__step is-disabled">‹ {t('search.prev')}</span>
      )}
      {sorted.map((p, i) => (
        <span key={p} className="pager__group">
          {i > 0 && p - sorted[i - 1]! > 1 ? <span className="pager__gap">…</span> : null}
          {p === page ? (
            <span className="pager__page is-current" aria-current="page">
              {p}
            </span>
          ) : (
            <Link to={href(p)} className="pager__page">
              {p}
            </Link>
          )}
        </span>
      ))}
      {page < pageCount ? (
        <Link to={href(page + 1)} className="pager__step" rel="next">
          {t('search.next')} ›
        </Link>
      ) : (
        <span className="pager__step is-disabled">{t('search.next')} ›</span>
      )}
    </nav>
  );
}

export interface ListingProps {
  view: SearchView;
  /** Where the listing's links and the price form go: /search, /categories/:id or /shops/:id. */
  basePath: string;
  /** Offer level-3 category facets (not on a category page, whose path decides the category). */
  categoryFacets: boolean;
  /** Shown above the results (sub-category chips on a category page). */
  top?: ReactNode;
}

/**
 * The product listing used by 搜索, category and shop pages: sort bar, filter panel (a drawer on
 * phones), chips for what is chosen, the grid, pagination, and the no-result fallbacks.
 */
export function Listing({ view, basePath, categoryFacets, top }: ListingProps) {
  const { t } = useT();
  const { state, facets } = view;
  const brandLabel = (id: string) => view.labels.brands[id] ?? facets.brands.find((b) => b.value === id)?.label ?? id;
  const categoryLabel = (id: string) => view.labels.category ?? facets.categories.find((c) => c.value === id)?.label ?? t('search.chosenCategory');
  const chips: { key: string; label: string; href: string }[] = [];
  if (categoryFacets && state.category) chips.push({ key: 'c', label: categoryLabel(state.category), href: searchHref(basePath, state, { category: '', specs: {} }) });
  for (const b of state.brands) chips.push({ key: `b${b}`, label: brandLabel(b), href: searchHref(basePath, state, { brands: toggle(state.brands, b) }) });
  if (state.min || state.max) chips.push({ key: 'p', label: `¥${state.min || '0'} – ${state.max ? `¥${state.max}` : '∞'}`, href: searchHref(basePath, state, { min: '', max: '' }) });
  for (const [name, value] of Object.entries(state.specs)) chips.push({ key: `s${name}`, label: `${name}：${value}`, href: searchHref(basePath, state, { specs: withSpec(state.specs, name, value) }) });
  if (state.stock) chips.push({ key: 'stock', label: t('search.inStock'), href: searchHref(basePath, state, { stock: false }) });
  if (state.self) chips.push({ key: 'self', label: t('search.selfOperated'), href: searchHref(basePath, state, { self: false }) });
  const cleared = searchHref(basePath, state, { category: '', brands: [], min: '', max: '', specs: {}, stock: false, self: false });
  const filterCount = chips.length;

  return (
    <div className="listing">
      <input type="checkbox" id={TOGGLE_ID} className="listing__toggle" hidden />

      <div className="sortbar" role="navigation" aria-label={t('search.sortLabel')}>
        {SORTS.map((s) => (
          <Link
            key={s.sort}
            to={searchHref(basePath, state, { sort: s.sort })}
            className={`sortbar__item${state.sort === s.sort ? ' is-on' : ''}`}
            aria-current={state.sort === s.sort ? 'true' : undefined}
            rel="nofollow"
            preventScrollReset
          >
            {t(s.label)}
          </Link>
        ))}
        <DrawerToggle className="sortbar__item sortbar__filter">
          {t('search.filter')}
          {filterCount > 0 ? <span className="badge">{filterCount}</span> : null}
        </DrawerToggle>
      </div>

      <aside className="filters" aria-label={t('search.filter')}>
        <div className="filters__head">
          <strong>{t('search.filter')}</strong>
          <DrawerToggle className="filters__close" label={t('search.closeFilter')}>
            ×
          </DrawerToggle>
        </div>
        <div className="filters__body">
          {categoryFacets && facets.categories.length > 0 ? (
            <section className="filters__group">
              <h2>{t('search.facet.category')}</h2>
              <FacetLinks
                name={t('search.facet.category')}
                items={facets.categories}
                isOn={(v) => v === state.category}
                href={(v) => searchHref(basePath, state, { category: v === state.category ? '' : v, specs: {} })}
              />
            </section>
          ) : null}
          {facets.brands.length > 0 ? (
            <section className="filters__group">
              <h2>{t('search.facet.brand')}</h2>
              <FacetLinks
                name={t('search.facet.brand')}
                items={facets.brands}
                isOn={(v) => state.brands.includes(v)}
                href={(v) => searchHref(basePath, state, { brands: toggle(state.brands, v) })}
              />
            </section>
          ) : null}
          <section className="filters__group">
            <h2 id="price-range-label">{t('search.facet.price')}</h2>
            <Form method="get" action={basePath} className="price-range" aria-labelledby="price-range-label" preventScrollReset>
              {state.q ? <input type="hidden" name="q" value={state.q} /> : null}
              {state.category ? <input type="hidden" name="category" value={state.category} /> : null}
              {state.brands.map((b) => (
                <input key={b} type="hidden" name="brand" value={b} />
              ))}
              {Object.entries(state.specs).map(([name, value]) => (
                <input key={name} type="hidden" name="spec" value={`${name}:${value}`} />
              ))}
              {state.stock ? <input type="hidden" name="stock" value="1" /> : null}
              {state.self ? <input type="hidden" name="self" value="1" /> : null}
              {state.sort !== 'relevance' ? <input type="hidden" name="sort" value={state.sort} /> : null}
              <div className="price-range__inputs">
                <input key={`min-${state.min}`} name="min" defaultValue={state.min} inputMode="decimal" placeholder={t('search.priceMin')} aria-label={t('search.priceMin')} maxLength={12} />
                <span aria-hidden="true">–</span>
                <input key={`max-${state.max}`} name="max" defaultValue={state.max} inputMode="decimal" placeholder={t('search.priceMax')} aria-label={t('search.priceMax')} maxLength={12} />
              </div>
              {view.badPrice ? <p className="price-range__error">{t('search.badPrice')}</p> : null}
              <button type="submit" className="btn btn--small">
                {t('search.applyPrice')}
              </button>
            </Form>
          </section>
          {facets.specs.map((dim) => (
            <section key={dim.name} className="filters__group">
              <h2>{dim.name}</h2>
              <FacetLinks
                name={dim.name}
                items={dim.values}
                isOn={(v) => state.specs[dim.name] === v}
                href={(v) => searchHref(basePath, state, { specs: withSpec(state.specs, dim.name, v) })}
              />
            </section>
          ))}
          <section className="filters__group">
            <h2>{t('search.facet.service')}</h2>
            <ul className="facet">
              <li>
                <Link to={searchHref(basePath, state, { stock: !state.stock })} className={`facet__item${state.stock ? ' is-on' : ''}`} rel="nofollow" preventScrollReset replace>
                  <span className="facet__label">{t('search.inStock')}</span>
                  {state.stock ? <span className="visually-hidden">{t('search.selected')}</span> : null}
                </Link>
              </li>
              <li>
                <Link to={searchHref(basePath, state, { self: !state.self })} className={`facet__item${state.self ? ' is-on' : ''}`} rel="nofollow" preventScrollReset replace>
                  <span className="facet__label">{t('search.selfOperated')}</span>
                  {state.self ? <span className="visually-hidden">{t('search.selected')}</span> : null}
                </Link>
              </li>
            </ul>
          </section>
        </div>
        <div className="filters__foot">
          <Link to={cleared} className="btn btn--ghost" rel="nofollow">
            {t('search.reset')}
          </Link>
          <DrawerToggle className="btn btn--primary">{t('search.showResults', { count: view.total })}</DrawerToggle>
        </div>
      </aside>
      {/* Tapping outside the drawer closes it (the × button is the accessible way). */}
      <label htmlFor={TOGGLE_ID} className="filters__backdrop" aria-hidden="true" />

      <section className="listing__main">
        {top}
        {chips.length > 0 ? (
          <div className="chips">
            {chips.map((c) => (
              <Link key={c.key} to={c.href} className="chip" rel="nofollow" preventScrollReset aria-label={t('search.removeFilter', { name: c.label })}>
                {c.label} <span aria-hidden="true">×</span>
              </Link>
            ))}
            <Link to={cleared} className="chips__clear" rel="nofollow">
              {t('search.clearAll')}
            </Link>
          </div>
        ) : null}
        {view.fuzzy ? <p className="notice">{t('search.fuzzy', { q: state.q })}</p> : null}
        {view.items.length > 0 ? (
          <>
            <ProductGrid products={view.items} />
            <Pagination basePath={basePath} state={state} pageCount={view.pageCount} />
          </>
        ) : (
          <>
            <div className="card empty-line">
              <p>{t('search.empty')}</p>
              {filterCount > 0 ? (
                <Link to={cleared} className="btn btn--ghost">
                  {t('search.clearAll')}
                </Link>
              ) : null}
            </div>
            {view.suggestions.length > 0 ? (
              <section aria-labelledby="related-heading">
                <div className="section-head section-head--bare">
                  <h2 id="related-heading">{t('search.related')}</h2>
                </div>
                <ProductGrid products={view.suggestions} />
              </section>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
