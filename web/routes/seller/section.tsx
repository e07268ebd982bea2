import type { Route } from './+types/section';
import { useT } from '../../i18n/use-t.ts';
import { ComingSoon, PageTitle } from '../../components/console/ConsoleShell.tsx';
import { SELLER_NAV, SELLER_SECTIONS } from '../../components/console/nav.tsx';
import { notFound, requireShopMember } from '../../lib/guards.server.ts';

/** 商家后台 sections that later work fills in; until then an honest empty state. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  requireShopMember(context, request, params.shopId);
  if (!SELLER_SECTIONS.has(params.section)) throw notFound();
  return { section: params.section };
}

export default function SellerSection({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const item = SELLER_NAV.find((n) => n.segment === loaderData.section);
  const label = item ? t(item.label) : loaderData.section;
  return (
    <>
      <title>{`${label} - ${t('console.seller')}`}</title>
      <PageTitle>{label}</PageTitle>
      <ComingSoon section={label} />
    </>
  );
}
