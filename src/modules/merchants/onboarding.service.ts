import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import type { MediaStore } from '../../shared/media-store.ts';
import { IMAGE_WIDTHS } from '../../shared/media.ts';
import { encodeImage } from '../catalog/images.service.ts';
import {
  LIMITS,
  SINGLE_DOCUMENT_KINDS,
  checkContactMobile,
  checkUscc,
  isEditable,
  isReviewable,
  isValidUscc,
  kindsFor,
  missingDocuments,
} from './onboarding.rules.ts';
import type { ApplicationShopKind, ApplicationStatus, DocumentKind, MerchantApplication, SubjectType } from './onboarding.tables.ts';

// 入驻: the applicant's application (draft → submitted → approved | rejected | needs_info → submitted …),
// its qualification documents, and the platform's review, whose approval opens the shop.

/** What the applicant fills in. Absent fields stay as they are; null or '' clears one (drafts are partial). */
export interface ApplicationInput {
  subjectType?: SubjectType | undefined;
  companyName?: string | null | undefined;
  uscc?: string | null | undefined;
  legalRep?: string | null | undefined;
  contactMobile?: string | null | undefined;
  businessScope?: string[] | undefined;
  shopName?: string | null | undefined;
  shopKind?: ApplicationShopKind | null | undefined;
}

/** Who looks at an application: its applicant (others' are "not found") or the platform. */
export type ApplicationViewer = { role: 'applicant'; userId: string } | { role: 'platform' };

// ----- input checks ---------------------------------------------------------------------------

const FIELD_NAMES = {
  companyName: { field: '企业名称', fieldEn: 'company name', min: 1, max: LIMITS.companyName },
  legalRep: { field: '姓名', fieldEn: 'name', min: 1, max: LIMITS.legalRep },
  shopName: { field: '店铺名称', fieldEn: 'shop name', min: LIMITS.shopNameMin, max: LIMITS.shopName },
} as const;

/** Trimmed text within its length (in characters), null when empty; a catalogued 400 otherwise. */
function checkText(value: string | null, field: keyof typeof FIELD_NAMES): string | null {
  const text = (value ?? '').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const spec = FIELD_NAMES[field];
  const length = [...text].length;
  if (length < spec.min || length > spec.max) throw new AppError('APPLICATION_FIELD_INVALID', spec);
  return text;
}

async function checkScope(q: Queryable, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.length > LIMITS.scope || unique.some((id) => id.length > 64)) throw new AppError('APPLICATION_SCOPE_INVALID', { max: LIMITS.scope });
  const rows = await q.selectFrom('category').select('id').where('id', 'in', unique).where('level', '=', 1).where('enabled', '=', true).execute();
  if (rows.length !== unique.length) throw new AppError('APPLICATION_SCOPE_INVALID', { max: LIMITS.scope });
  return unique;
}

function uniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

/** Only these types are accepted for documents (read from the bytes, not the name or header). */
const DOCUMENT_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

// ----- applicant -------------------------------------------------------------------------------

/** Locks an application; an applicant's scope makes anyone else's "not found". */
export async function lockApplication(trx: Trx, applicationId: string, applicantId?: string): Promise<MerchantApplication> {
  let query = trx.selectFrom('merchant_application').selectAll().where('id', '=', applicationId);
  if (applicantId) query = query.where('applicant_id', '=', applicantId);
  const row = await query.forUpdate().executeTakeFirst();
  if (!row) throw new AppError('APPLICATION_NOT_FOUND');
  return row;
}

