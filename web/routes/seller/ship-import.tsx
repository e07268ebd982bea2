import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { Route } from './+types/ship-import';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { notFound, requireShopRole } from '../../lib/guards.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { FULFILMENT_STAFF, carrierOptions } from '../../lib/shipments.server.ts';
import { ApiCallError, postForm } from '../../lib/api-client.ts';
import type { ShipImportRowView } from '../../lib/shipment-views.ts';

/** 批量发货: download the template (the orders to ship, pre-filled), fill in 快递公司 and 快递单号, upload; a result per row. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireShopRole(context, request, params.shopId, FULFILMENT_STAFF);
  const shop = await findShop(context.app.db, params.shopId);
  if (!shop) throw notFound();
  const api = `/api/seller/shops/${encodeURIComponent(shop.id)}/shipments`;
  return {
    shopId: shop.id,
    ordersHref: `/seller/${encodeURIComponent(shop.id)}/orders`,
    templateHref: `${api}/import-template`,
    importUrl: `${api}/import`,
    carriers: carrierOptions(context.locale).map((c) => ({ code: c.value, name: c.label })),
  };
}

interface ImportReport {
  rowCount: number;
  shipped: number;
  failed: number;
  rows: { row: number; orderId: string; carrier: string; trackingNo: string; ok: boolean; orderStatus: string | null; error: { code: string; message: string } | null }[];
}

export default function ShipImport({ loaderData: d }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ file: string; shipped: number; failed: number; rows: ShipImportRowView[] } | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const body = new FormData();
      body.append('file', file);
      const result = await postForm<ImportReport>(d.importUrl, body);
      setReport({
        file: file.name,
        shipped: result.shipped,
        failed: result.failed,
        rows: result.rows.map((r) => ({ row: r.row, orderId: r.orderId, carrier: r.carrier, trackingNo: r.trackingNo, ok: r.ok, orderStatus: r.orderStatus, message: r.error?.message ?? null })),
      });
      if (result.failed === 0) message.success(t('shipImport.allOk', { count: result.shipped }));
    } catch (error) {
      message.error(error instanceof ApiCallError && error.message ? error.message : t('shipImport.failed'));
    } finally {
      setBusy(false);
    }
  };

  type Row = ShipImportRowView;
  return (
    <>
      <title>{`${t('shipImport.title')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('shipImport.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <ol className="ship-import-steps" style={{ margin: 0, paddingLeft: 20, lineHeight: 2 }}>
          <li>
            <Space wrap>
              {t('shipImport.step1')}
              <Button href={d.templateHref} icon={<DownloadOutlined />}>
                {t('shipImport.template')}
              </Button>
            </Space>
          </li>
          <li>
            {t('shipImport.step2')}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
              {t('shipImport.carriers', { list: d.carriers.map((c) => c.name).join('、') })}
            </Typography.Paragraph>
          </li>
          <li>
            <Space wrap>
              {t('shipImport.step3')}
              <Upload
                accept=".xlsx,.csv"
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <Button type="primary" icon={<UploadOutlined />} loading={busy}>
                  {t('shipImport.upload')}
                </Button>
              </Upload>
              <Link to={d.ordersHref}>{t('console.orders.backToList')}</Link>
            </Space>
          </li>
        </ol>
      </Card>
      {report ? (
        <Card title={t('shipImport.resultTitle', { file: report.file })}>
          <Alert
            type={report.failed === 0 ? 'success' : report.shipped === 0 ? 'error' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t('shipImport.summary', { shipped: report.shipped, failed: report.failed })}
            description={report.failed > 0 ? t('shipImport.fixHint') : undefined}
          />
          <Table<Row>
            rowKey="row"
            size="small"
            dataSource={report.rows}
            pagination={report.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 760 }}
            columns={[
              { title: t('shipImport.col.row'), dataIndex: 'row', key: 'row', width: 60 },
              {
                title: t('console.orders.orderId'),
                key: 'order',
                width: 250,
                render: (_: unknown, r: Row) =>
                  r.orderId ? (
                    <Link to={`${d.ordersHref}/${encodeURIComponent(r.orderId)}`} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
                      {r.orderId}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              { title: t('ship.carrier'), key: 'carrier', width: 110, render: (_: unknown, r: Row) => d.carriers.find((c) => c.code === r.carrier)?.name ?? r.carrier },
              { title: t('ship.trackingNo'), dataIndex: 'trackingNo', key: 'no', width: 170 },
              {
                title: t('shipImport.col.result'),
                key: 'result',
                render: (_: unknown, r: Row) =>
                  r.ok ? (
                    <Tag color="success">{t(r.orderStatus === 'shipped' ? 'shipImport.okShipped' : 'shipImport.okPartial')}</Tag>
                  ) : (
                    <Space size={4} wrap>
                      <Tag color="error">{t('shipImport.rowFailed')}</Tag>
                      <Typography.Text type="danger">{r.message}</Typography.Text>
                    </Space>
                  ),
              },
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}
