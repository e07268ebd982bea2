import { Link, useNavigate } from 'react-router';
import { Card, Input, Table, Tabs, Tag, Typography } from 'antd';
import type { Route } from './+types/applications';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ExportButton, exportQuery } from '../../components/console/ListTools.tsx';
import { queueLoader, type QueueTab } from '../../lib/onboarding.server.ts';
import { APPLICATION_STATUS_COLOR, UsccTag } from './application-parts.tsx';

const TABS: readonly QueueTab[] = ['submitted', 'needs_info', 'approved', 'rejected', 'all'];

/** 入驻审核: the queue by status (待审核 oldest submission first), with counts on the tabs; export what the tab and keyword show. */
export function loader({ request, context }: Route.LoaderArgs) {
  return queueLoader({ request, context });
}

export default function Applications({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const navigate = useNavigate();
  const { tab, q, page, pageSize, total, counts, items } = loaderData;
  type Row = (typeof items)[number];

  const go = (change: { tab?: string; q?: string; page?: number }) => {
    const next = { tab, q, page: 1, ...change };
    const p = new URLSearchParams();
    if (next.tab !== 'submitted') p.set('tab', next.tab);
    if (next.q) p.set('q', next.q);
    if (next.page > 1) p.set('page', String(next.page));
    navigate(`/admin/applications${p.size ? `?${p}` : ''}`);
  };
  const exportHref = `/api/admin/merchant-applications/export${exportQuery(new URLSearchParams({ ...(tab === 'all' ? {} : { status: tab }), ...(q ? { q } : {}) }))}`;

  return (
    <>
      <title>{`${t('admin.nav.applications')} - ${t('console.admin')}`}</title>
      <PageTitle extra={<ExportButton href={exportHref} />}>{t('admin.nav.applications')}</PageTitle>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={tab} onChange={(key) => go({ tab: key })} items={TABS.map((key) => ({ key, label: `${t(`onboarding.queue.tab.${key}`)} (${counts[key]})` }))} />
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('onboarding.queue.keyword')}
          aria-label={t('onboarding.queue.keyword')}
          allowClear
          enterButton={t('search.submit')}
          maxLength={50}
          style={{ maxWidth: 380, marginBottom: 12 }}
          onSearch={(value) => go({ q: value.trim() })}
        />
        <Table<Row>
          rowKey="id"
          dataSource={items}
          size="middle"
          scroll={{ x: 960 }}
          locale={{ emptyText: tab === 'submitted' ? t('onboarding.queue.empty') : t('onboarding.queue.emptyOther') }}
          pagination={{ current: page, pageSize, total, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => go({ page: p }) }}
          columns={[
            {
              title: t('onboarding.queue.col.shop'),
              key: 'shop',
              width: 240,
              render: (_: unknown, row: Row) => (
                <div>
                  <Link to={`/admin/applications/${row.id}`}>{row.shopName}</Link>{' '}
                  {row.shopKind ? <Tag color={row.shopKind === 'flagship' ? 'gold' : row.shopKind === 'franchise' ? 'purple' : row.shopKind === 'specialty' ? 'blue' : 'default'}>{t(`shop.kind.${row.shopKind}`)}</Tag> : null}
                </div>
              ),
            },
            {
              title: t('onboarding.queue.col.subject'),
              key: 'subject',
              width: 220,
              render: (_: unknown, row: Row) => (
                <div>
                  <div>{row.subjectName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`onboarding.subject.${row.subjectType}`)}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('onboarding.queue.col.uscc'),
              key: 'uscc',
              width: 230,
              render: (_: unknown, row: Row) =>
                row.uscc ? (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <Typography.Text code>{row.uscc}</Typography.Text> <UsccTag valid={row.usccValid} />
                  </span>
                ) : (
                  '—'
                ),
            },
            { title: t('onboarding.queue.col.applicant'), dataIndex: 'applicantName', key: 'applicant', width: 120 },
            { title: t('onboarding.queue.col.submitted'), dataIndex: 'submittedAt', key: 'submitted', width: 150 },
            {
              title: t('onboarding.queue.col.status'),
              key: 'status',
              width: 110,
              render: (_: unknown, row: Row) => <Tag color={APPLICATION_STATUS_COLOR[row.status]}>{t(`onboarding.status.${row.status}`)}</Tag>,
            },
            {
              title: t('onboarding.queue.col.actions'),
              key: 'actions',
              width: 80,
              fixed: 'right',
              render: (_: unknown, row: Row) => <Link to={`/admin/applications/${row.id}`}>{row.status === 'submitted' ? t('onboarding.queue.review') : t('onboarding.queue.view')}</Link>,
            },
          ]}
        />
      </Card>
    </>
  );
}