/** The values a change writes, checked; the subject type decides which shop kinds remain possible. */
async function applicationValues(q: Queryable, current: Pick<MerchantApplication, 'subject_type' | 'shop_kind'>, input: ApplicationInput) {
  const subject = input.subjectType ?? current.subject_type;
  const set: {
    subject_type: SubjectType;
    company_name?: string | null;
    uscc?: string | null;
    legal_rep?: string | null;
    contact_mobile?: string | null;
    business_scope?: string;
    shop_name?: string | null;
    shop_kind?: ApplicationShopKind | null;
  } = { subject_type: subject };
  if (input.companyName !== undefined) set.company_name = checkText(input.companyName, 'companyName');
  if (input.uscc !== undefined) set.uscc = input.uscc && input.uscc.trim() ? checkUscc(input.uscc) : null;
  if (input.legalRep !== undefined) set.legal_rep = checkText(input.legalRep, 'legalRep');
  if (input.contactMobile !== undefined) set.contact_mobile = input.contactMobile && input.contactMobile.trim() ? checkContactMobile(input.contactMobile) : null;
  if (input.businessScope !== undefined) set.business_scope = JSON.stringify(await checkScope(q, input.businessScope));
  if (input.shopName !== undefined) set.shop_name = checkText(input.shopName, 'shopName');
  if (input.shopKind !== undefined) {
    if (input.shopKind !== null && !kindsFor(subject).includes(input.shopKind)) throw new AppError('APPLICATION_KIND_INVALID');
    set.shop_kind = input.shopKind;
  } else if (current.shop_kind && !kindsFor(subject).includes(current.shop_kind)) {
    // The subject changed under a kind it does not allow: the kind is chosen again.
    set.shop_kind = null;
  }
  if (subject === 'individual') {
    // An individual has no company: what a company draft held goes.
    set.company_name = null;
    set.uscc = null;
  }
  return set;
}

/** Starts an application (a draft). One application in progress per account (the database enforces it). */
export async function createApplication(trx: Trx, clock: Clock, applicantId: string, input: ApplicationInput & { subjectType: SubjectType }): Promise<string> {
  const open = await trx
    .selectFrom('merchant_application')
    .select('id')
    .where('applicant_id', '=', applicantId)
    .where('status', 'in', ['draft', 'submitted', 'needs_info'])
    .executeTakeFirst();
  if (open) throw new AppError('APPLICATION_ALREADY_OPEN');
  const values = await applicationValues(trx, { subject_type: input.subjectType, shop_kind: null }, input);
  const id = newId('apl');
  const now = clock.now();
  try {
    await trx.insertInto('merchant_application').values({ id, applicant_id: applicantId, status: 'draft', created_at: now, updated_at: now, ...values }).execute();
  } catch (error) {
    // Two racing starts: the partial unique index lets one through.
    if (uniqueViolation(error, 'merchant_application_open_idx')) throw new AppError('APPLICATION_ALREADY_OPEN');
    throw error;
  }
  return id;
}

/** Changes a draft, or an application the platform asked to complete (needs_info). */
export async function updateApplication(trx: Trx, clock: Clock, applicantId: string, applicationId: string, input: ApplicationInput): Promise<void> {
  const app = await lockApplication(trx, applicationId, applicantId);
  if (!isEditable(app.status)) throw new AppError('APPLICATION_STATUS_CONFLICT', { status: app.status });
  const values = await applicationValues(trx, app, input);
  await trx.updateTable('merchant_application').set({ ...values, updated_at: clock.now() }).where('id', '=', app.id).execute();
}

/** Everything a submission needs is there: fields for the subject type, and the documents for it and the shop kind. */
async function checkComplete(q: Queryable, app: MerchantApplication): Promise<void> {
  const missing: string[] = [];
  if (!app.legal_rep) missing.push('legalRep');
  if (!app.contact_mobile) missing.push('contactMobile');
  if (app.business_scope.length === 0) missing.push('businessScope');
  if (!app.shop_name) missing.push('shopName');
  if (!app.shop_kind) missing.push('shopKind');
  if (app.subject_type === 'company') {
    if (!app.company_name) missing.push('companyName');
    if (!app.uscc) missing.push('uscc');
  }
  if (missing.length > 0) throw new AppError('APPLICATION_INCOMPLETE', {}, { missing });
  // The categories chosen may have been disabled since.
  await checkScope(q, app.business_scope);
  const docs = await q.selectFrom('qualification_document').select('kind').where('application_id', '=', app.id).execute();
  const lacking = missingDocuments(app.subject_type, app.shop_kind, docs.map((d) => d.kind));
  if (lacking.length > 0) throw new AppError('APPLICATION_DOCUMENTS_MISSING', {}, { missing: lacking });
}

