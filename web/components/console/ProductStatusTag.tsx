import { Tag } from 'antd';
import { useT } from '../../i18n/use-t.ts';

export type ProductStatusName = 'draft' | 'pending_review' | 'on_sale' | 'rejected' | 'off_shelf';

const COLOR: Record<ProductStatusName, string> = { draft: 'default', pending_review: 'processing', on_sale: 'success', rejected: 'error', off_shelf: 'warning' };

/** 草稿 / 审核中 / 出售中 / 未通过 / 已下架 */
export function ProductStatusTag({ status }: { status: ProductStatusName }) {
  const { t } = useT();
  return <Tag color={COLOR[status]}>{t(`product.status.${status}`)}</Tag>;
}
