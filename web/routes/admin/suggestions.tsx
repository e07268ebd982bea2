import { useEffect, useState } from 'react';
import { useFetcher, useNavigate } from 'react-router';
import { App, Button, Card, Form, Input, Modal, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { Route } from './+types/suggestions';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { BulkBar, ExportButton, exportQuery } from '../../components/console/ListTools.tsx';
import { adminSuggestionsAction, adminSuggestionsLoader } from '../../lib/content.server.ts';
import { SUGGESTION_STATUS_NAMES, type SuggestionStatusName } from '../../lib/content-views.ts';

/** 建议箱 in the platform console: suggestions from shoppers and merchants, oldest open first; move and answer them one by one or in bulk; export what the filters show. */
export function loader({ request, context }: Route.LoaderArgs) {
  return adminSuggestionsLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return adminSuggestionsAction({ request, context });
}

type Row = Route.ComponentProps['loaderData']['items'][number];

const NEXT: Record<SuggestionStatusName, SuggestionStatusName[]> = {
  new: ['reviewing', 'adopted', 'declined', 'closed'],
  reviewing: ['adopted', 'declined', 'closed'],
  adopted: ['closed'],
  declined: ['closed'],
  closed: [],
};
const COLOR: Record<SuggestionStatusName, string> = { new: 'orange', reviewing: 'blue', adopted: 'green', declined: 'default', closed: 'default' };
/** The moves the bulk bar offers (those of the single 处理 dialog). */
const MOVES = ['reviewing', 'adopted', 'declined', 'closed'] as const;
type Move = (typeof MOVES)[number];

export default function AdminSuggestions({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const d = loaderData;
  const [row, setRow] = useState<Row | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [move, setMove] = useState<Move | null>(null);
  const [form] = Form.useForm();
  const [bulkForm] = Form.useForm();
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setRow(null);
      setMove(null);
      setSelected([]);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);
  useEffect(() => {
    if (row) form.setFieldsValue({ status: NEXT[row.status][0] ?? row.status, reply: row.reply ?? '' });
  }, [row, form]);

  const go = (next: { status?: string; role?: string; page?: number }) => {
    const p = new URLSearchParams();
    const status = next.status ?? d.state.status;
    const role = next.role ?? d.state.role;
    if (status !== 'open') p.set('status', status);
    if (role) p.set('role', role);
    if (next.page && next.page > 1) p.set('page', String(next.page));
    setSelected([]);
    navigate(`/admin/suggestions${p.size ? `?${p}` : ''}`, { replace: true });
  };
  // The list's filters in the API's terms: its status is `open` unless a tab says otherwise; 全部 sends none.
  const exportHref = `/api/admin/suggestions/export${exportQuery(new URLSearchParams({ ...(d.state.status === 'all' ? {} : { status: d.state.status }), ...(d.state.role ? { role: d.state.role } : {}) }))}`;
  const chosen = d.items.filter((s) => selected.includes(s.id));
  const canMove = (m: Move) => chosen.length > 0 && chosen.every((s) => NEXT[s.status].includes(m));
  const submitBulk = async () => {
    const v = await bulkForm.validateFields();
    const body = new FormData();
    body.set('intent', 'bulk');
    body.set('status', move!);
    body.set('reply', v.reply ?? '');
    for (const id of selected) body.append('id', id);
    fetcher.submit(body, { method: 'post' });
  };
  const open = d.counts.new + d.counts.reviewing;
  const tabs = [
    { value: 'open', label: `${t('sug.admin.open')} ${open}` },
    ...SUGGESTION_STATUS_NAMES.map((s) => ({ value: s, label: `${t(`sug.status.${s}`)} ${d.counts[s]}` })),
    { value: 'all', label: t('sug.admin.all') },
  ];

  return (
    <>
      <title>{`${t('admin.nav.suggestions')} - ${t('console.admin')}`}</title>
      <PageTitle extra={<ExportButton href={exportHref} />}>{t('admin.nav.suggestions')}</PageTitle>
      <Space direction="vertical" size={12} style={{ width: '100%', marginBottom: 12 }}>
        <Segmented options={tabs} value={d.state.status} onChange={(v) => go({ status: String(v), page: 1 })} />
        <Radio.Group
          value={d.state.role}
          onChange={(e) => go({ role: e.target.value, page: 1 })}
          options={[
            { value: '', label: t('sug.admin.everyone') },
            { value: 'shopper', label: t('sug.role.shopper') },
            { value: 'merchant', label: t('sug.role.merchant') },
          ]}
          optionType="button"
        />
        <BulkBar count={selected.length} onClear={() => setSelected([])}>
          {MOVES.map((m) => (
            <Button key={m} disabled={!canMove(m) || busy} onClick={() => setMove(m)}>
              {t(`mlists.sug.bulk.${m}`)}
            </Button>
          ))}
        </BulkBar>
      </Space>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="id"
          dataSource={d.items}
          scroll={{ x: 880 }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (s) => ({ disabled: s.status === 'closed' }) }}
          pagination={{ current: d.state.page, pageSize: d.pageSize, total: d.total, showSizeChanger: false, hideOnSinglePage: true, onChange: (page) => go({ page }) }}
          columns={[
            {
              title: t('sug.col.body'),
              key: 'body',
              render: (_, s) => (
                <div>
                  <Tag>{t(`sug.category.${s.category}`)}</Tag>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{s.body}</Typography.Text>
                  {s.reply ? (
                    <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
                      {t('sug.reply')}：{s.reply}
                    </Typography.Paragraph>
                  ) : null}
                </div>
              ),
            },
            {
              title: t('sug.col.author'),
              key: 'author',
              width: 180,
              render: (_, s) => (
                <span>
                  {s.author}
                  <Typography.Text type="secondary"> · {s.shop ? `${t('sug.role.merchant')} ${s.shop}` : t('sug.role.shopper')}</Typography.Text>
                </span>
              ),
            },
            { title: t('sug.col.time'), dataIndex: 'createdAt', key: 'time', width: 150 },
            { title: t('sug.col.status'), key: 'status', width: 90, render: (_, s) => <Tag color={COLOR[s.status]}>{t(`sug.status.${s.status}`)}</Tag> },
            {
              title: t('cms.col.actions'),
              key: 'actions',
              width: 90,
              render: (_, s) =>
                s.status === 'closed' ? null : (
                  <Button type="link" size="small" onClick={() => setRow(s)}>
                    {t('sug.process')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={row !== null}
        title={t('sug.processTitle')}
        onCancel={() => setRow(null)}
        okText={t('cms.save')}
        cancelText={t('cms.cancel')}
        confirmLoading={busy}
        onOk={async () => {
          const v = await form.validateFields();
          fetcher.submit({ id: row!.id, status: v.status ?? '', reply: v.reply ?? '' }, { method: 'post' });
        }}
        destroyOnHidden
        forceRender
      >
        {row ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} type="secondary">
            {row.body}
          </Typography.Paragraph>
        ) : null}
        <Form form={form} layout="vertical">
          <Form.Item name="status" label={t('sug.col.status')}>
            <Radio.Group options={(row ? [row.status, ...NEXT[row.status]] : []).map((s) => ({ value: s, label: t(`sug.status.${s}`) }))} />
          </Form.Item>
          <Form.Item name="reply" label={t('sug.field.reply')} extra={t('sug.field.replyHint')}>
            <Input.TextArea rows={4} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={move !== null}
        title={move ? t('mlists.sug.bulkTitle', { action: t(`mlists.sug.bulk.${move}`), count: selected.length }) : ''}
        onCancel={() => setMove(null)}
        okText={move ? t(`mlists.sug.bulk.${move}`) : ''}
        cancelText={t('cms.cancel')}
        confirmLoading={busy}
        onOk={submitBulk}
        destroyOnHidden
      >
        <Form form={bulkForm} layout="vertical" preserve={false}>
          <Form.Item name="reply" label={t('sug.field.reply')} extra={t('mlists.sug.bulkReplyHint')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
