import { useEffect } from 'react';
import { useActionData, useNavigation, useSubmit } from 'react-router';
import { Alert, App, Card, Form, Switch, Typography } from 'antd';
import type { Route } from './+types/settings';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { settingsAction, settingsPage } from '../../lib/security.server.ts';

/** 系统设置 (super admins): platform-wide switches. Settlement lives under 财务, commission per category under 类目. */
export function loader({ request, context }: Route.LoaderArgs) {
  return settingsPage(context, request);
}

export function action({ request, context }: Route.ActionArgs) {
  return settingsAction(context, request);
}

export default function AdminSettings({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const busy = useNavigation().state !== 'idle';
  const result = useActionData<typeof action>();
  useEffect(() => {
    if (result) void (result.ok ? message.success(result.message) : message.error(result.message));
  }, [result, message]);
  return (
    <>
      <title>{`${t('settings.title')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('settings.title')}</PageTitle>
      <Card title={t('settings.security')}>
        <Form layout="vertical" component="div">
          <Form.Item label={t('settings.requireTwoFactor')} extra={t('settings.requireTwoFactorHint')}>
            <Switch
              aria-label={t('settings.requireTwoFactor')}
              checked={loaderData.requireTwoFactor}
              loading={busy}
              onChange={(on) => submit({ requireTwoFactor: String(on) }, { method: 'post' })}
            />
          </Form.Item>
        </Form>
      </Card>
      <Alert type="info" showIcon style={{ marginTop: 16 }} title={<Typography.Text>{t('settings.finance')}</Typography.Text>} />
    </>
  );
}
