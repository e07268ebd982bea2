import { useEffect, useState } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { Alert, App, Badge, Button, Card, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { Route } from './+types/shops';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ReasonModal } from '../../components/console/ReasonModal.tsx';
import { ExportButton, exportQuery } from '../../components/console/ListTools.tsx';
import { adminShopsAction, adminShopsLoader } from '../../lib/onboarding.server.ts';
import { SHOP_TABS } from '../../lib/shop-views.ts';

/** 商家: the shops by status tab (with counts), name and kind, with owner and licence record; 冻结 / 解冻 / 复核执照; export what the filters show. */
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
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { shops, canManage, tab, q, kind, page, pageSize, total, counts, due } = loaderData;
  type Row = (typeof shops)[number];
  const [asking, setAsking] = useState<{ intent: Intent; shop: Row } | null>(null);
  const busy = fetcher.state !== 'idle';

  const go = (change: { tab?: string; q?: string; kind?: string; page?: number }) => {
    const next = { tab, q, kind, page: 1, ...change };
    const p = new URLSearchParams();
    if (next.tab !== 'all') p.set('tab', next.tab);
    if (next.q) p.set('q', next.q);
    if (next.kind) p.set('kind', next.kind);
    if (next.page > 1) p.set('page', String(next.page));
    navigate(`/admin/shops${p.size ? `?${p}` : ''}`);
  };
  const exportHref = `/api/admin/shops/export${exportQuery(new URLSearchParams({ ...(tab === 'all' ? {} : { status: tab }), ...(q ? { q } : {}), ...(kind ? { kind } : {}) }))}`;

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
      <PageTitle extra={<ExportButton href={exportHref} />}>{t('admin.shops.title')}</PageTitle>
      {due > 0 ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('onboarding.shops.dueCount', { count: due })} /> : null}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => go({ tab: key })}
          items={SHOP_TABS.map((key) => ({ key, label: `${key === 'all' ? t('mlists.shops.tab.all') : t(`shop.status.${key}`)} (${counts[key]})` }))}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder={t('mlists.shops.keyword')}
            aria-label={t('mlists.shops.keyword')}
            allowClear
            enterButton={t('search.submit')}
            maxLength={50}
            style={{ width: 320 }}
            onSearch={(value) => go({ q: value.trim() })}
          />
          <Select
            value={kind}
            style={{ width: 140 }}
            aria-label={t('admin.shops.kind')}
            onChange={(value: string) => go({ kind: value })}
            options={[
              { value: '', label: t('mlists.shops.allKinds') },
              ...(['self_operated', 'flagship', 'specialty', 'franchise', 'individual'] as const).map((k) => ({ value: k, label: t(`shop.kind.${k}`) })),
            ]}
          />
        </Space>
        <Table<Row>
          rowKey="id"
          dataSource={shops}
          size="middle"
          pagination={{ current: page, pageSize, total, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => go({ page: p }) }}
          scroll={{ x: 1080 }}
          locale={{ emptyText: q || kind || tab !== 'all' ? t('mlists.shops.noMatch') : t('admin.shops.empty') }}
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
