import { Outlet, useNavigate } from 'react-router';
import { Select, Tag, Typography } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import type { Route } from './+types/layout';
import { useT } from '../../i18n/use-t.ts';
import { ConsoleShell } from '../../components/console/ConsoleShell.tsx';
import { SELLER_NAV } from '../../components/console/nav.tsx';
import { notFound, requireShopMember } from '../../lib/guards.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { sellerNavSegments } from '../../lib/staff.server.ts';

/** 商家后台 frame for one shop. Only the shop's members get in (decide(policy.shop())); anyone else gets 403. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const auth = requireShopMember(context, request, params.shopId);
  const shop = await findShop(context.app.db, params.shopId);
  if (!shop) throw notFound();
  return {
    userName: auth.displayName,
    shop: { id: shop.id, name: shop.name, kind: shop.kind, status: shop.status },
    shops: auth.shops.map((s) => ({ id: s.shopId, name: s.shopName })),
    segments: sellerNavSegments(auth.shops.find((s) => s.shopId === shop.id)?.role ?? 'operator'),
  };
}

export default function SellerLayout({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const navigate = useNavigate();
  const { shop, shops } = loaderData;
  const switcher =
    shops.length > 1 ? (
      <Select
        aria-label={t('console.switchShop')}
        value={shop.id}
        style={{ width: 'min(260px, 42vw)' }}
        suffixIcon={<ShopOutlined />}
        options={shops.map((s) => ({ value: s.id, label: s.name }))}
        onChange={(id: string) => navigate(`/seller/${encodeURIComponent(id)}`)}
      />
    ) : (
      <Typography.Text strong ellipsis>
        <ShopOutlined /> {shop.name}
      </Typography.Text>
    );
  return (
    <ConsoleShell
      title={t('console.seller')}
      basePath={`/seller/${shop.id}`}
      nav={SELLER_NAV.filter((n) => loaderData.segments.includes(n.segment))}
      userName={loaderData.userName}
      accent="#ff5000"
      headerExtra={
        <>
          {switcher}
          {shop.status !== 'active' ? <Tag color="warning">{t(`shop.status.${shop.status}`)}</Tag> : null}
        </>
      }
    >
      <Outlet />
    </ConsoleShell>
  );
}
