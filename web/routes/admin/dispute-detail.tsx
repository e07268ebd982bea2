import { useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { Alert, Button, Card, Col, Form, Input, Popconfirm, Radio, Row, Space, Typography } from 'antd';
import type { Route } from './+types/dispute-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { useFetcherReport } from '../../components/console/ComplaintParts.tsx';
import { AfsConversation, AfsInfo, AfsMessageBox, AfsTimelineConsole } from '../../components/console/AfterSalesParts.tsx';
import { adminDisputeAction, adminDisputeLoader } from '../../lib/after-sales.server.ts';
import { AFS_TEXT_MAX, fenToYuanInput, yuanInputToFen } from '../../lib/after-sales-views.ts';

/** One request for platform staff: both sides' evidence and pictures, the conversation and internal notes, and the ruling. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return adminDisputeLoader({ request, context, requestId: params.requestId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return adminDisputeAction({ request, context, requestId: params.requestId });
}

const DECIDE = 'afs-decide';

/** 裁决: for the shopper (a refund of at most what the line can still get back) or for the merchant (the request closes), with the reason both see. */
function DecisionForm({ refundableFen, refundable, askedFen, decisionKey }: { refundableFen: number; refundable: string; askedFen: number; decisionKey: string }) {
  const { t } = useT();
  // Keyed: the page reports the outcome (this form is gone once the ruling is in).
  const fetcher = useFetcher<typeof action>({ key: DECIDE });
  const busy = fetcher.state !== 'idle';
  const [decision, setDecision] = useState<'refund' | 'close'>('refund');
  const [amount, setAmount] = useState(fenToYuanInput(Math.min(askedFen > 0 ? askedFen : refundableFen, refundableFen)));
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const server = fetcher.data && !fetcher.data.ok ? (fetcher.data.fieldErrors ?? {}) : {};
  const fen = yuanInputToFen(amount);
  const amountError = decision !== 'refund' ? undefined : touched && (fen === null || fen <= 0) ? t('afs.err.amountFormat') : touched && fen !== null && fen > refundableFen ? t('afs.err.amountMax', { max: refundable }) : server.amount;
  const noteError = touched && !note.trim() ? t('afs.err.decisionNote') : server.note;
  const valid = note.trim() && (decision === 'close' || (fen !== null && fen > 0 && fen <= refundableFen));
  const send = () => fetcher.submit({ intent: 'decide', decision, amount: decision === 'refund' ? amount : '', note: note.trim(), key: decisionKey }, { method: 'post' });
  return (
    <Card title={t('afs.admin.decideTitle')} style={{ borderTop: '3px solid #eb2f96' }}>
      <Form layout="vertical" component="div">
        <Form.Item label={t('afs.admin.outcome')}>
          <Radio.Group
            value={decision}
            onChange={(e) => setDecision(e.target.value as 'refund' | 'close')}
            options={[
              { value: 'refund', label: t('afs.admin.forBuyer') },
              { value: 'close', label: t('afs.admin.forMerchant') },
            ]}
          />
        </Form.Item>
        {decision === 'refund' ? (
          <Form.Item label={t('afs.admin.amount')} required htmlFor="afs-decide-amount" validateStatus={amountError ? 'error' : undefined} help={amountError ?? t('afs.admin.amountHint', { max: refundable })}>
            <Input id="afs-decide-amount" prefix="¥" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} style={{ maxWidth: 220 }} autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item label={t('afs.admin.note')} required htmlFor="afs-decide-note" validateStatus={noteError ? 'error' : undefined} help={noteError}>
          <Input.TextArea id="afs-decide-note" value={note} onChange={(e) => setNote(e.target.value)} autoSize={{ minRows: 3 }} maxLength={AFS_TEXT_MAX.decision} showCount placeholder={t('afs.admin.notePlaceholder')} />
        </Form.Item>
        {fetcher.data && !fetcher.data.ok && !fetcher.data.fieldErrors ? <Alert type="error" showIcon title={fetcher.data.message} style={{ marginBottom: 12 }} /> : null}
        {valid ? (
          <Popconfirm
            title={decision === 'refund' ? t('afs.admin.confirmRefund', { amount: `¥${fenToYuanInput(fen ?? 0)}` }) : t('afs.admin.confirmClose')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={send}
          >
            <Button type="primary" loading={busy}>
              {t('afs.admin.submit')}
            </Button>
          </Popconfirm>
        ) : (
          <Button type="primary" onClick={() => setTouched(true)}>
            {t('afs.admin.submit')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

export default function AdminDisputeDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { request: r, key } = loaderData;
  const deciding = r.actions.includes('arbitrate_refund');
  useFetcherReport(useFetcher<typeof action>({ key: DECIDE }) as never);
  return (
    <>
      <title>{`${t('afs.admin.detailTitle')} - ${t('console.admin')}`}</title>
      <PageTitle extra={<Link to="/admin/disputes">‹ {t('admin.nav.disputes')}</Link>}>{t('afs.admin.detailTitle')}</PageTitle>
      {r.status === 'escalated' && r.waitingMs !== null ? (
        <Alert type="warning" showIcon title={t('afs.admin.waitingBanner', { time: r.escalatedAt ?? '' })} style={{ marginBottom: 12 }} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {deciding ? <DecisionForm refundableFen={r.refundableFen} refundable={r.refundable} askedFen={r.amountFen} decisionKey={key} /> : null}
            <AfsInfo r={r} viewer="platform" />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('afs.section.threadPlatform')}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('afs.admin.threadHint')}
              </Typography.Paragraph>
              <AfsConversation messages={r.messages} />
              <AfsMessageBox internalOption />
            </Card>
            <Card title={t('afs.section.timeline')}>
              <AfsTimelineConsole r={r} />
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
