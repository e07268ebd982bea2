import type { ReactNode } from 'react';
import { Button, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/use-t.ts';

/**
 * The list-page pattern of both consoles, in pieces a list composes: status tabs with counts (antd Tabs),
 * a selectable table, the bulk bar below, and this export button, which downloads what the filters show.
 */
export function ExportButton({ href, label }: { href: string; label?: string }) {
  const { t } = useT();
  return (
    <Button href={href} icon={<DownloadOutlined />}>
      {label ?? t('list.export')}
    </Button>
  );
}

/** 已选 N 项 and the actions that apply to the selection (disabled while nothing is selected). */
export function BulkBar({ count, onClear, children }: { count: number; onClear: () => void; children: ReactNode }) {
  const { t } = useT();
  return (
    <Space wrap>
      <Typography.Text type="secondary">{t('list.selected', { count })}</Typography.Text>
      {count > 0 ? (
        <Button type="link" size="small" onClick={onClear}>
          {t('list.clearSelection')}
        </Button>
      ) : null}
      {children}
    </Space>
  );
}

/** The query string of a list's filters, for its export link (page and page size left out: the export is every match). */
export function exportQuery(search: string | URLSearchParams): string {
  const params = new URLSearchParams(search);
  params.delete('page');
  params.delete('pageSize');
  const text = params.toString();
  return text ? `?${text}` : '';
}
