import { useEffect } from 'react';
import { useActionData, useNavigation, useSubmit } from 'react-router';
import { App, Alert, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Table, Tag } from 'antd';
import { CheckOutlined, UserAddOutlined } from '@ant-design/icons';
import type { Route } from './+types/staff';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { staffAction, staffPage } from '../../lib/staff.server.ts';

/** 员工 (owner only): members and their roles, invitations by mobile or email, and the role–permission table. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return staffPage({ request, context, shopId: params.shopId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return staffAction({ request, context, shopId: params.shopId });
}

const CAPABILITIES = ['products', 'orders_read', 'orders', 'shipping', 'after_sales', 'complaints', 'finance', 'shop', 'staff'] as const;

export default function SellerStaff({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [form] = Form.useForm();
  const d = loaderData;
  const roleLabel = (role: string) => t(`staff.role.${role}` as MessageKey);
  const roleOptions = d.roles.map((r) => ({ value: r, label: roleLabel(r) }));
  const send = (values: Record<string, string>) => submit(values, { method: 'post' });

  useEffect(() => {
    if (!result) return;
    if (result.ok) {
      void message.success(result.message);
      form.resetFields();
    } else void message.error(result.message);
  }, [result, message, form]);

  return (
    <>
      <title>{`${t('seller.nav.staff')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.staff')}</PageTitle>
      <Alert type="info" showIcon title={t('staff.intro')} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('staff.members')}>
            <Table
              rowKey="userId"
              size="middle"
              pagination={false}
              dataSource={d.members}
              scroll={{ x: 620 }}
              columns={[
                { title: t('staff.col.name'), key: 'name', render: (_: unknown, m) => `${m.name}${m.userId === d.me ? t('staff.you') : ''}` },
                { title: t('staff.col.login'), dataIndex: 'login', key: 'login', width: 150 },
                {
                  title: t('staff.col.role'),
                  key: 'role',
                  width: 160,
                  render: (_: unknown, m) =>
                    m.role === 'owner' ? (
                      <Tag color="gold">{roleLabel('owner')}</Tag>
                    ) : (
                      <Select
                        aria-label={`${t('staff.col.role')} ${m.name}`}
                        value={m.role}
                        options={roleOptions}
                        disabled={busy}
                        style={{ width: 130 }}
                        onChange={(role) => send({ intent: 'role', userId: m.userId, role })}
                      />
                    ),
                },
                { title: t('staff.col.joined'), dataIndex: 'joinedAt', key: 'joinedAt', width: 160 },
                {
                  title: t('staff.col.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, m) =>
                    m.role === 'owner' ? null : (
                      <Popconfirm title={t('staff.removeConfirm')} onConfirm={() => send({ intent: 'remove', userId: m.userId })}>
                        <Button type="link" danger size="small">
                          {t('staff.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]}
            />
          </Card>
          <Card title={t('staff.invitations')} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="middle"
              pagination={false}
              dataSource={d.invitations}
              locale={{ emptyText: t('staff.noInvitations') }}
              columns={[
                { title: t('staff.col.login'), dataIndex: 'login', key: 'login' },
                { title: t('staff.col.role'), key: 'role', render: (_: unknown, i) => <Tag>{roleLabel(i.role)}</Tag> },
                { title: t('staff.col.expires'), dataIndex: 'expiresAt', key: 'expiresAt', width: 170 },
                {
                  title: t('staff.col.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, i) => (
                    <Button type="link" size="small" disabled={busy} onClick={() => send({ intent: 'revoke', invitationId: i.id })}>
                      {t('staff.revoke')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('staff.invite')}>
            <Form form={form} layout="vertical" requiredMark onFinish={(v: { identifier: string; role: string }) => send({ intent: 'invite', identifier: v.identifier, role: v.role })}>
              <Form.Item name="identifier" label={t('staff.identifier')} rules={[{ required: true, whitespace: true, message: t('staff.identifierRequired') }]}>
                <Input placeholder={t('staff.identifierPlaceholder')} maxLength={254} autoComplete="off" />
              </Form.Item>
              <Form.Item name="role" label={t('staff.role')} rules={[{ required: true, message: t('staff.roleRequired') }]}>
                <Select options={roleOptions} placeholder={t('staff.roleRequired')} />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<UserAddOutlined />} loading={busy} block>
                {t('staff.send')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
      <Card title={t('staff.permissions')} style={{ marginTop: 16 }}>
        <Table
          rowKey="cap"
          size="small"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={CAPABILITIES.map((cap) => ({ cap }))}
          columns={[
            { title: '', key: 'cap', render: (_: unknown, r) => t(`staff.cap.${r.cap}` as MessageKey), width: 110 },
            ...(['owner', ...d.roles] as const).map((role) => ({
              title: roleLabel(role),
              key: role,
              align: 'center' as const,
              render: (_: unknown, r: { cap: string }) =>
                (d.capabilities[role] ?? []).includes(r.cap) ? <CheckOutlined style={{ color: '#389e0d' }} aria-label="✓" /> : <span aria-label="—">—</span>,
            })),
          ]}
        />
      </Card>
    </>
  );
}