async function checkShopNameFree(q: Queryable, name: string): Promise<void> {
  const taken = await q.selectFrom('shop').select('id').where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst();
  if (taken) throw new AppError('SHOP_NAME_TAKEN', { name });
}

/** Sends the application for review (again, after needs_info). */
export async function submitApplication(trx: Trx, clock: Clock, applicantId: string, applicationId: string): Promise<void> {
  const app = await lockApplication(trx, applicationId, applicantId);
  if (!isEditable(app.status)) throw new AppError('APPLICATION_STATUS_CONFLICT', { status: app.status });
  await checkComplete(trx, app);
  await checkShopNameFree(trx, app.shop_name!);
  const pending = await trx
    .selectFrom('merchant_application')
    .select('id')
    .where(sql<boolean>`lower(shop_name) = lower(${app.shop_name})`)
    .where('status', 'in', ['submitted', 'needs_info'])
    .where('id', '!=', app.id)
    .executeTakeFirst();
  if (pending) throw new AppError('SHOP_NAME_TAKEN', { name: app.shop_name! });
  const now = clock.now();
  try {
    await trx.updateTable('merchant_application').set({ status: 'submitted', submitted_at: now, updated_at: now }).where('id', '=', app.id).execute();
  } catch (error) {
    if (uniqueViolation(error, 'merchant_application_pending_name_idx')) throw new AppError('SHOP_NAME_TAKEN', { name: app.shop_name! });
    throw error;
  }
}

/**
 * Adds a picture of a document to an editable application. The type is read from the bytes (JPEG, PNG
 * or WebP) before anything is stored; a licence or an ID side replaces the one uploaded before.
 */
export async function addDocument(
  trx: Trx,
  clock: Clock,
  media: MediaStore,
  applicantId: string,
  applicationId: string,
  kind: DocumentKind,
  bytes: Buffer,
): Promise<string> {
  const app = await lockApplication(trx, applicationId, applicantId);
  if (!isEditable(app.status)) throw new AppError('APPLICATION_STATUS_CONFLICT', { status: app.status });
  // Checked (type, size, pixels) and re-encoded before anything is stored or replaced.
  const variants = await encodeImage(bytes, DOCUMENT_TYPES, 'QUALIFICATION_IMAGE_INVALID');
  if (SINGLE_DOCUMENT_KINDS.has(kind)) {
    await trx.deleteFrom('qualification_document').where('application_id', '=', app.id).where('kind', '=', kind).execute();
  }
  const { n } = await trx
    .selectFrom('qualification_document')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('application_id', '=', app.id)
    .executeTakeFirstOrThrow();
  if (Number(n) >= LIMITS.documents) throw new AppError('QUALIFICATION_DOCUMENT_LIMIT', { max: LIMITS.documents });
  // Licences and ID cards are private: no public URL, read back through documentFile by the
  // applicant and the platform's reviewers only.
  const id = newId('qdoc');
  const storageKey = `qualifications/${app.id}/${id}`;
  for (const v of variants) await media.putPrivate(`${storageKey}-${v.size}.webp`, v.data, 'image/webp');
  const now = clock.now();
  await trx
    .insertInto('qualification_document')
    .values({ id, application_id: app.id, kind, image_id: null, storage_key: storageKey, url: documentUrl(id), uploaded_by: applicantId, created_at: now })
    .execute();
  await trx.updateTable('merchant_application').set({ updated_at: now }).where('id', '=', app.id).execute();
  return id;
}

