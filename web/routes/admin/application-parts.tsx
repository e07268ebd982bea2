import { Tag } from 'antd';
import { useT } from '../../i18n/use-t.ts';
import type { ApplicationStatus } from '../../lib/onboarding.server.ts';

// Pieces the 入驻审核 pages share (not a route: web/routes.ts does not list it).

export const APPLICATION_STATUS_COLOR: Record<ApplicationStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  needs_info: 'warning',
  approved: 'success',
  rejected: 'error',
};

/** 校验通过 / 校验未通过 for a 统一社会信用代码 (checked again on every view, GB 32100-2015). */
export function UsccTag({ valid }: { valid: boolean | null }) {
  const { t } = useT();
  if (valid === null) return null;
  return <Tag color={valid ? 'success' : 'error'}>{t(valid ? 'onboarding.uscc.valid' : 'onboarding.uscc.invalid')}</Tag>;
}
