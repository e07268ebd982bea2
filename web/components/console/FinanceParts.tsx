import { Tag } from 'antd';
import { useT } from '../../i18n/use-t.ts';
import type { FundsStatusName, WithdrawalRowView } from '../../lib/payment-views.ts';

const FUNDS_COLOR: Record<FundsStatusName, string> = { held: 'orange', due: 'processing', settled: 'success', refunded: 'default' };

/** 担保中 / 待结算 / 已结算 / 已退款 */
export function FundsStatusTag({ status }: { status: FundsStatusName }) {
  const { t } = useT();
  return <Tag color={FUNDS_COLOR[status]}>{t(`finance.status.${status}`)}</Tag>;
}

const WITHDRAWAL_COLOR: Record<WithdrawalRowView['status'], string> = { requested: 'processing', approved: 'success', rejected: 'error' };

/** 待审核 / 已打款 / 已驳回 */
export function WithdrawalStatusTag({ status }: { status: WithdrawalRowView['status'] }) {
  const { t } = useT();
  return <Tag color={WITHDRAWAL_COLOR[status]}>{t(`finance.withdrawal.${status}`)}</Tag>;
}
