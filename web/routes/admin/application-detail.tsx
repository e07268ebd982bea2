import { useEffect, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Image, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import type { Route } from './+types/application-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ReasonModal } from '../../components/console/ReasonModal.tsx';
import { reviewAction, reviewLoader } from '../../lib/onboarding.server.ts';
import { APPLICATION_STATUS_COLOR, UsccTag } from './application-parts.tsx';

/** One 入驻 application: subject, shop, the documents as images (click to preview), and the decision. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return reviewLoader({ request, context, applicationId: params.applicationId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return reviewAction({ request, context, applicationId: params.applicationId });
}

export default function ApplicationDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const fetcher = useFetcher<typeof action>();
  const { application: a } = loaderData;
  const [asking, setAsking] = useState<'reject' | 'needs_info' | null>(null);
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setAsking(null);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);

  const act = (intent: 'approve' | 'reject' | 'needs_info', note?: string) => {
    const form = new FormData();
    form.set('intent', intent);
    if (note) form.set('note', note);
    fetcher.submit(form, { method: 'post' });
  };

  const reviewable = a.status === 'submitted';
  const actions = (
    <Space wrap>
      {reviewable ? (
        <>
          <Popconfirm title={t('onboarding.review.confirmApprove', { name: a.shopName ?? '' })} onConfirm={() => act('approve')} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button type="primary" loading={busy && fetcher.formData?.get('intent') === 'approve'} disabled={busy}>
              {t('onboarding.review.approve')}
            </Button>
          </Popconfirm>
          <Button disabled={busy} onClick={() => setAsking('needs_info')}>
            {t('onboarding.review.askInfo')}
          </Button>
          <Button danger disabled={busy} onClick={() => setAsking('reject')}>
            {t('onboarding.review.reject')}
          </Button>
        </>
      ) : null}
      {a.shopId ? <Link to={`/shops/${a.shopId}`}>{t('onboarding.review.openShop')}</Link> : null}
      <Link to="/admin/applications">{t('onboarding.review.backToQueue')}</Link>
    </Space>
  );

  const presets = asking === 'reject' ? [t('onboarding.preset.reject1'), t('onboarding.preset.reject2'), t('onboarding.preset.reject3')] : [t('onboarding.preset.info1'), t('onboarding.preset.info2'), t('onboarding.preset.info3')];

  return (
    <>
      <title>{`${t('onboarding.review.title')} - ${t('console.admin')}`}</title>
      <PageTitle extra={actions}>
        {t('onboarding.review.title')} <Tag color={APPLICATION_STATUS_COLOR[a.status]}>{t(`onboarding.status.${a.status}`)}</Tag>
      </PageTitle>
      {a.reviewNote ? (
        <Alert
          style={{ marginBottom: 16 }}
          type={a.status === 'rejected' ? 'error' : 'warning'}
          showIcon
          title={a.status === 'rejected' ? t('onboarding.review.rejectedWith') : t('onboarding.review.askedWith')}
          description={a.reviewNote}
        />
      ) : null}
      {reviewable && a.missingDocuments.length > 0 ? (
        <Alert
          style={{ marginBottom: 16 }}
          type="error"
          showIcon
          title={t('onboarding.missingDocs', { docs: a.missingDocuments.map((k) => t(`onboarding.doc.${k}`)).join('、') })}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('onboarding.review.subject')} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('onboarding.field.subjectType')}>{t(`onboarding.subject.${a.subjectType}`)}</Descriptions.Item>
              {a.subjectType === 'company' ? (
                <>
                  <Descriptions.Item label={t('onboarding.licence.subjectName')}>{a.companyName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('onboarding.field.uscc')}>
                    {a.uscc ? (
                      <Space size={4} wrap>
                        <Typography.Text code copyable>
                          {a.uscc}
                        </Typography.Text>
                        <UsccTag valid={a.usccValid} />
                      </Space>
                    ) : (
                      '—'
                    )}
                  </Descriptions.Item>
                </>
              ) : null}
              <Descriptions.Item label={t(a.subjectType === 'company' ? 'onboarding.field.legalRep' : 'onboarding.field.realName')}>{a.legalRep ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('onboarding.field.contactMobile')}>{a.contactMobile ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('onboarding.review.applicant')}>
                {a.applicantName} {a.applicantLogin ? <Typography.Text type="secondary">({a.applicantLogin})</Typography.Text> : null}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('onboarding.review.shop')} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('onboarding.field.shopName')}>
                <Typography.Text strong>{a.shopName ?? '—'}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('onboarding.field.shopKind')}>{a.shopKind ? <Tag>{t(`shop.kind.${a.shopKind}`)}</Tag> : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('onboarding.field.businessScope')}>{a.businessScope.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('onboarding.queue.col.submitted')}>{a.submittedAt ?? '—'}</Descriptions.Item>
              {a.reviewedAt ? (
                <Descriptions.Item label={t('onboarding.review.reviewedAt')}>
                  {a.reviewedAt}
                  {a.reviewerName ? ` · ${a.reviewerName}` : ''}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('onboarding.review.documents')}>
            {a.documents.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('onboarding.review.noDocs')} />
            ) : (
              <Image.PreviewGroup>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 16 }}>
                  {a.documents.map((d) => (
                    <figure key={d.id} style={{ margin: 0 }}>
                      <Image src={d.thumb} preview={{ src: d.detail }} width="100%" height={120} style={{ objectFit: 'cover', borderRadius: 6 }} alt={t(`onboarding.doc.${d.kind}`)} />
                      <figcaption style={{ marginTop: 4, fontSize: 12 }}>{t(`onboarding.doc.${d.kind}`)}</figcaption>
                    </figure>
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
          </Card>
        </Col>
      </Row>
      <ReasonModal
        open={asking !== null}
        title={asking === 'reject' ? t('onboarding.review.rejectTitle') : t('onboarding.review.askTitle')}
        presets={presets}
        busy={busy}
        onCancel={() => setAsking(null)}
        onOk={(note) => asking && act(asking, note)}
      />
    </>
  );
}
