import { useEffect, useRef, useState } from 'react';
import { Link, useFetcher, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Route } from './+types/content';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { adminContentAction, adminContentLoader } from '../../lib/content.server.ts';
import { AGREEMENT_KIND_NAMES, ANNOUNCEMENT_AUDIENCE_NAMES, BANNER_THEME_NAMES, type AgreementKindName } from '../../lib/content-views.ts';

/**
 * 内容 in the platform console: announcements (公告), home banners (轮播图), the home category grid
 * (首页类目), the platform agreements with their versions (publishing sets an effective date at least
 * 7 days ahead and announces it) and the acceptance record.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminContentLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return adminContentAction({ request, context });
}

type Data = Route.ComponentProps['loaderData'];
type AnnouncementRow = Data['announcements'][number];
type BannerRow = Data['banners'][number];
type GridRow = Data['grids'][number];
type VersionRow = Data['agreements'][number]['versions'][number];
type AcceptanceRow = Data['acceptances']['items'][number];

const STATE_COLOR = { scheduled: 'blue', active: 'green', expired: 'default' } as const;
const VERSION_COLOR = { draft: 'default', scheduled: 'blue', in_force: 'green', superseded: 'default' } as const;
const THEME_SWATCH: Record<string, string> = { red: '#e4393c', orange: '#ff6a00', blue: '#2f6bff', green: '#1fa672', purple: '#7b3ff2', dark: '#25252f' };
const iso = (d: Dayjs | null | undefined) => (d ? d.toISOString() : '');

export default function AdminContent({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useT();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const fetcher = useFetcher<typeof action>();
  const d = loaderData;
  const busy = fetcher.state !== 'idle';
  const [dialog, setDialog] = useState<
    | { kind: 'announcement'; row: AnnouncementRow | null }
    | { kind: 'banner'; row: BannerRow | null }
    | { kind: 'grid'; row: GridRow | null }
    | { kind: 'draft'; agreement: AgreementKindName; row: VersionRow | null }
    | { kind: 'publish'; agreement: AgreementKindName; row: VersionRow }
    | null
  >(null);
  const [form] = Form.useForm();
  // What the modal shows: the open dialog, or the last one while it animates closed.
  const lastDialog = useRef(dialog);
  if (dialog) lastDialog.current = dialog;
  const shown = dialog ?? lastDialog.current;

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setDialog(null);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);

  const submit = (values: Record<string, string | string[]>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    fetcher.submit(body, { method: 'post' });
  };
  const go = (next: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
    navigate(`/admin/content?${p.toString()}`, { replace: true, preventScrollReset: true });
  };
  const schedule = (from: string, to: string | null) => `${from} ~ ${to ?? t('cms.never')}`;
  const kindName = (k: AgreementKindName) => t(`agr.kind.${k}`);

  // ----- 公告 -------------------------------------------------------------------------------------
  const announcements = (
    <Card
      title={t('cms.tab.announcements')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'announcement', row: null })}>
          {t('cms.ann.new')}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<AnnouncementRow>
        rowKey="id"
        dataSource={d.announcements}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 760 }}
        columns={[
          {
            title: t('cms.col.title'),
            key: 'title',
            render: (_, a) => (
              <Space size={4} wrap>
                {a.pinned ? <Tag color="red">{t('ann.pinned')}</Tag> : null}
                {a.fromAgreement ? <Tag color="purple">{t('cms.tab.agreements')}</Tag> : null}
                <span>{a.title}</span>
              </Space>
            ),
          },
          { title: t('cms.col.audience'), key: 'audience', width: 110, render: (_, a) => t(`cms.audience.${a.audience}`) },
          { title: t('cms.col.schedule'), key: 'schedule', width: 260, render: (_, a) => schedule(a.publishAt, a.expireAt) },
          { title: t('cms.col.state'), key: 'state', width: 90, render: (_, a) => <Tag color={STATE_COLOR[a.state]}>{t(`cms.state.${a.state}`)}</Tag> },
          {
            title: t('cms.col.actions'),
            key: 'actions',
            width: 130,
            render: (_, a) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'announcement', row: a })}>
                  {t('cms.edit')}
                </Button>
                {a.state !== 'expired' ? (
                  <Popconfirm title={t('cms.withdrawConfirm')} onConfirm={() => submit({ intent: 'withdraw-announcement', id: a.id })}>
                    <Button type="link" size="small" danger>
                      {t('cms.withdraw')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );

  // ----- 轮播图 -----------------------------------------------------------------------------------
  const banners = (
    <Card
      title={t('cms.tab.banners')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'banner', row: null })}>
          {t('cms.bnr.new')}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<BannerRow>
        rowKey="id"
        dataSource={d.banners}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('cms.bnr.fallback') }}
        columns={[
          {
            title: t('cms.col.title'),
            key: 'title',
            render: (_, b) => (
              <Space>
                <span aria-hidden style={{ display: 'inline-block', width: 36, height: 20, borderRadius: 4, background: THEME_SWATCH[b.theme] }} />
                <span>
                  {b.title}
                  {b.subtitle ? <Typography.Text type="secondary"> · {b.subtitle}</Typography.Text> : null}
                </span>
              </Space>
            ),
          },
          { title: t('cms.field.linkUrl'), dataIndex: 'linkUrl', key: 'link', width: 180, ellipsis: true },
          { title: t('cms.field.sort'), dataIndex: 'sort', key: 'sort', width: 80 },
          { title: t('cms.col.schedule'), key: 'schedule', width: 260, render: (_, b) => schedule(b.startAt, b.endAt) },
          { title: t('cms.col.state'), key: 'state', width: 90, render: (_, b) => <Tag color={STATE_COLOR[b.state]}>{t(`cms.state.${b.state}`)}</Tag> },
          {
            title: t('cms.col.actions'),
            key: 'actions',
            width: 130,
            render: (_, b) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'banner', row: b })}>
                  {t('cms.edit')}
                </Button>
                <Popconfirm title={t('cms.deleteConfirm')} onConfirm={() => submit({ intent: 'delete-banner', id: b.id })}>
                  <Button type="link" size="small" danger>
                    {t('cms.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );

  // ----- 首页类目 ---------------------------------------------------------------------------------
  const grid = (
    <Card
      title={t('cms.tab.grid')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'grid', row: null })}>
          {t('cms.grid.new')}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<GridRow>
        rowKey="id"
        dataSource={d.grids}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('cms.grid.fallback') }}
        columns={[
          { title: t('cms.field.name'), dataIndex: 'name', key: 'name', width: 160 },
          { title: t('cms.col.categories'), key: 'cats', render: (_, g) => g.names.join(' · ') },
          { title: t('cms.col.schedule'), key: 'schedule', width: 260, render: (_, g) => schedule(g.startAt, g.endAt) },
          { title: t('cms.col.state'), key: 'state', width: 90, render: (_, g) => <Tag color={STATE_COLOR[g.state]}>{t(`cms.state.${g.state}`)}</Tag> },
          {
            title: t('cms.col.actions'),
            key: 'actions',
            width: 130,
            render: (_, g) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'grid', row: g })}>
                  {t('cms.edit')}
                </Button>
                <Popconfirm title={t('cms.deleteConfirm')} onConfirm={() => submit({ intent: 'delete-grid', id: String(g.id) })}>
                  <Button type="link" size="small" danger>
                    {t('cms.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );

  // ----- 协议 -------------------------------------------------------------------------------------
  const agreements = (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {!d.canPublish ? <Alert type="info" showIcon message={t('cms.agr.adminOnly')} /> : null}
      {d.agreements.map((a) => {
        const hasDraft = a.versions.some((v) => v.state === 'draft');
        return (
          <Card
            key={a.kind}
            title={`《${kindName(a.kind)}》`}
            extra={
              d.canPublish && !hasDraft ? (
                <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'draft', agreement: a.kind, row: null })}>
                  {t('cms.agr.newVersion')}
                </Button>
              ) : null
            }
            styles={{ body: { padding: 0 } }}
          >
            <Table<VersionRow>
              rowKey="id"
              dataSource={a.versions}
              pagination={false}
              scroll={{ x: 760 }}
              locale={{ emptyText: t('cms.agr.empty') }}
              columns={[
                { title: t('cms.agr.col.version'), key: 'version', width: 80, render: (_, v) => t('agr.legal.version', { version: v.version }) },
                { title: t('cms.col.title'), dataIndex: 'title', key: 'title' },
                { title: t('cms.col.state'), key: 'state', width: 90, render: (_, v) => <Tag color={VERSION_COLOR[v.state]}>{t(`cms.agr.state.${v.state}`)}</Tag> },
                { title: t('cms.agr.col.published'), dataIndex: 'publishedAt', key: 'published', width: 150 },
                { title: t('cms.agr.col.effective'), dataIndex: 'effectiveAt', key: 'effective', width: 150 },
                {
                  title: t('cms.agr.col.acceptances'),
                  key: 'acceptances',
                  width: 100,
                  render: (_, v) => (v.state === 'draft' ? '—' : <Link to={`/admin/content?tab=acceptances&versionId=${encodeURIComponent(v.id)}`}>{v.acceptances}</Link>),
                },
                {
                  title: t('cms.col.actions'),
                  key: 'actions',
                  width: 190,
                  render: (_, v) =>
                    v.state === 'draft' && d.canPublish ? (
                      <Space size={0}>
                        <Button type="link" size="small" onClick={() => setDialog({ kind: 'draft', agreement: a.kind, row: v })}>
                          {t('cms.edit')}
                        </Button>
                        <Button type="link" size="small" onClick={() => setDialog({ kind: 'publish', agreement: a.kind, row: v })}>
                          {t('cms.agr.publish')}
                        </Button>
                        <Popconfirm title={t('cms.deleteConfirm')} onConfirm={() => submit({ intent: 'delete-draft', id: v.id })}>
                          <Button type="link" size="small" danger>
                            {t('cms.delete')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ) : (
                      <a href={`${a.kind === 'user_agreement' ? '/terms' : a.kind === 'privacy_policy' ? '/privacy' : '/merchant-agreement'}?version=${v.version}`} target="_blank" rel="noopener">
                        {t('cms.agr.view')}
                      </a>
                    ),
                },
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );

  // ----- 同意记录 ---------------------------------------------------------------------------------
  const acc = d.acceptances;
  const versionOptions = d.agreements.flatMap((a) =>
    a.versions.filter((v) => v.state !== 'draft').map((v) => ({ value: v.id, label: `《${kindName(a.kind)}》${t('agr.legal.version', { version: v.version })}` })),
  );
  const acceptances = (
    <Card title={t('cms.tab.acceptances')} styles={{ body: { padding: 0 } }}>
      <div style={{ padding: 16 }}>
        <Form
          layout="inline"
          key={`${acc.filter.user}|${acc.filter.kind}|${acc.filter.versionId}`}
          initialValues={{ user: acc.filter.user, kind: acc.filter.kind || undefined, versionId: acc.filter.versionId || undefined }}
          onFinish={(v: { user?: string; kind?: string; versionId?: string }) => go({ tab: 'acceptances', user: v.user ?? '', kind: v.kind ?? '', versionId: v.versionId ?? '' })}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="user" label={t('cms.acc.col.user')}>
            <Input allowClear placeholder={t('cms.acc.search')} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="kind" label={t('cms.acc.col.agreement')}>
            <Select allowClear style={{ width: 150 }} options={AGREEMENT_KIND_NAMES.map((k) => ({ value: k, label: kindName(k) }))} placeholder={t('cms.acc.all')} />
          </Form.Item>
          <Form.Item name="versionId" label={t('cms.acc.col.version')}>
            <Select allowClear style={{ width: 220 }} options={versionOptions} placeholder={t('cms.acc.all')} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('cms.acc.searchButton')}
            </Button>
          </Form.Item>
        </Form>
      </div>
      <Table<AcceptanceRow>
        rowKey="id"
        dataSource={acc.items}
        scroll={{ x: 900 }}
        pagination={{
          current: acc.filter.page,
          pageSize: 20,
          total: acc.total,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (n) => t('cms.acc.total', { count: n }),
          onChange: (page) => go({ tab: 'acceptances', user: acc.filter.user, kind: acc.filter.kind, versionId: acc.filter.versionId, page: String(page) }),
        }}
        columns={[
          {
            title: t('cms.acc.col.user'),
            key: 'user',
            render: (_, x) => (
              <span>
                {x.userName}
                <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                  {x.login ?? x.userId}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('cms.acc.col.agreement'), key: 'kind', width: 130, render: (_, x) => `《${kindName(x.kind)}》` },
          { title: t('cms.acc.col.version'), key: 'version', width: 80, render: (_, x) => t('agr.legal.version', { version: x.version }) },
          { title: t('cms.acc.col.time'), key: 'time', width: 150, render: (_, x) => <time dateTime={x.acceptedAtIso}>{x.acceptedAt}</time> },
          { title: t('cms.acc.col.ip'), dataIndex: 'ip', key: 'ip', width: 130 },
          { title: t('cms.acc.col.via'), key: 'via', width: 110, render: (_, x) => t(`cms.acc.via.${x.via}`) },
        ]}
      />
    </Card>
  );

  // ----- dialogs ----------------------------------------------------------------------------------
  const earliest = shown?.kind === 'publish' ? (shown.row.version === 1 ? dayjs(d.nowIso) : dayjs(d.nowIso).add(7, 'day')) : null;
  useEffect(() => {
    if (!dialog) return;
    form.resetFields();
    if (dialog.kind === 'announcement') {
      const a = dialog.row;
      form.setFieldsValue(
        a
          ? { title: a.title, body: a.body, audience: a.audience, pinned: a.pinned, publishAt: dayjs(a.publishAtIso), expireAt: a.expireAtIso ? dayjs(a.expireAtIso) : null }
          : { audience: 'storefront', pinned: false, publishAt: dayjs(d.nowIso), expireAt: null },
      );
    } else if (dialog.kind === 'banner') {
      const b = dialog.row;
      form.setFieldsValue(
        b
          ? { title: b.title, subtitle: b.subtitle, imageUrl: b.imageUrl ?? '', linkUrl: b.linkUrl, theme: b.theme, sort: b.sort, startAt: dayjs(b.startAtIso), endAt: b.endAtIso ? dayjs(b.endAtIso) : null }
          : { theme: 'red', sort: 0, startAt: dayjs(d.nowIso), endAt: null },
      );
    } else if (dialog.kind === 'grid') {
      const g = dialog.row;
      form.setFieldsValue(g ? { name: g.name, categoryIds: g.categoryIds, startAt: dayjs(g.startAtIso), endAt: g.endAtIso ? dayjs(g.endAtIso) : null } : { startAt: dayjs(d.nowIso), endAt: null });
    } else if (dialog.kind === 'draft') {
      const v = dialog.row;
      form.setFieldsValue(v ? { title: v.title, summary: v.summary, body: v.body } : { title: kindName(dialog.agreement) });
    } else if (dialog.kind === 'publish') {
      // Default: 7 days from now (the legal minimum), moved on to the next whole hour.
      form.setFieldsValue({ effectiveAt: earliest!.startOf('hour').add(1, 'hour') });
    }
  }, [dialog]); // eslint-disable-line react-hooks/exhaustive-deps

  const onOk = async () => {
    const v = await form.validateFields();
    if (!dialog) return;
    switch (dialog.kind) {
      case 'announcement':
        return submit({ intent: 'announcement', id: dialog.row?.id ?? '', title: v.title, body: v.body, audience: v.audience, pinned: String(Boolean(v.pinned)), publishAt: iso(v.publishAt), expireAt: iso(v.expireAt) });
      case 'banner':
        return submit({
          intent: 'banner',
          id: dialog.row?.id ?? '',
          title: v.title,
          subtitle: v.subtitle ?? '',
          imageUrl: v.imageUrl ?? '',
          linkUrl: v.linkUrl ?? '',
          theme: v.theme,
          sort: String(v.sort ?? 0),
          startAt: iso(v.startAt),
          endAt: iso(v.endAt),
        });
      case 'grid':
        return submit({ intent: 'grid', id: dialog.row ? String(dialog.row.id) : '', name: v.name, categoryIds: v.categoryIds ?? [], startAt: iso(v.startAt), endAt: iso(v.endAt) });
      case 'draft':
        return submit({ intent: 'draft', id: dialog.row?.id ?? '', kind: dialog.agreement, title: v.title, summary: v.summary ?? '', body: v.body });
      case 'publish':
        return submit({ intent: 'publish', id: dialog.row.id, effectiveAt: iso(v.effectiveAt) });
    }
  };

  const dialogTitle = !shown
    ? ''
    : shown.kind === 'announcement'
      ? t(shown.row ? 'cms.ann.edit' : 'cms.ann.new')
      : shown.kind === 'banner'
        ? t(shown.row ? 'cms.bnr.edit' : 'cms.bnr.new')
        : shown.kind === 'grid'
          ? t(shown.row ? 'cms.grid.edit' : 'cms.grid.new')
          : shown.kind === 'draft'
            ? `《${kindName(shown.agreement)}》${shown.row ? t('cms.agr.editDraft') : t('cms.agr.newVersion')}`
            : t('cms.agr.publishTitle', { name: kindName(shown.agreement), version: shown.row.version });
  const schedulePair = (startName: string, endName: string, startLabel: MessageKey, endLabel: MessageKey) => (
    <Space size={12} wrap>
      <Form.Item name={startName} label={t(startLabel)} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name={endName} label={t(endLabel)}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
    </Space>
  );

  const tab = d.tab;
  return (
    <>
      <title>{`${t('admin.nav.content')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.content')}</PageTitle>
      <Tabs
        activeKey={tab}
        onChange={(key) => go({ tab: key })}
        items={[
          { key: 'announcements', label: t('cms.tab.announcements'), children: announcements },
          { key: 'banners', label: t('cms.tab.banners'), children: banners },
          { key: 'grid', label: t('cms.tab.grid'), children: grid },
          { key: 'agreements', label: t('cms.tab.agreements'), children: agreements },
          { key: 'acceptances', label: t('cms.tab.acceptances'), children: acceptances },
        ]}
      />
      <Modal
        open={dialog !== null}
        title={dialogTitle}
        onCancel={() => setDialog(null)}
        onOk={onOk}
        okText={shown?.kind === 'publish' ? t('cms.agr.confirmPublish') : t('cms.save')}
        cancelText={t('cms.cancel')}
        confirmLoading={busy}
        width={shown?.kind === 'draft' ? 760 : 560}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" requiredMark={false}>
          {shown?.kind === 'announcement' ? (
            <>
              <Form.Item name="title" label={t('cms.field.title')} rules={[{ required: true, max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="body" label={t('cms.field.body')} rules={[{ required: true }]}>
                <Input.TextArea rows={6} maxLength={10000} />
              </Form.Item>
              <Form.Item name="audience" label={t('cms.col.audience')}>
                <Radio.Group options={ANNOUNCEMENT_AUDIENCE_NAMES.map((a) => ({ value: a, label: t(`cms.audience.${a}`) }))} />
              </Form.Item>
              <Form.Item name="pinned" label={t('ann.pinned')} valuePropName="checked">
                <Switch />
              </Form.Item>
              {schedulePair('publishAt', 'expireAt', 'cms.field.publishAt', 'cms.field.expireAt')}
            </>
          ) : null}
          {shown?.kind === 'banner' ? (
            <>
              <Form.Item name="title" label={t('cms.field.title')} rules={[{ required: true, max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="subtitle" label={t('cms.field.subtitle')}>
                <Input maxLength={120} />
              </Form.Item>
              <Form.Item name="linkUrl" label={t('cms.field.linkUrl')}>
                <Input placeholder="/search?q=…" maxLength={500} />
              </Form.Item>
              <Form.Item name="imageUrl" label={t('cms.field.imageUrl')}>
                <Input placeholder="/media/… https://…" maxLength={500} />
              </Form.Item>
              <Space size={12} wrap>
                <Form.Item name="theme" label={t('cms.field.theme')}>
                  <Select style={{ width: 140 }} options={BANNER_THEME_NAMES.map((x) => ({ value: x, label: t(`cms.theme.${x}`) }))} />
                </Form.Item>
                <Form.Item name="sort" label={t('cms.field.sort')}>
                  <InputNumber min={-1000} max={1000} />
                </Form.Item>
              </Space>
              {schedulePair('startAt', 'endAt', 'cms.field.startAt', 'cms.field.endAt')}
            </>
          ) : null}
          {shown?.kind === 'grid' ? (
            <>
              <Form.Item name="name" label={t('cms.field.name')} rules={[{ required: true, max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="categoryIds" label={t('cms.field.categories')} rules={[{ required: true }]}>
                <Select mode="multiple" maxCount={20} optionFilterProp="label" options={d.categories.map((c) => ({ value: c.id, label: c.level === 1 ? c.name : `· ${c.name}` }))} />
              </Form.Item>
              {schedulePair('startAt', 'endAt', 'cms.field.startAt', 'cms.field.endAt')}
            </>
          ) : null}
          {shown?.kind === 'draft' ? (
            <>
              <Form.Item name="title" label={t('cms.field.title')} rules={[{ required: true, max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="summary" label={t('cms.field.summary')}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Form.Item name="body" label={t('cms.field.agreementBody')} extra={t('cms.agr.bodyHint')} rules={[{ required: true }]}>
                <Input.TextArea rows={14} />
              </Form.Item>
            </>
          ) : null}
          {shown?.kind === 'publish' ? (
            <>
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={shown.row.version === 1 ? t('cms.agr.firstVersionRule') : t('cms.agr.noticeRule')} />
              <Typography.Paragraph>
                <strong>{shown.row.title}</strong>
                {shown.row.summary ? <Typography.Text type="secondary"> — {shown.row.summary}</Typography.Text> : null}
              </Typography.Paragraph>
              <Form.Item name="effectiveAt" label={t('cms.agr.effectiveAt')} rules={[{ required: true }]} extra={t('cms.agr.earliest', { date: earliest?.format('YYYY-MM-DD HH:mm') ?? '' })}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(day) => day.isBefore(earliest!.startOf('day'))} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
