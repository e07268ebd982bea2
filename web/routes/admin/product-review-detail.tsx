import { useEffect, useState } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { App, Button, Card, Col, Descriptions, Empty, Image, Popconfirm, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { Route } from './+types/product-review-detail';
import { useT } from '../../i18n/use-t.ts';
import { translate, type MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ProductStatusTag, type ProductStatusName } from '../../components/console/ProductStatusTag.tsx';
import { ReasonModal } from '../../components/console/ReasonModal.tsx';
import { notFound, requireArea } from '../../lib/guards.server.ts';
import { formatFen, getProductDetail, imageVariant, listAllCategories, listBrands, productHistory, webPaths } from '../../lib/services.server.ts';
import { dateTimeText } from '../../lib/console-format.server.ts';
import { userNames } from '../../lib/consoles.server.ts';
import { diffSnapshots } from '../../lib/history.server.ts';
import { reviewAction } from '../../lib/review.server.ts';
import { forceOffPresets, rejectPresets } from '../../lib/review-presets.ts';

const ACTION_LABELS: Record<string, MessageKey> = {
  create: 'history.action.create',
  edit: 'history.action.edit',
  price_stock: 'history.action.priceStock',
  submit: 'history.action.submit',
  approve: 'history.action.approve',
  reject: 'history.action.reject',
  take_off_shelf: 'history.action.takeOff',
  force_off_shelf: 'history.action.forceOff',
};
const ROLE_LABELS: Record<string, MessageKey> = { merchant: 'history.role.merchant', platform: 'history.role.platform', system: 'history.role.system' };

/** One product under review: everything the shopper would see, its SKUs, and the change history with before/after. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireArea(context, request, 'review');
  const { db } = context.app;
  const { locale } = context;
  let p;
  try {
    p = await getProductDetail(db, params.productId, { onSaleOnly: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'PRODUCT_NOT_FOUND') throw notFound();
    throw error;
  }
  const [history, categories, brands] = await Promise.all([productHistory(db, p.id), listAllCategories(db), listBrands(db)]);
  const names = new Map<string, string>([...categories.map((c) => [c.id, c.name] as const), ...brands.map((b) => [b.id, b.name] as const)]);
  const actors = await userNames(db, history.map((h) => h.actorId));
  const statusText = (s: string | null) => (s ? translate(locale, `product.status.${s as ProductStatusName}`) : '—');
  return {
    product: {
      id: p.id,
      title: p.title,
      subtitle: p.subtitle,
      status: p.status,
      descriptionHtml: p.descriptionHtml,
      images: p.images.map((url) => ({ detail: imageVariant(url, 'detail'), thumb: imageVariant(url, 'thumb') })),
      params: p.params,
      brand: p.brandName,
      categoryPath: p.categoryPath.map((c) => c.name).join(' › '),
      return7d: p.return7d,
      purchaseLimit: p.purchaseLimit,
      rejectReason: p.rejectReason,
      offShelfReason: p.offShelfReason,
      shop: { name: p.shopName, kind: p.shopKind },
      specs: p.specs.map((d) => d.name),
      skus: p.skus.map((s) => ({
        id: s.id,
        spec: s.spec,
        price: formatFen(s.priceFen, locale),
        original: s.originalPriceFen === null ? '—' : formatFen(s.originalPriceFen, locale),
        stock: s.stock,
        barcode: s.barcode ?? '—',
      })),
      storeHref: p.status === 'on_sale' ? webPaths.product(p.id) : null,
    },
    history: history
      .slice()
      .reverse()
      .map((h) => ({
        id: h.id,
        at: dateTimeText(h.at, locale),
        actor: `${translate(locale, ROLE_LABELS[h.actorRole] ?? 'history.role.system')}${h.actorId ? ` · ${actors.get(h.actorId) ?? h.actorId}` : ''}`,
        action: ACTION_LABELS[h.action] ? translate(locale, ACTION_LABELS[h.action]!) : h.action,
        fromTo: h.from === h.to ? statusText(h.to) : `${statusText(h.from)} → ${statusText(h.to)}`,
        reason: h.reason,
        changes: diffSnapshots(h.before, h.after, locale, names),
      })),
  };
}

export function action(args: Route.ActionArgs) {
  return reviewAction(args);
}

export default function ProductReviewDetail({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { product, history } = loaderData;
  const [asking, setAsking] = useState<'reject' | 'force_off_shelf' | null>(null);
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setAsking(null);
      navigate('/admin/product-review');
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message, navigate]);

  const act = (intent: 'approve' | 'reject' | 'force_off_shelf', reason?: string) => {
    const form = new FormData();
    form.set('intent', intent);
    form.append('id', product.id);
    if (reason) form.set('reason', reason);
    fetcher.submit(form, { method: 'post' });
  };

  const actions = (
    <Space wrap>
      {product.status === 'pending_review' ? (
        <>
          <Popconfirm title={t('admin.review.confirmApprove', { count: 1 })} onConfirm={() => act('approve')}>
            <Button type="primary" loading={busy && fetcher.formData?.get('intent') === 'approve'} disabled={busy}>
              {t('admin.review.approve')}
            </Button>
          </Popconfirm>
          <Button danger disabled={busy} onClick={() => setAsking('reject')}>
            {t('admin.review.reject')}
          </Button>
        </>
      ) : null}
      {product.status === 'on_sale' ? (
        <Button danger disabled={busy} onClick={() => setAsking('force_off_shelf')}>
          {t('admin.review.forceOff')}
        </Button>
      ) : null}
      {product.storeHref ? (
        <a href={product.storeHref} target="_blank" rel="noopener">
          {t('admin.review.openInStore')}
        </a>
      ) : null}
      <Link to="/admin/product-review">{t('admin.review.backToQueue')}</Link>
    </Space>
  );

  return (
    <>
      <title>{`${t('admin.review.detailTitle')} - ${t('console.admin')}`}</title>
      <PageTitle extra={actions}>
        {t('admin.review.detailTitle')} <ProductStatusTag status={product.status} />
      </PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('admin.review.basic')} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('seller.editor.title')}>
                <Typography.Text strong>{product.title}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('seller.editor.subtitle')}>{product.subtitle || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('admin.review.col.shop')}>
                {product.shop.name} <Tag>{t(`shop.kind.${product.shop.kind}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('seller.editor.category')}>{product.categoryPath}</Descriptions.Item>
              <Descriptions.Item label={t('seller.editor.brand')}>{product.brand ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('seller.editor.return7d')}>{product.return7d ? t('common.yes') : t('common.no')}</Descriptions.Item>
              <Descriptions.Item label={t('seller.editor.limit')}>{product.purchaseLimit ?? t('seller.editor.noLimit')}</Descriptions.Item>
              {product.rejectReason ? <Descriptions.Item label={t('admin.review.lastReject')}>{product.rejectReason}</Descriptions.Item> : null}
              {product.offShelfReason ? <Descriptions.Item label={t('admin.review.offReason')}>{product.offShelfReason}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card title={t('seller.editor.images')} style={{ marginBottom: 16 }}>
            {product.images.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.review.noImages')} />
            ) : (
              <Image.PreviewGroup>
                <Space wrap>
                  {product.images.map((img, i) => (
                    <Image key={img.detail} src={img.thumb} preview={{ src: img.detail }} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} alt={t('seller.editor.imageN', { n: i + 1 })} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </Card>
          <Card title={t('seller.editor.specs')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={product.skus}
              scroll={{ x: 520 }}
              columns={[
                ...product.specs.map((name) => ({ title: name, key: name, render: (_: unknown, r: (typeof product.skus)[number]) => r.spec[name] })),
                { title: t('seller.editor.price'), dataIndex: 'price', key: 'price' },
                { title: t('seller.editor.original'), dataIndex: 'original', key: 'original' },
                { title: t('seller.editor.stock'), dataIndex: 'stock', key: 'stock', align: 'right' as const },
                { title: t('admin.review.barcode'), dataIndex: 'barcode', key: 'barcode' },
              ]}
            />
          </Card>
          <Card title={t('seller.editor.params')} style={{ marginBottom: 16 }}>
            {product.params.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
                {product.params.map((p, i) => (
                  <Descriptions.Item key={`${i}-${p.name}`} label={p.name}>
                    {p.value}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>
          <Card title={t('seller.editor.description')}>
            {product.descriptionHtml ? (
              // Sanitised when it was written (src/modules/catalog/sanitize.ts): what the shopper will see.
              <div className="rich rich--console" dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('admin.review.history')}>
            <Timeline
              items={history.map((h) => ({
                key: h.id,
                content: (
                  <div>
                    <Typography.Text strong>{h.action}</Typography.Text> <Typography.Text type="secondary">{h.fromTo}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h.at} · {h.actor}
                      </Typography.Text>
                    </div>
                    {h.reason ? <div>{t('admin.review.reasonLine', { reason: h.reason })}</div> : null}
                    {h.changes.length > 0 ? (
                      <Table
                        size="small"
                        style={{ marginTop: 6 }}
                        pagination={false}
                        rowKey="field"
                        dataSource={h.changes}
                        columns={[
                          { title: t('history.col.field'), dataIndex: 'field', key: 'field', width: 80 },
                          { title: t('history.col.before'), dataIndex: 'before', key: 'before', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{v}</span> },
                          { title: t('history.col.after'), dataIndex: 'after', key: 'after', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{v}</span> },
                        ]}
                      />
                    ) : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ReasonModal
        open={asking !== null}
        title={asking === 'force_off_shelf' ? t('admin.review.forceOffTitle', { count: 1 }) : t('admin.review.rejectTitle', { count: 1 })}
        presets={asking === 'force_off_shelf' ? forceOffPresets(locale) : rejectPresets(locale)}
        busy={busy}
        onCancel={() => setAsking(null)}
        onOk={(reason) => asking && act(asking, reason)}
      />
    </>
  );
}