/** Where a private document is read: `-800` is the detail width; imageVariant gives the thumbnail. */
export const documentUrl = (documentId: string) => `/api/qualification-documents/${documentId}/file-${IMAGE_WIDTHS.detail}.webp`;

/**
 * The bytes of a qualification document, for the applicant who uploaded it and the platform's
 * reviewers; anyone else gets "not found" (so ids cannot be probed).
 */
export async function documentFile(q: Queryable, media: MediaStore, documentId: string, size: number, viewer: ApplicationViewer): Promise<Buffer> {
  let query = q
    .selectFrom('qualification_document as d')
    .innerJoin('merchant_application as a', 'a.id', 'd.application_id')
    .select(['d.storage_key'])
    .where('d.id', '=', documentId);
  if (viewer.role === 'applicant') query = query.where('a.applicant_id', '=', viewer.userId);
  const doc = await query.executeTakeFirst();
  if (!doc?.storage_key || !(Object.values(IMAGE_WIDTHS) as number[]).includes(size)) throw new AppError('QUALIFICATION_DOCUMENT_NOT_FOUND');
  const bytes = await media.getPrivate(`${doc.storage_key}-${size}.webp`);
  if (!bytes) throw new AppError('QUALIFICATION_DOCUMENT_NOT_FOUND');
  return bytes;
}

export async function removeDocument(trx: Trx, clock: Clock, applicantId: string, applicationId: string, documentId: string): Promise<void> {
  const app = await lockApplication(trx, applicationId, applicantId);
  if (!isEditable(app.status)) throw new AppError('APPLICATION_STATUS_CONFLICT', { status: app.status });
  const removed = await trx.deleteFrom('qualification_document').where('id', '=', documentId).where('application_id', '=', app.id).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new AppError('QUALIFICATION_DOCUMENT_NOT_FOUND');
  await trx.updateTable('merchant_application').set({ updated_at: clock.now() }).where('id', '=', app.id).execute();
}

// ----- platform review ---------------------------------------------------------------------------

/**
 * 通过: opens the shop (name and kind from the application), writes its licence record (verified now),
 * makes the applicant its owner and hands it the documents — one transaction. Approving an approved
 * application again answers the same shop (a retried click opens nothing twice).
 */
export async function approveApplication(trx: Trx, clock: Clock, reviewerId: string, applicationId: string): Promise<{ shopId: string }> {
  const app = await lockApplication(trx, applicationId);
  if (app.status === 'approved') return { shopId: app.shop_id! };
  if (!isReviewable(app.status)) throw new AppError('APPLICATION_STATUS_CONFLICT', { status: app.status });
  await checkShopNameFree(trx, app.shop_name!);
  const now = clock.now();
  const shopId = newId('shp');
  try {
    await trx.insertInto('shop').values({ id: shopId, name: app.shop_name!, kind: app.shop_kind!, logo_url: null, created_at: now }).execute();
  } catch (error) {
    if (uniqueViolation(error, 'shop_name_key')) throw new AppError('SHOP_NAME_TAKEN', { name: app.shop_name! });
    throw error;
  }
  await trx.insertInto('shop_member').values({ shop_id: shopId, user_id: app.applicant_id, role: 'owner', created_at: now }).execute();
  const scope = await trx.selectFrom('category').select(['id', 'name']).where('id', 'in', app.business_scope.length ? app.business_scope : ['']).execute();
  const scopeText = app.business_scope.map((id) => scope.find((c) => c.id === id)?.name).filter(Boolean).join('、');
  await trx
    .insertInto('shop_licence')
    .values({
      shop_id: shopId,
      application_id: app.id,
      subject_type: app.subject_type,
      subject_name: app.subject_type === 'company' ? app.company_name! : app.legal_rep!,
      uscc: app.uscc,
      legal_rep: app.legal_rep!,
      business_scope: scopeText,
      verified_at: now,
      verified_by: reviewerId,
    })
    .execute();
  await trx.updateTable('qualification_document').set({ shop_id: shopId }).where('application_id', '=', app.id).execute();
  await trx
    .updateTable('merchant_application')
    .set({ status: 'approved', shop_id: shopId, reviewer_id: reviewerId, reviewed_at: now, updated_at: now, review_note: null })
    .where('id', '=', app.id)
    .execute();
  return { shopId };
}

