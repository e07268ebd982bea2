import type { Route } from './+types/legal';
import { useT } from '../../i18n/use-t.ts';

export function loader({ request }: Route.LoaderArgs) {
  return { which: new URL(request.url).pathname === '/privacy' ? ('privacy' as const) : ('terms' as const) };
}

/** 用户协议 / 隐私政策: placeholders until the operator publishes the real texts. */
export default function Legal({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const title = t(loaderData.which === 'privacy' ? 'legal.privacyTitle' : 'legal.termsTitle');
  return (
    <>
      <title>{`${title} - ${t('site.name')}`}</title>
      <article className="card prose">
        <h1>{title}</h1>
        <p>{t('legal.placeholder')}</p>
      </article>
    </>
  );
}
