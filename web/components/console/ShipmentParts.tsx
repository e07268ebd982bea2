import { useEffect, useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../i18n/use-t.ts';
import type { LineView } from '../../lib/buying-views.ts';
import { TRACKING_STATUSES, type CarrierOption, type FulfilmentBadge, type FulfilmentView, type ParcelStatusName, type ParcelView, type TrackingStatusName } from '../../lib/shipment-views.ts';

type Result = { ok: boolean; message: string };

/** The same fetcher key as the order pages' 发货 report (OrderConsole's useShipReport): they show the outcome. */
const SHIP = 'ship-order';

const PARCEL_COLOR: Record<ParcelStatusName, string> = {
  shipped: 'blue',
  collected: 'cyan',
  in_transit: 'processing',
  delivering: 'orange',
  signed: 'success',
  exception: 'error',
  returned: 'default',
};

export function ParcelStatusTag({ status }: { status: ParcelStatusName }) {
  const { t } = useT();
  return <Tag color={PARCEL_COLOR[status]}>{t(`parcel.status.${status}`)}</Tag>;
}

/**
 * The shared fetcher's outcome of *this* dialog's post: a keyed fetcher keeps the data of the page's
 * last post (another dialog's, maybe), so what was there when the dialog opened is ignored.
 */
function useOwnResult(fetcher: { state: string; data?: Result | undefined }, openedAt: number) {
  const seen = useRef<{ at: number; data: Result | undefined }>({ at: openedAt, data: fetcher.data });
  if (seen.current.at !== openedAt) seen.current = { at: openedAt, data: fetcher.data };
  const fresh = fetcher.state === 'idle' && fetcher.data !== undefined && fetcher.data !== seen.current.data ? fetcher.data : null;
  return { done: fresh?.ok === true, failed: fresh && !fresh.ok ? fresh.message : null };
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * 发货: carrier, tracking number, and which lines (all that is left by default; lower a quantity, or
 * set it to 0, to ship part of the order — 部分发货). One idempotency key per opening of the dialog,
 * so a double click sends one parcel.
 */
export function ShipButton({ orderId, lines, remaining, carriers, block = false }: { orderId: string; lines: LineView[]; remaining: Record<string, number>; carriers: CarrierOption[]; block?: boolean }) {
  const { t } = useT();
  const fetcher = useFetcher<Result>({ key: SHIP });
  const [open, setOpen] = useState(false);
  const [carrier, setCarrier] = useState<string | undefined>(undefined);
  const [trackingNo, setTrackingNo] = useState('');
  const [qty, setQty] = useState<Record<string, number>>({});
  const [key, setKey] = useState('');
  const [touched, setTouched] = useState(false);
  const [openedAt, setOpenedAt] = useState(0);
  const own = useOwnResult(fetcher, openedAt);
  const open_ = () => {
    setOpenedAt(Date.now());
    setCarrier(undefined);
    setTrackingNo('');
    setQty(Object.fromEntries(lines.map((l) => [l.id, remaining[l.id] ?? l.qty])));
    setKey(newKey());
    setTouched(false);
    setOpen(true);
  };
  useEffect(() => {
    if (own.done) setOpen(false);
  }, [own.done]);
  const shippable = lines.filter((l) => (remaining[l.id] ?? l.qty) > 0);
  const chosen = shippable.filter((l) => (qty[l.id] ?? 0) > 0).map((l) => ({ orderLineId: l.id, qty: qty[l.id]! }));
  const pieces = chosen.reduce((s, l) => s + l.qty, 0);
  const leftAfter = shippable.reduce((s, l) => s + (remaining[l.id] ?? l.qty), 0) - pieces;
  const example = carriers.find((c) => c.value === carrier)?.example ?? null;
  const errors = { carrier: touched && !carrier, trackingNo: touched && !trackingNo.trim(), lines: touched && chosen.length === 0 };
  const submit = () => {
    setTouched(true);
    if (!carrier || !trackingNo.trim() || chosen.length === 0) return;
    fetcher.submit({ intent: 'ship', orderId, carrier, trackingNo: trackingNo.trim(), lines: JSON.stringify(chosen), key }, { method: 'post' });
  };
  const failed = own.failed;
  return (
    <>
      <Button type="primary" size={block ? 'middle' : 'small'} onClick={open_}>
        {t('console.orders.ship')}
      </Button>
      <Modal
        open={open}
        title={t('console.orders.shipTitle', { id: orderId })}
        okText={leftAfter > 0 ? t('ship.confirmPartial', { count: pieces }) : t('console.orders.shipConfirm')}
        cancelText={t('common.cancel')}
        confirmLoading={fetcher.state !== 'idle'}
        onCancel={() => setOpen(false)}
        onOk={submit}
        width={640}
        destroyOnHidden
      >
        <Form layout="vertical" component="div">
          <div style={{ gap: 12, display: 'flex', flexWrap: 'wrap' }}>
            <Form.Item label={t('ship.carrier')} required htmlFor={`ship-carrier-${orderId}`} validateStatus={errors.carrier ? 'error' : undefined} help={errors.carrier ? t('ship.carrierRequired') : undefined} style={{ flex: '1 1 180px', marginBottom: 12 }}>
              <Select
                id={`ship-carrier-${orderId}`}
                showSearch={{ optionFilterProp: 'label' }}
                value={carrier}
                onChange={setCarrier}
                options={carriers.map((c) => ({ value: c.value, label: c.label }))}
                placeholder={t('ship.carrierPlaceholder')}
              />
            </Form.Item>
            <Form.Item label={t('ship.trackingNo')} required htmlFor={`ship-no-${orderId}`} validateStatus={errors.trackingNo ? 'error' : undefined} help={errors.trackingNo ? t('ship.trackingNoRequired') : undefined} style={{ flex: '2 1 240px', marginBottom: 12 }}>
              <Input id={`ship-no-${orderId}`} value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} maxLength={40} placeholder={example ? t('ship.trackingNoExample', { example }) : t('ship.trackingNoPlaceholder')} autoComplete="off" />
            </Form.Item>
          </div>
          <Typography.Text strong>{t('ship.lines')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
            {t('ship.linesHint')}
          </Typography.Paragraph>
          <Table<LineView>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={lines}
            columns={[
              {
                title: t('console.orders.col.lines'),
                key: 'title',
                render: (_: unknown, l: LineView) => (
                  <>
                    <Typography.Text ellipsis style={{ maxWidth: 260, display: 'block' }}>
                      {l.title}
                    </Typography.Text>
                    {l.spec ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {l.spec}
                      </Typography.Text>
                    ) : null}
                  </>
                ),
              },
              { title: t('ship.ordered'), key: 'ordered', width: 70, align: 'right', render: (_: unknown, l: LineView) => l.qty },
              { title: t('ship.left'), key: 'left', width: 70, align: 'right', render: (_: unknown, l: LineView) => remaining[l.id] ?? l.qty },
              {
                title: t('ship.thisParcel'),
                key: 'qty',
                width: 120,
                render: (_: unknown, l: LineView) => {
                  const max = remaining[l.id] ?? l.qty;
                  return max > 0 ? (
                    <InputNumber aria-label={t('ship.qtyOf', { title: l.title })} min={0} max={max} precision={0} value={qty[l.id] ?? 0} onChange={(v) => setQty((q) => ({ ...q, [l.id]: Math.max(0, Math.min(max, Number(v ?? 0))) }))} style={{ width: 90 }} />
                  ) : (
                    <Tag>{t('ship.allShipped')}</Tag>
                  );
                },
              },
            ]}
          />
          {errors.lines ? <Typography.Text type="danger">{t('ship.linesRequired')}</Typography.Text> : null}
          {leftAfter > 0 && chosen.length > 0 ? (
            <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('ship.partialNotice', { count: leftAfter })} />
          ) : null}
          {failed ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={failed} /> : null}
        </Form>
      </Modal>
    </>
  );
}

