import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useFetcher, useNavigate, useSearchParams } from 'react-router';
import { App, Badge, Button, Card, Descriptions, Empty, Image, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/use-t.ts';
import { ExportButton } from './ListTools.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import {
  COMPLAINT_CATEGORY_NAMES,
  COMPLAINT_PHOTO_MAX,
  COMPLAINT_STATUS_NAMES,
  COMPLAINT_TEXT_MAX,
  SLA_STATE_NAMES,
  runningClock,
  slaText,
  type ComplaintDetailView,
  type ComplaintRowView,
  type ComplaintSlaView,
  type ComplaintStatusName,
  type PhotoView,
  type SlaClockView,
  type SlaStateName,
  type ThreadEntryView,
} from '../../lib/complaint-views.ts';
import { durationText } from '../../lib/durations.ts';

const STATUS_COLOR: Record<ComplaintStatusName, string> = {
  submitted: 'gold',
  accepted: 'processing',
  investigating: 'cyan',
  resolved: 'green',
  closed: 'default',
  rejected: 'default',
  withdrawn: 'default',
};

export function ComplaintStatusTag({ status }: { status: ComplaintStatusName }) {
  const { t } = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`complaint.status.${status}`)}</Tag>;
}

/** Breached in red, due soon in orange, ok in green. */
export const SLA_COLOR: Record<SlaStateName, string> = { ok: '#389e0d', due_soon: '#fa8c16', breached: '#cf1322' };
const SLA_TAG: Record<SlaStateName, string> = { ok: 'green', due_soon: 'orange', breached: 'red' };

/** The SLA of a complaint: a coloured tag with the running clock in words ("首次响应剩 3 小时 20 分"). */
export function SlaTag({ sla }: { sla: ComplaintSlaView }) {
  const { t } = useT();
  const running = runningClock(sla);
  const icon = sla.state === 'breached' ? <WarningOutlined /> : <ClockCircleOutlined />;
  return (
    <Tooltip title={running ? t('complaint.sla.dueAt', { time: running.clock.dueAt }) : undefined}>
      <Tag color={running ? SLA_TAG[sla.state] : sla.state === 'breached' ? 'red' : 'default'} icon={icon} data-sla={sla.state} style={{ whiteSpace: 'normal' }}>
        {slaText(sla, t)}
      </Tag>
    </Tooltip>
  );
}

function ClockLine({ clock }: { clock: SlaClockView }) {
  const { t } = useT();
  if (clock.remainingMs !== null) {
    return (
      <span>
        <Typography.Text style={{ color: SLA_COLOR[clock.state] }}>
          {clock.remainingMs > 0 ? t('complaint.sla.leftShort', { time: durationText(clock.remainingMs, t) }) : t('complaint.sla.overdueShort', { time: durationText(clock.remainingMs, t) })}
        </Typography.Text>{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('complaint.sla.dueAt', { time: clock.dueAt })}
        </Typography.Text>
      </span>
    );
  }
  return (
    <span>
      <Typography.Text style={clock.state === 'breached' ? { color: SLA_COLOR.breached } : undefined}>
        {clock.stoppedAt
          ? t(clock.state === 'breached' ? 'complaint.sla.stoppedLate' : 'complaint.sla.stoppedAt', { time: clock.stoppedAt })
          : t(clock.state === 'breached' ? 'complaint.sla.wasBreached' : 'complaint.sla.notNeeded')}
      </Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('complaint.sla.dueAt', { time: clock.dueAt })}
      </Typography.Text>
    </span>
  );
}