function checkNote(note: string | null | undefined): string {
  const text = (note ?? '').trim();
  if (text.length === 0 || [...text].length > LIMITS.note) throw new AppError('REVIEW_NOTE_REQUIRED', { max: LIMITS.note });
  return text;
}

/** 驳回 (final; the applicant may start a new application) or 需补充资料 (back to the applicant), each with its note. */
export async function reviewApplication(
  trx: Trx,
  clock: Clock,
  reviewerId: string,
  applicationId: string,
  decision: 'reject' | 'needs_info',
  note: string,
): Promise<void> {
  const text = checkNote(note);
  const app = await lockApplication(trx, applicationId);
  const to: ApplicationStatus = decision === 'reject' ? 'rejected' : 'needs_info';
  if (!isReviewable(app.status)) throw new AppError('APPLICATION_STATUS_CONFLICT', { status: app.status });
  const now = clock.now();
  await trx
    .updateTable('merchant_application')
    .set({ status: to, review_note: text, reviewer_id: reviewerId, reviewed_at: now, updated_at: now })
    .where('id', '=', app.id)
    .execute();
}

// ----- reads ---------------------------------------------------------------------------------------

export interface ApplicationDocument {
  id: string;
  kind: DocumentKind;
  url: string;
  createdAt: Date;
}

export interface ApplicationDetail {
  id: string;
  applicantId: string;
  applicantName: string;
  applicantLogin: string | null;
  subjectType: SubjectType;
  companyName: string | null;
  uscc: string | null;
  usccValid: boolean | null;
  legalRep: string | null;
  contactMobile: string | null;
  businessScope: { id: string; name: string }[];
  shopName: string | null;
  shopKind: ApplicationShopKind | null;
  status: ApplicationStatus;
  reviewNote: string | null;
  reviewerName: string | null;
  shopId: string | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  documents: ApplicationDocument[];
  missingDocuments: DocumentKind[];
}

export async function getApplication(q: Queryable, applicationId: string, viewer: ApplicationViewer): Promise<ApplicationDetail> {
  let query = q
    .selectFrom('merchant_application as a')
    .innerJoin('app_user as u', 'u.id', 'a.applicant_id')
    .leftJoin('app_user as r', 'r.id', 'a.reviewer_id')
    .selectAll('a')
    .select(['u.display_name as applicantName', 'u.mobile as applicantMobile', 'u.email as applicantEmail', 'r.display_name as reviewerName'])
    .where('a.id', '=', applicationId);
  if (viewer.role === 'applicant') query = query.where('a.applicant_id', '=', viewer.userId);
  const a = await query.executeTakeFirst();
  if (!a) throw new AppError('APPLICATION_NOT_FOUND');
  const [docs, cats] = await Promise.all([
    q.selectFrom('qualification_document').select(['id', 'kind', 'url', 'created_at as createdAt']).where('application_id', '=', a.id).orderBy('created_at').orderBy('id').execute(),
    a.business_scope.length ? q.selectFrom('category').select(['id', 'name']).where('id', 'in', a.business_scope).execute() : Promise.resolve([]),
  ]);
  return {
    id: a.id,
    applicantId: a.applicant_id,
    applicantName: a.applicantName,
    applicantLogin: a.applicantMobile ?? a.applicantEmail,
    subjectType: a.subject_type,
    companyName: a.company_name,
    uscc: a.uscc,
    usccValid: a.uscc ? isValidUscc(a.uscc) : null,
    legalRep: a.legal_rep,
    contactMobile: a.contact_mobile,
    businessScope: a.business_scope.map((id) => ({ id, name: cats.find((c) => c.id === id)?.name ?? id })),
    shopName: a.shop_name,
    shopKind: a.shop_kind,
    status: a.status,
    reviewNote: a.review_note,
    reviewerName: viewer.role === 'platform' ? a.reviewerName : null,
    shopId: a.shop_id,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    submittedAt: a.submitted_at,
    reviewedAt: a.reviewed_at,
    documents: docs,
    missingDocuments: missingDocuments(a.subject_type, a.shop_kind, docs.map((d) => d.kind)),
  };
}

