import { useEffect, useRef } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { ExportButton } from './ListTools.tsx';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useT } from '../../i18n/use-t.ts';
import { ORDER_STATUSES, type ConsoleOrderDetail, type ConsoleOrderRow, type LineView, type OrderStatusName } from '../../lib/buying-views.ts';
import type { CarrierOption, FulfilmentBadge, FulfilmentView } from '../../lib/shipment-views.ts';
import { FulfilmentCard, FulfilmentTags, PickupReadyButton, ShipButton } from './ShipmentParts.tsx';

const STATUS_COLOR: Record<OrderStatusName, string> = {
  pending_payment: 'gold',
  paid: 'processing',
  shipped: 'cyan',
  received: 'green',
  completed: 'success',
  cancelled: 'default',
  closed: 'default',
};

/** 待付款 / 待发货 / 已发货 / 已收货 / 已完成 / 已取消 / 已关闭, as the consoles name them. */
export function OrderStatusTag({ status }: { status: OrderStatusName }) {
  const { t } = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`console.orders.status.${status}`)}</Tag>;
}

function LineList({ lines, max = 3 }: { lines: LineView[]; max?: number }) {
  const { t } = useT();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      {lines.slice(0, max).map((l) => (
        <div key={l.id} style={{ display: 'flex', gap: 8, alignItems: 'center', minWidth: 0 }}>
          {l.image ? (
            <img src={l.image} alt="" width={40} height={40} style={{ borderRadius: 4, objectFit: 'cover', flex: 'none' }} />
          ) : (
            <div style={{ width: 40, height: 40, borderRadius: 4, background: '#f5f5f5', flex: 'none' }} />
          )}
          <div style={{ minWidth: 0 }}>
            <Typography.Text ellipsis style={{ maxWidth: 190, display: 'block' }}>
              {l.title}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {l.spec ? `${l.spec} · ` : ''}
              {l.price} × {l.qty}
            </Typography.Text>
          </div>
        </div>
      ))}
      {lines.length > max ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('console.orders.moreLines', { count: lines.length - max })}
        </Typography.Text>
      ) : null}
    </div>
  );
}

type ShipResult = { ok: boolean; message: string };

/** Every 发货 on a page shares one fetcher: a shipped order leaves the 待发货 list, so the page reports the outcome. */
const SHIP = 'ship-order';

function useShipReport() {
  const { message } = App.useApp();
  const fetcher = useFetcher<ShipResult>({ key: SHIP });
  const seen = useRef(fetcher.data);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || fetcher.data === seen.current) return;
    seen.current = fetcher.data;
    if (fetcher.data.ok) message.success(fetcher.data.message);
    else message.error(fetcher.data.message);
  }, [fetcher.state, fetcher.data, message]);
}

export interface OrderFilterView {
  status: OrderStatusName | 'all';
  from: string;
  to: string;
  phone: string;
  orderId: string;
  shopId: string;
  page: number;
  /** 物流异常: only orders with a parcel that has not moved for days (seller). */
  stale?: boolean;
}

interface ListProps {
  base: string;
  filter: OrderFilterView;
  total: number;
  counts: Record<OrderStatusName | 'all', number>;
  items: ConsoleOrderRow[];
  pageSize: number;
  canShip?: boolean;
  exportHref?: string | null;
  /** The platform's list: a shop column and a shop filter. */
  shops?: { value: string; label: string }[];
  /** Per order id: how far shipping got (部分发货, 物流异常, 自提). */
  badges?: Record<string, FulfilmentBadge>;
  /** For the 发货 dialog. */
  carriers?: CarrierOption[];
  /** With a number, a 物流异常 tab (seller). */
  staleCount?: number;
}

/**
 * The console order list (list-page pattern): status tabs with counts, a filter bar (date range,
 * buyer's phone last four digits, order id, and the shop for the platform), the table, 导出.
 */
