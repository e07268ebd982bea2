import { useEffect } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Route } from './+types/shipping-template';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { templateEditorAction, templateEditorLoader } from '../../lib/logistics.server.ts';
import { templatePayload, type ChargeBy, type FeeRuleValues, type TemplateFormValues } from '../../lib/logistics.ts';

/** 新建 / 编辑运费模板. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return templateEditorLoader({ request, context, shopId: params.shopId, templateId: params.templateId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return templateEditorAction({ request, context, shopId: params.shopId, templateId: params.templateId });
}

const EMPTY_RULE: FeeRuleValues = { firstUnits: '1', firstFee: '', additionalUnits: '1', additionalFee: '', freeOver: '', freeOverQty: '' };
const EMPTY: TemplateFormValues = { name: '', chargeBy: 'piece', ...EMPTY_RULE, regionRules: [], excludedProvinces: [], isDefault: false };

/** "首件 [1] 件 运费 [10] 元，续件 [1] 件 加 [5] 元；满 [ ] 元 / [ ] 件包邮" for the template or one region override. */
function FeeRuleFields({ path, chargeBy, label }: { path: (string | number)[]; chargeBy: ChargeBy; label: string }) {
  const { t } = useT();
  const unit = chargeBy === 'weight' ? 'kg' : t('logistics.unitPiece');
  const first = chargeBy === 'weight' ? t('logistics.firstWeight') : t('logistics.firstPiece');
  const next = chargeBy === 'weight' ? t('logistics.nextWeight') : t('logistics.nextPiece');
  const item = (name: string, aria: string, suffix: string, width = 150) => (
    <Form.Item name={[...path, name]} noStyle>
      <Input aria-label={`${label} ${aria}`} suffix={suffix} style={{ width }} inputMode="decimal" maxLength={12} />
    </Form.Item>
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap size={8}>
        <Typography.Text>{first}</Typography.Text>
        {item('firstUnits', first, unit, 110)}
        <Typography.Text>{t('logistics.fee')}</Typography.Text>
        {item('firstFee', `${first}${t('logistics.fee')}`, t('logistics.yuan'))}
        <Typography.Text>{next}</Typography.Text>
        {item('additionalUnits', next, unit, 110)}
        <Typography.Text>{t('logistics.addFee')}</Typography.Text>
        {item('additionalFee', `${next}${t('logistics.addFee')}`, t('logistics.yuan'))}
      </Space>
      <Space wrap size={8}>
        <Typography.Text type="secondary">{t('logistics.freeIf')}</Typography.Text>
        {item('freeOver', t('logistics.freeOverLabel'), t('logistics.yuanFree'), 170)}
        <Typography.Text type="secondary">{t('logistics.or')}</Typography.Text>
        {item('freeOverQty', t('logistics.freeOverQtyLabel'), t('logistics.piecesFree'), 150)}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('logistics.freeHint')}
        </Typography.Text>
      </Space>
    </Space>
  );
}

