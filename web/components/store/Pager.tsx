import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';

/** ‹ 上一页 · 2 / 5 · 下一页 › under a storefront list; nothing when everything fits on one page. */
export function Pager({ page, pageCount, href, label }: { page: number; pageCount: number; href: (page: number) => string; label: string }) {
  const { t } = useT();
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? <Link to={href(page - 1)}>‹ {t('orders.prev')}</Link> : <span />}
      <span className="muted">
        {page} / {pageCount}
      </span>
      {page < pageCount ? <Link to={href(page + 1)}>{t('orders.next')} ›</Link> : <span />}
    </nav>
  );
}
