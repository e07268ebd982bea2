import { useCallback, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { Button, Card, Col, Form, Input, Modal, Popconfirm, Radio, Row, Select, Space, Typography } from 'antd';
import type { Route } from './+types/complaint-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ComplaintInfo, ComplaintThread, MessageBox, useFetcherReport } from '../../components/console/ComplaintParts.tsx';
import { adminComplaintAction, adminComplaintLoader } from '../../lib/complaints.server.ts';
import { COMPLAINT_OUTCOME_NAMES, COMPLAINT_TEXT_MAX } from '../../lib/complaint-views.ts';

/** One complaint for platform staff: assign it, accept or refuse it, investigate, resolve, and talk with both sides. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return adminComplaintLoader({ request, context, complaintId: params.complaintId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return adminComplaintAction({ request, context, complaintId: params.complaintId });
}

type Dialog = 'reject' | 'resolve' | null;

export default function AdminComplaintDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { complaint: c, staff, me } = loaderData;
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== 'idle';
  const [dialog, setDialog] = useState<Dialog>(null);
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const [resolveForm] = Form.useForm<{ outcome: string; resolution: string }>();
  const closeDialog = useCallback(() => setDialog(null), []);
  useFetcherReport(fetcher as never, closeDialog);
  const submit = (values: Record<string, string>) => fetcher.submit(values, { method: 'post' });
  const open = c.actions.length > 0 || c.status === 'resolved';

  const actions = (
    <Space wrap>
      {c.actions.includes('accept') ? (
        <Popconfirm title={t('complaint.action.acceptConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => submit({ intent: 'accept' })}>
          <Button type="primary" loading={busy}>
            {t('complaint.action.accept')}
          </Button>
        </Popconfirm>
      ) : null}
      {c.actions.includes('reject') ? (
        <Button danger onClick={() => setDialog('reject')}>
          {t('complaint.action.reject')}
        </Button>
      ) : null}
      {c.actions.includes('investigate') ? (
        <Button loading={busy} onClick={() => submit({ intent: 'investigate' })}>
          {t('complaint.action.investigate')}
        </Button>
      ) : null}
      {c.actions.includes('resolve') ? (
        <Button type="primary" onClick={() => setDialog('resolve')}>
          {t('complaint.action.resolve')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <>
      <title>{`${t('complaint.console.detailTitle')} - ${t('console.admin')}`}</title>
      <PageTitle extra={<Link to="/admin/complaints">‹ {t('admin.nav.complaints')}</Link>}>{t('complaint.console.detailTitle')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ComplaintInfo c={c} extra={actions} />
            <Card size="small" title={t('complaint.detail.assignee')}>
              {open ? (
                <Space wrap>
                  <Select
                    aria-label={t('complaint.detail.assignee')}
                    style={{ width: 200 }}
                    value={c.assignee?.id ?? ''}
                    disabled={busy}
                    onChange={(v: string) => submit({ intent: 'assign', assigneeId: v })}
                    options={[{ value: '', label: t('complaint.detail.unassigned') }, ...staff]}
                  />
                  {c.assignee?.id !== me ? (
                    <Button loading={busy} onClick={() => submit({ intent: 'assign', assigneeId: 'me' })}>
                      {t('complaint.detail.assignMe')}
                    </Button>
                  ) : null}
                </Space>
              ) : (
                <Typography.Text>{c.assignee?.name ?? t('complaint.detail.unassigned')}</Typography.Text>
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={11}>
          <Card title={t('complaint.section.thread')}>
            <ComplaintThread thread={c.thread} />
            <MessageBox disabledReason={c.canMessage ? null : t('complaint.ended')} />
          </Card>
        </Col>
      </Row>

      <Modal
        open={dialog === 'reject'}
        title={t('complaint.reject.title')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: busy }}
        onCancel={() => setDialog(null)}
        onOk={() => rejectForm.validateFields().then((v) => submit({ intent: 'reject', reason: v.reason }))}
        destroyOnHidden
      >
        <Form form={rejectForm} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('complaint.reject.reason')} rules={[{ required: true, whitespace: true, message: t('complaint.reject.reasonRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={COMPLAINT_TEXT_MAX.reason} showCount />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'resolve'}
        title={t('complaint.resolve.title')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy }}
        onCancel={() => setDialog(null)}
        onOk={() => resolveForm.validateFields().then((v) => submit({ intent: 'resolve', outcome: v.outcome, resolution: v.resolution }))}
        destroyOnHidden
      >
        <Form form={resolveForm} layout="vertical" preserve={false} initialValues={{ outcome: 'upheld' }}>
          <Form.Item name="outcome" label={t('complaint.resolve.outcome')} rules={[{ required: true }]}>
            <Radio.Group options={COMPLAINT_OUTCOME_NAMES.map((o) => ({ value: o, label: t(`complaint.outcome.${o}`) }))} />
          </Form.Item>
          <Form.Item name="resolution" label={t('complaint.resolve.text')} rules={[{ required: true, whitespace: true, message: t('complaint.resolve.textRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 4 }} maxLength={COMPLAINT_TEXT_MAX.resolution} showCount placeholder={t('complaint.resolve.placeholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
