import { Link } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { SafetyCertificateOutlined, ShopOutlined, ShoppingOutlined, UserOutlined } from '@ant-design/icons';
import type { Route } from './+types/overview';
import { useT } from '../../i18n/use-t.ts';
import { ComingSoon, PageTitle } from '../../components/console/ConsoleShell.tsx';
import { requirePlatform } from '../../lib/guards.server.ts';
import { platformOverview } from '../../lib/consoles.server.ts';
import { countOnSaleProducts, countProductsByStatus } from '../../lib/services.server.ts';
import { consoleAnnouncements } from '../../lib/content.server.ts';
import { AnnouncementNotice } from '../../components/console/AnnouncementNotice.tsx';

export async function loader({ request, context }: Route.LoaderArgs) {
  requirePlatform(context, request);
  const [counts, onSale, byStatus] = await Promise.all([platformOverview(context.app.db), countOnSaleProducts(context.app.db), countProductsByStatus(context.app.db)]);
  return { ...counts, onSale, pendingReview: byStatus.pending_review ?? 0, announcements: await consoleAnnouncements(context, 'platform') };
}

export default function AdminOverview({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  return (
    <>
      <title>{`${t('admin.nav.overview')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.overview')}</PageTitle>
      <AnnouncementNotice items={loaderData.announcements} />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title={t('admin.overview.accounts')} value={loaderData.accounts} prefix={<UserOutlined />} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title={<Link to="/admin/shops">{t('admin.overview.shops')}</Link>} value={loaderData.shops} prefix={<ShopOutlined />} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title={t('admin.overview.onSale')} value={loaderData.onSale} prefix={<ShoppingOutlined />} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic
              title={<Link to="/admin/product-review">{t('admin.overview.pendingReview')}</Link>}
              value={loaderData.pendingReview}
              prefix={<SafetyCertificateOutlined />}
              styles={{ content: loaderData.pendingReview > 0 ? { color: '#d46b08' } : {} }}
            />
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <PageTitle>{t('admin.overview.todo')}</PageTitle>
        <ComingSoon section={`${t('admin.nav.applications')} / ${t('admin.nav.disputes')}`} />
      </div>
    </>
  );
}