/** 备货完成 for a paid 自提 order: the buyer gets the pickup code. */
export function PickupReadyButton({ orderId, block = false }: { orderId: string; block?: boolean }) {
  const { t } = useT();
  const fetcher = useFetcher<Result>({ key: SHIP });
  return (
    <Popconfirm title={t('pickup.readyConfirm')} description={t('pickup.readyConfirmHint')} okText={t('pickup.ready')} cancelText={t('common.cancel')} onConfirm={() => fetcher.submit({ intent: 'pickup-ready', orderId }, { method: 'post' })}>
      <Button type="primary" size={block ? 'middle' : 'small'} loading={fetcher.state !== 'idle'}>
        {t('pickup.ready')}
      </Button>
    </Popconfirm>
  );
}

/** 部分发货 2/5, 物流异常, 待备货 / 待自提 / 已自提 next to an order's status. */
export function FulfilmentTags({ badge, delivery, status }: { badge: FulfilmentBadge | undefined; delivery: 'express' | 'pickup'; status: string }) {
  const { t } = useT();
  if (!badge) return null;
  const tags = [];
  if (delivery === 'express' && badge.state === 'partial' && status === 'paid') {
    const total = badge.shippedPieces + Object.values(badge.remaining).reduce((s, n) => s + Math.max(0, n), 0);
    tags.push(
      <Tag key="partial" color="purple">
        {t('ship.partialTag', { shipped: badge.shippedPieces, total })}
      </Tag>,
    );
  }
  if (badge.stale) tags.push(<Tag key="stale" color="error">{t('parcel.stale')}</Tag>);
  if (delivery === 'pickup' && status === 'paid') tags.push(<Tag key="pickup" color={badge.pickup === 'open' ? 'green' : 'gold'}>{t(badge.pickup === 'open' ? 'pickup.waiting' : 'pickup.toPrepare')}</Tag>);
  return tags.length ? <Space size={4} wrap style={{ marginTop: 4 }}>{tags}</Space> : null;
}

