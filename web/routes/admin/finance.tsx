import { useEffect, useState } from 'react';
import { Link, useFetcher, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Cascader, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Route } from './+types/finance';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { WithdrawalStatusTag } from '../../components/console/FinanceParts.tsx';
import { adminFinanceAction, adminFinanceLoader } from '../../lib/finance.server.ts';
import type { AdminFinanceView, ReconciliationRowView, WithdrawalRowView } from '../../lib/payment-views.ts';

/**
 * 财务 in the platform console: money held for shops, commission earned, what falls due, refunds that
 * need attention, withdrawal approvals, settlement settings and commission rates, and the daily
 * reconciliation of each provider's bill against the ledger.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminFinanceLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return adminFinanceAction({ request, context });
}

const TABS = ['overview', 'withdrawals', 'reconciliation', 'settings'] as const;
type TabKey = (typeof TABS)[number];

type Settlement = AdminFinanceView['settlements'][number];
type FailedRefund = AdminFinanceView['failedRefunds'][number];
type Rate = AdminFinanceView['commissionRates'][number];
type Difference = ReconciliationRowView['differences'][number];

const mono = { fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 } as const;

export default function AdminFinance({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useT();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const fetcher = useFetcher<typeof action>();
  const d = loaderData;
  const busy = fetcher.state !== 'idle';
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'overview';
  const [decision, setDecision] = useState<{ row: WithdrawalRowView; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [rateForm] = Form.useForm();

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setDecision(null);
      rateForm.resetFields();
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message, rateForm]);

  const submit = (values: Record<string, string>) => fetcher.submit(values, { method: 'post' });

  const overview = (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Card
          title={t('finance.admin.settlements')}
          styles={{ body: { padding: 0 } }}
          style={{ height: '100%' }}
          extra={
            <Button size="small" loading={busy} onClick={() => submit({ intent: 'settle' })}>
              {t('finance.admin.settleNow')}
            </Button>
          }
        >
          <Table<Settlement>
            rowKey="orderId"
            size="middle"
            dataSource={d.settlements}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 760 }}
            locale={{ emptyText: t('finance.admin.noSettlements') }}
            columns={[
              {
                title: t('finance.col.order'),
                key: 'order',
                width: 190,
                render: (_: unknown, s: Settlement) => (
                  <>
                    <Link to={`/admin/orders/${encodeURIComponent(s.orderId)}`} style={mono}>
                      {s.orderId}
                    </Link>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {s.shopName}
                      </Typography.Text>
                    </div>
                  </>
                ),
              },
              { title: t('finance.col.method'), key: 'method', width: 130, render: (_: unknown, s: Settlement) => `${s.method} · ${s.mode}` },
              { title: t('finance.col.captured'), dataIndex: 'captured', key: 'captured', align: 'right', width: 100 },
              { title: t('finance.col.refunded'), dataIndex: 'refunded', key: 'refunded', align: 'right', width: 90 },
              { title: t('finance.col.commission'), dataIndex: 'commission', key: 'commission', align: 'right', width: 90 },
              { title: t('finance.col.settled'), dataIndex: 'settled', key: 'settled', align: 'right', width: 100 },
              { title: t('finance.col.settledAt'), dataIndex: 'settledAt', key: 'settledAt', width: 140 },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('finance.admin.heldByShop')} styles={{ body: { padding: 0 } }} style={{ height: '100%' }}>
          <Table
            rowKey="shopId"
            size="middle"
            dataSource={d.heldByShop}
            pagination={false}
            locale={{ emptyText: t('finance.admin.noHeld') }}
            columns={[
              { title: t('console.orders.shop'), dataIndex: 'shopName', key: 'shop' },
              { title: t('finance.card.held'), dataIndex: 'held', key: 'held', align: 'right', width: 130 },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('finance.admin.failedRefunds', { count: d.failedRefunds.length })} styles={{ body: { padding: 0 } }}>
          <Table<FailedRefund>
            rowKey="id"
            size="middle"
            dataSource={d.failedRefunds}
            pagination={false}
            scroll={{ x: 720 }}
            locale={{ emptyText: t('finance.admin.noFailedRefunds') }}
            columns={[
              { title: t('finance.col.refund'), dataIndex: 'id', key: 'id', width: 220, render: (v: string) => <span style={mono}>{v}</span> },
              {
                title: t('finance.col.order'),
                key: 'order',
                width: 220,
                render: (_: unknown, r: FailedRefund) =>
                  r.orderId ? (
                    <Link to={`/admin/orders/${encodeURIComponent(r.orderId)}`} style={mono}>
                      {r.orderId}
                    </Link>
                  ) : (
                    <span style={mono}>{r.attemptId}</span>
                  ),
              },
              { title: t('finance.col.amount'), dataIndex: 'amount', key: 'amount', align: 'right', width: 100 },
              { title: t('finance.col.reason'), dataIndex: 'reason', key: 'reason', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
              { title: t('finance.col.requestedAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150 },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );

  const withdrawals = (
    <Card styles={{ body: { padding: 0 } }}>
      <Table<WithdrawalRowView>
        rowKey="id"
        size="middle"
        dataSource={d.withdrawals}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: t('finance.admin.noWithdrawals') }}
        columns={[
          { title: t('finance.col.requestedAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150 },
          { title: t('console.orders.shop'), dataIndex: 'shopName', key: 'shop', width: 160 },
          { title: t('finance.col.amount'), dataIndex: 'amount', key: 'amount', align: 'right', width: 110, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('finance.withdraw.account'), dataIndex: 'accountNote', key: 'account' },
          { title: t('finance.col.status'), key: 'status', width: 90, render: (_: unknown, w: WithdrawalRowView) => <WithdrawalStatusTag status={w.status} /> },
          {
            title: t('console.orders.col.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right',
            render: (_: unknown, w: WithdrawalRowView) => (
              <Space size={4}>
                <Button type="primary" size="small" onClick={() => (setNote(''), setDecision({ row: w, approve: true }))}>
                  {t('finance.admin.approve')}
                </Button>
                <Button danger size="small" onClick={() => (setNote(''), setDecision({ row: w, approve: false }))}>
                  {t('finance.admin.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );

  const reconciliation = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('finance.recon.run')}>
        <Form
          layout="inline"
          style={{ rowGap: 12 }}
          initialValues={{ provider: d.providers[0]?.value, date: dayjs(d.yesterday) }}
          onFinish={(v: { provider: string; date: dayjs.Dayjs }) => submit({ intent: 'reconcile', provider: v.provider, date: v.date.format('YYYY-MM-DD') })}
        >
          <Form.Item name="provider" label={t('finance.recon.provider')} rules={[{ required: true }]}>
            <Select options={d.providers} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="date" label={t('finance.recon.date')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('finance.recon.submit')}
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {t('finance.recon.hint')}
        </Typography.Paragraph>
      </Card>
      <Card title={t('finance.recon.reports')} styles={{ body: { padding: 0 } }}>
        <Table<ReconciliationRowView>
          rowKey="id"
          size="middle"
          dataSource={d.reconciliations}
          pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 700 }}
          locale={{ emptyText: t('finance.recon.empty') }}
          onRow={(r) => (r.status === 'differences' ? { style: { background: '#fff1f0' } } : {})}
          expandable={
            d.reconciliations.some((r) => r.differences.length > 0)
              ? {
            rowExpandable: (r) => r.differences.length > 0,
            defaultExpandAllRows: true,
            expandedRowRender: (r) => (
              <Table<Difference>
                rowKey={(x) => `${x.type}:${x.ref}:${x.kind}`}
                size="small"
                dataSource={r.differences}
                pagination={false}
                columns={[
                  { title: t('finance.diff.kind'), dataIndex: 'kind', key: 'kind', width: 160, render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
                  { title: t('finance.diff.type'), dataIndex: 'type', key: 'type', width: 70 },
                  { title: t('finance.diff.ref'), dataIndex: 'ref', key: 'ref', render: (v: string) => <Typography.Text type="danger" style={mono}>{v}</Typography.Text> },
                  { title: t('finance.diff.bill'), dataIndex: 'bill', key: 'bill', align: 'right', width: 110, render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
                  { title: t('finance.diff.ledger'), dataIndex: 'ledger', key: 'ledger', align: 'right', width: 110, render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
                ]}
              />
            ),
                }
              : undefined
          }
          columns={[
            { title: t('finance.recon.date'), dataIndex: 'date', key: 'date', width: 120 },
            { title: t('finance.recon.provider'), dataIndex: 'provider', key: 'provider', width: 110 },
            {
              title: t('finance.col.status'),
              key: 'status',
              width: 150,
              render: (_: unknown, r: ReconciliationRowView) =>
                r.status === 'matched' ? <Tag color="success">{t('finance.recon.matchedTag')}</Tag> : <Tag color="error">{t('finance.recon.diffTag', { count: r.differences.length })}</Tag>,
            },
            { title: t('finance.recon.billRows'), dataIndex: 'billRows', key: 'billRows', align: 'right', width: 100 },
            { title: t('finance.recon.ledgerRows'), dataIndex: 'ledgerRows', key: 'ledgerRows', align: 'right', width: 100 },
            { title: t('finance.recon.at'), dataIndex: 'createdAt', key: 'createdAt', width: 150 },
          ]}
        />
      </Card>
    </Space>
  );

  const settings = (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card title={t('finance.settings')} style={{ height: '100%' }}>
          <Form
            layout="vertical"
            initialValues={{ mode: d.settings.mode, settlementDays: d.settings.settlementDays }}
            onFinish={(v: { mode: string; settlementDays: number }) => submit({ intent: 'settings', mode: v.mode, settlementDays: String(v.settlementDays) })}
          >
            <Form.Item name="mode" label={t('finance.settings.mode')}>
              <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                <Radio value="marketplace">
                  {t('finance.mode.marketplace')}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('finance.mode.marketplaceHint')}
                    </Typography.Text>
                  </div>
                </Radio>
                <Radio value="platform_collect">
                  {t('finance.mode.platform_collect')}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('finance.mode.platform_collectHint')}
                    </Typography.Text>
                  </div>
                </Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="settlementDays" label={t('finance.settings.days')} htmlFor="settlement-days" extra={t('finance.settings.daysHint')} rules={[{ required: true, type: 'integer', min: 0, max: 90, message: t('finance.err.days') }]}>
              <InputNumber id="settlement-days" min={0} max={90} precision={0} prefix="T +" suffix={t('finance.settings.daysUnit')} style={{ width: 200 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('finance.settings.save')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('finance.rates')} style={{ height: '100%' }}>
          <Form
            form={rateForm}
            layout="inline"
            style={{ rowGap: 12, marginBottom: 16 }}
            onFinish={(v: { category: string[]; rate: string }) => submit({ intent: 'rate', categoryId: v.category[v.category.length - 1] ?? '', rate: v.rate.trim() })}
          >
            <Form.Item name="category" label={t('finance.rates.category')} rules={[{ required: true, message: t('finance.rates.pick') }]}>
              <Cascader
                options={d.categories}
                changeOnSelect
                showSearch
                placeholder={t('finance.rates.pick')}
                style={{ width: 260 }}
                aria-label={t('finance.rates.category')}
              />
            </Form.Item>
            <Form.Item name="rate" label={t('finance.rates.rate')} htmlFor="category-rate" rules={[{ required: true, pattern: /^\s*\d{1,3}(\.\d{1,2})?\s*$/, message: t('finance.err.commission') }]}>
              <Input id="category-rate" suffix="%" maxLength={6} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('finance.rates.set')}
              </Button>
            </Form.Item>
          </Form>
          <Table<Rate>
            rowKey="categoryId"
            size="middle"
            dataSource={d.commissionRates}
            pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
            columns={[
              { title: t('finance.rates.category'), dataIndex: 'path', key: 'path' },
              { title: t('finance.rates.rate'), dataIndex: 'rate', key: 'rate', align: 'right', width: 90, render: (v: string) => `${v}%` },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('finance.rates.hint')}
          </Typography.Paragraph>
        </Card>
      </Col>
    </Row>
  );

  return (
    <>
      <title>{`${t('admin.nav.finance')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.finance')}</PageTitle>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {d.cards.map((c) => (
          <Col key={c.key} xs={12} lg={6}>
            <Card size="small" style={{ height: '100%' }} data-testid={`admin-finance-${c.key}`}>
              <Statistic title={c.label} value={c.value} styles={{ content: { fontSize: 22 } }} />
              {c.hint ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.hint}
                </Typography.Text>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
      {d.rejectedNotifications > 0 ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('finance.admin.rejectedNotifications', { count: d.rejectedNotifications })} /> : null}
      <Tabs
          activeKey={tab}
          onChange={(key) => navigate(key === 'overview' ? '/admin/finance' : `/admin/finance?tab=${key}`, { preventScrollReset: true })}
          items={[
            { key: 'overview', label: t('finance.tab.overview'), children: overview },
            { key: 'withdrawals', label: `${t('finance.tab.withdrawals')} (${d.withdrawals.length})`, children: withdrawals },
            { key: 'reconciliation', label: t('finance.tab.reconciliation'), children: reconciliation },
            { key: 'settings', label: t('finance.tab.settings'), children: settings },
          ]}
        />

      <Modal
        open={!!decision}
        title={decision ? t(decision.approve ? 'finance.admin.approveTitle' : 'finance.admin.rejectTitle', { shop: decision.row.shopName, amount: decision.row.amount }) : ''}
        okText={decision?.approve ? t('finance.admin.approve') : t('finance.admin.reject')}
        okButtonProps={{ danger: decision ? !decision.approve : false, disabled: decision ? !decision.approve && !note.trim() : false }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onCancel={() => setDecision(null)}
        onOk={() => decision && submit({ intent: 'withdrawal', id: decision.row.id, approve: String(decision.approve), note: note.trim() })}
        destroyOnHidden
      >
        {decision ? (
          <Form layout="vertical">
            <Typography.Paragraph type="secondary">{t('finance.admin.accountIs', { account: decision.row.accountNote })}</Typography.Paragraph>
            <Form.Item label={t(decision.approve ? 'finance.admin.noteOptional' : 'finance.admin.noteRequired')} htmlFor="decision-note">
              <Input.TextArea id="decision-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} rows={3} />
            </Form.Item>
          </Form>
        ) : null}
      </Modal>
    </>
  );
}
