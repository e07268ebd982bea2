import { useEffect, useState } from 'react';
import { Link, data, useFetcher, useNavigate, useRevalidator } from 'react-router';
import { Alert, App, Button, Card, Input, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ExportButton } from '../../components/console/ListTools.tsx';
import type { Route } from './+types/products';
import { useT } from '../../i18n/use-t.ts';
import { translate, type MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ProductStatusTag } from '../../components/console/ProductStatusTag.tsx';
import { PRODUCT_EDITORS, allows, notFound, requireShopMember, requireShopRole } from '../../lib/guards.server.ts';
import { changeProductStatus, imageVariant, listSellerProducts, webPaths, type ProductStatus } from '../../lib/services.server.ts';
import { formError } from '../../lib/app-errors.server.ts';
import { dateTimeText, priceRangeText } from '../../lib/console-format.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { postForm, ApiCallError } from '../../lib/api-client.ts';

/** 商品 tabs: 仓库中 is drafts and products taken off the shelf. */
const TABS = {
  all: { label: 'seller.products.tab.all', statuses: undefined },
  on_sale: { label: 'seller.products.tab.onSale', statuses: ['on_sale'] },
  pending_review: { label: 'seller.products.tab.pending', statuses: ['pending_review'] },
  warehouse: { label: 'seller.products.tab.warehouse', statuses: ['draft', 'off_shelf'] },
  rejected: { label: 'seller.products.tab.rejected', statuses: ['rejected'] },
} as const satisfies Record<string, { label: MessageKey; statuses: readonly ProductStatus[] | undefined }>;
type Tab = keyof typeof TABS;
const PAGE_SIZE = 20;

const SUBMITTABLE: readonly ProductStatus[] = ['draft', 'rejected', 'off_shelf'];
const OFF_SHELVABLE: readonly ProductStatus[] = ['on_sale', 'pending_review'];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireShopMember(context, request, params.shopId);
  const { db } = context.app;
  const shop = await findShop(db, params.shopId);
  if (!shop) throw notFound();
  const url = new URL(request.url);
  const tabParam = url.searchParams.get('tab') ?? 'all';
  const tab: Tab = tabParam in TABS ? (tabParam as Tab) : 'all';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1));
  const statuses = TABS[tab].statuses;
  const result = await listSellerProducts(db, shop.id, { statuses: statuses ? [...statuses] : undefined, q, page, pageSize: PAGE_SIZE });
  const c = result.counts;
  const n = (s: ProductStatus) => c[s] ?? 0;
  const { locale } = context;
  return {
    shopId: shop.id,
    tab,
    q,
    page,
    total: result.total,
    counts: {
      all: Object.values(c).reduce((sum, v) => sum + (v ?? 0), 0),
      on_sale: n('on_sale'),
      pending_review: n('pending_review'),
      warehouse: n('draft') + n('off_shelf'),
      rejected: n('rejected'),
    },
    items: result.items.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      image: p.image ? imageVariant(p.image, 'thumb') : null,
      price: priceRangeText(p.minPriceFen, p.maxPriceFen, locale),
      stock: p.stock,
      skuCount: p.skuCount,
      sales: p.salesCount,
      rejectReason: p.rejectReason,
      offShelfReason: p.offShelfReason,
      updatedAt: dateTimeText(p.updatedAt, locale),
      storeHref: p.status === 'on_sale' ? webPaths.product(p.id) : null,
    })),
    canEdit: allows(context, PRODUCT_EDITORS, { shopId: shop.id }),
    notice: url.searchParams.get('saved'),
  };
}

/** 提交审核 / 下架, for one product or a selection (all or nothing). */
export async function action({ request, context, params }: Route.ActionArgs) {
  const auth = requireShopRole(context, request, params.shopId);
  const form = await request.formData();
  const intent = form.get('intent');
  const ids = [...new Set(form.getAll('id').filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64))].slice(0, 100);
  if ((intent !== 'submit' && intent !== 'take_off_shelf') || ids.length === 0) throw data(null, { status: 400 });
  const { app, locale } = context;
  try {
    await app.db.transaction().execute(async (trx) => {
      for (const id of ids.sort()) {
        await changeProductStatus(trx, app.clock, { userId: auth.userId, role: 'merchant' }, id, intent, { shopId: params.shopId });
      }
    });
    return { ok: true as const, message: translate(locale, intent === 'submit' ? 'seller.products.submitted' : 'seller.products.takenOff', { count: ids.length }) };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}