function EventDialog({ parcel, onClose }: { parcel: ParcelView; onClose: () => void }) {
  const { t } = useT();
  const fetcher = useFetcher<Result>({ key: SHIP });
  const [status, setStatus] = useState<TrackingStatusName>('in_transit');
  const [at, setAt] = useState<dayjs.Dayjs | null>(dayjs());
  const [location, setLocation] = useState('');
  const [description, setDescription] = useState('');
  const [openedAt] = useState(() => Date.now());
  const own = useOwnResult(fetcher, openedAt);
  useEffect(() => {
    if (own.done) onClose();
  }, [own.done, onClose]);
  const failed = own.failed;
  return (
    <Modal
      open
      title={t('track.addTitle', { carrier: parcel.carrierName, no: parcel.trackingNo })}
      okText={t('track.add')}
      cancelText={t('common.cancel')}
      confirmLoading={fetcher.state !== 'idle'}
      onCancel={onClose}
      onOk={() => at && fetcher.submit({ intent: 'track-event', shipmentId: parcel.id, status, occurredAt: at.toISOString(), location: location.trim(), description: description.trim() }, { method: 'post' })}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item label={t('track.status')} htmlFor={`ev-status-${parcel.id}`}>
          <Select id={`ev-status-${parcel.id}`} showSearch={{ optionFilterProp: 'label' }} value={status} onChange={setStatus} options={TRACKING_STATUSES.map((s) => ({ value: s, label: t(`parcel.status.${s}`) }))} />
        </Form.Item>
        <Form.Item label={t('track.time')} htmlFor={`ev-time-${parcel.id}`}>
          <DatePicker id={`ev-time-${parcel.id}`} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={at} onChange={setAt} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('track.location')} htmlFor={`ev-loc-${parcel.id}`}>
          <Input id={`ev-loc-${parcel.id}`} value={location} onChange={(e) => setLocation(e.target.value)} maxLength={100} placeholder={t('track.locationPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('track.description')} htmlFor={`ev-desc-${parcel.id}`} extra={t('track.descriptionHint')}>
          <Input.TextArea id={`ev-desc-${parcel.id}`} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} rows={2} />
        </Form.Item>
        {failed ? <Alert type="error" showIcon title={failed} /> : null}
      </Form>
    </Modal>
  );
}

