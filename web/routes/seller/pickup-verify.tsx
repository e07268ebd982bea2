import { useEffect, useRef, useState } from 'react';
import { Form as RouterForm, Link, useNavigation, useSubmit } from 'react-router';
import { Alert, Button, Card, Col, Empty, Input, Modal, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleFilled, ScanOutlined } from '@ant-design/icons';
import type { Route } from './+types/pickup-verify';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { notFound, requireShopRole } from '../../lib/guards.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { FULFILMENT_STAFF, pickupQueueCounts, pickupVerifyAction, recentHandovers } from '../../lib/shipments.server.ts';
import type { HandoverView } from '../../lib/shipment-views.ts';

/** 核销: staff type (or scan) the buyer's pickup code; the order is handed over. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireShopRole(context, request, params.shopId, FULFILMENT_STAFF);
  const shop = await findShop(context.app.db, params.shopId);
  if (!shop) throw notFound();
  const [recent, queue] = await Promise.all([recentHandovers(context, shop.id), pickupQueueCounts(context.app.db, shop.id)]);
  return { shopId: shop.id, ordersHref: `/seller/${encodeURIComponent(shop.id)}/orders`, recent, queue };
}

export function action({ request, context, params }: Route.ActionArgs) {
  return pickupVerifyAction({ request, context, shopId: params.shopId });
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** 扫码 with the device camera, where the browser can read QR codes (BarcodeDetector); a handheld scanner types into the field instead. */
function CameraScan({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useT();
  const [supported, setSupported] = useState(false);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    setSupported(typeof window !== 'undefined' && 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia));
  }, []);
  useEffect(() => {
    if (!open) return;
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const Detector = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector;
    const detector = new Detector({ formats: ['qr_code'] });
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        const tick = async () => {
          if (stopped || !video.current) return;
          const found = await detector.detect(video.current).catch(() => []);
          const digits = found.map((f) => f.rawValue.replace(/\D/g, '')).find((v) => v.length >= 6);
          if (digits) {
            setOpen(false);
            onCode(digits);
            return;
          }
          timer = window.setTimeout(() => void tick(), 300);
        };
        void tick();
      })
      .catch(() => setProblem(t('pickup.cameraDenied')));
    return () => {
      stopped = true;
      if (timer) window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [open, onCode, t]);
  if (!supported) return null;
  return (
    <>
      <Button size="large" icon={<ScanOutlined />} onClick={() => (setProblem(null), setOpen(true))}>
        {t('pickup.scan')}
      </Button>
      <Modal open={open} title={t('pickup.scan')} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        {problem ? <Alert type="error" showIcon title={problem} /> : <video ref={video} muted playsInline style={{ width: '100%', borderRadius: 8, background: '#000' }} />}
      </Modal>
    </>
  );
}

function HandoverLines({ lines }: { lines: HandoverView['lines'] }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      {lines.map((l, i) => (
        <div key={i} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          {l.image ? <img src={l.image} alt="" width={40} height={40} style={{ borderRadius: 4, objectFit: 'cover' }} /> : <div style={{ width: 40, height: 40, borderRadius: 4, background: '#f5f5f5' }} />}
          <div>
            <div>{l.title}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {l.spec ? `${l.spec} · ` : ''}×{l.qty}
            </Typography.Text>
          </div>
        </div>
      ))}
    </div>
  );
}

export default function PickupVerify({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [code, setCode] = useState('');
  const busy = navigation.state !== 'idle';
  const result = actionData;
  useEffect(() => {
    if (result?.ok) setCode('');
  }, [result]);
  const scanned = (digits: string) => {
    setCode(digits);
    submit({ code: digits }, { method: 'post' });
  };
  return (
    <>
      <title>{`${t('pickup.verifyTitle')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('pickup.verifyTitle')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('pickup.verifyCard')}>
            <RouterForm method="post" aria-label={t('pickup.verifyTitle')}>
              <Typography.Paragraph type="secondary">{t('pickup.verifyHint')}</Typography.Paragraph>
              <Space.Compact style={{ width: '100%', maxWidth: 460 }}>
                <Input
                  name="code"
                  size="large"
                  aria-label={t('pickup.codeLabel')}
                  placeholder={t('pickup.codePlaceholder')}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  inputMode="numeric"
                  autoComplete="off"
                  autoFocus
                  maxLength={20}
                  style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 20, letterSpacing: '0.08em' }}
                />
                <Button type="primary" size="large" htmlType="submit" loading={busy}>
                  {t('pickup.verify')}
                </Button>
              </Space.Compact>
              <div style={{ marginTop: 12 }}>
                <CameraScan onCode={scanned} />
              </div>
            </RouterForm>
            {result && !busy ? (
              result.ok && result.handover ? (
                <Alert
                  style={{ marginTop: 16 }}
                  type="success"
                  icon={<CheckCircleFilled />}
                  showIcon
                  role="status"
                  title={result.message}
                  description={
                    <div style={{ marginTop: 8 }}>
                      <Typography.Paragraph style={{ marginBottom: 8 }}>
                        {t('pickup.handOver')} <Link to={result.handover.href}>{result.handover.orderId}</Link>
                        {result.handover.buyer ? ` · ${t('console.orders.col.buyer')} ${result.handover.buyer}` : ''}
                      </Typography.Paragraph>
                      <HandoverLines lines={result.handover.lines} />
                    </div>
                  }
                />
              ) : (
                <Alert style={{ marginTop: 16 }} type="error" showIcon role="alert" title={result.message} />
              )
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('pickup.queue')}>
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title={t('pickup.toPrepare')} value={d.queue.toPrepare} />
              </Col>
              <Col span={12}>
                <Statistic title={t('pickup.waiting')} value={d.queue.waiting} />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
              {t('pickup.queueHint')} <Link to={`${d.ordersHref}?status=paid`}>{t('pickup.toOrders')}</Link>
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('pickup.recent')}>
            {d.recent.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pickup.noRecent')} />
            ) : (
              <Table<HandoverView>
                rowKey="orderId"
                size="small"
                pagination={false}
                dataSource={d.recent}
                scroll={{ x: 640 }}
                columns={[
                  { title: t('pickup.col.at'), dataIndex: 'at', key: 'at', width: 150 },
                  {
                    title: t('console.orders.orderId'),
                    key: 'order',
                    width: 250,
                    render: (_: unknown, h: HandoverView) => (
                      <Link to={h.href} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
                        {h.orderId}
                      </Link>
                    ),
                  },
                  { title: t('console.orders.col.buyer'), dataIndex: 'buyer', key: 'buyer', width: 110 },
                  { title: t('console.orders.col.lines'), key: 'lines', render: (_: unknown, h: HandoverView) => h.lines.map((l) => `${l.title} ×${l.qty}`).join('，') },
                  { title: t('console.orders.col.status'), key: 'status', width: 90, render: () => <Tag color="green">{t('pickup.handedOver')}</Tag> },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
