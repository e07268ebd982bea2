import { Link, useNavigate } from 'react-router';
import { Card, Col, DatePicker, Empty, Row, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Route } from './+types/complaint-stats';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { SLA_COLOR } from '../../components/console/ComplaintParts.tsx';
import { adminComplaintStatsLoader } from '../../lib/complaints.server.ts';
import { durationText } from '../../lib/durations.ts';

/** 投诉统计: counts by category, status and shop, per day, the SLA breach rate and median handling times over a date range. */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminComplaintStatsLoader({ request, context });
}

/** A horizontal bar chart in plain CSS (server-rendered, no chart library): label, bar, count. */
function Bars({ rows, color = '#1677ff', label }: { rows: { key: string; label: string; count: number; href?: string; note?: string }[]; color?: string; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse' }} aria-label={label}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-bar={r.key}>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400, padding: '4px 8px 4px 0', whiteSpace: 'nowrap', width: '1%' }}>
              {r.href ? <Link to={r.href}>{r.label}</Link> : r.label}
            </th>
            <td style={{ padding: '4px 0', width: '100%' }}>
              <div style={{ height: 14, borderRadius: 3, background: '#f0f0f0' }}>
                <div style={{ height: '100%', width: `${(r.count / max) * 100}%`, minWidth: r.count > 0 ? 2 : 0, borderRadius: 3, background: color }} />
              </div>
            </td>
            <td style={{ padding: '4px 0 4px 8px', textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
              {r.count}
              {r.note ? (
                <Typography.Text type="danger" style={{ fontSize: 12, marginLeft: 6 }}>
                  {r.note}
                </Typography.Text>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Complaints per day: columns in plain CSS. */
function Columns({ days, label }: { days: { day: string; count: number }[]; label: string }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  return (
    <div role="img" aria-label={label} style={{ display: 'flex', alignItems: 'flex-end', gap: 3, height: 140, paddingTop: 16 }}>
      {days.map((d) => (
        <div key={d.day} title={`${d.day}: ${d.count}`} style={{ flex: 1, minWidth: 4, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'flex-end', height: '100%' }}>
          <span style={{ fontSize: 10, color: '#8c8c8c' }}>{d.count > 0 ? d.count : ''}</span>
          <div style={{ width: '100%', height: `${(d.count / max) * 100}%`, minHeight: d.count > 0 ? 2 : 0, background: '#1677ff', borderRadius: '3px 3px 0 0' }} />
        </div>
      ))}
    </div>
  );
}

/** Every day of the range, with the days without complaints as zero. */
function fillDays(from: string, to: string, counts: { day: string; count: number }[]) {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const days: { day: string; count: number }[] = [];
  for (let d = dayjs(from); !d.isAfter(dayjs(to)) && days.length < 400; d = d.add(1, 'day')) {
    const key = d.format('YYYY-MM-DD');
    days.push({ day: key, count: byDay.get(key) ?? 0 });
  }
  return days;
}

export default function AdminComplaintStats({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useT();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const navigate = useNavigate();
  const s = loaderData.stats;
  const rate = `${(s.slaBreachRate * 100).toFixed(1)}%`;
  const duration = (ms: number | null) => (ms === null ? '—' : durationText(ms, t));
  const days = fillDays(s.from, s.to, s.byDay);
  return (
    <>
      <title>{`${t('complaint.stats.title')} - ${t('console.admin')}`}</title>
      <PageTitle extra={<Link to="/admin/complaints">‹ {t('admin.nav.complaints')}</Link>}>{t('complaint.stats.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t('complaint.stats.range')}</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(s.from), dayjs(s.to)]}
          onChange={(range) => {
            if (range?.[0] && range[1]) navigate(`/admin/complaints/stats?from=${range[0].format('YYYY-MM-DD')}&to=${range[1].format('YYYY-MM-DD')}`);
          }}
        />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('complaint.stats.total')} value={s.total} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('complaint.stats.open')} value={s.open} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('complaint.stats.breachRate')} value={rate} styles={{ content: s.breached > 0 ? { color: SLA_COLOR.breached } : {} }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('complaint.stats.breachedOf', { breached: s.breached, total: s.total })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('complaint.stats.medianFirstResponse')} value={duration(s.medianFirstResponseMs)} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('complaint.stats.medianResolution')} value={duration(s.medianResolutionMs)} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('complaint.stats.avgRating')} value={s.averageRating === null ? '—' : `${s.averageRating} / 5`} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('complaint.stats.rated', { n: s.rated })}
            </Typography.Text>
          </Card>
        </Col>
        {s.total === 0 ? (
          <Col xs={24}>
            <Card>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaint.stats.empty')} />
            </Card>
          </Col>
        ) : (
          <>
            <Col xs={24} lg={12}>
              <Card title={t('complaint.stats.byCategory')}>
                <Bars label={t('complaint.stats.byCategory')} rows={s.byCategory.map((c) => ({ key: c.category, label: t(`complaint.category.${c.category}`), count: c.count }))} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('complaint.stats.topShops')}>
                <Bars
                  label={t('complaint.stats.topShops')}
                  color="#fa8c16"
                  rows={s.topShops.map((r) => ({
                    key: r.shopId,
                    label: r.shopName,
                    count: r.count,
                    href: `/admin/complaints?status=all&shopId=${encodeURIComponent(r.shopId)}`,
                    ...(r.breached > 0 ? { note: t('complaint.stats.shopBreached', { n: r.breached }) } : {}),
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('complaint.stats.byStatus')}>
                <Bars label={t('complaint.stats.byStatus')} color="#13c2c2" rows={s.byStatus.map((r) => ({ key: r.status, label: t(`complaint.status.${r.status}`), count: r.count }))} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('complaint.stats.byOutcome')}>
                <Bars label={t('complaint.stats.byOutcome')} color="#52c41a" rows={s.byOutcome.map((r) => ({ key: r.outcome, label: t(`complaint.outcome.${r.outcome}`), count: r.count }))} />
              </Card>
            </Col>
            <Col xs={24}>
              <Card title={t('complaint.stats.byDay')}>
                <Columns days={days} label={t('complaint.stats.byDay')} />
                <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, color: '#8c8c8c' }}>
                  <span>{s.from}</span>
                  <span>{s.to}</span>
                </div>
              </Card>
            </Col>
          </>
        )}
      </Row>
    </>
  );
}
