import { useCallback, useState, type ReactNode } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { Button, Card, Checkbox, Descriptions, Empty, Input, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PhotoStrip, useFetcherReport } from './ComplaintParts.tsx';
import {
  AFS_PHOTO_MAX,
  AFS_TEXT_MAX,
  AFS_URGENT_MS,
  type AfsDetailView,
  type AfsRowView,
  type AfsStatus,
  type DeadlineView,
  type MessageView,
  type StepView,
} from '../../lib/after-sales-views.ts';
import { durationText } from '../../lib/durations.ts';

const STATUS_COLOR: Record<AfsStatus, string> = {
  requested: 'gold',
  awaiting_return: 'blue',
  returned: 'orange',
  received_by_merchant: 'cyan',
  replacement_shipped: 'blue',
  rejected: 'red',
  escalated: 'magenta',
  refunded: 'green',
  completed: 'green',
  cancelled: 'default',
  closed: 'default',
};

export function AfsStatusTag({ status }: { status: AfsStatus }) {
  const { t } = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`afs.status.${status}`)}</Tag>;
}

/** Time left on a deadline: red under 12 hours (and once passed), with whose turn it is and the exact time. */
export function DeadlineCell({ deadline, compact = false }: { deadline: DeadlineView | null; compact?: boolean }) {
  const { t } = useT();
  if (!deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  const urgent = deadline.remainingMs < AFS_URGENT_MS;
  const passed = deadline.remainingMs <= 0;
  return (
    <span data-urgent={urgent ? 'true' : 'false'} style={{ display: 'inline-grid', gap: 2 }}>
      <Typography.Text strong={urgent} style={{ color: urgent ? '#cf1322' : '#389e0d' }}>
        {passed ? <WarningOutlined /> : <ClockCircleOutlined />}{' '}
        {passed ? t('afs.deadline.overdue') : t('afs.deadline.left', { time: durationText(deadline.remainingMs, t) })}
      </Typography.Text>
      {compact ? null : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`afs.party.${deadline.party}`)} · {t(`afs.deadlineAction.${deadline.action}` as MessageKey)} · {deadline.at}
        </Typography.Text>
      )}
    </span>
  );
}

