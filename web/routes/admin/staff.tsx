import { useEffect } from 'react';
import { useActionData, useNavigation, useSubmit } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Table } from 'antd';
import type { Route } from './+types/staff';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { platformStaffAction, platformStaffPage } from '../../lib/platform-staff.server.ts';

/** 员工与权限: platform staff and their roles (super admins). */
export function loader({ request, context }: Route.LoaderArgs) {
  return platformStaffPage(context, request);
}

export function action({ request, context }: Route.ActionArgs) {
  return platformStaffAction(context, request);
}

export default function AdminStaff({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const busy = useNavigation().state !== 'idle';
  const result = useActionData<typeof action>();
  const [form] = Form.useForm();
  const d = loaderData;
  const roleOptions = d.roles.map((r) => ({ value: r, label: t(`pstaff.role.${r}` as MessageKey) }));
  const save = (fields: { userId?: string; identifier?: string; roles: string[] }) => {
    const body = new FormData();
    if (fields.userId) body.set('userId', fields.userId);
    if (fields.identifier) body.set('identifier', fields.identifier);
    for (const r of fields.roles) body.append('roles', r);
    submit(body, { method: 'post' });
  };
  useEffect(() => {
    if (!result) return;
    if (result.ok) {
      void message.success(result.message);
      form.resetFields();
    } else void message.error(result.message);
  }, [result, message, form]);
  return (
    <>
      <title>{`${t('admin.nav.staff')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.staff')}</PageTitle>
      <Alert type="info" showIcon title={t('pstaff.intro')} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card>
            <Table
              rowKey="userId"
              size="middle"
              pagination={false}
              dataSource={d.staff}
              scroll={{ x: 640 }}
              columns={[
                { title: t('pstaff.col.name'), dataIndex: 'name', key: 'name', width: 140 },
                { title: t('pstaff.col.login'), dataIndex: 'login', key: 'login', width: 150 },
                {
                  title: t('pstaff.col.roles'),
                  key: 'roles',
                  render: (_: unknown, s) => (
                    <Select
                      mode="multiple"
                      aria-label={`${t('pstaff.col.roles')} ${s.name}`}
                      value={s.roles}
                      options={roleOptions}
                      disabled={busy}
                      style={{ minWidth: 260 }}
                      onChange={(roles: string[]) => roles.length && save({ userId: s.userId, roles })}
                    />
                  ),
                },
                {
                  title: t('pstaff.col.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, s) =>
                    s.userId === d.me ? null : (
                      <Popconfirm title={t('pstaff.removeConfirm')} onConfirm={() => save({ userId: s.userId, roles: [] })}>
                        <Button type="link" danger size="small">
                          {t('pstaff.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('pstaff.add')}>
            <Form form={form} layout="vertical" requiredMark onFinish={(v: { identifier: string; roles: string[] }) => save(v)}>
              <Form.Item name="identifier" label={t('pstaff.identifier')} rules={[{ required: true, whitespace: true, message: t('pstaff.identifierRequired') }]}>
                <Input maxLength={254} autoComplete="off" />
              </Form.Item>
              <Form.Item name="roles" label={t('pstaff.roles')} rules={[{ required: true, message: t('pstaff.rolesRequired') }]}>
                <Select mode="multiple" options={roleOptions} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} block>
                {t('pstaff.save')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
