import { Outlet } from 'react-router';
import type { Route } from './+types/layout';
import { useT } from '../../i18n/use-t.ts';
import { ConsoleShell } from '../../components/console/ConsoleShell.tsx';
import { ADMIN_NAV } from '../../components/console/nav.tsx';
import { adminNavSegments, requirePlatform } from '../../lib/guards.server.ts';

/** 平台后台 frame. Visitors go to /login; signed-in accounts without a platform role get 403. The menu shows the areas the account's roles cover. */
export function loader({ request, context }: Route.LoaderArgs) {
  const auth = requirePlatform(context, request);
  return { userName: auth.displayName, segments: adminNavSegments(context) };
}

export default function AdminLayout({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  return (
    <ConsoleShell title={t('console.admin')} basePath="/admin" nav={ADMIN_NAV.filter((n) => loaderData.segments.includes(n.segment))} userName={loaderData.userName} accent="#1677ff">
      <Outlet />
    </ConsoleShell>
  );
}
