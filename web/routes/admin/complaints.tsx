import { Link } from 'react-router';
import { Button } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import type { Route } from './+types/complaints';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ComplaintList } from '../../components/console/ComplaintParts.tsx';
import { adminComplaintsLoader } from '../../lib/complaints.server.ts';

/** 投诉 in the platform console: the service queue with its SLA timers (breached red, due soon orange), by next deadline. */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminComplaintsLoader({ request, context });
}

export default function AdminComplaints({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  return (
    <>
      <title>{`${t('admin.nav.complaints')} - ${t('console.admin')}`}</title>
      <PageTitle
        extra={
          <Link to="/admin/complaints/stats">
            <Button icon={<BarChartOutlined />}>{t('complaint.stats.title')}</Button>
          </Link>
        }
      >
        {t('admin.nav.complaints')}
      </PageTitle>
      <ComplaintList
        base="/admin/complaints"
        state={d.state}
        total={d.total}
        pageSize={d.pageSize}
        statusCounts={d.statusCounts}
        slaCounts={d.slaCounts}
        items={d.items}
        exportHref={d.exportHref}
        shops={d.shops}
        staff={d.staff}
      />
    </>
  );
}
