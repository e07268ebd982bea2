import type { Queryable } from '../../db/database.ts';
import { everyPage, listWorkbook, type SheetColumn } from '../../shared/spreadsheet.ts';
import { maskMobile } from '../identity/identity.rules.ts';
import { listShops, type ShopListFilter } from './merchants.service.ts';
import { listApplications, type QueueFilter } from './onboarding.service.ts';

// The platform console's merchant lists as .xlsx: 入驻审核 and 商家, each exactly as its list filters
// and sorts them (read page by page through the list itself).

const PAGE = 100;

const SUBJECT_ZH = { company: '企业', individual: '个人' } as const;
const SHOP_KIND_ZH: Record<string, string> = { self_operated: '自营', flagship: '旗舰店', specialty: '专营店', franchise: '专卖店', individual: '个人店' };
const APPLICATION_STATUS_ZH: Record<string, string> = { draft: '填写中', submitted: '审核中', needs_info: '需补充资料', approved: '已通过', rejected: '已驳回' };
const SHOP_STATUS_ZH: Record<string, string> = { active: '营业中', frozen: '已冻结', closing: '退出中', closed: '已退出' };
const yesNo = (value: boolean) => (value ? '是' : '否');

type QueueItem = Awaited<ReturnType<typeof listApplications>>['items'][number];
type ApplicationRow = QueueItem & { legalRep: string | null; contactMobile: string | null; scope: string };

/** A page of the queue with what the sheet adds to it: the representative, the contact mobile and the category names. */
async function withDetails(q: Queryable, items: QueueItem[]): Promise<ApplicationRow[]> {
  if (items.length === 0) return [];
  const details = await q
    .selectFrom('merchant_application')
    .select(['id', 'legal_rep', 'contact_mobile', 'business_scope'])
    .where('id', 'in', items.map((i) => i.id))
    .execute();
  const categoryIds = [...new Set(details.flatMap((d) => d.business_scope))];
  const categories = categoryIds.length ? await q.selectFrom('category').select(['id', 'name']).where('id', 'in', categoryIds).execute() : [];
  const name = new Map(categories.map((c) => [c.id, c.name]));
  return items.map((item) => {
    const d = details.find((x) => x.id === item.id);
    return {
      ...item,
      legalRep: d?.legal_rep ?? null,
      contactMobile: d?.contact_mobile ?? null,
      scope: (d?.business_scope ?? []).map((id) => name.get(id) ?? id).join('、'),
    };
  });
}

const APPLICATION_COLUMNS: SheetColumn<ApplicationRow>[] = [
  { header: '申请编号', width: 30, value: (r) => r.id },
  { header: '主体类型', width: 10, value: (r) => SUBJECT_ZH[r.subjectType] },
  // An individual's subject is the person (as the licence record names it), never their account name.
  { header: '主体名称', width: 30, value: (r) => (r.subjectType === 'company' ? r.companyName : r.legalRep) },
  // Companies only: an individual has no credit code, and no ID number ever leaves the application.
  { header: '统一社会信用代码', width: 22, value: (r) => (r.subjectType === 'company' ? r.uscc : null) },
  { header: '法定代表人/经营者', width: 14, value: (r) => r.legalRep },
  { header: '联系手机', width: 14, value: (r) => (r.contactMobile ? maskMobile(r.contactMobile) : null) },
  { header: '店铺名称', width: 24, value: (r) => r.shopName },
  { header: '店铺类型', width: 10, value: (r) => (r.shopKind ? SHOP_KIND_ZH[r.shopKind] : null) },
  { header: '经营类目', width: 24, value: (r) => r.scope },
  { header: '状态', width: 12, value: (r) => APPLICATION_STATUS_ZH[r.status] ?? r.status },
  { header: '提交时间', width: 20, value: (r) => r.submittedAt },
  { header: '审核时间', width: 20, value: (r) => r.reviewedAt },
  { header: '审核意见', width: 40, value: (r) => r.reviewNote },
];

/** 入驻审核 as an .xlsx: one row per application the queue shows under these filters, in its order. */
export async function exportApplications(q: Queryable, filter: Omit<QueueFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const fetchPage = async (page: number) => ({ items: await withDetails(q, (await listApplications(q, { ...filter, page, pageSize: PAGE })).items) });
  return listWorkbook('入驻申请', APPLICATION_COLUMNS, everyPage(fetchPage, PAGE));
}

type ShopRow = Awaited<ReturnType<typeof listShops>>['items'][number];

const SHOP_COLUMNS: SheetColumn<ShopRow>[] = [
  { header: '店铺ID', width: 28, value: (r) => r.id },
  { header: '店铺名称', width: 24, value: (r) => r.name },
  { header: '店铺类型', width: 10, value: (r) => SHOP_KIND_ZH[r.kind] ?? r.kind },
  { header: '自营', width: 8, value: (r) => yesNo(r.kind === 'self_operated') },
  { header: '状态', width: 10, value: (r) => SHOP_STATUS_ZH[r.status] ?? r.status },
  { header: '冻结原因', width: 30, value: (r) => (r.status === 'frozen' ? r.frozenReason : null) },
  { header: '主体名称', width: 30, value: (r) => r.subjectName },
  { header: '开店时间', width: 20, value: (r) => r.createdAt },
  { header: '资质待复核', width: 12, value: (r) => yesNo(r.needsReverification) },
];

/** 商家 as an .xlsx: every shop the list shows under these filters, in its sort. */
export async function exportShops(q: Queryable, filter: Omit<ShopListFilter, 'page' | 'pageSize'>, now: Date): Promise<Buffer> {
  return listWorkbook('商家', SHOP_COLUMNS, everyPage((page) => listShops(q, { ...filter, page, pageSize: PAGE }, now), PAGE));
}
