import { Alert } from 'antd';
import type { Route } from './+types/complaints';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ComplaintList } from '../../components/console/ComplaintParts.tsx';
import { sellerComplaintsLoader } from '../../lib/complaints.server.ts';

/** 投诉 in the merchant console: complaints about this shop, by the platform's next deadline. The shop reads and replies; the platform decides. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return sellerComplaintsLoader({ request, context, shopId: params.shopId });
}

export default function SellerComplaints({ loaderData, params }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  return (
    <>
      <title>{`${t('seller.nav.complaints')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.complaints')}</PageTitle>
      <Alert type="info" showIcon title={t('complaint.seller.readOnly')} style={{ marginBottom: 12 }} />
      <ComplaintList
        base={`/seller/${encodeURIComponent(params.shopId)}/complaints`}
        state={d.state}
        total={d.total}
        pageSize={d.pageSize}
        statusCounts={d.statusCounts}
        slaCounts={d.slaCounts}
        items={d.items}
        exportHref={d.exportHref}
      />
    </>
  );
}
