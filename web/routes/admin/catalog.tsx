import { useEffect, useMemo, useState } from 'react';
import { useFetcher, useNavigate } from 'react-router';
import { data } from 'react-router';
import { Alert, App, Button, Card, Cascader, Checkbox, Form, Input, Modal, Popconfirm, Radio, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Route } from './+types/catalog';
import { useT } from '../../i18n/use-t.ts';
import { translate } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { allows, policy, requirePlatformRole, requireArea } from '../../lib/guards.server.ts';
import { createBrand, createCategory, deleteAttribute, listAllCategories, listAttributes, listBrands, setAttribute, updateCategory, AppError } from '../../lib/services.server.ts';
import { formError } from '../../lib/app-errors.server.ts';
import { field } from '../../lib/forms.ts';
import { bpToPercent, percentToBp } from '../../lib/money.ts';

type TabKey = 'categories' | 'brands' | 'attributes';
const TAB_KEYS: readonly TabKey[] = ['categories', 'brands', 'attributes'];

/** 类目/品牌/属性: the category tree with commission rates, brands, and attribute templates per level-3 category. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireArea(context, request, 'operations');
  const { db } = context.app;
  const url = new URL(request.url);
  const tabParam = url.searchParams.get('tab') as TabKey | null;
  const tab: TabKey = tabParam && TAB_KEYS.includes(tabParam) ? tabParam : 'categories';
  const [categories, brands] = await Promise.all([listAllCategories(db), listBrands(db)]);
  const wanted = url.searchParams.get('category');
  const leaf = categories.find((c) => c.id === wanted && c.level === 3) ?? null;
  const attributes = leaf ? await listAttributes(db, leaf.id) : [];
  return {
    tab,
    categories: categories.map((c) => ({ ...c, level: Number(c.level), commission: bpToPercent(c.commissionBp) })),
    brands,
    leafId: leaf?.id ?? null,
    attributes: attributes.map((a) => ({ id: a.id, name: a.name, kind: a.kind, options: a.options, required: a.required, sortOrder: a.sortOrder })),
    canManageCategories: allows(context, policy.platform('platform_admin')),
  };
}

function text(form: FormData, name: string, max: number): string {
  return field(form, name, max * 2).trim();
}

function invalid(detail: string) {
  return new AppError('VALIDATION_FAILED', { detail });
}

export async function action({ request, context }: Route.ActionArgs) {
  requireArea(context, request, 'operations');
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 40);
  const ok = (key: Parameters<typeof translate>[1]) => ({ ok: true as const, message: translate(locale, key) });
  try {
    if (intent === 'createCategory' || intent === 'updateCategory') {
      // Adding, renaming, re-pricing and switching categories on/off is for platform admins (as in the API).
      requirePlatformRole(context, request, 'platform_admin');
      const name = text(form, 'name', 30);
      const nameEn = text(form, 'nameEn', 60);
      const commissionBp = percentToBp(text(form, 'commission', 10));
      if (!name || name.length > 30) throw invalid(translate(locale, 'admin.catalog.err.name'));
      if (nameEn.length > 60) throw invalid(translate(locale, 'admin.catalog.err.nameEn'));
      if (commissionBp === null) throw invalid(translate(locale, 'admin.catalog.err.commission'));
      const sortText = text(form, 'sortOrder', 6);
      const sortOrder = /^\d{1,6}$/.test(sortText) ? Math.min(100_000, Number(sortText)) : undefined;
      if (intent === 'createCategory') {
        const parentId = text(form, 'parentId', 64) || null;
        await app.db.transaction().execute((trx) => createCategory(trx, { parentId, name, nameEn, commissionBp, sortOrder }));
        return ok('admin.catalog.categoryAdded');
      }
      const id = text(form, 'id', 64);
      await app.db.transaction().execute((trx) => updateCategory(trx, id, { name, nameEn, commissionBp, sortOrder }));
      return ok('admin.catalog.categorySaved');
    }
    if (intent === 'toggleCategory') {
      requirePlatformRole(context, request, 'platform_admin');
      const id = text(form, 'id', 64);
      const enabled = form.get('enabled') === 'true';
      await app.db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('category').select('name').where('id', '=', id).executeTakeFirst();
        if (!current) throw new AppError('CATEGORY_NOT_FOUND');
        await updateCategory(trx, id, { name: current.name, enabled });
      });
      return ok(enabled ? 'admin.catalog.enabledMsg' : 'admin.catalog.disabled');
    }
    if (intent === 'createBrand') {
      const name = text(form, 'name', 30);
      const nameEn = text(form, 'nameEn', 60);
      if (!name || name.length > 30) throw invalid(translate(locale, 'admin.catalog.err.name'));
      if (nameEn.length > 60) throw invalid(translate(locale, 'admin.catalog.err.nameEn'));
      await app.db.transaction().execute((trx) => createBrand(trx, { name, nameEn }));
      return ok('admin.catalog.brandAdded');
    }
    if (intent === 'setAttribute') {
      const categoryId = text(form, 'categoryId', 64);
      const name = text(form, 'name', 30);
      const kind = form.get('kind') === 'spec' ? 'spec' : 'param';
      const options = [...new Set(text(form, 'options', 2000).split(/[,，、\n]/).map((o) => o.trim()).filter(Boolean))];
      if (!name || name.length > 30) throw invalid(translate(locale, 'admin.catalog.err.name'));
      if (options.length > 50 || options.some((o) => o.length > 30)) throw invalid(translate(locale, 'admin.catalog.err.options'));
      const required = form.get('required') === 'true';
      await app.db.transaction().execute((trx) => setAttribute(trx, categoryId, { name, kind, options, required }));
      return ok('admin.catalog.attributeSaved');
    }
    if (intent === 'deleteAttribute') {
      const categoryId = text(form, 'categoryId', 64);
      const attributeId = text(form, 'attributeId', 64);
      await app.db.transaction().execute((trx) => deleteAttribute(trx, categoryId, attributeId));
      return ok('admin.catalog.attributeDeleted');
    }
    throw data(null, { status: 400 });
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}

interface CategoryRow {
  id: string;
  parentId: string | null;
  level: number;
  name: string;
  nameEn: string;
  enabled: boolean;
  commission: string;
  sortOrder: number;
  children?: CategoryRow[];
}

type CategoryDialog = { mode: 'create'; parent: CategoryRow | null } | { mode: 'edit'; row: CategoryRow };

export default function AdminCatalog({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { tab, categories, brands, leafId, attributes, canManageCategories } = loaderData;
  const [dialog, setDialog] = useState<CategoryDialog | null>(null);
  const [brandOpen, setBrandOpen] = useState(false);
  const [attrDialog, setAttrDialog] = useState<{ name: string; kind: 'spec' | 'param'; options: string; required: boolean; isNew: boolean } | null>(null);
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      setDialog(null);
      setBrandOpen(false);
      setAttrDialog(null);
    } else message.error(result.message);
  }, [fetcher.state, fetcher.data, message]);

  const submit = (values: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(values)) form.set(k, v);
    fetcher.submit(form, { method: 'post' });
  };

  const tree = useMemo(() => {
    const byId = new Map<string, CategoryRow>();
    const roots: CategoryRow[] = [];
    for (const c of categories) {
      const row: CategoryRow = { id: c.id, parentId: c.parentId, level: c.level, name: c.name, nameEn: c.nameEn, enabled: c.enabled, commission: c.commission, sortOrder: c.sortOrder };
      byId.set(c.id, row);
      const parent = c.parentId ? byId.get(c.parentId) : undefined;
      if (parent) (parent.children ??= []).push(row);
      else if (!c.parentId) roots.push(row);
    }
    return roots;
  }, [categories]);

  const cascader = useMemo(() => {
    interface Option {
      value: string;
      label: string;
      children?: Option[];
      disabled?: boolean;
    }
    const toOption = (row: CategoryRow): Option => ({
      value: row.id,
      label: row.enabled ? row.name : `${row.name} (${t('admin.catalog.off')})`,
      ...(row.level < 3 ? { children: (row.children ?? []).map(toOption), disabled: !(row.children ?? []).length } : {}),
    });
    return tree.map(toOption);
  }, [tree, t]);
  const leafPath = useMemo(() => {
    if (!leafId) return [];
    const byId = new Map(categories.map((c) => [c.id, c]));
    const path: string[] = [];
    for (let c = byId.get(leafId); c; c = c.parentId ? byId.get(c.parentId) : undefined) path.unshift(c.id);
    return path;
  }, [leafId, categories]);

  const goTab = (key: string, extra = '') => navigate(`/admin/catalog?tab=${key}${extra}`);

  const categoryTable = (
    <>
      {!canManageCategories ? <Alert type="info" showIcon title={t('admin.catalog.adminOnly')} style={{ marginBottom: 12 }} /> : null}
      <div style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} disabled={!canManageCategories} onClick={() => setDialog({ mode: 'create', parent: null })}>
          {t('admin.catalog.addTop')}
        </Button>
      </div>
      <Table<CategoryRow>
        rowKey="id"
        size="middle"
        dataSource={tree}
        pagination={false}
        scroll={{ x: 760 }}
        expandable={{ defaultExpandAllRows: false }}
        locale={{ emptyText: t('home.noCategories') }}
        columns={[
          {
            title: t('admin.catalog.name'),
            key: 'name',
            render: (_: unknown, r: CategoryRow) => (
              <span>
                <Typography.Text delete={!r.enabled}>{r.name}</Typography.Text>
                {r.nameEn ? <Typography.Text type="secondary"> · {r.nameEn}</Typography.Text> : null}
              </span>
            ),
          },
          { title: t('admin.catalog.level'), dataIndex: 'level', key: 'level', width: 90, render: (v: number) => <Tag>{t('admin.catalog.levelN', { n: v })}</Tag> },
          { title: t('admin.catalog.commission'), dataIndex: 'commission', key: 'commission', width: 110, align: 'right', render: (v: string) => `${v}%` },
          {
            title: t('admin.catalog.enabled'),
            key: 'enabled',
            width: 90,
            render: (_: unknown, r: CategoryRow) => (
              <Switch
                size="small"
                checked={r.enabled}
                disabled={!canManageCategories || busy}
                aria-label={t('admin.catalog.toggle', { name: r.name })}
                onChange={(on) => submit({ intent: 'toggleCategory', id: r.id, enabled: String(on) })}
              />
            ),
          },
          {
            title: t('seller.products.col.actions'),
            key: 'actions',
            width: 260,
            render: (_: unknown, r: CategoryRow) => (
              <Space size={4} wrap>
                <Button type="link" size="small" disabled={!canManageCategories} onClick={() => setDialog({ mode: 'edit', row: r })}>
                  {t('admin.catalog.edit')}
                </Button>
                {r.level < 3 ? (
                  <Button type="link" size="small" disabled={!canManageCategories} onClick={() => setDialog({ mode: 'create', parent: r })}>
                    {t('admin.catalog.addChild')}
                  </Button>
                ) : (
                  <Button type="link" size="small" onClick={() => goTab('attributes', `&category=${encodeURIComponent(r.id)}`)}>
                    {t('admin.catalog.attributes')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );

  const brandTable = (
    <>
      <div style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setBrandOpen(true)}>
          {t('admin.catalog.addBrand')}
        </Button>
      </div>
      <Table
        rowKey="id"
        size="middle"
        dataSource={brands}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('admin.catalog.noBrands') }}
        columns={[
          { title: t('admin.catalog.name'), dataIndex: 'name', key: 'name' },
          { title: t('admin.catalog.nameEn'), dataIndex: 'nameEn', key: 'nameEn', render: (v: string) => v || '—' },
        ]}
      />
    </>
  );

  const attributeTable = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('admin.catalog.pickLeaf')}</Typography.Text>
        <Cascader
          options={cascader}
          value={leafPath}
          style={{ width: 320 }}
          showSearch
          placeholder={t('seller.editor.categoryPlaceholder')}
          aria-label={t('admin.catalog.pickLeaf')}
          onChange={(v) => {
            const path = (v ?? []).map(String);
            if (path.length === 3) goTab('attributes', `&category=${encodeURIComponent(path[2]!)}`);
          }}
        />
        <Button type="primary" icon={<PlusOutlined />} disabled={!leafId} onClick={() => setAttrDialog({ name: '', kind: 'spec', options: '', required: false, isNew: true })}>
          {t('admin.catalog.addAttribute')}
        </Button>
      </Space>
      {leafId ? (
        <Table
          rowKey="id"
          size="middle"
          dataSource={attributes}
          pagination={false}
          locale={{ emptyText: t('admin.catalog.noAttributes') }}
          columns={[
            { title: t('admin.catalog.name'), dataIndex: 'name', key: 'name' },
            { title: t('admin.catalog.kind'), dataIndex: 'kind', key: 'kind', width: 120, render: (k: 'spec' | 'param') => <Tag color={k === 'spec' ? 'blue' : 'default'}>{t(k === 'spec' ? 'admin.catalog.kindSpec' : 'admin.catalog.kindParam')}</Tag> },
            { title: t('admin.catalog.options'), dataIndex: 'options', key: 'options', render: (o: string[]) => (o.length ? o.join('、') : '—') },
            { title: t('admin.catalog.required'), dataIndex: 'required', key: 'required', width: 80, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
            {
              title: t('seller.products.col.actions'),
              key: 'actions',
              width: 150,
              render: (_: unknown, a: (typeof attributes)[number]) => (
                <Space size={4}>
                  <Button type="link" size="small" onClick={() => setAttrDialog({ name: a.name, kind: a.kind, options: a.options.join(', '), required: a.required, isNew: false })}>
                    {t('admin.catalog.edit')}
                  </Button>
                  <Popconfirm title={t('admin.catalog.confirmDelete', { name: a.name })} onConfirm={() => submit({ intent: 'deleteAttribute', categoryId: leafId, attributeId: a.id })}>
                    <Button type="link" size="small" danger>
                      {t('admin.catalog.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      ) : (
        <Alert type="info" showIcon title={t('admin.catalog.pickLeafHint')} />
      )}
    </>
  );

  return (
    <>
      <title>{`${t('admin.nav.catalog')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.catalog')}</PageTitle>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => goTab(key, key === 'attributes' && leafId ? `&category=${encodeURIComponent(leafId)}` : '')}
          items={[
            { key: 'categories', label: t('admin.catalog.tab.categories'), children: categoryTable },
            { key: 'brands', label: t('admin.catalog.tab.brands'), children: brandTable },
            { key: 'attributes', label: t('admin.catalog.tab.attributes'), children: attributeTable },
          ]}
        />
      </Card>

      <CategoryModal dialog={dialog} busy={busy} onCancel={() => setDialog(null)} onSubmit={submit} />

      <SimpleFormModal
        open={brandOpen}
        title={t('admin.catalog.addBrand')}
        busy={busy}
        onCancel={() => setBrandOpen(false)}
        onSubmit={(v) => submit({ intent: 'createBrand', name: v.name ?? '', nameEn: v.nameEn ?? '' })}
        fields={[
          { name: 'name', label: t('admin.catalog.name'), required: true, max: 30 },
          { name: 'nameEn', label: t('admin.catalog.nameEn'), max: 60 },
        ]}
      />

      <Modal
        open={attrDialog !== null}
        title={attrDialog?.isNew ? t('admin.catalog.addAttribute') : t('admin.catalog.editAttribute')}
        onCancel={() => setAttrDialog(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, disabled: !attrDialog?.name.trim() }}
        onOk={() =>
          attrDialog &&
          leafId &&
          submit({ intent: 'setAttribute', categoryId: leafId, name: attrDialog.name, kind: attrDialog.kind, options: attrDialog.options, required: String(attrDialog.required) })
        }
        destroyOnHidden
      >
        {attrDialog ? (
          <Form layout="vertical" component="div">
            <Form.Item label={t('admin.catalog.name')} htmlFor="attr-name" required>
              <Input id="attr-name" value={attrDialog.name} maxLength={30} disabled={!attrDialog.isNew} onChange={(e) => setAttrDialog({ ...attrDialog, name: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('admin.catalog.kind')}>
              <Radio.Group
                value={attrDialog.kind}
                disabled={!attrDialog.isNew}
                onChange={(e) => setAttrDialog({ ...attrDialog, kind: e.target.value as 'spec' | 'param' })}
                options={[
                  { value: 'spec', label: t('admin.catalog.kindSpec') },
                  { value: 'param', label: t('admin.catalog.kindParam') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('admin.catalog.options')} htmlFor="attr-options" extra={t('admin.catalog.optionsHint')}>
              <Input.TextArea id="attr-options" value={attrDialog.options} autoSize={{ minRows: 2 }} onChange={(e) => setAttrDialog({ ...attrDialog, options: e.target.value })} />
            </Form.Item>
            <Checkbox checked={attrDialog.required} onChange={(e) => setAttrDialog({ ...attrDialog, required: e.target.checked })}>
              {t('admin.catalog.required')}
            </Checkbox>
          </Form>
        ) : null}
      </Modal>
    </>
  );
}

function CategoryModal({ dialog, busy, onCancel, onSubmit }: { dialog: CategoryDialog | null; busy: boolean; onCancel: () => void; onSubmit: (v: Record<string, string>) => void }) {
  const { t } = useT();
  const row = dialog?.mode === 'edit' ? dialog.row : null;
  const parent = dialog?.mode === 'create' ? dialog.parent : null;
  return (
    <SimpleFormModal
      open={dialog !== null}
      title={row ? t('admin.catalog.editCategory') : parent ? t('admin.catalog.addChildOf', { name: parent.name }) : t('admin.catalog.addTop')}
      busy={busy}
      onCancel={onCancel}
      initial={row ? { name: row.name, nameEn: row.nameEn, commission: row.commission, sortOrder: String(row.sortOrder) } : { commission: parent?.commission ?? '5', sortOrder: '0' }}
      onSubmit={(v) =>
        onSubmit({
          intent: row ? 'updateCategory' : 'createCategory',
          ...(row ? { id: row.id } : { parentId: parent?.id ?? '' }),
          name: v.name ?? '',
          nameEn: v.nameEn ?? '',
          commission: v.commission ?? '',
          sortOrder: v.sortOrder ?? '0',
        })
      }
      fields={[
        { name: 'name', label: t('admin.catalog.name'), required: true, max: 30 },
        { name: 'nameEn', label: t('admin.catalog.nameEn'), max: 60 },
        { name: 'commission', label: t('admin.catalog.commissionPercent'), required: true, max: 6, suffix: '%', hint: t('admin.catalog.commissionHint') },
        { name: 'sortOrder', label: t('admin.catalog.sortOrder'), max: 6 },
      ]}
    />
  );
}

/** A small modal form of text fields. */
function SimpleFormModal({
  open,
  title,
  busy,
  fields,
  initial = {},
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: string;
  busy: boolean;
  fields: { name: string; label: string; required?: boolean; max: number; suffix?: string; hint?: string }[];
  initial?: Record<string, string>;
  onCancel: () => void;
  onSubmit: (values: Record<string, string>) => void;
}) {
  const { t } = useT();
  const [values, setValues] = useState<Record<string, string>>(initial);
  useEffect(() => {
    if (open) setValues(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when opened
  }, [open]);
  const missing = fields.some((f) => f.required && !(values[f.name] ?? '').trim());
  return (
    <Modal open={open} title={title} onCancel={onCancel} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ loading: busy, disabled: missing }} onOk={() => onSubmit(values)} destroyOnHidden>
      <Form layout="vertical" component="div">
        {fields.map((f) => (
          <Form.Item key={f.name} label={f.label} htmlFor={`f-${f.name}`} required={f.required} extra={f.hint}>
            <Input id={`f-${f.name}`} value={values[f.name] ?? ''} maxLength={f.max} suffix={f.suffix} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
