import { useEffect } from 'react';
import { useFetcher, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Route } from './+types/audit-log';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { ExportButton } from '../../components/console/ListTools.tsx';
import { auditChainCheckAction, auditLogLoader, type AuditChainView, type AuditFilterView, type AuditRowView } from '../../lib/audit.server.ts';

/** 操作日志: every console write, searchable by time, console, shop and keyword; a row opens to its before/after. */
export function loader({ request, context }: Route.LoaderArgs) {
  return auditLogLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return auditChainCheckAction({ request, context });
}

/** The latest check of the hash chain (the schedule's or a 立即校验), and 立即校验 itself. */
function ChainBanner({ chain }: { chain: AuditChainView | null }) {
  const { t } = useT();
  const { message } = App.useApp();
  const fetcher = useFetcher<typeof action>();
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data) void message.success(t('audit.chain.checkDone'));
  }, [fetcher.state, fetcher.data, message, t]);
  const checkNow = (
    <Button size="small" loading={fetcher.state !== 'idle'} onClick={() => fetcher.submit({ intent: 'check-chain' }, { method: 'post' })}>
      {t('audit.chain.checkNow')}
    </Button>
  );
  const seq = chain?.firstBrokenSeq ?? 0;
  const [type, title, detail]: ['info' | 'success' | 'error', string, string | null] = !chain
    ? ['info', t('audit.chain.never'), t('audit.chain.schedule')]
    : chain.ok
      ? ['success', t('audit.chain.ok', { count: chain.rows }), t('audit.chain.okHint')]
      : ['error', t('audit.chain.broken', { seq }), chain.reason && t(`audit.chain.reason.${chain.reason}`, { seq })];
  return (
    <Alert
      data-testid="audit-chain"
      type={type}
      showIcon
      title={title}
      description={
        <>
          {chain && <div>{t(chain.full ? 'audit.chain.checkedFull' : 'audit.chain.checkedSince', { at: chain.checkedAt })}</div>}
          {detail && <div>{detail}</div>}
        </>
      }
      action={checkNow}
      style={{ marginBottom: 16 }}
    />
  );
}

const ROLE_KEYS = new Set(['owner', 'operator', 'customer_service', 'warehouse', 'finance', 'platform_admin', 'platform_staff']);

