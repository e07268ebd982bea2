import { useEffect, useState } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tabs, Typography } from 'antd';
import type { Route } from './+types/product-review';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ProductStatusTag } from '../../components/console/ProductStatusTag.tsx';
import { ReasonModal } from '../../components/console/ReasonModal.tsx';
import { requireArea } from '../../lib/guards.server.ts';
import { countProductsByStatus, formatFen, imageVariant, listProductsForReview, type ProductStatus } from '../../lib/services.server.ts';
import { dateTimeText } from '../../lib/console-format.server.ts';
import { reviewAction } from '../../lib/review.server.ts';
import { rejectPresets, forceOffPresets } from '../../lib/review-presets.ts';

const TABS = {
  pending_review: 'admin.review.tab.pending',
  on_sale: 'admin.review.tab.onSale',
  rejected: 'admin.review.tab.rejected',
  off_shelf: 'admin.review.tab.offShelf',
  all: 'admin.review.tab.all',
} as const satisfies Record<string, MessageKey>;
type Tab = keyof typeof TABS;
const PAGE_SIZE = 20;

/** 商品审核: the queue (待审核, oldest submission first) and the other statuses for forced removals. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireArea(context, request, 'review');
  const { db } = context.app;
  const url = new URL(request.url);
  const tabParam = url.searchParams.get('tab') ?? 'pending_review';
  const tab: Tab = tabParam in TABS ? (tabParam as Tab) : 'pending_review';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1));
  const [result, counts] = await Promise.all([
    listProductsForReview(db, { status: tab === 'all' ? undefined : (tab as ProductStatus), q: q || undefined, page, pageSize: PAGE_SIZE }),
    countProductsByStatus(db),
  ]);
  const { locale } = context;
  return {
    tab,
    q,
    page,
    total: result.total,
    counts: { ...counts, all: Object.values(counts).reduce((s, n) => s + (n ?? 0), 0) } as Record<string, number | undefined>,
    items: result.items.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      image: p.image ? imageVariant(p.image, 'thumb') : null,
      price: formatFen(Number(p.minPriceFen), locale),
      submittedAt: dateTimeText(p.submittedAt, locale),
      shopName: p.shopName,
      categoryName: p.categoryName,
      rejectReason: p.rejectReason,
    })),
  };
}

export function action(args: Route.ActionArgs) {
  return reviewAction(args);
}

export default function ProductReview({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { tab, q, page, total, counts, items } = loaderData;
  const [selected, setSelected] = useState<string[]>([]);
  const [asking, setAsking] = useState<{ intent: 'reject' | 'force_off_shelf'; ids: string[] } | null>(null);
  type Row = (typeof items)[number];
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setSelected([]);
      setAsking(null);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);

  const go = (change: { tab?: string; q?: string; page?: number }) => {
    const next = { tab, q, page: 1, ...change };
    const p = new URLSearchParams();
    if (next.tab !== 'pending_review') p.set('tab', next.tab);
    if (next.q) p.set('q', next.q);
    if (next.page > 1) p.set('page', String(next.page));
    setSelected([]);
    navigate(`/admin/product-review${p.size ? `?${p}` : ''}`);
  };

  const act = (intent: 'approve' | 'reject' | 'force_off_shelf', ids: string[], reason?: string) => {
    const form = new FormData();
    form.set('intent', intent);
    for (const id of ids) form.append('id', id);
    if (reason) form.set('reason', reason);
    fetcher.submit(form, { method: 'post' });
  };

  const chosen = items.filter((i) => selected.includes(i.id));
  const allPending = chosen.length > 0 && chosen.every((i) => i.status === 'pending_review');
  const allOnSale = chosen.length > 0 && chosen.every((i) => i.status === 'on_sale');

  return (
    <>
      <title>{`${t('admin.nav.productReview')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.productReview')}</PageTitle>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={tab} onChange={(key) => go({ tab: key })} items={(Object.keys(TABS) as Tab[]).map((key) => ({ key, label: `${t(TABS[key])} (${counts[key] ?? 0})` }))} />
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between', marginBottom: 12 }}>
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder={t('admin.review.keyword')}
            aria-label={t('admin.review.keyword')}
            allowClear
            enterButton={t('search.submit')}
            maxLength={50}
            style={{ maxWidth: 360 }}
            onSearch={(value) => go({ q: value.trim() })}
          />
          <Space wrap>
            <Typography.Text type="secondary">{t('seller.products.selected', { count: selected.length })}</Typography.Text>
            <Popconfirm title={t('admin.review.confirmApprove', { count: selected.length })} onConfirm={() => act('approve', selected)} disabled={!allPending || busy}>
              <Button type="primary" disabled={!allPending || busy}>
                {t('admin.review.bulkApprove')}
              </Button>
            </Popconfirm>
            <Button danger disabled={!allPending || busy} onClick={() => setAsking({ intent: 'reject', ids: selected })}>
              {t('admin.review.bulkReject')}
            </Button>
            {tab === 'on_sale' ? (
              <Button danger disabled={!allOnSale || busy} onClick={() => setAsking({ intent: 'force_off_shelf', ids: selected })}>
                {t('admin.review.bulkForceOff')}
              </Button>
            ) : null}
          </Space>
        </div>
        <Table<Row>
          rowKey="id"
          dataSource={items}
          size="middle"
          scroll={{ x: 900 }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
          locale={{ emptyText: tab === 'pending_review' ? t('admin.review.emptyQueue') : t('admin.review.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => go({ page: p }), showTotal: (n) => t('seller.products.total', { count: n }) }}
          columns={[
            {
              title: t('seller.products.col.product'),
              key: 'product',
              width: 308,
              render: (_: unknown, row: Row) => (
                <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
                  {row.image ? (
                    <img src={row.image} alt="" width={48} height={48} style={{ borderRadius: 4, objectFit: 'cover', flex: 'none' }} />
                  ) : (
                    <div style={{ width: 48, height: 48, borderRadius: 4, background: '#f5f5f5', flex: 'none' }} />
                  )}
                  <div style={{ minWidth: 0 }}>
                    <Link to={`/admin/product-review/${row.id}`}>{row.title}</Link>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {row.shopName} · {row.categoryName}
                      </Typography.Text>
                    </div>
                  </div>
                </div>
              ),
            },
            { title: t('seller.products.col.price'), dataIndex: 'price', key: 'price', width: 110 },
            { title: t('admin.review.col.submitted'), dataIndex: 'submittedAt', key: 'submitted', width: 150 },
            {
              title: t('seller.products.col.status'),
              key: 'status',
              width: 130,
              render: (_: unknown, row: Row) => (
                <>
                  <ProductStatusTag status={row.status} />
                  {row.status === 'rejected' && row.rejectReason ? (
                    <div>
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {row.rejectReason}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              title: t('seller.products.col.actions'),
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_: unknown, row: Row) => (
                <Space size={4} wrap>
                  <Link to={`/admin/product-review/${row.id}`}>{row.status === 'pending_review' ? t('admin.review.review') : t('admin.review.view')}</Link>
                  {row.status === 'pending_review' ? (
                    <>
                      <Popconfirm title={t('admin.review.confirmApprove', { count: 1 })} onConfirm={() => act('approve', [row.id])}>
                        <Button type="link" size="small" disabled={busy}>
                          {t('admin.review.approve')}
                        </Button>
                      </Popconfirm>
                      <Button type="link" size="small" danger disabled={busy} onClick={() => setAsking({ intent: 'reject', ids: [row.id] })}>
                        {t('admin.review.reject')}
                      </Button>
                    </>
                  ) : null}
                  {row.status === 'on_sale' ? (
                    <Button type="link" size="small" danger disabled={busy} onClick={() => setAsking({ intent: 'force_off_shelf', ids: [row.id] })}>
                      {t('admin.review.forceOff')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReasonModal
        open={asking !== null}
        title={asking?.intent === 'force_off_shelf' ? t('admin.review.forceOffTitle', { count: asking.ids.length }) : t('admin.review.rejectTitle', { count: asking?.ids.length ?? 0 })}
        presets={asking?.intent === 'force_off_shelf' ? forceOffPresets(locale) : rejectPresets(locale)}
        busy={busy}
        onCancel={() => setAsking(null)}
        onOk={(reason) => asking && act(asking.intent, asking.ids, reason)}
      />
    </>
  );
}
