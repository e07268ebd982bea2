import { useEffect } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { App, Badge, Button, Card, Empty, Popconfirm, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Route } from './+types/logistics';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { logisticsAction, logisticsLoader } from '../../lib/logistics.server.ts';

/** 物流: 运费模板 (the default one prices every express order of the shop) and 自提点. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const data = await logisticsLoader({ request, context, shopId: params.shopId });
  return { ...data, saved: new URL(request.url).searchParams.get('saved') };
}

export function action({ request, context, params }: Route.ActionArgs) {
  return logisticsAction({ request, context, shopId: params.shopId });
}

export default function Logistics({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { shopId, tab, canEdit, templates, points, saved } = loaderData;
  const base = `/seller/${shopId}/logistics`;
  const busy = fetcher.state !== 'idle';
  type TemplateRow = (typeof templates)[number];
  type PointRow = (typeof points)[number];

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) message.success(result.message);
    else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);
  // Once, after an editor saved and came back here; the URL is then cleaned so a reload does not say it again.
  useEffect(() => {
    if (saved !== 'template' && saved !== 'point') return;
    message.success(t(saved === 'template' ? 'logistics.templateSaved' : 'logistics.pointSaved'));
    navigate(tab === 'pickup' ? `${base}?tab=pickup` : base, { replace: true, preventScrollReset: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved]);

  const act = (intent: string, id: string) => fetcher.submit({ intent, id }, { method: 'post' });

  const templatesPane = (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('logistics.templatesHint')}</Typography.Text>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${base}/templates/new`)}>
            {t('logistics.newTemplate')}
          </Button>
        ) : null}
      </div>
      {templates.length === 0 ? (
        <Empty description={t('logistics.noTemplates')} />
      ) : (
        <Table<TemplateRow>
          rowKey="id"
          dataSource={templates}
          pagination={false}
          size="middle"
          scroll={{ x: 860 }}
          columns={[
            {
              title: t('logistics.col.name'),
              key: 'name',
              width: 180,
              render: (_: unknown, row: TemplateRow) => (
                <Space size={4} wrap>
                  <Link to={`${base}/templates/${row.id}`}>{row.name}</Link>
                  {row.isDefault ? <Tag color="red">{t('logistics.default')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('logistics.col.chargeBy'), key: 'chargeBy', width: 90, render: (_: unknown, row: TemplateRow) => t(row.chargeBy === 'weight' ? 'logistics.byWeight' : 'logistics.byPiece') },
            {
              title: t('logistics.col.rule'),
              key: 'rule',
              render: (_: unknown, row: TemplateRow) => (
                <>
                  <div>{row.rule}</div>
                  {row.free ? <Typography.Text type="success">{row.free}</Typography.Text> : null}
                  {row.regions.map((r, i) => (
                    <div key={i}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.provinces}: {r.rule}
                        {r.free ? `，${r.free}` : ''}
                      </Typography.Text>
                    </div>
                  ))}
                  {row.excluded ? (
                    <div>
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        {t('logistics.excludedList', { list: row.excluded })}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              title: t('seller.products.col.actions'),
              key: 'actions',
              width: 190,
              fixed: 'right',
              render: (_: unknown, row: TemplateRow) =>
                canEdit ? (
                  <Space size={4} wrap>
                    <Link to={`${base}/templates/${row.id}`}>{t('logistics.edit')}</Link>
                    {row.isDefault ? null : (
                      <Button type="link" size="small" disabled={busy} onClick={() => act('template-default', row.id)}>
                        {t('logistics.makeDefault')}
                      </Button>
                    )}
                    <Popconfirm title={t('logistics.confirmDeleteTemplate', { name: row.name })} onConfirm={() => act('template-delete', row.id)}>
                      <Button type="link" size="small" danger disabled={busy}>
                        {t('logistics.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : (
                  <Link to={`${base}/templates/${row.id}`}>{t('logistics.view')}</Link>
                ),
            },
          ]}
        />
      )}
    </>
  );

  const pointsPane = (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('logistics.pointsHint')}</Typography.Text>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${base}/pickup-points/new`)}>
            {t('logistics.newPoint')}
          </Button>
        ) : null}
      </div>
      {points.length === 0 ? (
        <Empty description={t('logistics.noPoints')} />
      ) : (
        <Table<PointRow>
          rowKey="id"
          dataSource={points}
          pagination={false}
          size="middle"
          scroll={{ x: 860 }}
          columns={[
            { title: t('logistics.col.pointName'), key: 'name', width: 160, render: (_: unknown, row: PointRow) => <Link to={`${base}/pickup-points/${row.id}`}>{row.name}</Link> },
            { title: t('logistics.col.address'), dataIndex: 'address', key: 'address' },
            { title: t('logistics.col.hours'), dataIndex: 'hours', key: 'hours', width: 170 },
            { title: t('logistics.col.phone'), dataIndex: 'phone', key: 'phone', width: 130 },
            {
              title: t('logistics.col.enabled'),
              key: 'enabled',
              width: 90,
              render: (_: unknown, row: PointRow) =>
                canEdit ? (
                  <Switch
                    size="small"
                    checked={row.enabled}
                    loading={busy && fetcher.formData?.get('id') === row.id}
                    aria-label={t('logistics.toggle', { name: row.name })}
                    onChange={(on) => act(on ? 'point-enable' : 'point-disable', row.id)}
                  />
                ) : (
                  <Badge status={row.enabled ? 'success' : 'default'} text={t(row.enabled ? 'logistics.on' : 'logistics.off')} />
                ),
            },
            {
              title: t('seller.products.col.actions'),
              key: 'actions',
              width: 120,
              fixed: 'right',
              render: (_: unknown, row: PointRow) =>
                canEdit ? (
                  <Space size={4}>
                    <Link to={`${base}/pickup-points/${row.id}`}>{t('logistics.edit')}</Link>
                    <Popconfirm title={t('logistics.confirmDeletePoint', { name: row.name })} onConfirm={() => act('point-delete', row.id)}>
                      <Button type="link" size="small" danger disabled={busy}>
                        {t('logistics.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );

  return (
    <>
      <title>{`${t('seller.nav.logistics')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.logistics')}</PageTitle>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(key === 'pickup' ? `${base}?tab=pickup` : base, { replace: true })}
          items={[
            { key: 'templates', label: `${t('logistics.templates')} (${templates.length})`, children: templatesPane },
            { key: 'pickup', label: `${t('logistics.points')} (${points.length})`, children: pointsPane },
          ]}
        />
      </Card>
    </>
  );
}
