import { useEffect } from 'react';
import { Link, useActionData, useNavigation, useSubmit } from 'react-router';
import { Alert, App, Button, Card, Col, Divider, Form, InputNumber, Row, Space, Switch, Tag, Typography } from 'antd';
import type { Route } from './+types/settings';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { settingsAction, settingsPage } from '../../lib/security.server.ts';
import { timerSettingsAction, timerSettingsPage } from '../../lib/timer-settings.server.ts';

/**
 * 系统设置 (super admins): platform-wide switches, and the order and after-sales timers. Settlement (T+N)
 * is shown here but edited under 财务; commission per category under 类目.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const [security, timers] = await Promise.all([settingsPage(context, request), timerSettingsPage(context, request)]);
  return { ...security, ...timers };
}

export async function action({ request, context }: Route.ActionArgs) {
  const intent = (await request.clone().formData()).get('intent');
  return intent === 'timers' ? timerSettingsAction(context, request) : settingsAction(context, request);
}

const ORDER_KEYS = ['unpaidCancelMinutes', 'autoConfirmDays', 'afterSalesWindowDays'] as const;
const FINANCE_SETTINGS = '/admin/finance?tab=settings';

export default function AdminSettings({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const busy = useNavigation().state !== 'idle';
  const result = useActionData<typeof action>();
  const [form] = Form.useForm();
  const d = loaderData;
  const settings = d.timers.settings;
  useEffect(() => {
    if (!result) return;
    void (result.ok ? message.success(result.message) : message.error(result.message));
    const field = 'field' in result ? result.field : null;
    if (!result.ok && field) form.setFields([{ name: field, errors: [result.message] }]);
  }, [result, message, form]);

  const unit = (u: (typeof settings)[number]['unit']) => t(`settings.timers.unit.${u}` as MessageKey);
  const item = (s: (typeof settings)[number]) => (
    <Col xs={24} md={12} xl={8} key={s.key}>
      <Form.Item
        name={s.key}
        htmlFor={`timer-${s.key}`}
        label={
          <Space size={6}>
            {t(`settings.timers.${s.key}` as MessageKey)}
            {s.saved === null ? <Tag>{t('settings.timers.usingDefault')}</Tag> : <Tag color="blue">{t('settings.timers.custom')}</Tag>}
          </Space>
        }
        // No min/max on the input itself: it would silently clamp (6 days → 7); the rule says why instead.
        rules={[{ type: 'integer', min: s.min, max: s.max, message: t('settings.timers.range', { min: s.min, max: s.max }) }]}
        extra={
          <>
            <div>{t(`settings.timers.${s.key}Hint` as MessageKey)}</div>
            <div>
              {t('settings.timers.inForce', { value: s.value, unit: unit(s.unit) })}
              {s.unit === 'hour' && s.value % 24 === 0 ? t('settings.timers.inDays', { days: s.value / 24 }) : ''}
              {' · '}
              {t('settings.timers.default', { value: s.default, unit: unit(s.unit) })}
            </div>
          </>
        }
      >
        <InputNumber
          id={`timer-${s.key}`}
          placeholder={t('settings.timers.placeholder', { value: s.default })}
          suffix={unit(s.unit)}
          style={{ width: 200 }}
        />
      </Form.Item>
    </Col>
  );
  const save = (values: Record<string, number | null | undefined>) => {
    // Every field is sent: a number is saved, an empty field goes back to its default.
    const patch = Object.fromEntries(settings.map((s) => [s.key, values[s.key] ?? null]));
    submit({ intent: 'timers', values: JSON.stringify(patch) }, { method: 'post' });
  };

  return (
    <>
      <title>{`${t('settings.title')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('settings.title')}</PageTitle>
      <Card title={t('settings.security')}>
        <Form layout="vertical" component="div">
          <Form.Item label={t('settings.requireTwoFactor')} extra={t('settings.requireTwoFactorHint')}>
            <Switch
              aria-label={t('settings.requireTwoFactor')}
              checked={d.requireTwoFactor}
              loading={busy}
              onChange={(on) => submit({ requireTwoFactor: String(on) }, { method: 'post' })}
            />
          </Form.Item>
        </Form>
      </Card>

      <Card title={t('settings.timers')} style={{ marginTop: 16 }} extra={d.timers.updatedAt ? <Typography.Text type="secondary">{t('settings.timers.updated', { time: d.timers.updatedAt, name: d.timers.updatedBy ?? '—' })}</Typography.Text> : null}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('settings.timers.defaults')} />
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('settings.timers.applies')} />
        <Form
          form={form}
          layout="vertical"
          initialValues={Object.fromEntries(settings.map((s) => [s.key, s.saved ?? undefined]))}
          onFinish={save}
        >
          <Divider titlePlacement="start" plain>
            {t('settings.timers.orders')}
          </Divider>
          <Row gutter={16}>{settings.filter((s) => (ORDER_KEYS as readonly string[]).includes(s.key)).map(item)}</Row>
          <Divider titlePlacement="start" plain>
            {t('settings.timers.afterSales')}
          </Divider>
          <Row gutter={16}>{settings.filter((s) => !(ORDER_KEYS as readonly string[]).includes(s.key)).map(item)}</Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('settings.timers.save')}
            </Button>
            <Button onClick={() => form.setFieldsValue(Object.fromEntries(settings.map((s) => [s.key, null])))} disabled={busy}>
              {t('settings.timers.resetAll')}
            </Button>
            <Typography.Text type="secondary">{t('settings.timers.resetHint')}</Typography.Text>
          </Space>
        </Form>
      </Card>

      <Card title={t('settings.settlement')} style={{ marginTop: 16 }} extra={<Link to={FINANCE_SETTINGS}>{t('settings.settlement.edit')}</Link>}>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <Typography.Text strong>{t('settings.settlement.days', { days: d.settlement.days })}</Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph>{t('settings.settlement.mode', { mode: t(`finance.mode.${d.settlement.mode}` as MessageKey) })}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('settings.finance')}</Typography.Text>
      </Card>
    </>
  );
}
