import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import type { CrumbView } from '../../lib/views.ts';

export function Breadcrumbs({ items }: { items: CrumbView[] }) {
  const { t } = useT();
  return (
    <nav className="crumbs" aria-label={t('crumbs.label')}>
      <ol>
        {items.map((item, i) => (
          <li key={`${i}-${item.name}`}>
            {item.href ? <Link to={item.href}>{item.name}</Link> : <span aria-current="page">{item.name}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