/** One parcel: carrier and number, what is in it, its trail (newest first; 已签收 highlighted), and for staff 添加物流节点 / 刷新物流. */
function ParcelCard({ parcel: p, index, count, canTrack, canRefresh }: { parcel: ParcelView; index: number; count: number; canTrack: boolean; canRefresh: boolean }) {
  const { t } = useT();
  const fetcher = useFetcher<Result>({ key: SHIP });
  const [adding, setAdding] = useState(false);
  return (
    <div className="console-parcel" aria-label={t('parcel.label', { index: index + 1 })} role="group" style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', alignItems: 'center' }}>
        <Space wrap size={6}>
          {count > 1 ? <Typography.Text type="secondary">{t('parcel.number', { index: index + 1 })}</Typography.Text> : null}
          <Typography.Text strong>{p.carrierName}</Typography.Text>
          <Typography.Text copyable={{ text: p.trackingNo }} style={{ fontFamily: 'ui-monospace, Menlo, monospace' }}>
            {p.trackingNo}
          </Typography.Text>
          <ParcelStatusTag status={p.status} />
          {p.stale ? <Tag color="error">{t('parcel.staleSince', { time: p.staleSince ?? '' })}</Tag> : null}
        </Space>
        {canTrack ? (
          <Space size={4}>
            {canRefresh && p.subscription !== 'none' ? (
              <Button size="small" icon={<ReloadOutlined />} loading={fetcher.state !== 'idle'} onClick={() => fetcher.submit({ intent: 'track-refresh', shipmentId: p.id }, { method: 'post' })}>
                {t('track.refresh')}
              </Button>
            ) : null}
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('track.add')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 10px' }}>
        {t('parcel.shippedAt', { time: p.shippedAt })} · {p.lines.map((l) => `${l.title} ×${l.qty}`).join('，')}
      </Typography.Paragraph>
      {p.events.length === 0 ? (
        <Typography.Text type="secondary">{t(p.subscription === 'none' || p.subscription === 'failed' ? 'parcel.noEventsManual' : 'parcel.noEvents')}</Typography.Text>
      ) : (
        <Timeline
          items={p.events.map((e, i) => ({
            color: e.status === 'signed' ? 'green' : e.status === 'exception' || e.status === 'returned' ? 'red' : i === 0 ? 'blue' : 'gray',
            content: (
              <>
                <Space size={6} wrap>
                  <Typography.Text strong={i === 0}>{t(`parcel.status.${e.status}`)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.at}
                    {e.location ? ` · ${e.location}` : ''}
                    {e.source === 'manual' ? ` · ${t('track.manual')}` : ''}
                  </Typography.Text>
                </Space>
                <div style={{ fontSize: 13 }}>{e.description}</div>
              </>
            ),
          }))}
        />
      )}
      {adding ? <EventDialog parcel={p} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}

/** 物流 on a console order: the parcels and their trails; 自提 state for pickup orders. Read-only for the platform. */
export function FulfilmentCard({ fulfilment: f, delivery, canTrack = false }: { fulfilment: FulfilmentView; delivery: 'express' | 'pickup'; canTrack?: boolean }) {
  const { t } = useT();
  if (delivery === 'pickup') {
    return (
      <Card title={t('pickup.title')}>
        {f.pickup?.status === 'used' ? (
          <Alert type="success" showIcon title={t('pickup.usedAt', { time: f.pickup.usedAt ?? '' })} />
        ) : f.pickup?.status === 'open' ? (
          <Alert type="info" showIcon title={t('pickup.readyAt', { time: f.pickup.readyAt })} description={t('pickup.staffHint')} />
        ) : f.pickup?.status === 'void' ? (
          <Alert type="warning" showIcon title={t('pickup.void')} />
        ) : (
          <Typography.Text type="secondary">{t('pickup.notReady')}</Typography.Text>
        )}
      </Card>
    );
  }
  return (
    <Card
      title={t('parcel.title')}
      extra={f.state === 'partial' ? <Tag color="purple">{t('ship.partialTag', { shipped: f.shippedPieces, total: f.totalPieces })}</Tag> : null}
    >
      {f.parcels.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('parcel.none')} />
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          {f.parcels.map((p, i) => (
            <ParcelCard key={p.id} parcel={p} index={i} count={f.parcels.length} canTrack={canTrack} canRefresh={f.canRefresh} />
          ))}
        </div>
      )}
    </Card>
  );
}
