import { Badge, Card, Table, Tag } from 'antd';
import type { Route } from './+types/shops';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { requirePlatform } from '../../lib/guards.server.ts';
import { listShops } from '../../lib/consoles.server.ts';

export async function loader({ request, context }: Route.LoaderArgs) {
  requirePlatform(context, request);
  const shops = await listShops(context.app.db);
  const date = new Intl.DateTimeFormat(context.locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  return { shops: shops.map((s) => ({ ...s, createdAt: date.format(s.createdAt) })) };
}

const KIND_COLOR = { self_operated: 'red', flagship: 'gold', specialty: 'blue', franchise: 'purple', individual: 'default' } as const;
const STATUS_BADGE = { active: 'success', frozen: 'warning', closed: 'default' } as const;

export default function AdminShops({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  type Row = (typeof loaderData.shops)[number];
  return (
    <>
      <title>{`${t('admin.nav.shops')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.shops.title')}</PageTitle>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="id"
          dataSource={loaderData.shops}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('admin.shops.empty') }}
          columns={[
            { title: t('admin.shops.name'), dataIndex: 'name', key: 'name' },
            {
              title: t('admin.shops.kind'),
              dataIndex: 'kind',
              key: 'kind',
              render: (kind: Row['kind']) => <Tag color={KIND_COLOR[kind]}>{t(`shop.kind.${kind}`)}</Tag>,
            },
            {
              title: t('admin.shops.status'),
              dataIndex: 'status',
              key: 'status',
              render: (status: Row['status']) => <Badge status={STATUS_BADGE[status]} text={t(`shop.status.${status}`)} />,
            },
            { title: t('admin.shops.owner'), dataIndex: 'ownerMasked', key: 'owner', render: (v: string | null) => v ?? '—' },
            { title: t('admin.shops.members'), dataIndex: 'members', key: 'members', align: 'right' },
            { title: t('admin.shops.createdAt'), dataIndex: 'createdAt', key: 'createdAt' },
          ]}
        />
      </Card>
    </>
  );
}