/** The applicant's applications, newest first; the first one in progress (if any) is what /open-shop continues. */
export async function listMyApplications(q: Queryable, applicantId: string) {
  return q
    .selectFrom('merchant_application')
    .select(['id', 'status', 'shop_name as shopName', 'shop_kind as shopKind', 'shop_id as shopId', 'review_note as reviewNote', 'created_at as createdAt', 'updated_at as updatedAt'])
    .where('applicant_id', '=', applicantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

/** The review queue's tabs: drafts are the applicant's own business and never listed. */
export const QUEUE_STATUSES = ['submitted', 'needs_info', 'approved', 'rejected'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export interface QueueFilter {
  status?: QueueStatus | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** 入驻审核: waiting applications oldest submission first (first come, first reviewed); the others newest first. */
export async function listApplications(q: Queryable, filter: QueueFilter) {
  let base = q.selectFrom('merchant_application as a').innerJoin('app_user as u', 'u.id', 'a.applicant_id').where('a.status', '!=', 'draft');
  if (filter.status) base = base.where('a.status', '=', filter.status);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('a.shop_name', 'ilike', like), eb('a.company_name', 'ilike', like), eb('a.uscc', 'ilike', like)]));
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let rows = base
    .select([
      'a.id', 'a.status', 'a.subject_type as subjectType', 'a.company_name as companyName', 'a.uscc', 'a.shop_name as shopName', 'a.shop_kind as shopKind',
      'a.submitted_at as submittedAt', 'a.reviewed_at as reviewedAt', 'a.review_note as reviewNote', 'a.shop_id as shopId', 'u.display_name as applicantName',
    ])
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  rows = filter.status === 'submitted' ? rows.orderBy('a.submitted_at', 'asc').orderBy('a.id', 'asc') : rows.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc');
  const items = (await rows.execute()).map((r) => ({ ...r, usccValid: r.uscc ? isValidUscc(r.uscc) : null }));
  return { total: Number(total), items };
}

/** Applications per queue status, for the tabs. */
export async function countApplications(q: Queryable): Promise<Record<QueueStatus | 'all', number>> {
  const rows = await q
    .selectFrom('merchant_application')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '!=', 'draft')
    .groupBy('status')
    .execute();
  const counts = { submitted: 0, needs_info: 0, approved: 0, rejected: 0, all: 0 };
  for (const r of rows) {
    counts[r.status as QueueStatus] = Number(r.n);
    counts.all += Number(r.n);
  }
  return counts;
}

/** 营业执照信息 of an open shop for its storefront page (电子商务法 第十五条); undefined when none is on record. */
export async function getShopLicence(q: Queryable, shopId: string) {
  const licence = await q
    .selectFrom('shop_licence')
    .select(['subject_type as subjectType', 'subject_name as subjectName', 'uscc', 'legal_rep as legalRep', 'business_scope as businessScope', 'verified_at as verifiedAt'])
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  if (!licence) return undefined;
  const image = await q
    .selectFrom('qualification_document')
    .select('url')
    .where('shop_id', '=', shopId)
    .where('kind', '=', 'licence')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return { ...licence, licenceImageUrl: image?.url ?? null };
}
