import { AppError } from '../../http/errors.ts';
import { normalizeMobile } from '../identity/identity.rules.ts';
import type { ApplicationShopKind, ApplicationStatus, DocumentKind, SubjectType } from './onboarding.tables.ts';

// Pure rules of 入驻 (merchant onboarding): the 统一社会信用代码 check, which documents a subject and a
// shop kind need, which status moves are allowed, and when a licence record is due for re-verification.

export const SUBJECT_TYPES = ['individual', 'company'] as const satisfies readonly SubjectType[];
export const APPLICATION_SHOP_KINDS = ['flagship', 'franchise', 'specialty', 'individual'] as const satisfies readonly ApplicationShopKind[];
export const APPLICATION_STATUSES = ['draft', 'submitted', 'needs_info', 'approved', 'rejected'] as const satisfies readonly ApplicationStatus[];
export const DOCUMENT_KINDS = ['licence', 'id_front', 'id_back', 'brand_authorization', 'other'] as const satisfies readonly DocumentKind[];

/** Kinds held once per application: a new upload replaces the previous one. */
export const SINGLE_DOCUMENT_KINDS: ReadonlySet<DocumentKind> = new Set(['licence', 'id_front', 'id_back']);

export const LIMITS = {
  companyName: 100,
  legalRep: 30,
  shopNameMin: 2,
  shopName: 30,
  scope: 10,
  note: 500,
  freezeReason: 200,
  documents: 12,
} as const;

/** Licence records checked longer ago than this are flagged for re-verification (复核). */
export const REVERIFY_AFTER_MONTHS = 6;

// ----- 统一社会信用代码 (GB 32100-2015) -----------------------------------------------------------

/** The 31 characters a code is written in: digits and capitals without I, O, Z, S, V. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (0-based, first 17 characters): 3^i mod 31. */
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/**
 * Position 1, 登记管理部门 (the registering authority), and the 机构类别 (organisation type) codes
 * each allows in position 2 (GB 32100-2015 表 1).
 */
export const USCC_AUTHORITY_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 编办直接管理机构编制的群众团体, 其他
  '2': '19', // 外交: 外国常驻新闻机构, 其他
  '3': '1234569', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化: 外国在华文化中心, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
  '7': '129', // 宗教: 宗教活动场所, 宗教院校, 其他
  '8': '19', // 工会: 基层工会, 其他
  '9': '123', // 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: '1239', // 农业: 组级、村级、乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

/** The check character for the first 17 characters (which must be from the charset). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`not a code character: ${first17[i]}`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

export type UsccProblem = 'length' | 'charset' | 'authority' | 'org_type' | 'region' | 'check';

/**
 * Why a 统一社会信用代码 is not valid, or null when it is: 18 characters from the charset; a known
 * registering authority with one of its organisation types; a six-digit 行政区划码 (positions 3–8);
 * the check character. Spaces are ignored and lower case is accepted (as people type them).
 */
export function usccProblem(input: string): UsccProblem | null {
  const code = normalizeUscc(input);
  if (code.length !== 18) return 'length';
  if (![...code].every((c) => USCC_CHARSET.includes(c))) return 'charset';
  const types = USCC_AUTHORITY_TYPES[code[0]!];
  if (!types) return 'authority';
  if (!types.includes(code[1]!)) return 'org_type';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'region';
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return 'check';
  return null;
}

export function normalizeUscc(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function isValidUscc(input: string): boolean {
  return usccProblem(input) === null;
}

/** The code, normalized, or a catalogued 400 saying what is wrong with it. */
export function checkUscc(input: string): string {
  const problem = usccProblem(input);
  if (problem) throw new AppError('USCC_INVALID', { reason: problem });
  return normalizeUscc(input);
}

/** 中国大陆手机号 → +86…; reuses the account rules (MOBILE_INVALID otherwise). */
export function checkContactMobile(input: string): string {
  return normalizeMobile(input);
}

// ----- what an application needs -------------------------------------------------------------

/** 个人 → 个人店 only; 企业 → 旗舰店, 专卖店 or 专营店. */
export function kindsFor(subject: SubjectType): readonly ApplicationShopKind[] {
  return subject === 'individual' ? ['individual'] : ['flagship', 'franchise', 'specialty'];
}

/**
 * The documents a submission needs: a company its 营业执照; an individual both sides of the ID card;
 * 旗舰店 (flagship) and 专卖店 (franchise) also a 品牌授权书.
 */
export function requiredDocuments(subject: SubjectType, kind: ApplicationShopKind | null): DocumentKind[] {
  const needed: DocumentKind[] = subject === 'company' ? ['licence'] : ['id_front', 'id_back'];
  if (kind === 'flagship' || kind === 'franchise') needed.push('brand_authorization');
  return needed;
}

export function missingDocuments(subject: SubjectType, kind: ApplicationShopKind | null, present: readonly DocumentKind[]): DocumentKind[] {
  return requiredDocuments(subject, kind).filter((k) => !present.includes(k));
}

/** The applicant may change an application (fields and documents) while it is a draft or needs more information. */
export function isEditable(status: ApplicationStatus): boolean {
  return status === 'draft' || status === 'needs_info';
}

/** Reviews (approve, reject, ask for more) act on submitted applications. */
export function isReviewable(status: ApplicationStatus): boolean {
  return status === 'submitted';
}

/** Whether a licence record checked at `verifiedAt` is due for re-verification at `now` (six calendar months). */
export function needsReverification(verifiedAt: Date, now: Date): boolean {
  const due = new Date(verifiedAt.getTime());
  due.setUTCMonth(due.getUTCMonth() + REVERIFY_AFTER_MONTHS);
  return now.getTime() >= due.getTime();
}