export default function ShippingTemplateEditor({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const fetcher = useFetcher<typeof action>();
  const navigate = useNavigate();
  const { shopId, templateId, initial, provinces, canEdit } = loaderData;
  const [form] = Form.useForm<TemplateFormValues>();
  const chargeBy = (Form.useWatch('chargeBy', form) ?? initial?.chargeBy ?? 'piece') as ChargeBy;
  const rules = (Form.useWatch('regionRules', form) ?? initial?.regionRules ?? []) as TemplateFormValues['regionRules'];
  const excluded = (Form.useWatch('excludedProvinces', form) ?? initial?.excludedProvinces ?? []) as string[];
  const serverError = fetcher.data && 'error' in fetcher.data ? fetcher.data.error : actionData && 'error' in actionData ? actionData.error : null;
  const base = `/seller/${shopId}/logistics`;
  const heading = templateId ? t('logistics.editTemplate') : t('logistics.newTemplate');

  useEffect(() => {
    if (serverError) window.scrollTo({ top: 0, behavior: 'smooth' });
  }, [serverError]);

  // A province belongs to at most one override, and never to an override and 不配送区域 at once.
  const taken = (except: number | 'excluded') => {
    const used = new Set<string>(except === 'excluded' ? [] : excluded);
    rules.forEach((r, i) => i !== except && r?.provinceCodes?.forEach((c) => used.add(c)));
    return provinces.map((p) => ({ value: p.code, label: p.name, disabled: used.has(p.code) }));
  };

  const save = (values: TemplateFormValues) => {
    const parsed = templatePayload({ ...EMPTY, ...values, regionRules: values.regionRules ?? [], excludedProvinces: values.excludedProvinces ?? [] });
    if ('problem' in parsed) {
      message.error(t(`logistics.err.${parsed.problem}`));
      return;
    }
    fetcher.submit({ payload: JSON.stringify(parsed.payload) }, { method: 'post' });
  };

  return (
    <>
      <title>{`${heading} - ${t('console.seller')}`}</title>
      <PageTitle extra={<Link to={base}>{t('logistics.backToList')}</Link>}>{heading}</PageTitle>
      {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} /> : null}
      <Form<TemplateFormValues> form={form} layout="vertical" initialValues={initial ?? EMPTY} onFinish={save} disabled={!canEdit}>
        <Card title={t('logistics.basics')} style={{ marginBottom: 16 }}>
          <Form.Item name="name" label={t('logistics.templateName')} rules={[{ required: true, whitespace: true, max: 30, message: t('logistics.err.name') }]} style={{ maxWidth: 420 }}>
            <Input maxLength={30} placeholder={t('logistics.templateNamePlaceholder')} />
          </Form.Item>
          <Form.Item name="chargeBy" label={t('logistics.col.chargeBy')}>
            <Radio.Group
              options={[
                { value: 'piece', label: t('logistics.byPiece') },
                { value: 'weight', label: t('logistics.byWeight') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('logistics.defaultRule')} extra={t('logistics.defaultRuleHint')} required>
            <FeeRuleFields path={[]} chargeBy={chargeBy} label={t('logistics.defaultRule')} />
          </Form.Item>
        </Card>

        <Card title={t('logistics.regionRules')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('logistics.regionRulesHint')}</Typography.Paragraph>
          <Form.List name="regionRules">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Card key={f.key} size="small" type="inner" title={t('logistics.regionRuleN', { n: i + 1 })} extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('logistics.removeRule', { n: i + 1 })} />}>
                    <Form.Item name={[f.name, 'provinceCodes']} label={t('logistics.provinces')}>
                      <Select mode="multiple" options={taken(i)} optionFilterProp="label" placeholder={t('logistics.pickProvinces')} aria-label={t('logistics.regionRuleProvinces', { n: i + 1 })} />
                    </Form.Item>
                    <FeeRuleFields path={[f.name]} chargeBy={chargeBy} label={t('logistics.regionRuleN', { n: i + 1 })} />
                  </Card>
                ))}
                {fields.length < 34 ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ provinceCodes: [], ...EMPTY_RULE })}>
                    {t('logistics.addRegionRule')}
                  </Button>
                ) : null}
              </Space>
            )}
          </Form.List>
        </Card>

        <Card title={t('logistics.excluded')} style={{ marginBottom: 16 }}>
          <Form.Item name="excludedProvinces" extra={t('logistics.excludedHint')} style={{ marginBottom: 0 }}>
            <Select mode="multiple" options={taken('excluded')} optionFilterProp="label" placeholder={t('logistics.pickProvinces')} aria-label={t('logistics.excluded')} />
          </Form.Item>
        </Card>

        <Card style={{ marginBottom: 16 }}>
          <Form.Item name="isDefault" valuePropName="checked" extra={t('logistics.defaultHint')} style={{ marginBottom: 0 }}>
            <Checkbox disabled={!canEdit || (initial?.isDefault ?? false)}>{t('logistics.setDefault')}</Checkbox>
          </Form.Item>
        </Card>

        {canEdit ? (
          <div className="editor-footer">
            <Space>
              <Button onClick={() => navigate(base)}>{t('common.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
                {t('logistics.save')}
              </Button>
            </Space>
          </div>
        ) : null}
      </Form>
    </>
  );
}
