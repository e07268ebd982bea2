import { useEffect, useState } from 'react';
import { Link, useFetcher, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Cascader, Form, Input, Space, Switch } from 'antd';
import type { Route } from './+types/pickup-point';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { pointEditorAction, pointEditorLoader } from '../../lib/logistics.server.ts';
import type { RegionOption } from '../../lib/buying-views.ts';

/** 新增 / 编辑自提点. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return pointEditorLoader({ request, context, shopId: params.shopId, pointId: params.pointId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return pointEditorAction({ request, context, shopId: params.shopId, pointId: params.pointId });
}

interface CascaderOption {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: CascaderOption[];
}

interface Values {
  name: string;
  region: string[];
  street: string;
  detail: string;
  openingHours: string;
  contactPhone: string;
  enabled: boolean;
}

/** The picker's options: every province, and along the saved path its cities and districts (the rest load on demand). */
function startOptions(o: { provinces: RegionOption[]; cities: RegionOption[]; districts: RegionOption[] }, path: string[]): CascaderOption[] {
  return o.provinces.map((p) => ({
    value: p.code,
    label: p.name,
    isLeaf: false,
    ...(p.code === path[0] && o.cities.length
      ? {
          children: o.cities.map((c) => ({
            value: c.code,
            label: c.name,
            isLeaf: false,
            ...(c.code === path[1] && o.districts.length ? { children: o.districts.map((d) => ({ value: d.code, label: d.name, isLeaf: true })) } : {}),
          })),
        }
      : {}),
  }));
}

export default function PickupPointEditor({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { shopId, pointId, initial, canEdit } = loaderData;
  const [options, setOptions] = useState<CascaderOption[]>(() => startOptions(loaderData.options, initial?.region ?? []));
  const serverError = fetcher.data && 'error' in fetcher.data ? fetcher.data.error : actionData && 'error' in actionData ? actionData.error : null;
  const base = `/seller/${shopId}/logistics?tab=pickup`;
  const heading = pointId ? t('logistics.editPoint') : t('logistics.newPoint');

  useEffect(() => {
    if (serverError) window.scrollTo({ top: 0, behavior: 'smooth' });
  }, [serverError]);

  const loadData = async (selected: CascaderOption[]) => {
    const target = selected[selected.length - 1];
    if (!target) return;
    try {
      const response = await fetch(`/api/regions?parent=${encodeURIComponent(target.value)}`, { headers: { accept: 'application/json' } });
      const body = (await response.json()) as { items: RegionOption[] };
      target.children = body.items.map((r) => ({ value: r.code, label: r.name, isLeaf: selected.length >= 2 }));
    } catch {
      message.error(t('logistics.regionFailed'));
    }
    setOptions((current) => [...current]);
  };

  const save = (v: Values) => {
    const [provinceCode = '', cityCode = '', districtCode = ''] = v.region ?? [];
    const payload = {
      name: v.name.trim(),
      provinceCode,
      cityCode,
      districtCode,
      street: v.street?.trim() || null,
      detail: v.detail.trim(),
      openingHours: v.openingHours.trim(),
      contactPhone: v.contactPhone.trim(),
      enabled: v.enabled,
    };
    fetcher.submit({ payload: JSON.stringify(payload) }, { method: 'post' });
  };

  return (
    <>
      <title>{`${heading} - ${t('console.seller')}`}</title>
      <PageTitle extra={<Link to={base}>{t('logistics.backToList')}</Link>}>{heading}</PageTitle>
      {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} /> : null}
      <Card>
        <Form<Values>
          layout="vertical"
          style={{ maxWidth: 560 }}
          disabled={!canEdit}
          initialValues={initial ?? { name: '', region: [], street: '', detail: '', openingHours: '', contactPhone: '', enabled: true }}
          onFinish={save}
        >
          <Form.Item name="name" label={t('logistics.col.pointName')} rules={[{ required: true, whitespace: true, max: 30, message: t('logistics.err.pointName') }]}>
            <Input maxLength={30} placeholder={t('logistics.pointNamePlaceholder')} />
          </Form.Item>
          <Form.Item name="region" label={t('address.region')} rules={[{ required: true, type: 'array', len: 3, message: t('address.err.region') }]}>
            <Cascader options={options} loadData={loadData} changeOnSelect={false} placeholder={t('logistics.pickRegion')} aria-label={t('address.region')} />
          </Form.Item>
          <Form.Item name="street" label={t('address.street')}>
            <Input maxLength={50} placeholder={t('address.streetPlaceholder')} />
          </Form.Item>
          <Form.Item name="detail" label={t('address.detail')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('address.err.detail') }]}>
            <Input maxLength={100} placeholder={t('address.detailPlaceholder')} />
          </Form.Item>
          <Form.Item name="openingHours" label={t('logistics.col.hours')} rules={[{ required: true, whitespace: true, max: 100, message: t('logistics.err.hours') }]}>
            <Input maxLength={100} placeholder={t('logistics.hoursPlaceholder')} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('logistics.col.phone')} extra={t('logistics.phoneHint')} rules={[{ required: true, whitespace: true, max: 30, message: t('logistics.err.phone') }]}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
          <Form.Item name="enabled" label={t('logistics.col.enabled')} valuePropName="checked" extra={t('logistics.enabledHint')}>
            <Switch />
          </Form.Item>
          {canEdit ? (
            <Space>
              <Button onClick={() => navigate(base)}>{t('common.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
                {t('logistics.save')}
              </Button>
            </Space>
          ) : null}
        </Form>
      </Card>
    </>
  );
}
