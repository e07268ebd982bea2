import { Link } from 'react-router';
import type { Route } from './+types/category';
import { useT } from '../../i18n/use-t.ts';
import { CategoryIcon } from '../../components/store/CategoryIcon.tsx';
import { listCategoryTree } from '../../lib/services.server.ts';
import { categoryView } from '../../lib/store-views.server.ts';
import { webPaths } from '../../lib/shared.ts';

/** 分类: level 1 on the left (?c=<id> picks one), its level 2 and level 3 on the right. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const tree = (await listCategoryTree(context.app.db)).map((c) => categoryView(c, context.locale));
  const wanted = new URL(request.url).searchParams.get('c');
  const selected = tree.find((c) => c.id === wanted) ?? tree[0] ?? null;
  return { tree: tree.map(({ id, name }) => ({ id, name })), selected };
}

export default function CategoryPage({ loaderData }: Route.ComponentProps) {
  const { tree, selected } = loaderData;
  const { t } = useT();
  return (
    <>
      <title>{`${t('category.title')} - ${t('site.name')}`}</title>
      <h1 className="visually-hidden">{t('category.title')}</h1>
      {tree.length === 0 || !selected ? (
        <p className="card empty-line">{t('category.empty')}</p>
      ) : (
        <div className="catpage card">
          <nav className="catpage__side" aria-label={t('category.title')}>
            {tree.map((c) => (
              <Link key={c.id} to={`?c=${encodeURIComponent(c.id)}`} replace preventScrollReset className={c.id === selected.id ? 'is-active' : ''} aria-current={c.id === selected.id ? 'page' : undefined}>
                {c.name}
              </Link>
            ))}
          </nav>
          <div className="catpage__pane">
            <Link to={webPaths.category(selected.id)} className="catpage__all">
              {t('category.all', { name: selected.name })} ›
            </Link>
            {selected.children.map((level2) => (
              <section key={level2.id} className="catpage__group">
                <h2>
                  <Link to={webPaths.category(level2.id)}>{level2.name}</Link>
                </h2>
                <ul className="catpage__grid">
                  {level2.children.map((level3, i) => (
                    <li key={level3.id}>
                      <Link to={webPaths.category(level3.id)}>
                        <CategoryIcon name={level3.name} icon={level3.icon} index={i} />
                        <span>{level3.name}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </div>
      )}
    </>
  );
}
