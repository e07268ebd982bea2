import { useSearchParams } from 'react-router';
import { Card, Input, Select, Space, Tabs, Typography } from 'antd';
import type { Route } from './+types/disputes';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { AfsTable, useQueryNavigation } from '../../components/console/AfterSalesParts.tsx';
import { ExportButton } from '../../components/console/ListTools.tsx';
import { adminDisputesLoader } from '../../lib/after-sales.server.ts';
import { AFS_KINDS, AFS_STATUSES } from '../../lib/after-sales-views.ts';

/** 售后仲裁: requests shoppers escalated, longest waiting first; and every after-sales request of every shop (全部售后). */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminDisputesLoader({ request, context });
}

export default function AdminDisputes({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { state, items, total, pageSize, queueCount, allCount, shops, exportHref } = loaderData;
  const go = useQueryNavigation('/admin/disputes');
  const [search] = useSearchParams();
  const current = () => new URLSearchParams(search);
  const all = state.view === 'all';
  return (
    <>
      <title>{`${t('admin.nav.disputes')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.disputes')}</PageTitle>
      <Card styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={state.view}
          onChange={(key) => go({ view: key === 'queue' ? '' : key, status: '', kind: '', shopId: '', orderId: '' }, new URLSearchParams())}
          items={[
            { key: 'queue', label: `${t('afs.admin.queue')} (${queueCount})` },
            { key: 'all', label: `${t('afs.admin.all')} (${allCount})` },
          ]}
        />
        {all ? (
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              aria-label={t('afs.filter.status')}
              style={{ width: 150 }}
              value={state.status}
              onChange={(v: string) => go({ status: v }, current())}
              options={[
                { value: '', label: t('afs.filter.status') },
                { value: 'open', label: t('afs.tab.open') },
                { value: 'ended', label: t('afs.tab.ended') },
                ...AFS_STATUSES.map((s) => ({ value: s, label: t(`afs.status.${s}`) })),
              ]}
            />
            <Select
              aria-label={t('afs.filter.kind')}
              style={{ width: 140 }}
              value={state.kind}
              onChange={(v: string) => go({ kind: v }, current())}
              options={[{ value: '', label: t('afs.filter.kind') }, ...AFS_KINDS.map((k) => ({ value: k, label: t(`afs.kind.${k}`) }))]}
            />
            <Select
              aria-label={t('afs.filter.shop')}
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={state.shopId}
              onChange={(v: string) => go({ shopId: v }, current())}
              options={[{ value: '', label: t('afs.filter.shop') }, ...shops]}
            />
            <Input.Search aria-label={t('afs.filter.order')} placeholder={t('afs.filter.order')} allowClear defaultValue={state.orderId} style={{ width: 240 }} onSearch={(v) => go({ orderId: v.trim() }, current())} />
            <ExportButton href={exportHref} />
          </Space>
        ) : (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'baseline', justifyContent: 'space-between', marginBottom: 12 }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('afs.admin.queueHint')}
            </Typography.Paragraph>
            <ExportButton href={exportHref} />
          </div>
        )}
        <AfsTable variant={all ? 'all' : 'queue'} items={items} total={total} page={state.page} pageSize={pageSize} onPage={(page) => go({ page: String(page) }, current(), true)} />
      </Card>
    </>
  );
}
