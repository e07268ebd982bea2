import { useEffect, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { Alert, App, Badge, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Route } from './+types/shops';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ReasonModal } from '../../components/console/ReasonModal.tsx';
import { adminShopsAction, adminShopsLoader } from '../../lib/onboarding.server.ts';

/** 商家: every shop with its kind, status (and why it is frozen), owner and licence record; 冻结 / 解冻 / 复核执照. */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminShopsLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return adminShopsAction({ request, context });
}

const KIND_COLOR = { self_operated: 'red', flagship: 'gold', specialty: 'blue', franchise: 'purple', individual: 'default' } as const;
const STATUS_BADGE = { active: 'success', frozen: 'warning', closing: 'processing', closed: 'default' } as const;
type Intent = 'freeze' | 'unfreeze' | 'reverify';

export default function AdminShops({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const fetcher = useFetcher<typeof action>();
  const { shops, canManage } = loaderData;
  type Row = (typeof shops)[number];
  const [asking, setAsking] = useState<{ intent: Intent; shop: Row } | null>(null);
  const busy = fetcher.state !== 'idle';
  const due = shops.filter((s) => s.licence?.due).length;

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setAsking(null);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);

  const act = (intent: Intent, shopId: string, reason: string) => {
    const form = new FormData();
    form.set('intent', intent);
    form.set('shopId', shopId);
    form.set('reason', reason);
    fetcher.submit(form, { method: 'post' });
  };

  const presets: Record<Intent, string[]> = {
    freeze: [t('onboarding.preset.freeze1'), t('onboarding.preset.freeze2'), t('onboarding.preset.freeze3')],
    unfreeze: [t('onboarding.preset.unfreeze1'), t('onboarding.preset.unfreeze2')],
    reverify: [t('onboarding.preset.reverify1'), t('onboarding.preset.reverify2')],
  };
  const titles: Record<Intent, 'onboarding.shops.freezeTitle' | 'onboarding.shops.unfreezeTitle' | 'onboarding.shops.reverifyTitle'> = {
    freeze: 'onboarding.shops.freezeTitle',
    unfreeze: 'onboarding.shops.unfreezeTitle',
    reverify: 'onboarding.shops.reverifyTitle',
  };

  return (
    <>
      <title>{`${t('admin.nav.shops')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.shops.title')}</PageTitle>
      {due > 0 ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('onboarding.shops.dueCount', { count: due })} /> : null}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="id"
          dataSource={shops}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1080 }}
          locale={{ emptyText: t('admin.shops.empty') }}
          columns={[
            {
              title: t('admin.shops.name'),
              dataIndex: 'name',
              key: 'name',
              render: (name: string, row: Row) => (row.status === 'active' ? <Link to={`/shops/${row.id}`}>{name}</Link> : name),
            },
            {
              title: t('admin.shops.kind'),
              dataIndex: 'kind',
              key: 'kind',
              width: 90,
              render: (kind: Row['kind']) => <Tag color={KIND_COLOR[kind]}>{t(`shop.kind.${kind}`)}</Tag>,
            },
            {
              title: t('admin.shops.status'),
              key: 'status',
              width: 220,
              render: (_: unknown, row: Row) => (
                <>
                  <Badge status={STATUS_BADGE[row.status]} text={t(`shop.status.${row.status}`)} />
                  {row.status === 'frozen' && row.frozenReason ? (
                    <div>
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        {t('onboarding.shops.frozenSince', { at: row.frozenAt ?? '', reason: row.frozenReason })}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              title: t('onboarding.shops.licence'),
              key: 'licence',
              width: 190,
              render: (_: unknown, row: Row) =>
                row.licence ? (
                  <Tooltip title={`${row.licence.subjectName}${row.licence.uscc ? ` · ${row.licence.uscc}` : ''}`}>
                    <span>
                      {t('onboarding.shops.verifiedOn', { date: row.licence.verifiedAt })}{' '}
                      {row.licence.due ? <Tag color="orange">{t('onboarding.shops.reverifyDue')}</Tag> : null}
                    </span>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">{t('onboarding.shops.noLicence')}</Typography.Text>
                ),
            },
            { title: t('admin.shops.owner'), dataIndex: 'ownerMasked', key: 'owner', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('admin.shops.members'), dataIndex: 'members', key: 'members', align: 'right', width: 80 },
            { title: t('admin.shops.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 110 },
            ...(canManage
              ? [
                  {
                    title: t('onboarding.shops.actions'),
                    key: 'actions',
                    width: 170,
                    fixed: 'right' as const,
                    render: (_: unknown, row: Row) => (
                      <Space size={4} wrap>
                        {row.status === 'active' ? (
                          <Button type="link" size="small" danger disabled={busy} onClick={() => setAsking({ intent: 'freeze', shop: row })}>
                            {t('onboarding.shops.freeze')}
                          </Button>
                        ) : null}
                        {row.status === 'frozen' ? (
                          <Button type="link" size="small" disabled={busy} onClick={() => setAsking({ intent: 'unfreeze', shop: row })}>
                            {t('onboarding.shops.unfreeze')}
                          </Button>
                        ) : null}
                        {row.licence ? (
                          <Button type="link" size="small" disabled={busy} onClick={() => setAsking({ intent: 'reverify', shop: row })}>
                            {t('onboarding.shops.reverify')}
                          </Button>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <ReasonModal
        open={asking !== null}
        title={asking ? `${t(titles[asking.intent], { name: asking.shop.name })}${asking.intent === 'freeze' ? ` — ${t('onboarding.shops.freezeHelp')}` : ''}` : ''}
        presets={asking ? presets[asking.intent] : []}
        busy={busy}
        onCancel={() => setAsking(null)}
        onOk={(reason) => asking && act(asking.intent, asking.shop.id, reason)}
      />
    </>
  );
}
