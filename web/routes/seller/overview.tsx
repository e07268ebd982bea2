import { Badge, Card, Col, Descriptions, Row, Statistic, Tag } from 'antd';
import { ShoppingOutlined, WarningOutlined } from '@ant-design/icons';
import type { Route } from './+types/overview';
import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { notFound, requireShopMember } from '../../lib/guards.server.ts';
import { findShop, LOW_STOCK, sellerDashboard } from '../../lib/consoles.server.ts';
import { countShopCatalog, formatFen } from '../../lib/services.server.ts';
import { consoleAnnouncements } from '../../lib/content.server.ts';
import { AnnouncementNotice } from '../../components/console/AnnouncementNotice.tsx';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const auth = requireShopMember(context, request, params.shopId);
  const [shop, counts] = await Promise.all([findShop(context.app.db, params.shopId), countShopCatalog(context.app.db, params.shopId)]);
  if (!shop) throw notFound();
  const role = auth.shops.find((s) => s.shopId === shop.id)?.role ?? 'owner';
  const dashboard = await sellerDashboard(context.app.db, shop.id, context.app.clock.now());
  return {
    shop: { name: shop.name, kind: shop.kind, status: shop.status },
    role,
    ...counts,
    ...dashboard,
    todaySales: formatFen(dashboard.todaySalesFen, context.locale),
    lowStock: LOW_STOCK,
    base: `/seller/${encodeURIComponent(shop.id)}`,
    announcements: await consoleAnnouncements(context, 'merchants'),
  };
}

/** The to-dos, each opening the list it counts. */
const TODOS = [
  { key: 'toShip', label: 'seller.overview.todo.toShip', href: '/orders?status=paid', urgent: true },
  { key: 'afterSales', label: 'seller.overview.todo.afterSales', href: '/after-sales', urgent: true },
  { key: 'complaints', label: 'seller.overview.todo.complaints', href: '/complaints', urgent: true },
  { key: 'stale', label: 'seller.overview.todo.stale', href: '/orders?stale=1', urgent: false },
  { key: 'lowStock', label: 'seller.overview.todo.lowStock', href: '/products?tab=on_sale', urgent: false },
  { key: 'inReview', label: 'seller.overview.todo.inReview', href: '/products?tab=pending_review', urgent: false },
] as const satisfies readonly { key: string; label: MessageKey; href: string; urgent: boolean }[];

const STATUS_BADGE = { active: 'success', frozen: 'warning', closing: 'processing', closed: 'default' } as const;

export default function SellerOverview({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { shop } = loaderData;
  return (
    <>
      <title>{`${t('seller.nav.overview')} - ${shop.name} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.overview')}</PageTitle>
      <AnnouncementNotice items={loaderData.announcements} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('seller.overview.shop')} style={{ height: '100%' }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('admin.shops.name')}>{shop.name}</Descriptions.Item>
              <Descriptions.Item label={t('seller.overview.kind')}>
                <Tag color={shop.kind === 'self_operated' ? 'red' : 'orange'}>{t(`shop.kind.${shop.kind}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('seller.overview.status')}>
                <Badge status={STATUS_BADGE[shop.status]} text={t(`shop.status.${shop.status}`)} />
              </Descriptions.Item>
              <Descriptions.Item label={t('seller.overview.role')}>{t(`shop.role.${loaderData.role}`)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('seller.overview.catalog')} style={{ height: '100%' }}>
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title={t('seller.overview.onSale')} value={loaderData.onSaleProducts} prefix={<ShoppingOutlined />} />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('seller.overview.zeroStock')}
                  value={loaderData.zeroStockSkus}
                  prefix={<WarningOutlined />}
                  styles={{ content: loaderData.zeroStockSkus > 0 ? { color: '#cf1322' } : {} }}
                />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('seller.overview.sales')} style={{ height: '100%' }}>
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title={t('seller.overview.todayOrders')} value={loaderData.todayOrders} />
              </Col>
              <Col span={12}>
                <Statistic title={t('seller.overview.todaySales')} value={loaderData.todaySales} />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('seller.overview.todo')} style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              {TODOS.map((todo) => {
                const n = loaderData.todos[todo.key];
                return (
                  <Col span={8} key={todo.key}>
                    <Link to={`${loaderData.base}${todo.href}`} aria-label={`${t(todo.label, { n: loaderData.lowStock })} ${n}`}>
                      <Statistic title={t(todo.label, { n: loaderData.lowStock })} value={n} styles={{ content: n > 0 ? { color: todo.urgent ? '#cf1322' : '#fa541c' } : { color: '#8c8c8c' } }} />
                    </Link>
                  </Col>
                );
              })}
            </Row>
          </Card>
        </Col>
      </Row>
    </>
  );
}
