import { useT } from '../../i18n/use-t.ts';

export type ShopKindName = 'self_operated' | 'flagship' | 'specialty' | 'franchise' | 'individual';

/** 自营 / 旗舰店 / 专营店 / 专卖店 / 个人店 */
export function ShopBadge({ kind }: { kind: ShopKindName }) {
  const { t } = useT();
  return <span className={`tag tag--${kind}`}>{t(`shop.kind.${kind}`)}</span>;
}