export function PhotoStrip({ photos }: { photos: PhotoView[] }) {
  const { t } = useT();
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6} style={{ marginTop: 6 }}>
        {photos.map((p, i) => (
          <Image key={p.url} src={p.thumb} preview={{ src: p.url }} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} alt={t('complaint.photoAlt', { n: i + 1 })} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** Filters in the URL: every change is a navigation, so the list is a plain loader read. */
export function useListNavigation(base: string) {
  const navigate = useNavigate();
  return (params: Record<string, string>, current: URLSearchParams) => {
    const next = new URLSearchParams(current);
    for (const [k, v] of Object.entries(params)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('page');
    navigate(`${base}${next.size ? `?${next}` : ''}`);
  };
}

export interface ComplaintListProps {
  base: string;
  state: { status: string; category: string; sla: string; shopId: string; assignee: string; page: number };
  total: number;
  pageSize: number;
  statusCounts: Record<ComplaintStatusName, number>;
  slaCounts: Record<SlaStateName, number>;
  items: ComplaintRowView[];
  /** Platform: shop and assignee filters, the assignee column. */
  shops?: { value: string; label: string }[];
  staff?: { value: string; label: string }[];
  /** The export link for the current filters (导出 Excel). */
  exportHref?: string;
}

/** The complaints queue (platform) or a shop's complaints: status tabs, filters, 导出, sorted by the next deadline. */
export function ComplaintList({ base, state, total, pageSize, statusCounts, slaCounts, items, shops, staff, exportHref }: ComplaintListProps) {
  const { t } = useT();
  const navigate = useNavigate();
  const go = useListNavigation(base);
  const [params] = useSearchParams();
  const current = () => new URLSearchParams(params);
  const platform = Boolean(staff);
  const openCount = statusCounts.submitted + statusCounts.accepted + statusCounts.investigating + statusCounts.resolved;
  const allCount = COMPLAINT_STATUS_NAMES.reduce((s, k) => s + statusCounts[k], 0);
  const tabs = [
    { key: 'open', label: `${t('complaint.tab.open')} (${openCount})` },
    ...COMPLAINT_STATUS_NAMES.map((s) => ({ key: s, label: `${t(`complaint.status.${s}`)} (${statusCounts[s]})` })),
    { key: 'all', label: `${t('complaint.tab.all')} (${allCount})` },
  ];
  return (
    <>
      <Space wrap size={12} style={{ marginBottom: 12 }}>
        <Badge color={SLA_COLOR.breached} text={<Typography.Text style={{ color: SLA_COLOR.breached }}>{t('complaint.summary.breached', { n: slaCounts.breached })}</Typography.Text>} />
        <Badge color={SLA_COLOR.due_soon} text={<Typography.Text style={{ color: SLA_COLOR.due_soon }}>{t('complaint.summary.dueSoon', { n: slaCounts.due_soon })}</Typography.Text>} />
        <Badge color={SLA_COLOR.ok} text={t('complaint.summary.ok', { n: slaCounts.ok })} />
      </Space>
      <Card styles={{ body: { paddingTop: 0 } }}>
        <Tabs activeKey={state.status} items={tabs} onChange={(key) => go({ status: key }, current())} />
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('complaint.filter.category')}
            style={{ width: 150 }}
            value={state.category}
            onChange={(v: string) => go({ category: v }, current())}
            options={[{ value: '', label: t('complaint.filter.category') }, ...COMPLAINT_CATEGORY_NAMES.map((c) => ({ value: c, label: t(`complaint.category.${c}`) }))]}
          />
          <Select
            aria-label={t('complaint.filter.sla')}
            style={{ width: 140 }}
            value={state.sla}
            onChange={(v: string) => go({ sla: v }, current())}
            options={[{ value: '', label: t('complaint.filter.sla') }, ...SLA_STATE_NAMES.map((s) => ({ value: s, label: t(`complaint.slaState.${s}`) }))]}
          />
          {shops ? (
            <Select
              aria-label={t('complaint.filter.shop')}
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={state.shopId}
              onChange={(v: string) => go({ shopId: v }, current())}
              options={[{ value: '', label: t('complaint.filter.shop') }, ...shops]}
            />
          ) : null}
          {staff ? (
            <Select
              aria-label={t('complaint.filter.assignee')}
              style={{ width: 160 }}
              value={state.assignee}
              onChange={(v: string) => go({ assignee: v }, current())}
              options={[
                { value: '', label: t('complaint.filter.assignee') },
                { value: 'me', label: t('complaint.filter.me') },
                { value: 'none', label: t('complaint.filter.none') },
                ...staff,
              ]}
            />
          ) : null}
          {exportHref ? <ExportButton href={exportHref} /> : null}
        </Space>
        <Table<ComplaintRowView>
          rowKey="id"
          size="middle"
          dataSource={items}
          scroll={{ x: platform ? 980 : 820 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaint.empty')} /> }}
          onRow={(row) => ({ 'data-sla': row.sla.state, 'data-testid': `complaint-${row.id}` }) as never}
          pagination={{
            current: state.page,
            pageSize,
            total,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (page) => {
              const next = current();
              next.set('page', String(page));
              navigate(`${base}?${next}`);
            },
          }}
          columns={[
            {
              title: t('complaint.col.complaint'),
              key: 'title',
              render: (_: unknown, c) => (
                <div style={{ minWidth: 0 }}>
                  <Link to={c.href} style={{ fontWeight: 500 }}>
                    {c.title}
                  </Link>
                  <div>
                    <Tag variant="filled">{t(`complaint.category.${c.category}`)}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.shopperName}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            ...(platform ? [{ title: t('complaint.col.shop'), dataIndex: 'shopName', key: 'shop', width: 160 }] : []),
            { title: t('complaint.col.status'), key: 'status', width: 100, render: (_: unknown, c: ComplaintRowView) => <ComplaintStatusTag status={c.status} /> },
            { title: t('complaint.col.sla'), key: 'sla', width: 210, render: (_: unknown, c: ComplaintRowView) => <SlaTag sla={c.sla} /> },
            ...(platform
              ? [
                  {
                    title: t('complaint.col.assignee'),
                    key: 'assignee',
                    width: 110,
                    render: (_: unknown, c: ComplaintRowView) => c.assignee?.name ?? <Typography.Text type="secondary">{t('complaint.detail.unassigned')}</Typography.Text>,
                  },
                ]
              : []),
            { title: t('complaint.col.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150 },
            {
              title: t('complaint.col.actions'),
              key: 'actions',
              width: 90,
              fixed: 'right' as const,
              render: (_: unknown, c: ComplaintRowView) => <Link to={c.href}>{t('complaint.view')}</Link>,
            },
          ]}
        />
      </Card>
    </>
  );
}

type ActionResult = { ok: boolean; message: string };

/** Reports a fetcher's outcome through antd's message once per submission. */
export function useFetcherReport(fetcher: { state: string; data?: ActionResult | undefined }, onOk?: () => void) {
  const { message } = App.useApp();
  const seen = useRef(fetcher.data);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || fetcher.data === seen.current) return;
    seen.current = fetcher.data;
    if (fetcher.data.ok) {
      message.success(fetcher.data.message);
      onOk?.();
    } else message.error(fetcher.data.message);
  }, [fetcher.state, fetcher.data, message, onOk]);
}

function threadWho(m: ThreadEntryView, t: ReturnType<typeof useT>['t']): string {
  const role = t(`complaint.role.${m.authorRole}`);
  return m.authorName ? `${m.authorName} · ${role}` : role;
}

/** Events whose text the page shows elsewhere: the assignee's name is in the label, the resolution has its own card. */
export const EVENT_BODY_ELSEWHERE = new Set(['assign', 'resolve']);

const ROLE_BG: Record<ThreadEntryView['authorRole'], string> = { shopper: '#fff7e6', shop: '#f6ffed', platform: '#e6f4ff', system: '#fafafa' };

/** The conversation and the timeline of a complaint, oldest first. */
export function ComplaintThread({ thread }: { thread: ThreadEntryView[] }) {
  const { t } = useT();
  return (
    <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }} aria-label={t('complaint.section.thread')}>
      {thread.map((m) =>
        m.kind === 'event' ? (
          <li key={m.id} style={{ justifySelf: 'center', textAlign: 'center' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`complaint.event.${m.action ?? 'submit'}` as MessageKey, { name: m.body })}
              {m.body && !EVENT_BODY_ELSEWHERE.has(m.action ?? '') ? `：${m.body}` : ''} · {threadWho(m, t)} · {m.at}
            </Typography.Text>
          </li>
        ) : (
          <li key={m.id} style={{ justifySelf: m.mine ? 'end' : 'start', maxWidth: '85%' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', textAlign: m.mine ? 'right' : 'left' }}>
              {threadWho(m, t)} · {m.at}
            </Typography.Text>
            {m.body ? <div style={{ background: ROLE_BG[m.authorRole], borderRadius: 10, padding: '8px 12px', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{m.body}</div> : null}
            <PhotoStrip photos={m.photos} />
          </li>
        ),
      )}
    </ol>
  );
}

/** Write in the thread: text and up to 9 pictures, posted as a multipart form to the page's action. */
export function MessageBox({ disabledReason }: { disabledReason?: string | null }) {
  const { t } = useT();
  const fetcher = useFetcher<ActionResult>();
  // A new form (empty text, no files) after each message that went through.
  const [round, setRound] = useState(0);
  const clear = useCallback(() => setRound((n) => n + 1), []);
  useFetcherReport(fetcher, clear);
  if (disabledReason) return <Typography.Text type="secondary">{disabledReason}</Typography.Text>;
  return (
    <fetcher.Form key={round} method="post" encType="multipart/form-data" style={{ display: 'grid', gap: 8, marginTop: 12 }}>
      <input type="hidden" name="intent" value="message" />
      <Input.TextArea name="body" rows={3} maxLength={COMPLAINT_TEXT_MAX.message} showCount aria-label={t('complaint.message.label')} placeholder={t('complaint.message.placeholder')} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-end', justifyContent: 'space-between', marginTop: 8 }}>
        <div style={{ display: 'grid', gap: 2, minWidth: 0 }}>
          <input type="file" name="photos" multiple accept="image/jpeg,image/png,image/webp,image/gif" aria-label={t('complaint.message.photos')} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('complaint.field.photosHint', { max: COMPLAINT_PHOTO_MAX })}
          </Typography.Text>
        </div>
        <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
          {t('complaint.message.send')}
        </Button>
      </div>
    </fetcher.Form>
  );
}

/** What the complaint is: parties, order, SLA clocks, the shopper's words and pictures, the resolution. */
export function ComplaintInfo({ c, extra }: { c: ComplaintDetailView; extra?: ReactNode }) {
  const { t } = useT();
  return (
    <Card
      title={
        <Space wrap>
          <ComplaintStatusTag status={c.status} />
          <span>{c.title}</span>
        </Space>
      }
      extra={extra}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 1, xxl: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('complaint.detail.category')}>{t(`complaint.category.${c.category}`)}</Descriptions.Item>
        <Descriptions.Item label={t('complaint.col.shop')}>{c.shopName}</Descriptions.Item>
        <Descriptions.Item label={t('complaint.detail.order')}>
          {c.order ? (
            c.order.href ? (
              <Link to={c.order.href} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
                {c.order.id}
              </Link>
            ) : (
              c.order.id
            )
          ) : (
            t('complaint.detail.noOrder')
          )}
        </Descriptions.Item>
        {c.shopper ? (
          <Descriptions.Item label={t('complaint.detail.shopper')}>
            {c.shopper.name}
            {c.shopper.mobile ? ` (${c.shopper.mobile})` : ''}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('complaint.detail.createdAt')}>{c.createdAt}</Descriptions.Item>
        <Descriptions.Item label={t('complaint.col.sla')}>
          <SlaTag sla={c.sla} />
        </Descriptions.Item>
        <Descriptions.Item label={t('complaint.detail.firstResponseDue')}>
          <ClockLine clock={c.sla.firstResponse} />
        </Descriptions.Item>
        <Descriptions.Item label={t('complaint.detail.resolutionDue')}>
          <ClockLine clock={c.sla.resolution} />
        </Descriptions.Item>
        {c.autoCloseAt ? <Descriptions.Item label={t('complaint.detail.autoCloseLabel')}>{c.autoCloseAt}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{c.description}</Typography.Paragraph>
      <div>
        <PhotoStrip photos={c.photos} />
      </div>
      {c.order && c.order.lines.length > 0 ? (
        <Space wrap size={12} style={{ marginTop: 12 }}>
          {c.order.lines.map((l) => (
            <Space key={l.id} size={6}>
              {l.image ? <img src={l.image} alt="" width={36} height={36} style={{ borderRadius: 4, objectFit: 'cover' }} /> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.title}
                {l.spec ? ` · ${l.spec}` : ''} × {l.qty}
              </Typography.Text>
            </Space>
          ))}
        </Space>
      ) : null}
      {c.resolution || c.rejectReason ? (
        <Card size="small" style={{ marginTop: 16, borderLeft: `3px solid ${c.rejectReason ? '#8c8c8c' : '#52c41a'}` }} title={t(c.rejectReason ? 'complaint.section.rejected' : 'complaint.section.resolution')}>
          {c.outcome ? <Tag color={c.outcome === 'not_upheld' ? 'default' : 'green'}>{t(`complaint.outcome.${c.outcome}`)}</Tag> : null}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>{c.resolution ?? c.rejectReason}</Typography.Paragraph>
          {c.rating ? (
            <Typography.Text type="secondary">
              {t('complaint.rating.show', { n: c.rating })}
              {c.feedback ? ` · ${c.feedback}` : ''}
            </Typography.Text>
          ) : null}
        </Card>
      ) : null}
    </Card>
  );
}
