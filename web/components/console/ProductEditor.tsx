import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useFetcher } from 'react-router';
import { Alert, App, AutoComplete, Button, Card, Cascader, ConfigProvider, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from './ConsoleShell.tsx';
import { ProductStatusTag } from './ProductStatusTag.tsx';
import { imageVariant, specKey } from '../../lib/shared.ts';
import { parseCount, yuanToFen } from '../../lib/money.ts';
import { ApiCallError, postForm } from '../../lib/api-client.ts';
import {
  MAX_IMAGES,
  MAX_SPEC_DIMENSIONS,
  buildProductInput,
  skuRows,
  usableDimensions,
  type EditorAttribute,
  type EditorLoaderData,
  type EditorSku,
  type EditorValues,
  type Problem,
} from '../../lib/product-editor.ts';

const EMPTY: EditorValues = {
  categoryPath: [],
  brandId: null,
  title: '',
  subtitle: '',
  descriptionHtml: '',
  images: [],
  params: [],
  return7d: true,
  purchaseLimit: null,
  specs: [],
  skus: [],
};

/** Adds a row for each of the category's parameter names the product does not have yet. */
function withParamNames(params: EditorValues['params'], attributes: EditorAttribute[]): EditorValues['params'] {
  const names = new Set(params.map((p) => p.name.trim()));
  const added = attributes.filter((a) => a.kind === 'param' && !names.has(a.name)).map((a) => ({ name: a.name, value: '' }));
  return [...params.filter((p) => p.name.trim() || p.value.trim()), ...added];
}

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} extra={extra} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

const badYuan = (text: string, optional: boolean) => (optional && !text.trim() ? false : text.trim() !== '' && yuanToFen(text) === null);
const badCount = (text: string) => text.trim() !== '' && parseCount(text) === null;

/**
 * 发布商品 / 编辑商品: category (level 3), brand, title, pictures (uploaded through the API),
 * up to three spec dimensions whose combinations (specMatrix) make the SKU table, per-SKU price,
 * original price and stock with 批量设置, parameters, description, 七天无理由 and 限购.
 */