export default function AdminAuditLog({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useT();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const d = loaderData;
  const role = (r: string) => (ROLE_KEYS.has(r) ? t(`audit.role.${r}` as MessageKey) : r);

  const go = (change: Partial<AuditFilterView>) => {
    const next = { ...d.filter, page: 1, ...change };
    const p = new URLSearchParams();
    for (const key of ['from', 'to', 'console', 'shopId', 'q'] as const) if (next[key]) p.set(key, next[key]);
    if (next.page > 1) p.set('page', String(next.page));
    navigate(`/admin/audit-log${p.size ? `?${p}` : ''}`);
  };

  return (
    <>
      <title>{`${t('admin.nav.auditLog')} - ${t('console.admin')}`}</title>
      <PageTitle extra={<ExportButton href={d.exportHref} />}>{t('admin.nav.auditLog')}</PageTitle>
      <Alert type="info" showIcon title={t('audit.intro')} style={{ marginBottom: 16 }} />
      <ChainBanner chain={d.chain} />
      <Card>
        <Form
          form={form}
          layout="inline"
          style={{ rowGap: 12, marginBottom: 16 }}
          initialValues={{
            range: d.filter.from || d.filter.to ? [d.filter.from ? dayjs(d.filter.from) : null, d.filter.to ? dayjs(d.filter.to) : null] : null,
            console: d.filter.console || undefined,
            shopId: d.filter.shopId || undefined,
            q: d.filter.q,
          }}
          onFinish={(v: { range?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null; console?: AuditFilterView['console']; shopId?: string; q?: string }) =>
            go({
              from: v.range?.[0]?.format('YYYY-MM-DD') ?? '',
              to: v.range?.[1]?.format('YYYY-MM-DD') ?? '',
              console: v.console ?? '',
              shopId: v.shopId ?? '',
              q: (v.q ?? '').trim(),
            })
          }
        >
          <Form.Item name="range" label={t('audit.filter.range')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="console" label={t('audit.filter.console')}>
            <Select
              allowClear
              placeholder={t('audit.filter.allConsoles')}
              style={{ width: 140 }}
              options={[
                { value: 'seller', label: t('audit.console.seller') },
                { value: 'admin', label: t('audit.console.admin') },
              ]}
            />
          </Form.Item>
          <Form.Item name="shopId" label={t('audit.filter.shop')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={d.shops} placeholder={t('audit.filter.allShops')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="q" label={t('audit.filter.q')}>
            <Input placeholder={t('audit.filter.qPlaceholder')} maxLength={100} allowClear style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('audit.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  navigate('/admin/audit-log');
                }}
              >
                {t('audit.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <Table<AuditRowView>
          rowKey="id"
          size="middle"
          dataSource={d.items}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('audit.empty') }}
          pagination={{ current: d.filter.page, pageSize: d.pageSize, total: d.total, showSizeChanger: false, hideOnSinglePage: true, onChange: (page) => go({ page }), showTotal: (n) => t('audit.total', { count: n }) }}
          expandable={{ expandedRowRender: (row) => <Changes row={row} /> }}
          columns={[
            { title: t('audit.col.at'), dataIndex: 'at', key: 'at', width: 160 },
            {
              title: t('audit.col.actor'),
              key: 'actor',
              width: 180,
              render: (_: unknown, row: AuditRowView) => (
                <>
                  <div>{row.actor}</div>
                  <Space size={4} wrap>
                    <Tag color={row.console === 'admin' ? 'purple' : 'blue'}>{t(`audit.console.${row.console}`)}</Tag>
                    {row.roles.map((r) => (
                      <Tag key={r}>{role(r)}</Tag>
                    ))}
                  </Space>
                </>
              ),
            },
            { title: t('audit.col.shop'), dataIndex: 'shop', key: 'shop', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('audit.col.action'), dataIndex: 'action', key: 'action', width: 260, render: (v: string) => <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>{v}</Typography.Text> },
            { title: t('audit.col.target'), dataIndex: 'target', key: 'target', width: 220, render: (v: string | null) => <span style={{ fontSize: 12, wordBreak: 'break-all' }}>{v ?? '—'}</span> },
            { title: t('audit.col.fields'), key: 'fields', width: 180, render: (_: unknown, row: AuditRowView) => <span style={{ fontSize: 12 }}>{row.fields.slice(0, 6).join(', ')}{row.fields.length > 6 ? '…' : ''}</span> },
            { title: t('audit.col.ip'), dataIndex: 'ip', key: 'ip', width: 120 },
          ]}
        />
      </Card>
    </>
  );
}

function Changes({ row }: { row: AuditRowView }) {
  const { t } = useT();
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('audit.seq', { seq: row.seq })}
        {row.requestId ? ` · ${t('audit.requestId', { id: row.requestId })}` : ''}
      </Typography.Text>
      {row.changes.map((c, i) => (
        <div key={`${c.table}-${c.id ?? i}-${i}`}>
          <Typography.Text strong>
            {t(`audit.op.${c.op}`)} {c.table} {c.id ?? ''}
          </Typography.Text>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={c.fields}
            style={{ marginTop: 6 }}
            columns={[
              { title: t('audit.change.field'), dataIndex: 'name', key: 'name', width: 200 },
              { title: t('audit.change.before'), dataIndex: 'before', key: 'before', render: (v: string) => <span style={{ color: '#cf1322', wordBreak: 'break-all' }}>{v}</span> },
              { title: t('audit.change.after'), dataIndex: 'after', key: 'after', render: (v: string) => <span style={{ color: '#389e0d', wordBreak: 'break-all' }}>{v}</span> },
            ]}
          />
        </div>
      ))}
    </Space>
  );
}
