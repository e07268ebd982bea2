import { useEffect } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { ExportButton } from '../../components/console/ListTools.tsx';
import type { Route } from './+types/finance';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { FundsStatusTag, WithdrawalStatusTag } from '../../components/console/FinanceParts.tsx';
import { sellerFinanceAction, sellerFinanceLoader } from '../../lib/finance.server.ts';
import { FUNDS_STATUSES, type FundsStatusName, type StatementRowView, type WithdrawalRowView } from '../../lib/payment-views.ts';

/**
 * 财务 in the merchant console (owners and finance staff): money at a glance, the statement
 * (对账单: one row per paid order) with 导出 Excel, and withdrawals from the available balance.
 */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return sellerFinanceLoader({ request, context, shopId: params.shopId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return sellerFinanceAction({ request, context, shopId: params.shopId });
}

export default function SellerFinance({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const [form] = Form.useForm();
  const d = loaderData;
  const base = `/seller/${encodeURIComponent(d.shopId)}/finance`;
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      form.resetFields();
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message, form]);

  const go = (status: FundsStatusName | 'all', page = 1) => {
    const q = new URLSearchParams();
    if (status !== 'all') q.set('status', status);
    if (page > 1) q.set('page', String(page));
    navigate(`${base}${q.size ? `?${q}` : ''}`, { preventScrollReset: true });
  };

  const whenText = (r: StatementRowView) =>
    r.whenKind === 'settled' ? r.when : r.whenKind === 'expected' ? t('finance.when.expected', { time: r.when }) : r.whenKind === 'after_receipt' ? t('finance.when.afterReceipt', { days: d.settlementDays }) : '—';

  return (
    <>
      <title>{`${t('seller.nav.finance')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.finance')}</PageTitle>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t(d.mode === 'marketplace' ? 'finance.seller.modeMarketplace' : 'finance.seller.modeCollect', { days: d.settlementDays })}
      />

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {d.cards.map((c) => (
          <Col key={c.key} xs={12} md={8} xl={6} xxl={3} style={{ minWidth: 0 }}>
            <Card size="small" style={{ height: '100%' }} data-testid={`finance-card-${c.key}`}>
              <Statistic title={c.label} value={c.value} styles={{ content: { fontSize: 20 } }} />
              {c.hint ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.hint}
                </Typography.Text>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>

      <Card
        title={t('finance.statement')}
        style={{ marginBottom: 16 }}
        styles={{ body: { paddingTop: 4 } }}
        extra={
          <ExportButton href={d.exportHref} />
        }
      >
        <Tabs
          activeKey={d.statement.status}
          onChange={(key) => go(key as FundsStatusName | 'all')}
          items={(['all', ...FUNDS_STATUSES] as const).map((key) => ({ key, label: key === 'all' ? t('finance.status.all') : t(`finance.status.${key}`) }))}
        />
        <Table<StatementRowView>
          rowKey="orderId"
          size="middle"
          dataSource={d.statement.rows}
          scroll={{ x: 880 }}
          locale={{ emptyText: t('finance.statement.empty') }}
          pagination={{
            current: d.statement.page,
            pageSize: d.statement.pageSize,
            total: d.statement.total,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (p) => go(d.statement.status, p),
            showTotal: (n) => t('console.orders.total', { count: n }),
          }}
          columns={[
            {
              title: t('finance.col.order'),
              key: 'order',
              width: 190,
              render: (_: unknown, r: StatementRowView) => (
                <>
                  <Link to={r.orderHref} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
                    {r.orderId}
                  </Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('finance.paidAt', { time: r.paidAt })}
                    </Typography.Text>
                  </div>
                </>
              ),
            },
            { title: t('finance.col.method'), dataIndex: 'method', key: 'method', width: 88 },
            { title: t('finance.col.captured'), dataIndex: 'captured', key: 'captured', width: 96, align: 'right' },
            { title: t('finance.col.refunded'), dataIndex: 'refunded', key: 'refunded', width: 86, align: 'right' },
            { title: t('finance.col.commission'), dataIndex: 'commission', key: 'commission', width: 86, align: 'right' },
            {
              title: t('finance.col.settled'),
              dataIndex: 'settled',
              key: 'settled',
              width: 100,
              align: 'right',
              render: (v: string, r: StatementRowView) => (r.status === 'settled' ? <Typography.Text strong>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
            },
            { title: t('finance.col.status'), key: 'status', width: 82, render: (_: unknown, r: StatementRowView) => <FundsStatusTag status={r.status} /> },
            { title: t('finance.col.when'), key: 'when', width: 150, render: (_: unknown, r: StatementRowView) => whenText(r) },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('finance.withdraw')} style={{ height: '100%' }}>
            <Typography.Paragraph>
              {t('finance.withdraw.available')} <Typography.Text strong style={{ fontSize: 18, color: '#ff5000' }}>{d.available}</Typography.Text>
            </Typography.Paragraph>
            {d.mode === 'marketplace' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('finance.withdraw.marketplace')} /> : null}
            <Form
              form={form}
              layout="vertical"
              disabled={busy}
              onFinish={(values: { amount: string; accountNote: string }) =>
                fetcher.submit({ intent: 'withdraw', amount: values.amount.trim(), accountNote: values.accountNote.trim(), key: d.key }, { method: 'post' })
              }
            >
              <Form.Item
                name="amount"
                label={t('finance.withdraw.amount')}
                htmlFor="withdraw-amount"
                rules={[{ required: true, pattern: /^\s*\d{1,9}(\.\d{1,2})?\s*$/, message: t('finance.err.amount') }]}
              >
                <Input id="withdraw-amount" prefix="¥" inputMode="decimal" maxLength={12} placeholder={t('finance.withdraw.amountPlaceholder')} />
              </Form.Item>
              <Form.Item
                name="accountNote"
                label={t('finance.withdraw.account')}
                htmlFor="withdraw-account"
                extra={t('finance.withdraw.accountHint')}
                rules={[{ required: true, min: 2, max: 200, whitespace: true, message: t('finance.err.account') }]}
              >
                <Input id="withdraw-account" maxLength={200} placeholder={t('finance.withdraw.accountPlaceholder')} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('finance.withdraw.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card title={t('finance.withdrawals')} style={{ height: '100%' }} styles={{ body: { padding: 0 } }}>
            <Table<WithdrawalRowView>
              rowKey="id"
              size="middle"
              dataSource={d.withdrawals}
              pagination={false}
              scroll={{ x: 620 }}
              locale={{ emptyText: t('finance.withdrawals.empty') }}
              columns={[
                { title: t('finance.col.requestedAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150 },
                { title: t('finance.col.amount'), dataIndex: 'amount', key: 'amount', width: 110, align: 'right' },
                { title: t('finance.withdraw.account'), dataIndex: 'accountNote', key: 'accountNote', ellipsis: true },
                {
                  title: t('finance.col.status'),
                  key: 'status',
                  width: 170,
                  render: (_: unknown, w: WithdrawalRowView) => (
                    <Space size={4} orientation="vertical">
                      <WithdrawalStatusTag status={w.status} />
                      {w.decisionNote ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {w.decisionNote}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
