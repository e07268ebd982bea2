import { useEffect, useState } from 'react';
import { Link, useActionData, useNavigation, useSubmit } from 'react-router';
import { Alert, App, Button, Card, Input, List, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import type { Route } from './+types/agreement';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { sellerAgreementAction, sellerAgreementPage } from '../../lib/account-closure.server.ts';

/**
 * 协议与退出 (owner): the merchant service agreement in force and announced; for a version not yet
 * accepted, 同意 or 不同意，按原协议退出经营 (电子商务法 Art. 34); while leaving (退出中), what is left
 * to settle, and 关闭店铺 once nothing is.
 */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return sellerAgreementPage(context, request, params.shopId);
}

export function action({ request, context, params }: Route.ActionArgs) {
  return sellerAgreementAction(context, request, params.shopId);
}

export default function SellerAgreement({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const d = loaderData;
  const [leaving, setLeaving] = useState<{ versionId: string; leavesUnder: number } | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (!result) return;
    if (result.ok) {
      void message.success(result.message);
      setLeaving(null);
    } else void message.error(result.message);
  }, [result, message]);

  const versionLine = (v: { version: number; title: string; effectiveAt: string }) => t('account.exit.version', { version: v.version, title: v.title, date: v.effectiveAt });

  return (
    <>
      <title>{`${t('seller.nav.agreement')} - ${t('console.seller')}`}</title>
      <PageTitle extra={d.status !== 'active' ? <Tag color={d.status === 'closing' ? 'processing' : 'warning'}>{t(`shop.status.${d.status}`)}</Tag> : null}>
        {t('account.exit.title')}
      </PageTitle>

      {d.dissent ? (
        <Card title={t('account.exit.closingTitle')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t('account.exit.closingBody', { date: d.dissent.at, version: d.dissent.version, old: d.dissent.leavesUnder })}</Typography.Paragraph>
          {d.dissent.reason ? <Typography.Paragraph type="secondary">{t('account.exit.closingReason', { reason: d.dissent.reason })}</Typography.Paragraph> : null}
          {d.blockers.length > 0 ? (
            <List size="small" header={t('account.exit.blockers')} dataSource={d.blockers} renderItem={(text) => <List.Item>{text}</List.Item>} style={{ marginBottom: 16 }} />
          ) : (
            <Alert type="success" showIcon title={t('account.exit.noBlockers')} style={{ marginBottom: 16 }} />
          )}
          <Popconfirm title={t('account.exit.closeConfirm')} okButtonProps={{ danger: true }} onConfirm={() => submit({ intent: 'close' }, { method: 'post' })} disabled={d.blockers.length > 0}>
            <Button danger type="primary" disabled={busy || d.blockers.length > 0}>
              {t('account.exit.close')}
            </Button>
          </Popconfirm>
        </Card>
      ) : null}

      {d.open.length > 0 ? (
        <Card title={t('account.exit.open')} style={{ marginBottom: 16 }}>
          <Alert type="warning" showIcon title={t('account.exit.openIntro')} style={{ marginBottom: 16 }} />
          <List
            dataSource={d.open}
            renderItem={(v) => (
              <List.Item
                actions={[
                  <Button key="accept" type="primary" disabled={busy} onClick={() => submit({ intent: 'accept', versionId: v.id }, { method: 'post' })}>
                    {t('account.exit.accept')}
                  </Button>,
                  v.leavesUnder !== null ? (
                    <Button key="dissent" danger disabled={busy} onClick={() => setLeaving({ versionId: v.id, leavesUnder: v.leavesUnder! })}>
                      {t('account.exit.dissent')}
                    </Button>
                  ) : (
                    <Typography.Text key="first" type="secondary">
                      {t('account.exit.noEarlier')}
                    </Typography.Text>
                  ),
                ]}
              >
                <List.Item.Meta title={versionLine(v)} description={v.summary || null} />
              </List.Item>
            )}
          />
        </Card>
      ) : null}

      <Card title={t('account.exit.current')}>
        {d.current ? (
          <Space orientation="vertical">
            <span>{versionLine(d.current)}</span>
            {d.upcoming.map((v) => (
              <span key={v.id}>
                <Tag>{t('account.exit.upcoming')}</Tag>
                {versionLine(v)}
              </span>
            ))}
            <Link to={d.href} target="_blank" rel="noopener">
              {t('account.exit.view')} ›
            </Link>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('account.exit.none')}</Typography.Text>
        )}
      </Card>

      <Modal
        open={leaving !== null}
        title={leaving ? t('account.exit.dissentTitle', { version: leaving.leavesUnder }) : ''}
        okText={t('account.exit.confirm')}
        cancelText={t('account.exit.cancel')}
        okButtonProps={{ danger: true, disabled: busy }}
        onCancel={() => setLeaving(null)}
        onOk={() => leaving && submit({ intent: 'dissent', versionId: leaving.versionId, reason }, { method: 'post' })}
      >
        <Typography.Paragraph>{t('account.exit.dissentBody')}</Typography.Paragraph>
        <Input.TextArea aria-label={t('account.exit.reason')} placeholder={t('account.exit.reason')} maxLength={200} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}