export function OrderList({ base, filter, total, counts, items, pageSize, canShip = false, exportHref = null, shops, badges = {}, carriers = [], staleCount }: ListProps) {
  const { t, locale } = useT();
  // The date picker's month and weekday names come from dayjs.
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const navigate = useNavigate();
  const [form] = Form.useForm();
  type Row = ConsoleOrderRow;
  useShipReport();

  const go = (change: Partial<OrderFilterView>) => {
    const next = { ...filter, page: 1, ...change };
    const p = new URLSearchParams();
    if (next.stale) p.set('stale', '1');
    else if (next.status !== 'all') p.set('status', next.status);
    if (next.from) p.set('from', next.from);
    if (next.to) p.set('to', next.to);
    if (next.phone) p.set('phone', next.phone);
    if (next.orderId) p.set('orderId', next.orderId);
    if (next.shopId) p.set('shopId', next.shopId);
    if (next.page > 1) p.set('page', String(next.page));
    navigate(`${base}${p.size ? `?${p}` : ''}`);
  };

  const search = (values: { range?: [dayjs.Dayjs, dayjs.Dayjs] | null; phone?: string; orderId?: string; shopId?: string }) => {
    go({
      from: values.range?.[0]?.format('YYYY-MM-DD') ?? '',
      to: values.range?.[1]?.format('YYYY-MM-DD') ?? '',
      phone: (values.phone ?? '').trim(),
      orderId: (values.orderId ?? '').trim(),
      shopId: values.shopId ?? '',
    });
  };

  return (
    <Card styles={{ body: { paddingTop: 4 } }}>
      <Tabs
        activeKey={filter.stale ? 'stale' : filter.status}
        onChange={(key) => (key === 'stale' ? go({ status: 'all', stale: true }) : go({ status: key as OrderFilterView['status'], stale: false }))}
        items={[
          ...(['all', ...ORDER_STATUSES] as const).map((key) => ({ key, label: `${key === 'all' ? t('console.orders.all') : t(`console.orders.status.${key}`)} (${counts[key]})` })),
          ...(staleCount === undefined ? [] : [{ key: 'stale', label: <span style={staleCount > 0 ? { color: '#cf1322' } : undefined}>{`${t('parcel.staleTab')} (${staleCount})`}</span> }]),
        ]}
      />
      <Form
        form={form}
        layout="inline"
        onFinish={search}
        initialValues={{
          range: filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null,
          phone: filter.phone,
          orderId: filter.orderId,
          shopId: filter.shopId || undefined,
        }}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="range" label={t('console.orders.date')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="phone" label={t('console.orders.phone')} rules={[{ pattern: /^\d{4}$/, message: t('console.orders.phoneRule') }]}>
          <Input placeholder={t('console.orders.phonePlaceholder')} maxLength={4} inputMode="numeric" style={{ width: 120 }} allowClear />
        </Form.Item>
        <Form.Item name="orderId" label={t('console.orders.orderId')}>
          <Input placeholder={t('console.orders.orderIdPlaceholder')} maxLength={64} style={{ width: 230 }} allowClear />
        </Form.Item>
        {shops ? (
          <Form.Item name="shopId" label={t('console.orders.shop')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={shops} placeholder={t('console.orders.allShops')} style={{ width: 200 }} />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('console.orders.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                navigate(filter.stale ? `${base}?stale=1` : filter.status === 'all' ? base : `${base}?status=${filter.status}`);
              }}
            >
              {t('console.orders.reset')}
            </Button>
            {exportHref ? <ExportButton href={exportHref} /> : null}
          </Space>
        </Form.Item>
      </Form>
      <Table<Row>
        rowKey="id"
        dataSource={items}
        size="middle"
        scroll={{ x: 930 }}
        locale={{ emptyText: t('console.orders.empty') }}
        pagination={{ current: filter.page, pageSize, total, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => go({ page: p }), showTotal: (n) => t('console.orders.total', { count: n }) }}
        columns={[
          {
            title: t('console.orders.col.order'),
            key: 'order',
            width: 190,
            render: (_: unknown, row: Row) => (
              <>
                <Link to={row.href} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
                  {row.id}
                </Link>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {row.createdAt}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          ...(shops ? [{ title: t('console.orders.shop'), dataIndex: 'shopName', key: 'shop', width: 120 }] : []),
          { title: t('console.orders.col.lines'), key: 'lines', width: shops ? 240 : 260, render: (_: unknown, row: Row) => <LineList lines={row.lines} /> },
          { title: t('console.orders.col.buyer'), dataIndex: 'buyer', key: 'buyer', width: 105, render: (v: string | null) => v ?? '—' },
          {
            title: t('console.orders.col.amount'),
            key: 'amount',
            width: 115,
            align: 'right',
            render: (_: unknown, row: Row) => (
              <>
                <Typography.Text strong>{row.payable}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {row.shippingFee ? t('orders.withShipping', { fee: row.shippingFee }) : t('console.orders.pieces', { count: row.pieces })}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          // The platform's list needs the shop more than the delivery method.
          ...(shops ? [] : [{ title: t('checkout.delivery'), key: 'delivery', width: 80, render: (_: unknown, row: Row) => t(row.delivery === 'pickup' ? 'checkout.pickup' : 'checkout.express') }]),
          {
            title: t('console.orders.col.status'),
            key: 'status',
            width: 110,
            render: (_: unknown, row: Row) => (
              <>
                <OrderStatusTag status={row.status} />
                <FulfilmentTags badge={badges[row.id]} delivery={row.delivery} status={row.status} />
              </>
            ),
          },
          {
            title: t('console.orders.col.actions'),
            key: 'actions',
            width: shops ? 80 : 100,
            fixed: 'right',
            render: (_: unknown, row: Row) => (
              <Space size={8} wrap>
                <Link to={row.href}>{t('console.orders.detail')}</Link>
                {canShip && row.status === 'paid' && row.delivery === 'express' ? <ShipButton orderId={row.id} lines={row.lines} remaining={badges[row.id]?.remaining ?? {}} carriers={carriers} /> : null}
                {canShip && row.status === 'paid' && row.delivery === 'pickup' && badges[row.id]?.pickup !== 'open' ? <PickupReadyButton orderId={row.id} /> : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** One order in a console: status and actions, where it goes, the lines, the price breakdown, the timeline. */
export function OrderDetailPanel({
  order: o,
  listHref,
  canShip = false,
  showShop = false,
  tracking,
  carriers = [],
}: {
  order: ConsoleOrderDetail;
  listHref: string;
  canShip?: boolean;
  showShop?: boolean;
  /** Parcels and their trails, 自提 state (read-only unless canShip). */
  tracking?: FulfilmentView;
  carriers?: CarrierOption[];
}) {
  const { t } = useT();
  const d = o.deliveryInfo;
  type Line = LineView;
  useShipReport();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Card>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
            <Space wrap>
              <OrderStatusTag status={o.status} />
              <Typography.Text copyable={{ text: o.id }} style={{ fontFamily: 'ui-monospace, Menlo, monospace' }}>
                {o.id}
              </Typography.Text>
            </Space>
            <Space wrap>
              <Link to={listHref}>{t('console.orders.backToList')}</Link>
              {canShip && o.status === 'paid' && o.delivery === 'express' ? <ShipButton orderId={o.id} lines={o.lines} remaining={tracking?.remaining ?? {}} carriers={carriers} block /> : null}
              {canShip && o.status === 'paid' && o.delivery === 'pickup' && !tracking?.pickup ? <PickupReadyButton orderId={o.id} block /> : null}
            </Space>
          </div>
          {o.cancelReason ? (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('console.orders.cancelReason', { reason: o.cancelReason })}
            </Typography.Paragraph>
          ) : null}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('console.orders.lines')} styles={{ body: { padding: 0 } }}>
          <Table<Line>
            rowKey="id"
            dataSource={o.lines}
            pagination={false}
            size="middle"
            scroll={{ x: 520 }}
            columns={[
              { title: t('console.orders.col.lines'), key: 'title', render: (_: unknown, l: Line) => <LineList lines={[l]} /> },
              { title: t('console.orders.unitPrice'), dataIndex: 'price', key: 'price', width: 110, align: 'right' },
              { title: t('console.orders.qty'), dataIndex: 'qty', key: 'qty', width: 70, align: 'right' },
              { title: t('console.orders.lineTotal'), dataIndex: 'lineTotal', key: 'lineTotal', width: 110, align: 'right' },
            ]}
          />
          <div style={{ padding: '12px 16px', display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 4 }}>
            <span>
              {t('checkout.itemsTotal')}: {o.itemsTotal}
            </span>
            {o.adjustments.map((a, i) => (
              <span key={i}>
                {a.label}: {a.amount}
              </span>
            ))}
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('console.orders.payable')}: {o.payable}
            </Typography.Text>
          </div>
        </Card>
        {tracking ? (
          <div style={{ marginTop: 16 }}>
            <FulfilmentCard fulfilment={tracking} delivery={o.delivery} canTrack={canShip} />
          </div>
        ) : null}
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('console.orders.info')} style={{ marginBottom: 16 }}>
          <Descriptions column={1} size="small">
            {showShop ? <Descriptions.Item label={t('console.orders.shop')}>{o.shopName}</Descriptions.Item> : null}
            <Descriptions.Item label={t('console.orders.col.buyer')}>{o.buyer ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('checkout.delivery')}>{t(o.delivery === 'pickup' ? 'checkout.pickup' : 'checkout.express')}</Descriptions.Item>
            {d.address ? (
              <Descriptions.Item label={t('console.orders.shipTo')}>
                {d.address.recipient} {d.address.mobile}
                <br />
                {d.address.full}
              </Descriptions.Item>
            ) : null}
            {d.pickup ? (
              <Descriptions.Item label={t('checkout.pickupPoint')}>
                {d.pickup.name}
                <br />
                {d.pickup.address}
                <br />
                <Typography.Text type="secondary">
                  {d.pickup.hours}
                  {d.pickup.phone ? ` · ${d.pickup.phone}` : ''}
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('checkout.note')}>{o.buyerNote || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('checkout.invoice')}>{o.invoice ?? t('checkout.invoice.none')}</Descriptions.Item>
            {o.times.map((row) => (
              <Descriptions.Item key={row.label} label={row.label}>
                {row.at}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
        <Card title={t('order.timeline')}>
          <Timeline
            items={o.timeline.map((e, i) => ({
              color: i === 0 ? 'blue' : 'gray',
              content: (
                <>
                  <Typography.Text strong>{e.label}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.at} · {e.actor}
                    </Typography.Text>
                  </div>
                  {e.note ? <div style={{ fontSize: 13 }}>{e.note}</div> : null}
                </>
              ),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}
