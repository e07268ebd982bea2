import type { Route } from './+types/section';
import { useT } from '../../i18n/use-t.ts';
import { ComingSoon, PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ADMIN_NAV, ADMIN_SECTIONS } from '../../components/console/nav.tsx';
import { notFound, requirePlatform } from '../../lib/guards.server.ts';

/** 平台后台 sections that later work fills in; until then an honest empty state. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  requirePlatform(context, request);
  if (!ADMIN_SECTIONS.has(params.section)) throw notFound();
  return { section: params.section };
}

export default function AdminSection({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const item = ADMIN_NAV.find((n) => n.segment === loaderData.section);
  const label = item ? t(item.label) : loaderData.section;
  return (
    <>
      <title>{`${label} - ${t('console.admin')}`}</title>
      <PageTitle>{label}</PageTitle>
      <ComingSoon section={label} />
    </>
  );
}