interface ImportReport {
  created: { productKey: string; productId: string }[];
  failed: { productKey: string; rows: number[]; errors: { row: number; column: string | null; message: string }[] }[];
  rowCount: number;
}

export default function SellerProducts({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const fetcher = useFetcher<typeof action>();
  const { shopId, tab, q, page, total, counts, items, canEdit, notice } = loaderData;
  const [selected, setSelected] = useState<string[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importing, setImporting] = useState(false);
  type Row = (typeof items)[number];
  const base = `/seller/${shopId}/products`;

  const go = (change: { tab?: string; q?: string; page?: number }) => {
    const p = new URLSearchParams();
    const next = { tab, q, page: 1, ...change };
    if (next.tab !== 'all') p.set('tab', next.tab);
    if (next.q) p.set('q', next.q);
    if (next.page > 1) p.set('page', String(next.page));
    setSelected([]);
    navigate(`${base}${p.size ? `?${p}` : ''}`);
  };

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setSelected([]);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);

  useEffect(() => {
    if (notice === 'created') message.success(t('seller.editor.created'));
    else if (notice === 'submitted') message.success(t('seller.editor.savedSubmitted'));
    else if (notice === 'updated') message.success(t('seller.editor.updated'));
  }, [notice, message, t]);

  const act = (intent: 'submit' | 'take_off_shelf', ids: string[]) => {
    const form = new FormData();
    form.set('intent', intent);
    for (const id of ids) form.append('id', id);
    fetcher.submit(form, { method: 'post' });
  };

  const chosen = items.filter((i) => selected.includes(i.id));
  const canBulkSubmit = chosen.length > 0 && chosen.every((i) => SUBMITTABLE.includes(i.status));
  const canBulkOff = chosen.length > 0 && chosen.every((i) => OFF_SHELVABLE.includes(i.status));
  const busy = fetcher.state !== 'idle';

  const upload = async (file: File) => {
    const body = new FormData();
    body.set('file', file);
    setImporting(true);
    try {
      const result = await postForm<ImportReport>(`/api/seller/shops/${encodeURIComponent(shopId)}/products/import`, body);
      setReport(result);
      revalidator.revalidate();
    } catch (error) {
      message.error(error instanceof ApiCallError && error.message ? error.message : t('seller.products.importFailed'));
    } finally {
      setImporting(false);
    }
  };

  return (
    <>
      <title>{`${t('seller.nav.products')} - ${t('console.seller')}`}</title>
      <PageTitle
        extra={
          <Space wrap>
            {canEdit ? (
              <>
                <Link to={`${base}/new`}>
                  <Button type="primary" icon={<PlusOutlined />}>
                    {t('seller.products.new')}
                  </Button>
                </Link>
                <Upload
                  accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void upload(file);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} loading={importing}>
                    {t('seller.products.import')}
                  </Button>
                </Upload>
              </>
            ) : null}
            <ExportButton href={`/api/seller/shops/${encodeURIComponent(shopId)}/products/export`} />
          </Space>
        }
      >
        {t('seller.nav.products')}
      </PageTitle>
      {!canEdit ? <Alert type="info" showIcon title={t('seller.products.readOnly')} style={{ marginBottom: 16 }} /> : null}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => go({ tab: key })}
          items={(Object.keys(TABS) as Tab[]).map((key) => ({ key, label: `${t(TABS[key].label)} (${counts[key]})` }))}
        />
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between', marginBottom: 12 }}>
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder={t('seller.products.keyword')}
            aria-label={t('seller.products.keyword')}
            allowClear
            enterButton={t('search.submit')}
            maxLength={50}
            style={{ maxWidth: 360 }}
            onSearch={(value) => go({ q: value.trim() })}
          />
          {canEdit ? (
            <Space wrap>
              <Typography.Text type="secondary">{t('seller.products.selected', { count: selected.length })}</Typography.Text>
              <Button disabled={!canBulkSubmit || busy} onClick={() => act('submit', selected)}>
                {t('seller.products.bulkSubmit')}
              </Button>
              <Popconfirm title={t('seller.products.confirmOff', { count: selected.length })} onConfirm={() => act('take_off_shelf', selected)} disabled={!canBulkOff || busy}>
                <Button disabled={!canBulkOff || busy}>{t('seller.products.bulkOff')}</Button>
              </Popconfirm>
            </Space>
          ) : null}
        </div>
        <Table<Row>
          rowKey="id"
          dataSource={items}
          size="middle"
          scroll={{ x: 972 }}
          rowSelection={canEdit ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
          locale={{ emptyText: q ? t('seller.products.noMatch') : t('seller.products.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => go({ page: p }), showTotal: (n) => t('seller.products.total', { count: n }) }}
          columns={[
            {
              title: t('seller.products.col.product'),
              key: 'product',
              width: 260,
              render: (_: unknown, row: Row) => (
                <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
                  {row.image ? (
                    <img src={row.image} alt="" width={48} height={48} style={{ borderRadius: 4, objectFit: 'cover', flex: 'none' }} />
                  ) : (
                    <div style={{ width: 48, height: 48, borderRadius: 4, background: '#f5f5f5', flex: 'none' }} />
                  )}
                  <div style={{ minWidth: 0 }}>
                    {row.storeHref ? (
                      <a href={row.storeHref} target="_blank" rel="noopener">
                        {row.title}
                      </a>
                    ) : (
                      <Typography.Text>{row.title}</Typography.Text>
                    )}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('seller.products.skuCount', { count: row.skuCount })}
                      </Typography.Text>
                    </div>
                  </div>
                </div>
              ),
            },
            { title: t('seller.products.col.price'), dataIndex: 'price', key: 'price', width: 140 },
            { title: t('seller.products.col.stock'), dataIndex: 'stock', key: 'stock', width: 64, align: 'right', render: (v: number) => (v === 0 ? <Typography.Text type="danger">0</Typography.Text> : v) },
            { title: t('seller.products.col.sales'), dataIndex: 'sales', key: 'sales', width: 60, align: 'right' },
            {
              title: t('seller.products.col.status'),
              key: 'status',
              width: 140,
              render: (_: unknown, row: Row) => (
                <>
                  <ProductStatusTag status={row.status} />
                  {row.status === 'rejected' && row.rejectReason ? (
                    <div>
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {t('seller.products.rejectReason', { reason: row.rejectReason })}
                      </Typography.Text>
                    </div>
                  ) : null}
                  {row.status === 'off_shelf' && row.offShelfReason ? (
                    <div>
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        {t('seller.products.offReason', { reason: row.offShelfReason })}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
            { title: t('seller.products.col.updated'), dataIndex: 'updatedAt', key: 'updatedAt', width: 136 },
            {
              title: t('seller.products.col.actions'),
              key: 'actions',
              width: 140,
              fixed: 'right',
              render: (_: unknown, row: Row) => (
                <Space size={4} wrap>
                  <Link to={`${base}/${row.id}/edit`}>{canEdit ? t('seller.products.edit') : t('seller.products.view')}</Link>
                  {canEdit && SUBMITTABLE.includes(row.status) ? (
                    <Button type="link" size="small" disabled={busy} onClick={() => act('submit', [row.id])}>
                      {t('seller.products.submit')}
                    </Button>
                  ) : null}
                  {canEdit && OFF_SHELVABLE.includes(row.status) ? (
                    <Popconfirm title={t('seller.products.confirmOff', { count: 1 })} onConfirm={() => act('take_off_shelf', [row.id])}>
                      <Button type="link" size="small" danger disabled={busy}>
                        {t('seller.products.takeOff')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={report !== null} title={t('seller.products.importReport')} onCancel={() => setReport(null)} footer={<Button onClick={() => setReport(null)}>{t('common.close')}</Button>} width={720}>
        {report ? (
          <>
            <Alert
              type={report.failed.length === 0 ? 'success' : report.created.length === 0 ? 'error' : 'warning'}
              showIcon
              title={t('seller.products.importSummary', { rows: report.rowCount, created: report.created.length, failed: report.failed.length })}
              style={{ marginBottom: 12 }}
            />
            {report.failed.length > 0 ? (
              <Table
                size="small"
                rowKey={(r) => `${r.productKey}-${r.row}-${r.column ?? ''}-${r.message}`}
                pagination={false}
                scroll={{ y: 320 }}
                dataSource={report.failed.flatMap((f) => f.errors.map((e) => ({ ...e, productKey: f.productKey })))}
                columns={[
                  { title: t('seller.products.importCol.product'), dataIndex: 'productKey', key: 'productKey', width: 140 },
                  { title: t('seller.products.importCol.row'), dataIndex: 'row', key: 'row', width: 70 },
                  { title: t('seller.products.importCol.column'), dataIndex: 'column', key: 'column', width: 110, render: (v: string | null) => v ?? '—' },
                  { title: t('seller.products.importCol.message'), dataIndex: 'message', key: 'message' },
                ]}
              />
            ) : null}
          </>
        ) : null}
      </Modal>
    </>
  );
}
