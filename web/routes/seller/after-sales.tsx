import { useSearchParams } from 'react-router';
import { Alert, Card, Input, Select, Space, Tabs } from 'antd';
import type { Route } from './+types/after-sales';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { AfsTable, useQueryNavigation } from '../../components/console/AfterSalesParts.tsx';
import { ExportButton } from '../../components/console/ListTools.tsx';
import { sellerAfterSalesLoader } from '../../lib/after-sales.server.ts';
import { AFS_KINDS, SELLER_AFS_TABS } from '../../lib/after-sales-views.ts';

/** 售后 in the merchant console: what needs us first (by deadline, red under 12 h), then what waits on the shopper or the platform; 导出 for those who handle it. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return sellerAfterSalesLoader({ request, context, shopId: params.shopId });
}

export default function SellerAfterSales({ loaderData, params }: Route.ComponentProps) {
  const { t } = useT();
  const { state, counts, items, total, pageSize, urgent, exportHref } = loaderData;
  const base = `/seller/${encodeURIComponent(params.shopId)}/after-sales`;
  const go = useQueryNavigation(base);
  const [search] = useSearchParams();
  const current = () => new URLSearchParams(search);
  return (
    <>
      <title>{`${t('seller.nav.afterSales')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.afterSales')}</PageTitle>
      {urgent > 0 ? <Alert type="error" showIcon title={t('afs.console.urgent', { n: urgent })} style={{ marginBottom: 12 }} /> : null}
      <Card styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={state.tab}
          onChange={(key) => go({ tab: key === 'awaiting_merchant' ? '' : key }, current())}
          items={SELLER_AFS_TABS.map((key) => ({ key, label: `${t(`afs.sellerTab.${key}`)} (${counts[key]})` }))}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('afs.filter.kind')}
            style={{ width: 150 }}
            value={state.kind}
            onChange={(v: string) => go({ kind: v }, current())}
            options={[{ value: '', label: t('afs.filter.kind') }, ...AFS_KINDS.map((k) => ({ value: k, label: t(`afs.kind.${k}`) }))]}
          />
          <Input.Search
            aria-label={t('afs.filter.order')}
            placeholder={t('afs.filter.order')}
            allowClear
            defaultValue={state.orderId}
            style={{ width: 260 }}
            onSearch={(v) => go({ orderId: v.trim() }, current())}
          />
          {exportHref ? <ExportButton href={exportHref} /> : null}
        </Space>
        <AfsTable variant="seller" items={items} total={total} page={state.page} pageSize={pageSize} onPage={(page) => go({ page: String(page) }, current(), true)} />
      </Card>
    </>
  );
}