/** The line a request is about: thumbnail, title, spec, kind and reason. */
export function RequestCell({ r }: { r: AfsRowView }) {
  const { t } = useT();
  return (
    <Space align="start" size={10}>
      {r.line.image ? <img src={r.line.image} alt="" width={44} height={44} style={{ borderRadius: 4, objectFit: 'cover', flex: 'none' }} /> : null}
      <div style={{ minWidth: 0 }}>
        <Link to={r.href} style={{ fontWeight: 500 }}>
          {r.line.title}
        </Link>
        <div>
          <Tag variant="filled">{t(`afs.kind.${r.kind}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`afs.reason.${r.reason}`)}
            {r.line.spec ? ` · ${r.line.spec}` : ''}
          </Typography.Text>
        </div>
      </div>
    </Space>
  );
}

export interface AfsTableProps {
  items: AfsRowView[];
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  /** seller: deadline column; queue: time waiting in arbitration; all: both status and deadline, with the shop. */
  variant: 'seller' | 'queue' | 'all';
}

export function AfsTable({ items, total, page, pageSize, onPage, variant }: AfsTableProps) {
  const { t } = useT();
  const platform = variant !== 'seller';
  return (
    <Table<AfsRowView>
      rowKey="id"
      size="middle"
      dataSource={items}
      scroll={{ x: 960 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(variant === 'queue' ? 'afs.console.queueEmpty' : 'afs.console.empty')} /> }}
      onRow={(row) => ({ 'data-testid': `afs-${row.id}`, 'data-urgent': row.deadline && row.deadline.remainingMs < AFS_URGENT_MS ? 'true' : 'false' }) as never}
      pagination={{ current: page, pageSize, total, showSizeChanger: false, hideOnSinglePage: true, onChange: onPage }}
      columns={[
        { title: t('afs.col.request'), key: 'request', render: (_: unknown, r) => <RequestCell r={r} /> },
        ...(platform ? [{ title: t('afs.col.shop'), dataIndex: 'shopName', key: 'shop', width: 150 }] : []),
        { title: t('afs.col.buyer'), dataIndex: 'buyer', key: 'buyer', width: 120 },
        {
          title: t('afs.col.amount'),
          key: 'amount',
          width: 110,
          align: 'right' as const,
          render: (_: unknown, r: AfsRowView) => (r.refunded ? <Typography.Text type="success">{r.refunded}</Typography.Text> : (r.amount ?? <Typography.Text type="secondary">×{r.qty}</Typography.Text>)),
        },
        ...(variant === 'queue'
          ? [
              {
                title: t('afs.col.waiting'),
                key: 'waiting',
                width: 150,
                render: (_: unknown, r: AfsRowView) =>
                  r.waitingMs !== null ? (
                    <span style={{ display: 'inline-grid' }}>
                      <Typography.Text strong style={{ color: r.waitingMs > 24 * 3_600_000 ? '#cf1322' : undefined }}>
                        {t('afs.waiting', { time: durationText(r.waitingMs, t) })}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.escalatedAt}
                      </Typography.Text>
                    </span>
                  ) : null,
              },
            ]
          : [
              { title: t('afs.col.status'), key: 'status', width: 120, render: (_: unknown, r: AfsRowView) => <AfsStatusTag status={r.status} /> },
              { title: t('afs.col.deadline'), key: 'deadline', width: 210, render: (_: unknown, r: AfsRowView) => <DeadlineCell deadline={r.deadline} /> },
            ]),
        { title: t('afs.col.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150 },
        {
          title: t('afs.col.actions'),
          key: 'actions',
          width: 80,
          fixed: 'right' as const,
          render: (_: unknown, r: AfsRowView) => <Link to={r.href}>{t(variant === 'queue' ? 'afs.console.arbitrate' : 'afs.console.handle')}</Link>,
        },
      ]}
    />
  );
}

/** Page changes and filters as navigations (the list is a plain loader read). */
export function useQueryNavigation(base: string) {
  const navigate = useNavigate();
  return useCallback(
    (params: Record<string, string>, current: URLSearchParams, keepPage = false) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(params)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (!keepPage) next.delete('page');
      navigate(`${base}${next.size ? `?${next}` : ''}`);
    },
    [base, navigate],
  );
}

export function ProgressStepsConsole({ steps }: { steps: StepView[] }) {
  const { t } = useT();
  const current = Math.max(0, steps.findIndex((s) => s.state === 'current'));
  return (
    <Steps
      size="small"
      current={steps.some((s) => s.state === 'current') ? current : steps.length - 1}
      items={steps.map((s) => ({
        title: t(s.status === 'decision' ? 'afs.step.decision' : `afs.step.${s.status}`),
        content: s.at ? s.at.slice(5) : undefined,
        status: s.state === 'done' ? 'finish' : s.state === 'current' ? 'process' : s.state === 'stopped' ? 'error' : 'wait',
      }))}
    />
  );
}

/** What the request is: the line, the shopper's words and pictures, amounts, the return and replacement parcels, the ruling, refunds. */
export function AfsInfo({ r, extra, viewer }: { r: AfsDetailView; extra?: ReactNode; viewer: 'merchant' | 'platform' }) {
  const { t } = useT();
  return (
    <Card
      title={
        <Space wrap>
          <AfsStatusTag status={r.status} />
          <span>{t(`afs.kind.${r.kind}`)}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>
            {r.id}
          </Typography.Text>
        </Space>
      }
      extra={extra}
    >
      <ProgressStepsConsole steps={r.steps} />
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', margin: '16px 0 12px' }}>
        {r.line.image ? <img src={r.line.image} alt="" width={56} height={56} style={{ borderRadius: 6, objectFit: 'cover' }} /> : null}
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{r.line.title}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.line.spec ? `${r.line.spec} · ` : ''}
              {r.line.price} × {r.line.qty}
            </Typography.Text>
          </div>
        </div>
      </div>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('afs.field.reason')}>{t(`afs.reason.${r.reason}`)}</Descriptions.Item>
        <Descriptions.Item label={t('afs.field.amountShort')}>{r.amount ? <Typography.Text strong>{r.amount}</Typography.Text> : t('afs.noAmount')}</Descriptions.Item>
        <Descriptions.Item label={t('afs.field.qty')}>{r.qty}</Descriptions.Item>
        <Descriptions.Item label={t('afs.orderNo')}>
          {r.orderHref ? (
            <Link to={r.orderHref} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
              {r.orderId}
            </Link>
          ) : (
            r.orderId
          )}
        </Descriptions.Item>
        {viewer === 'platform' ? <Descriptions.Item label={t('afs.col.shop')}>{r.shopName}</Descriptions.Item> : null}
        <Descriptions.Item label={t('afs.col.buyer')}>{r.buyer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('afs.appliedAtLabel')}>{r.createdAt}</Descriptions.Item>
        <Descriptions.Item label={t('afs.fact.refundable')}>{r.refundable}</Descriptions.Item>
        {r.deadline ? (
          <Descriptions.Item label={t('afs.col.deadline')}>
            <DeadlineCell deadline={r.deadline} />
          </Descriptions.Item>
        ) : null}
        {r.escalatedAt ? <Descriptions.Item label={t('afs.fact.escalatedAt')}>{r.escalatedAt}</Descriptions.Item> : null}
      </Descriptions>
      <Card size="small" type="inner" title={t('afs.section.buyerEvidence')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{r.description || <Typography.Text type="secondary">{t('afs.noDescription')}</Typography.Text>}</Typography.Paragraph>
        <PhotoStrip photos={r.photos} />
        {r.escalationReason ? (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            <Typography.Text type="secondary">{t('afs.fact.escalationReason')}：</Typography.Text>
            {r.escalationReason}
          </Typography.Paragraph>
        ) : null}
      </Card>
      {r.merchantNote || r.rejectReason || r.returnAddress || r.returnShipment || r.replacementShipment ? (
        <Card size="small" type="inner" title={t('afs.section.merchantSide')} style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={1}>
            {r.rejectReason ? <Descriptions.Item label={t('afs.fact.rejectReason')}>{r.rejectReason}</Descriptions.Item> : null}
            {r.merchantNote ? <Descriptions.Item label={t('afs.fact.merchantNote')}>{r.merchantNote}</Descriptions.Item> : null}
            {r.returnAddress ? <Descriptions.Item label={t('afs.return.address')}>{r.returnAddress}</Descriptions.Item> : null}
            {r.returnShipment ? (
              <Descriptions.Item label={t('afs.fact.returnShipment')}>
                {r.returnShipment.carrierName} {r.returnShipment.trackingNo} · {r.returnShipment.at}
              </Descriptions.Item>
            ) : null}
            {r.replacementShipment ? (
              <Descriptions.Item label={t('afs.fact.replacementShipment')}>
                {r.replacementShipment.carrierName} {r.replacementShipment.trackingNo} · {r.replacementShipment.at}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      ) : null}
      {r.decision ? (
        <Card size="small" type="inner" title={t('afs.fact.decision')} style={{ marginBottom: 12, borderLeft: `3px solid ${r.decision.outcome === 'refund' ? '#52c41a' : '#8c8c8c'}` }}>
          <Tag color={r.decision.outcome === 'refund' ? 'green' : 'default'}>{t(`afs.decision.${r.decision.outcome}`)}</Tag>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>{r.decision.note}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.decision.at}
          </Typography.Text>
        </Card>
      ) : null}
      {r.refunds.length > 0 ? (
        <Card size="small" type="inner" title={t('afs.section.refunds')}>
          {r.refunds.map((x) => (
            <div key={x.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline' }}>
              <Typography.Text strong>{x.amount}</Typography.Text>
              <span>
                {t(x.forShipping ? 'afs.refund.shipping' : 'afs.refund.item')} · {t(`afs.refundTo.${x.to}`)}
              </span>
              <Tag color={x.status === 'succeeded' ? 'green' : x.status === 'failed' ? 'red' : 'processing'}>{t(`afs.refundStatus.${x.status}`)}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {x.finishedAt ?? x.at}
              </Typography.Text>
            </div>
          ))}
        </Card>
      ) : null}
    </Card>
  );
}

const ROLE_BG: Record<MessageView['authorRole'], string> = { buyer: '#fff7e6', merchant: '#f6ffed', platform: '#e6f4ff', system: '#fafafa' };

/** The negotiation record (协商记录): the caller's own messages on the right; internal platform notes marked. */
export function AfsConversation({ messages }: { messages: MessageView[] }) {
  const { t } = useT();
  if (messages.length === 0) return <Typography.Text type="secondary">{t('afs.thread.empty')}</Typography.Text>;
  return (
    <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }} aria-label={t('afs.section.thread')}>
      {messages.map((m) => (
        <li key={m.id} style={{ justifySelf: m.mine ? 'end' : 'start', maxWidth: '85%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', textAlign: m.mine ? 'right' : 'left' }}>
            {t(`afs.role.${m.authorRole}`)}
            {m.internal ? ` · ${t('afs.internal')}` : ''} · {m.at}
          </Typography.Text>
          <div
            style={{
              background: m.internal ? '#fffbe6' : ROLE_BG[m.authorRole],
              border: m.internal ? '1px dashed #faad14' : undefined,
              borderRadius: 10,
              padding: '8px 12px',
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
            }}
          >
            {m.body}
          </div>
          <PhotoStrip photos={m.photos} />
        </li>
      ))}
    </ol>
  );
}

export function AfsTimelineConsole({ r }: { r: AfsDetailView }) {
  const { t } = useT();
  return (
    <Timeline
      items={[...r.timeline].reverse().map((e, i) => ({
        color: i === 0 ? 'blue' : 'gray',
        content: (
          <div>
            <Typography.Text strong={i === 0}>
              {t(`afs.event.${e.action}` as MessageKey)}
              {e.amount ? ` ${e.amount}` : ''}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              · {t(`afs.role.${e.actorRole}`)} · {e.at}
            </Typography.Text>
            {e.note ? <div style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

type Result = { ok: boolean; message: string; intent?: string; fieldErrors?: Partial<Record<string, string>> };

/** Write in the negotiation record: text and up to 9 pictures (platform: optionally an internal note). */
export function AfsMessageBox({ disabledReason, internalOption = false }: { disabledReason?: string | null; internalOption?: boolean }) {
  const { t } = useT();
  const fetcher = useFetcher<Result>();
  const [round, setRound] = useState(0);
  const clear = useCallback(() => setRound((n) => n + 1), []);
  useFetcherReport(fetcher as never, clear);
  if (disabledReason) return <Typography.Text type="secondary">{disabledReason}</Typography.Text>;
  return (
    <fetcher.Form key={round} method="post" encType="multipart/form-data" style={{ display: 'grid', gap: 8, marginTop: 12 }}>
      <input type="hidden" name="intent" value="message" />
      <Input.TextArea name="body" rows={3} maxLength={AFS_TEXT_MAX.message} showCount aria-label={t('afs.message.label')} placeholder={t('afs.message.placeholderConsole')} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-end', justifyContent: 'space-between', marginTop: 8 }}>
        <div style={{ display: 'grid', gap: 2, minWidth: 0 }}>
          <input type="file" name="photos" multiple accept="image/jpeg,image/png,image/webp,image/gif" aria-label={t('afs.message.photos')} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('afs.photos.hint', { n: 0, max: AFS_PHOTO_MAX })}
          </Typography.Text>
        </div>
        <Space>
          {internalOption ? <Checkbox name="internal">{t('afs.message.internal')}</Checkbox> : null}
          <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
            {t('afs.message.send')}
          </Button>
        </Space>
      </div>
    </fetcher.Form>
  );
}
