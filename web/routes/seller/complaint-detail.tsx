import { Link } from 'react-router';
import { Card, Col, Row } from 'antd';
import type { Route } from './+types/complaint-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ComplaintInfo, ComplaintThread, MessageBox } from '../../components/console/ComplaintParts.tsx';
import { sellerComplaintAction, sellerComplaintLoader } from '../../lib/complaints.server.ts';

/** One complaint about this shop: read it, follow the platform's handling, answer in the conversation. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return sellerComplaintLoader({ request, context, shopId: params.shopId, complaintId: params.complaintId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return sellerComplaintAction({ request, context, shopId: params.shopId, complaintId: params.complaintId });
}

export default function SellerComplaintDetail({ loaderData, params }: Route.ComponentProps) {
  const { t } = useT();
  const { complaint: c, canReply } = loaderData;
  return (
    <>
      <title>{`${t('complaint.console.detailTitle')} - ${t('console.seller')}`}</title>
      <PageTitle extra={<Link to={`/seller/${encodeURIComponent(params.shopId)}/complaints`}>‹ {t('seller.nav.complaints')}</Link>}>{t('complaint.console.detailTitle')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ComplaintInfo c={c} />
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('complaint.section.thread')}>
            <ComplaintThread thread={c.thread} />
            <MessageBox disabledReason={!c.canMessage ? t('complaint.ended') : !canReply ? t('complaint.seller.noReply') : null} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