export function ProductEditor({ data, actionError }: { data: EditorLoaderData; actionError: string | undefined }) {
  const { t } = useT();
  const { message } = App.useApp();
  const fetcher = useFetcher<{ error: string }>();
  const { shopId, product, canEdit } = data;
  const [values, setValues] = useState<EditorValues>(() => {
    const start = data.initial ?? EMPTY;
    return { ...start, params: withParamNames(start.params, data.attributes) };
  });
  const [attributes, setAttributes] = useState<EditorAttribute[]>(data.attributes);
  const [typed, setTyped] = useState<Record<string, EditorSku>>(() => Object.fromEntries((data.initial?.skus ?? []).map((s) => [specKey(s.spec), s])));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [uploading, setUploading] = useState(0);
  const [bulk, setBulk] = useState({ price: '', original: '', stock: '' });

  const { rows, problem: matrixProblem } = useMemo(() => skuRows(values.specs, new Map(Object.entries(typed))), [values.specs, typed]);
  // Columns in the merchant's dimension order (stored SKU specs may list their keys in another order).
  const dims = matrixProblem ? [] : usableDimensions(values.specs).map((d) => d.name);
  const serverError = fetcher.data?.error ?? actionError;
  const saving = fetcher.state !== 'idle';
  const set = <K extends keyof EditorValues>(key: K, value: EditorValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.error) window.scrollTo({ top: 0, behavior: 'smooth' });
  }, [fetcher.state, fetcher.data]);

  const chooseCategory = async (path: string[]) => {
    set('categoryPath', path);
    const leaf = path.length === 3 ? path[2]! : null;
    if (!leaf) return setAttributes([]);
    try {
      const response = await fetch(`/api/categories/${encodeURIComponent(leaf)}/attributes`, { headers: { accept: 'application/json' } });
      const body = (await response.json()) as { items: EditorAttribute[] };
      const next = response.ok ? body.items : [];
      setAttributes(next);
      setValues((v) => ({ ...v, params: withParamNames(v.params, next) }));
    } catch {
      setAttributes([]);
    }
  };

  const upload = async (file: File) => {
    setUploading((n) => n + 1);
    try {
      const body = new FormData();
      body.set('file', file);
      const image = await postForm<{ url: string }>(`/api/seller/shops/${encodeURIComponent(shopId)}/images`, body);
      setValues((v) => (v.images.length >= MAX_IMAGES ? v : { ...v, images: [...v.images, { url: image.url, thumb: imageVariant(image.url, 'thumb') }] }));
    } catch (error) {
      message.error(error instanceof ApiCallError && error.message ? error.message : t('seller.editor.uploadFailed'));
    } finally {
      setUploading((n) => n - 1);
    }
  };

  const moveImage = (from: number, to: number) =>
    setValues((v) => {
      const images = [...v.images];
      const [moved] = images.splice(from, 1);
      if (moved) images.splice(to, 0, moved);
      return { ...v, images };
    });

  const setDim = (index: number, change: Partial<{ name: string; values: string[] }>) =>
    setValues((v) => ({ ...v, specs: v.specs.map((d, i) => (i === index ? { ...d, ...change } : d)) }));

  const setCell = (row: EditorSku, field: 'price' | 'original' | 'stock', value: string) =>
    setTyped((current) => ({ ...current, [specKey(row.spec)]: { ...row, ...current[specKey(row.spec)], [field]: value } }));

  const applyBulk = () => {
    setTyped((current) => {
      const next = { ...current };
      for (const row of rows) {
        const key = specKey(row.spec);
        const base = next[key] ?? row;
        next[key] = {
          ...base,
          ...(bulk.price.trim() ? { price: bulk.price.trim() } : {}),
          ...(bulk.original.trim() ? { original: bulk.original.trim() } : {}),
          ...(bulk.stock.trim() ? { stock: bulk.stock.trim() } : {}),
        };
      }
      return next;
    });
  };

  const save = (intent: 'draft' | 'submit') => {
    const { input, problems: found } = buildProductInput(values, rows, attributes);
    const all = matrixProblem ? [matrixProblem, ...found] : found;
    setProblems(all);
    if (all.length > 0 || !input) {
      window.scrollTo({ top: 0, behavior: 'smooth' });
      return;
    }
    const form = new FormData();
    form.set('intent', intent);
    form.set('payload', JSON.stringify(input));
    fetcher.submit(form, { method: 'post' });
  };

  const specAttributes = attributes.filter((a) => a.kind === 'spec');
  const unusedSpecNames = specAttributes.filter((a) => !values.specs.some((d) => d.name.trim() === a.name));
  const paramOptions = (name: string) => attributes.find((a) => a.kind === 'param' && a.name === name)?.options ?? [];
  const specText = (spec: Record<string, string>) => (dims.length ? dims.map((d) => spec[d]).join(' / ') : t('seller.editor.singleSku'));
  const heading = product ? t('seller.editor.editTitle') : t('seller.editor.newTitle');

  return (
    <>
      <title>{`${heading} - ${t('console.seller')}`}</title>
      <PageTitle extra={<Link to={`/seller/${shopId}/products`}>{t('seller.editor.backToList')}</Link>}>
        {heading} {product ? <ProductStatusTag status={product.status} /> : null}
      </PageTitle>

      {serverError || problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={serverError ?? t('seller.editor.fixProblems')}
          description={
            problems.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.map((p, i) => (
                  <li key={i}>{t(p.key, p.params)}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      {product?.status === 'rejected' && product.rejectReason ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('seller.products.rejectReason', { reason: product.rejectReason })} description={t('seller.editor.rejectedHint')} />
      ) : null}
      {product?.status === 'on_sale' ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('seller.editor.onSaleHint')} /> : null}
      {product?.status === 'off_shelf' && product.offShelfReason ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('seller.products.offReason', { reason: product.offShelfReason })} />
      ) : null}
      {!canEdit ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('seller.products.readOnly')} /> : null}

      <ConfigProvider componentDisabled={!canEdit}>
        <Form layout="vertical" component="div" requiredMark>
          <Section title={t('seller.editor.basic')}>
            <Form.Item label={t('seller.editor.category')} htmlFor="pe-category" required extra={t('seller.editor.categoryHint')}>
              <Cascader
                id="pe-category"
                options={data.categories}
                value={values.categoryPath}
                onChange={(v) => void chooseCategory((v ?? []).map(String))}
                placeholder={t('seller.editor.categoryPlaceholder')}
                showSearch
                style={{ maxWidth: 420 }}
                allowClear={false}
              />
            </Form.Item>
            <Form.Item label={t('seller.editor.brand')} htmlFor="pe-brand">
              <Select
                id="pe-brand"
                value={values.brandId ?? undefined}
                onChange={(v: string | undefined) => set('brandId', v ?? null)}
                options={data.brands}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('seller.editor.brandPlaceholder')}
                style={{ maxWidth: 420 }}
              />
            </Form.Item>
            <Form.Item label={t('seller.editor.title')} htmlFor="pe-title" required>
              <Input id="pe-title" value={values.title} onChange={(e) => set('title', e.target.value)} maxLength={60} showCount placeholder={t('seller.editor.titlePlaceholder')} />
            </Form.Item>
            <Form.Item label={t('seller.editor.subtitle')} htmlFor="pe-subtitle">
              <Input id="pe-subtitle" value={values.subtitle} onChange={(e) => set('subtitle', e.target.value)} maxLength={120} showCount placeholder={t('seller.editor.subtitlePlaceholder')} />
            </Form.Item>
          </Section>

          <Section title={t('seller.editor.images')}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('seller.editor.imagesHint', { max: MAX_IMAGES })}
            </Typography.Paragraph>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
              {values.images.map((img, i) => (
                <figure key={img.url} style={{ margin: 0, width: 104 }} aria-label={t('seller.editor.imageN', { n: i + 1 })}>
                  <img src={img.thumb} alt="" width={104} height={104} style={{ width: 104, height: 104, objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0', display: 'block' }} />
                  <figcaption style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4 }}>
                    <Button size="small" type="text" icon={<ArrowLeftOutlined />} disabled={i === 0} onClick={() => moveImage(i, i - 1)} aria-label={t('seller.editor.moveLeft')} />
                    {i === 0 ? <Tag style={{ margin: 0 }}>{t('seller.editor.cover')}</Tag> : null}
                    <Button size="small" type="text" icon={<ArrowRightOutlined />} disabled={i === values.images.length - 1} onClick={() => moveImage(i, i + 1)} aria-label={t('seller.editor.moveRight')} />
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => set('images', values.images.filter((_, j) => j !== i))}
                      aria-label={t('seller.editor.removeImage', { n: i + 1 })}
                    />
                  </figcaption>
                </figure>
              ))}
              {values.images.length < MAX_IMAGES && canEdit ? (
                <Upload
                  accept="image/jpeg,image/png,image/webp,image/gif"
                  multiple
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void upload(file);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} loading={uploading > 0} style={{ width: 104, height: 104, flexDirection: 'column' }}>
                    {t('seller.editor.upload')}
                  </Button>
                </Upload>
              ) : null}
            </div>
          </Section>

          <Section title={t('seller.editor.specs')}>
            {values.specs.map((dim, i) => {
              const attr = specAttributes.find((a) => a.name === dim.name.trim());
              return (
                <div key={i} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start', marginBottom: 12, padding: 12, background: '#fafafa', borderRadius: 6 }}>
                  <AutoComplete
                    value={dim.name}
                    onChange={(v: string) => setDim(i, { name: v })}
                    options={specAttributes.map((a) => ({ value: a.name }))}
                    style={{ width: 160 }}
                    maxLength={20}
                    placeholder={t('seller.editor.specName')}
                    aria-label={t('seller.editor.specNameN', { n: i + 1 })}
                  />
                  <Select
                    mode="tags"
                    value={dim.values}
                    onChange={(v: string[]) => setDim(i, { values: [...new Set(v.map((x) => x.trim()).filter(Boolean))].slice(0, 30) })}
                    options={(attr?.options ?? []).map((o) => ({ value: o, label: o }))}
                    tokenSeparators={[',', '，']}
                    style={{ flex: 1, minWidth: 220 }}
                    placeholder={t('seller.editor.specValues')}
                    aria-label={t('seller.editor.specValuesN', { n: i + 1 })}
                  />
                  <Button danger type="text" icon={<DeleteOutlined />} onClick={() => set('specs', values.specs.filter((_, j) => j !== i))} aria-label={t('seller.editor.removeSpec', { n: i + 1 })} />
                </div>
              );
            })}
            <Space wrap style={{ marginBottom: 16 }}>
              <Button icon={<PlusOutlined />} disabled={values.specs.length >= MAX_SPEC_DIMENSIONS} onClick={() => set('specs', [...values.specs, { name: '', values: [] }])}>
                {t('seller.editor.addSpec')}
              </Button>
              {unusedSpecNames.length > 0 && values.specs.length < MAX_SPEC_DIMENSIONS ? (
                <>
                  <Typography.Text type="secondary">{t('seller.editor.suggested')}</Typography.Text>
                  {unusedSpecNames.map((a) => (
                    <Button key={a.name} size="small" type="dashed" onClick={() => set('specs', [...values.specs, { name: a.name, values: [] }])}>
                      + {a.name}
                    </Button>
                  ))}
                </>
              ) : null}
              <Typography.Text type="secondary">{t('seller.editor.specHint', { max: MAX_SPEC_DIMENSIONS })}</Typography.Text>
            </Space>
            {matrixProblem ? <Alert type="warning" showIcon title={t(matrixProblem.key)} style={{ marginBottom: 12 }} /> : null}

            {canEdit && rows.length > 1 ? (
              <Space wrap style={{ marginBottom: 12 }} aria-label={t('seller.editor.bulk')}>
                <Typography.Text strong>{t('seller.editor.bulk')}</Typography.Text>
                <Input prefix="¥" style={{ width: 130 }} value={bulk.price} onChange={(e) => setBulk({ ...bulk, price: e.target.value })} placeholder={t('seller.editor.price')} aria-label={t('seller.editor.bulkPrice')} inputMode="decimal" />
                <Input prefix="¥" style={{ width: 130 }} value={bulk.original} onChange={(e) => setBulk({ ...bulk, original: e.target.value })} placeholder={t('seller.editor.original')} aria-label={t('seller.editor.bulkOriginal')} inputMode="decimal" />
                <Input style={{ width: 110 }} value={bulk.stock} onChange={(e) => setBulk({ ...bulk, stock: e.target.value })} placeholder={t('seller.editor.stock')} aria-label={t('seller.editor.bulkStock')} inputMode="numeric" />
                <Button onClick={applyBulk} disabled={!bulk.price.trim() && !bulk.original.trim() && !bulk.stock.trim()}>
                  {t('seller.editor.applyAll')}
                </Button>
              </Space>
            ) : null}

            <Table<EditorSku>
              size="small"
              rowKey={(r) => specKey(r.spec) || 'single'}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 560 }}
              columns={[
                ...dims.map((name) => ({ title: name, key: `d-${name}`, render: (_: unknown, r: EditorSku) => r.spec[name] })),
                ...(dims.length === 0 ? [{ title: t('seller.editor.sku'), key: 'single', render: () => t('seller.editor.singleSku') }] : []),
                {
                  title: <span className="required-mark">{t('seller.editor.price')}</span>,
                  key: 'price',
                  width: 150,
                  render: (_: unknown, r: EditorSku) => (
                    <Input prefix="¥" value={r.price} status={badYuan(r.price, false) ? 'error' : undefined} onChange={(e) => setCell(r, 'price', e.target.value)} aria-label={`${specText(r.spec)} ${t('seller.editor.price')}`} inputMode="decimal" maxLength={12} />
                  ),
                },
                {
                  title: t('seller.editor.original'),
                  key: 'original',
                  width: 150,
                  render: (_: unknown, r: EditorSku) => (
                    <Input prefix="¥" value={r.original} status={badYuan(r.original, true) ? 'error' : undefined} onChange={(e) => setCell(r, 'original', e.target.value)} aria-label={`${specText(r.spec)} ${t('seller.editor.original')}`} inputMode="decimal" maxLength={12} />
                  ),
                },
                {
                  title: <span className="required-mark">{t('seller.editor.stock')}</span>,
                  key: 'stock',
                  width: 120,
                  render: (_: unknown, r: EditorSku) => (
                    <Input value={r.stock} status={badCount(r.stock) ? 'error' : undefined} onChange={(e) => setCell(r, 'stock', e.target.value)} aria-label={`${specText(r.spec)} ${t('seller.editor.stock')}`} inputMode="numeric" maxLength={8} />
                  ),
                },
              ]}
            />
          </Section>

          <Section title={t('seller.editor.params')}>
            {values.params.map((p, i) => (
              <Space.Compact key={i} style={{ display: 'flex', marginBottom: 8, maxWidth: 640 }}>
                <Input
                  style={{ width: 180 }}
                  value={p.name}
                  onChange={(e) => set('params', values.params.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                  placeholder={t('seller.editor.paramName')}
                  aria-label={t('seller.editor.paramNameN', { n: i + 1 })}
                  maxLength={20}
                />
                <AutoComplete
                  style={{ flex: 1 }}
                  value={p.value}
                  options={paramOptions(p.name).map((o) => ({ value: o }))}
                  onChange={(v: string) => set('params', values.params.map((x, j) => (j === i ? { ...x, value: v } : x)))}
                  placeholder={t('seller.editor.paramValue')}
                  aria-label={p.name ? t('seller.editor.paramValueOf', { name: p.name }) : t('seller.editor.paramValueN', { n: i + 1 })}
                  maxLength={100}
                />
                <Button icon={<DeleteOutlined />} onClick={() => set('params', values.params.filter((_, j) => j !== i))} aria-label={t('seller.editor.removeParam', { n: i + 1 })} />
              </Space.Compact>
            ))}
            <Button icon={<PlusOutlined />} disabled={values.params.length >= 30} onClick={() => set('params', [...values.params, { name: '', value: '' }])}>
              {t('seller.editor.addParam')}
            </Button>
          </Section>

          <Section title={t('seller.editor.description')}>
            <Form.Item htmlFor="pe-desc" label={t('seller.editor.descriptionLabel')} extra={t('seller.editor.descriptionHint')} style={{ marginBottom: 0 }}>
              <Input.TextArea id="pe-desc" value={values.descriptionHtml} onChange={(e) => set('descriptionHtml', e.target.value)} autoSize={{ minRows: 6, maxRows: 20 }} maxLength={50_000} />
            </Form.Item>
          </Section>

          <Section title={t('seller.editor.service')}>
            <Space size={32} wrap>
              <Space>
                <Switch id="pe-return7d" checked={values.return7d} onChange={(v) => set('return7d', v)} />
                <label htmlFor="pe-return7d">{t('seller.editor.return7d')}</label>
              </Space>
              <Space>
                <label htmlFor="pe-limit">{t('seller.editor.limit')}</label>
                <InputNumber id="pe-limit" min={1} max={9999} precision={0} value={values.purchaseLimit} onChange={(v) => set('purchaseLimit', typeof v === 'number' ? v : null)} placeholder={t('seller.editor.noLimit')} />
              </Space>
            </Space>
          </Section>
        </Form>
      </ConfigProvider>

      {canEdit ? (
        <div className="editor-footer">
          <Space wrap>
            <Button onClick={() => save('draft')} loading={saving && fetcher.formData?.get('intent') === 'draft'} disabled={saving || uploading > 0}>
              {product && product.status !== 'draft' ? t('seller.editor.save') : t('seller.editor.saveDraft')}
            </Button>
            <Button type="primary" onClick={() => save('submit')} loading={saving && fetcher.formData?.get('intent') === 'submit'} disabled={saving || uploading > 0}>
              {t('seller.editor.saveSubmit')}
            </Button>
          </Space>
        </div>
      ) : null}
    </>
  );
}
