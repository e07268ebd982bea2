import { Badge, Card, Col, Descriptions, Row, Statistic, Tag } from 'antd';
import { ShoppingOutlined, WarningOutlined } from '@ant-design/icons';
import type { Route } from './+types/overview';
import { useT } from '../../i18n/use-t.ts';
import { ComingSoon, PageTitle } from '../../components/console/ConsoleShell.tsx';
import { notFound, requireShopMember } from '../../lib/guards.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { countShopCatalog } from '../../lib/services.server.ts';
import { consoleAnnouncements } from '../../lib/content.server.ts';
import { AnnouncementNotice } from '../../components/console/AnnouncementNotice.tsx';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const auth = requireShopMember(context, request, params.shopId);
  const [shop, counts] = await Promise.all([findShop(context.app.db, params.shopId), countShopCatalog(context.app.db, params.shopId)]);
  if (!shop) throw notFound();
  const role = auth.shops.find((s) => s.shopId === shop.id)?.role ?? 'owner';
  return { shop: { name: shop.name, kind: shop.kind, status: shop.status }, role, ...counts, announcements: await consoleAnnouncements(context, 'merchants') };
}

const STATUS_BADGE = { active: 'success', frozen: 'warning', closed: 'default' } as const;

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
          <PageTitle>{t('seller.overview.sales')}</PageTitle>
          <ComingSoon section={t('seller.overview.sales')} />
        </Col>
        <Col xs={24} lg={12}>
          <PageTitle>{t('seller.overview.todo')}</PageTitle>
          <ComingSoon section={`${t('seller.nav.orders')} / ${t('seller.nav.afterSales')}`} />
        </Col>
      </Row>
    </>
  );
}
