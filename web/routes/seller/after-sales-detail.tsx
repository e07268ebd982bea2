import { useCallback, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { Alert, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Typography } from 'antd';
import type { Route } from './+types/after-sales-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { useFetcherReport } from '../../components/console/ComplaintParts.tsx';
import { AfsConversation, AfsInfo, AfsMessageBox, AfsTimelineConsole } from '../../components/console/AfterSalesParts.tsx';
import { sellerAfterSalesAction, sellerAfterSalesDetailLoader } from '../../lib/after-sales.server.ts';
import { AFS_TEXT_MAX, periodText } from '../../lib/after-sales-views.ts';

/** One request for the shop: the shopper's evidence and the conversation; approve, reject, confirm the return, send the replacement. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return sellerAfterSalesDetailLoader({ request, context, shopId: params.shopId, requestId: params.requestId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return sellerAfterSalesAction({ request, context, shopId: params.shopId, requestId: params.requestId });
}

type Dialog = 'approve' | 'reject' | 'ship' | null;

export default function SellerAfterSalesDetail({ loaderData, params }: Route.ComponentProps) {
  const { t } = useT();
  const { request: r, canAct, carriers, defaultReturnAddress, escalationMs } = loaderData;
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== 'idle';
  const [dialog, setDialog] = useState<Dialog>(null);
  const [returnAddress, setReturnAddress] = useState(defaultReturnAddress);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [carrier, setCarrier] = useState<string | undefined>(undefined);
  const [trackingNo, setTrackingNo] = useState('');
  const [touched, setTouched] = useState(false);
  const close = useCallback(() => setDialog(null), []);
  useFetcherReport(fetcher as never, close);
  const open = (d: Dialog) => {
    setTouched(false);
    setNote('');
    setReason('');
    setCarrier(undefined);
    setTrackingNo('');
    setDialog(d);
  };
  const submit = (values: Record<string, string>) => fetcher.submit(values, { method: 'post' });
  const serverErrors = fetcher.data && !fetcher.data.ok && fetcher.data.intent ? (fetcher.data.fieldErrors ?? {}) : {};
  const errorOf = (name: string, empty: boolean, message: string) => (touched && empty ? message : serverErrors[name]);
  const can = (a: string) => canAct && r.actions.includes(a as never);
  const needsReturn = r.kind !== 'refund_only';

  const actions = (
    <Space wrap>
      {can('approve') ? (
        needsReturn ? (
          <Button type="primary" onClick={() => open('approve')}>
            {t('afs.console.approve')}
          </Button>
        ) : (
          <Popconfirm
            title={t('afs.console.approveRefundConfirm', { amount: r.amount ?? '' })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => submit({ intent: 'approve' })}
          >
            <Button type="primary" loading={busy}>
              {t('afs.console.approve')}
            </Button>
          </Popconfirm>
        )
      ) : null}
      {can('reject') ? (
        <Button danger onClick={() => open('reject')}>
          {t('afs.console.reject')}
        </Button>
      ) : null}
      {can('confirm_return') ? (
        <Popconfirm
          title={r.kind === 'return_refund' ? t('afs.console.confirmReturnRefund', { amount: r.amount ?? '' }) : t('afs.console.confirmReturnGoods')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => submit({ intent: 'confirm_return' })}
        >
          <Button type="primary" loading={busy}>
            {t('afs.console.confirmReturn')}
          </Button>
        </Popconfirm>
      ) : null}
      {can('ship_replacement') ? (
        <Button type="primary" onClick={() => open('ship')}>
          {t('afs.console.shipReplacement')}
        </Button>
      ) : null}
    </Space>
  );

  const failed = fetcher.data && !fetcher.data.ok && dialog ? fetcher.data.message : null;
  return (
    <>
      <title>{`${t('afs.console.detailTitle')} - ${t('console.seller')}`}</title>
      <PageTitle extra={<Link to={`/seller/${encodeURIComponent(params.shopId)}/after-sales`}>‹ {t('seller.nav.afterSales')}</Link>}>{t('afs.console.detailTitle')}</PageTitle>
      {!canAct ? <Alert type="info" showIcon title={t('afs.console.readOnly')} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <AfsInfo r={r} extra={actions} viewer="merchant" />
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('afs.section.thread')}>
              <AfsConversation messages={r.messages} />
              <AfsMessageBox disabledReason={!r.canMessage ? t('afs.ended') : !canAct ? t('afs.console.readOnly') : null} />
            </Card>
            <Card title={t('afs.section.timeline')}>
              <AfsTimelineConsole r={r} />
            </Card>
          </Space>
        </Col>
      </Row>

      <Modal
        open={dialog === 'approve'}
        title={t('afs.console.approveTitle')}
        okText={t('afs.console.approve')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy }}
        onCancel={close}
        onOk={() => {
          setTouched(true);
          if (!returnAddress.trim()) return;
          submit({ intent: 'approve', returnAddress: returnAddress.trim(), note: note.trim() });
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t(`afs.console.approveHint.${r.kind === 'return_refund' ? 'return' : 'goods'}`)}</Typography.Paragraph>
        <Form layout="vertical" component="div">
          <Form.Item
            label={t('afs.return.address')}
            required
            htmlFor="afs-return-address"
            validateStatus={errorOf('returnAddress', !returnAddress.trim(), t('afs.err.returnAddress')) ? 'error' : undefined}
            help={errorOf('returnAddress', !returnAddress.trim(), t('afs.err.returnAddress'))}
          >
            <Input.TextArea
              id="afs-return-address"
              value={returnAddress}
              onChange={(e) => setReturnAddress(e.target.value)}
              autoSize={{ minRows: 2 }}
              maxLength={AFS_TEXT_MAX.address}
              placeholder={t('afs.console.returnAddressPlaceholder')}
            />
          </Form.Item>
          <Form.Item label={t('afs.console.note')} htmlFor="afs-approve-note">
            <Input id="afs-approve-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={AFS_TEXT_MAX.note} />
          </Form.Item>
        </Form>
        {failed ? <Alert type="error" showIcon title={failed} /> : null}
      </Modal>

      <Modal
        open={dialog === 'reject'}
        title={t('afs.console.rejectTitle')}
        okText={t('afs.console.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: busy }}
        onCancel={close}
        onOk={() => {
          setTouched(true);
          if (!reason.trim()) return;
          submit({ intent: 'reject', reason: reason.trim() });
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('afs.console.rejectHint', { period: periodText(escalationMs, t) })}</Typography.Paragraph>
        <Form layout="vertical" component="div">
          <Form.Item
            label={t('afs.console.rejectReason')}
            required
            htmlFor="afs-reject-reason"
            validateStatus={errorOf('reason', !reason.trim(), t('afs.err.rejectReason')) ? 'error' : undefined}
            help={errorOf('reason', !reason.trim(), t('afs.err.rejectReason'))}
          >
            <Input.TextArea id="afs-reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 3 }} maxLength={AFS_TEXT_MAX.reason} showCount />
          </Form.Item>
        </Form>
        {failed ? <Alert type="error" showIcon title={failed} /> : null}
      </Modal>

      <Modal
        open={dialog === 'ship'}
        title={t('afs.console.shipTitle')}
        okText={t('afs.console.shipReplacement')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy }}
        onCancel={close}
        onOk={() => {
          setTouched(true);
          if (!carrier || !trackingNo.trim()) return;
          submit({ intent: 'ship_replacement', carrier, trackingNo: trackingNo.trim() });
        }}
        destroyOnHidden
      >
        <Form layout="vertical" component="div">
          <Form.Item
            label={t('afs.field.carrier')}
            required
            htmlFor="afs-ship-carrier"
            validateStatus={errorOf('carrier', !carrier, t('afs.err.carrier')) ? 'error' : undefined}
            help={errorOf('carrier', !carrier, t('afs.err.carrier'))}
          >
            <Select
              id="afs-ship-carrier"
              showSearch={{ optionFilterProp: 'label' }}
              value={carrier}
              onChange={setCarrier}
              options={carriers.map((c) => ({ value: c.value, label: c.label }))}
              placeholder={t('afs.field.carrierPlaceholder')}
            />
          </Form.Item>
          <Form.Item
            label={t('afs.field.trackingNo')}
            required
            htmlFor="afs-ship-no"
            validateStatus={errorOf('trackingNo', !trackingNo.trim(), t('afs.err.trackingNo')) ? 'error' : undefined}
            help={errorOf('trackingNo', !trackingNo.trim(), t('afs.err.trackingNo'))}
          >
            <Input id="afs-ship-no" value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} maxLength={40} autoComplete="off" />
          </Form.Item>
        </Form>
        {failed ? <Alert type="error" showIcon title={failed} /> : null}
      </Modal>
    </>
  );
}
