import { Alert, Space, Tag, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/use-t.ts';

export interface NoticeItem {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  publishAt: string;
}

/** 平台公告 at the top of a console overview: the announcements shown to this console now. */
export function AnnouncementNotice({ items }: { items: NoticeItem[] }) {
  const { t } = useT();
  if (items.length === 0) return null;
  return (
    <Alert
      type="info"
      icon={<NotificationOutlined />}
      showIcon
      style={{ marginBottom: 16 }}
      message={t('ann.console.title')}
      description={
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          {items.map((a) => (
            <details key={a.id}>
              <summary style={{ cursor: 'pointer' }}>
                {a.pinned ? <Tag color="red">{t('ann.pinned')}</Tag> : null}
                <strong>{a.title}</strong>
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {a.publishAt}
                </Typography.Text>
              </summary>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>{a.body}</Typography.Paragraph>
            </details>
          ))}
        </Space>
      }
    />
  );
}
