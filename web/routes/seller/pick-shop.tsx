import { useEffect } from 'react';
import { Link, redirect, useActionData, useNavigation, useSubmit } from 'react-router';
import { App, Button, Card, Empty, List, Space, Typography } from 'antd';
import type { Route } from './+types/pick-shop';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { requireUser } from '../../lib/guards.server.ts';
import { answerInvitationAction, invitationsFor } from '../../lib/staff.server.ts';

/**
 * /seller: visitors log in first; members go to their (first) shop. An account on no shop's staff sees
 * the invitations waiting for it (员工邀请) — or the way to open a shop.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const first = auth.shops[0];
  const invitations = await invitationsFor(context, request);
  if (first && invitations.length === 0) throw redirect(`/seller/${encodeURIComponent(first.shopId)}`);
  return { invitations, firstShop: first?.shopId ?? null };
}

export async function action({ request, context }: Route.ActionArgs) {
  const result = await answerInvitationAction({ request, context });
  if ('shopId' in result && result.shopId) throw redirect(`/seller/${encodeURIComponent(result.shopId)}`);
  return result;
}

export default function PickShop({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const busy = useNavigation().state !== 'idle';
  const result = useActionData<typeof action>();
  const d = loaderData;
  useEffect(() => {
    if (result && 'message' in result) void (result.ok ? message.success(result.message) : message.error(result.message));
  }, [result, message]);
  return (
    <main style={{ maxWidth: 640, margin: '48px auto', padding: '0 16px' }}>
      <title>{`${t('staff.invite.title')} - ${t('console.seller')}`}</title>
      <Card title={t('staff.invite.title')}>
        {d.invitations.length === 0 ? (
          <Empty description={t('staff.invite.none')}>
            <Link to="/open-shop">
              <Button type="primary">{t('staff.invite.openShop')}</Button>
            </Link>
          </Empty>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('staff.invite.intro')}</Typography.Paragraph>
            <List
              dataSource={d.invitations}
              renderItem={(i) => (
                <List.Item
                  actions={[
                    <Button key="accept" type="primary" disabled={busy} onClick={() => submit({ intent: 'accept', invitationId: i.id }, { method: 'post' })}>
                      {t('staff.invite.accept')}
                    </Button>,
                    <Button key="decline" disabled={busy} onClick={() => submit({ intent: 'decline', invitationId: i.id }, { method: 'post' })}>
                      {t('staff.invite.decline')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta title={i.shopName} description={t('staff.invite.as', { role: t(`staff.role.${i.role}` as MessageKey), expires: i.expiresAt })} />
                </List.Item>
              )}
            />
            {d.firstShop ? (
              <Space style={{ marginTop: 12 }}>
                <Link to={`/seller/${encodeURIComponent(d.firstShop)}`}>{t('console.seller')}</Link>
              </Space>
            ) : null}
          </>
        )}
      </Card>
    </main>
  );
}
