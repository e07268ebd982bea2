import { data, redirect, type AppLoadContext } from 'react-router';
import { SHOP_TABS, type ShopTab } from './shop-views.ts';
import { sql } from 'kysely';
import {
  addDocument,
  approveApplication,
  countApplications,
  createApplication,
  getApplication,
  getShopLicence,
  listApplications,
  listMyApplications,
  removeDocument,
  reviewApplication,
  submitApplication,
  updateApplication,
  QUEUE_STATUSES,
  type ApplicationDetail,
  type ApplicationInput,
  type QueueStatus,
} from '../../src/modules/merchants/onboarding.service.ts';
import { APPLICATION_SHOP_KINDS, DOCUMENT_KINDS, LIMITS, kindsFor, needsReverification, requiredDocuments } from '../../src/modules/merchants/onboarding.rules.ts';
import type { ApplicationShopKind, ApplicationStatus, DocumentKind, SubjectType } from '../../src/modules/merchants/onboarding.tables.ts';
import { freezeShop, listShops, reverifyLicence, unfreezeShop } from '../../src/modules/merchants/merchants.service.ts';
import { ONBOARDING_REVIEWERS } from '../../src/modules/merchants/onboarding.routes.ts';
import { MAX_IMAGE_BYTES } from '../../src/modules/catalog/images.service.ts';
import { maskEmail, maskMobile } from '../../src/modules/identity/identity.rules.ts';
import { AppError } from '../../src/http/errors.ts';
import { imageVariant } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { allows, notFound, requirePlatform, requireUser, requireArea } from './guards.server.ts';
import { field } from './forms.ts';
import { translate, type Locale } from '../i18n/messages.ts';

// Pages of 入驻 (我要开店 on the storefront, 入驻审核 in the platform console) and the platform's shop
// management (冻结/解冻, licence re-verification). Loaders and actions call the merchants module in-process.

export const WIZARD_STEPS = ['subject', 'company', 'shop', 'documents', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export type { ApplicationShopKind, ApplicationStatus, DocumentKind, SubjectType, QueueStatus };
export { QUEUE_STATUSES, DOCUMENT_KINDS };

const dateText = (d: Date, locale: Locale) => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const localMobile = (m: string | null) => (m ? m.replace(/^\+86/, '') : '');

// ----- views ----------------------------------------------------------------------------------

function documentViews(d: ApplicationDetail) {
  return d.documents.map((doc) => ({ id: doc.id, kind: doc.kind, url: doc.url, thumb: imageVariant(doc.url, 'thumb') }));
}

/** The application as the applicant's pages show it. */
function applicantView(d: ApplicationDetail, locale: Locale) {
  return {
    id: d.id,
    status: d.status,
    subjectType: d.subjectType,
    companyName: d.companyName ?? '',
    uscc: d.uscc ?? '',
    legalRep: d.legalRep ?? '',
    contactMobile: localMobile(d.contactMobile),
    businessScope: d.businessScope,
    shopName: d.shopName ?? '',
    shopKind: d.shopKind,
    reviewNote: d.reviewNote,
    shopId: d.shopId,
    submittedAt: d.submittedAt ? dateTimeText(d.submittedAt, locale) : null,
    reviewedAt: d.reviewedAt ? dateTimeText(d.reviewedAt, locale) : null,
    documents: documentViews(d),
    requiredDocuments: requiredDocuments(d.subjectType, d.shopKind),
    missingDocuments: d.missingDocuments,
  };
}
export type ApplicantView = ReturnType<typeof applicantView>;

/** Level-1 categories: what 经营类目 is chosen from. */
async function scopeChoices(context: AppLoadContext) {
  return context.app.db.selectFrom('category').select(['id', 'name', 'name_en']).where('level', '=', 1).where('enabled', '=', true).orderBy('sort_order').orderBy('id').execute();
}

async function latestApplication(context: AppLoadContext, userId: string) {
  const [latest] = await listMyApplications(context.app.db, userId);
  return latest ? applicantView(await getApplication(context.app.db, latest.id, { role: 'applicant', userId }), context.locale) : null;
}

// ----- storefront: 我要开店 --------------------------------------------------------------------

/** /open-shop: what opening a shop takes, and for a signed-in account the state of its latest application. */
export async function openShopLoader({ context }: { context: AppLoadContext }) {
  const auth = context.auth;
  return { signedIn: Boolean(auth), application: auth ? await latestApplication(context, auth.userId) : null };
}

/** /open-shop/apply: the step asked for (or the first one not done); only an application in progress is edited here. */
export async function applyLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const application = await latestApplication(context, auth.userId);
  const open = application && (application.status === 'draft' || application.status === 'needs_info') ? application : null;
  if (application && !open && application.status === 'submitted') throw redirect('/open-shop');
  const url = new URL(request.url);
  const asked = url.searchParams.get('step');
  const step: WizardStep = open && asked && (WIZARD_STEPS as readonly string[]).includes(asked) ? (asked as WizardStep) : 'subject';
  return {
    step,
    application: open,
    scopes: (await scopeChoices(context)).map((c) => ({ id: c.id, name: context.locale === 'en' && c.name_en ? c.name_en : c.name })),
    kinds: APPLICATION_SHOP_KINDS,
    maxScope: LIMITS.scope,
    maxUploadMb: MAX_IMAGE_BYTES / 1024 / 1024,
  };
}

const next = (step: WizardStep) => `/open-shop/apply?step=${WIZARD_STEPS[Math.min(WIZARD_STEPS.indexOf(step) + 1, WIZARD_STEPS.length - 1)]}`;

const DOCUMENT_FIELDS = DOCUMENT_KINDS;

/**
 * The wizard's writes: each step saves the draft (a step's own fields only) and goes on to the next;
 * documents are uploaded from one form (a file input per kind); 提交 sends it for review.
 */
export async function applyAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const length = Number(request.headers.get('content-length') ?? 0);
  let values: Record<string, string | string[]> = {};
  try {
    if (length > DOCUMENT_FIELDS.length * MAX_IMAGE_BYTES + 1024 * 1024) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: 40_000_000 });
    const form = await request.formData();
    const intent = field(form, 'intent', 20);
    const applicationId = field(form, 'applicationId', 64);
    const save = (input: ApplicationInput) => app.db.transaction().execute((trx) => updateApplication(trx, app.clock, auth.userId, applicationId, input));
    switch (intent) {
      case 'subject': {
        const subjectType = field(form, 'subjectType', 20) === 'individual' ? 'individual' : 'company';
        if (applicationId) await save({ subjectType });
        else await app.db.transaction().execute((trx) => createApplication(trx, app.clock, auth.userId, { subjectType }));
        return redirect(next('subject'));
      }
      case 'company': {
        values = { companyName: field(form, 'companyName', 200), uscc: field(form, 'uscc', 40), legalRep: field(form, 'legalRep', 60), contactMobile: field(form, 'contactMobile', 30) };
        const input: ApplicationInput = { legalRep: values.legalRep as string, contactMobile: values.contactMobile as string };
        if (form.has('companyName')) Object.assign(input, { companyName: values.companyName, uscc: values.uscc });
        await save(input);
        return redirect(next('company'));
      }
      case 'shop': {
        const scope = form.getAll('businessScope').filter((v): v is string => typeof v === 'string').slice(0, LIMITS.scope * 2);
        const kind = field(form, 'shopKind', 20);
        values = { shopName: field(form, 'shopName', 60), shopKind: kind, businessScope: scope };
        await save({
          shopName: values.shopName as string,
          shopKind: (APPLICATION_SHOP_KINDS as readonly string[]).includes(kind) ? (kind as ApplicationShopKind) : null,
          businessScope: scope,
        });
        return redirect(next('shop'));
      }
      case 'documents': {
        // Checked and stored one by one, each in its own transaction: a bad file names itself, and the good ones stay.
        for (const kind of DOCUMENT_FIELDS) {
          for (const value of form.getAll(`doc_${kind}`)) {
            if (typeof value === 'string' || value.size === 0) continue;
            const bytes = Buffer.from(await value.arrayBuffer());
            await app.db.transaction().execute((trx) => addDocument(trx, app.clock, app.media, auth.userId, applicationId, kind, bytes));
          }
        }
        return redirect(form.get('stay') ? '/open-shop/apply?step=documents' : next('documents'));
      }
      case 'remove': {
        const documentId = field(form, 'documentId', 64);
        await app.db.transaction().execute((trx) => removeDocument(trx, app.clock, auth.userId, applicationId, documentId));
        return redirect('/open-shop/apply?step=documents');
      }
      case 'submit': {
        await app.db.transaction().execute((trx) => submitApplication(trx, app.clock, auth.userId, applicationId));
        return redirect('/open-shop?submitted=1');
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    // formError rethrows anything that is not a catalogued error (the 400 above, bugs).
    const { message, status, code } = formError(error, locale);
    const details = (error as AppError).details as { missing?: string[] } | undefined;
    return data({ message, code, missing: details?.missing ?? [], values }, { status });
  }
}

/** 重新申请 after a rejection starts a fresh draft with the same subject type. */
export async function restartAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  if (field(form, 'intent', 20) !== 'restart') throw data(null, { status: 400 });
  try {
    const subjectType = field(form, 'subjectType', 20) === 'individual' ? 'individual' : 'company';
    await app.db.transaction().execute((trx) => createApplication(trx, app.clock, auth.userId, { subjectType }));
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ message }, { status });
  }
  return redirect('/open-shop/apply?step=subject');
}

// ----- platform: 入驻审核 ------------------------------------------------------------------------

export const QUEUE_TABS = [...QUEUE_STATUSES, 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
const PAGE_SIZE = 20;

export async function queueLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requireReviewer(context, request);
  const url = new URL(request.url);
  const tabParam = url.searchParams.get('tab') ?? 'submitted';
  const tab: QueueTab = (QUEUE_TABS as readonly string[]).includes(tabParam) ? (tabParam as QueueTab) : 'submitted';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1));
  const [list, counts] = await Promise.all([
    listApplications(context.app.db, { status: tab === 'all' ? undefined : tab, q: q || undefined, page, pageSize: PAGE_SIZE }),
    countApplications(context.app.db),
  ]);
  return {
    tab,
    q,
    page,
    pageSize: PAGE_SIZE,
    total: list.total,
    counts,
    items: list.items.map((r) => ({
      id: r.id,
      status: r.status,
      subjectType: r.subjectType,
      subjectName: r.subjectType === 'company' ? (r.companyName ?? '—') : r.applicantName,
      uscc: r.uscc,
      usccValid: r.usccValid,
      shopName: r.shopName ?? '—',
      shopKind: r.shopKind,
      applicantName: r.applicantName,
      submittedAt: r.submittedAt ? dateTimeText(r.submittedAt, context.locale) : '—',
      reviewNote: r.reviewNote,
    })),
  };
}

/** 入驻审核 and shop sanctions: the API's policy (platform_staff; platform_admin always passes). */
function requireReviewer(context: AppLoadContext, request: Request) {
  return requireArea(context, request, 'review');
}

export async function reviewLoader({ request, context, applicationId }: { request: Request; context: AppLoadContext; applicationId: string }) {
  requireReviewer(context, request);
  const { locale } = context;
  let d: ApplicationDetail;
  try {
    d = await getApplication(context.app.db, applicationId, { role: 'platform' });
  } catch (error) {
    if ((error as { code?: string }).code === 'APPLICATION_NOT_FOUND') throw notFound();
    throw error;
  }
  if (d.status === 'draft') throw notFound();
  return {
    application: {
      id: d.id,
      status: d.status,
      subjectType: d.subjectType,
      companyName: d.companyName,
      uscc: d.uscc,
      usccValid: d.usccValid,
      legalRep: d.legalRep,
      contactMobile: d.contactMobile ? localMobile(d.contactMobile) : null,
      businessScope: d.businessScope.map((c) => c.name),
      shopName: d.shopName,
      shopKind: d.shopKind,
      applicantName: d.applicantName,
      applicantLogin: d.applicantLogin ? (d.applicantLogin.includes('@') ? maskEmail(d.applicantLogin) : maskMobile(d.applicantLogin)) : null,
      reviewNote: d.reviewNote,
      reviewerName: d.reviewerName,
      shopId: d.shopId,
      submittedAt: d.submittedAt ? dateTimeText(d.submittedAt, locale) : null,
      reviewedAt: d.reviewedAt ? dateTimeText(d.reviewedAt, locale) : null,
      documents: d.documents.map((doc) => ({ id: doc.id, kind: doc.kind, detail: imageVariant(doc.url, 'detail'), thumb: imageVariant(doc.url, 'thumb') })),
      missingDocuments: d.missingDocuments,
      allowedKinds: kindsFor(d.subjectType),
    },
  };
}

type ActionResult = { ok: boolean; message: string };

/** 通过 / 驳回 / 要求补充资料 from the detail page. */
export async function reviewAction({ request, context, applicationId }: { request: Request; context: AppLoadContext; applicationId: string }) {
  const auth = requireReviewer(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 20);
  const note = field(form, 'note', 1000);
  try {
    if (intent === 'approve') {
      const { shopId } = await app.db.transaction().execute((trx) => approveApplication(trx, app.clock, auth.userId, applicationId));
      return { ok: true, message: translate(locale, 'onboarding.review.approved'), shopId } satisfies ActionResult & { shopId: string };
    }
    if (intent === 'reject' || intent === 'needs_info') {
      await app.db.transaction().execute((trx) => reviewApplication(trx, app.clock, auth.userId, applicationId, intent, note));
      return { ok: true, message: translate(locale, intent === 'reject' ? 'onboarding.review.rejected' : 'onboarding.review.askedForInfo'), shopId: null };
    }
    throw data(null, { status: 400 });
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false, message, shopId: null }, { status });
  }
}

// ----- platform: 商家 (shops) -------------------------------------------------------------------

const SHOP_KINDS = ['self_operated', 'flagship', 'specialty', 'franchise', 'individual'] as const;

/**
 * 商家: the shops by status tab (with counts), name and kind, newest first — the API's list — with each
 * shop's owner (masked), members and licence record; flagged when the licence was checked six months ago or more.
 */
export async function adminShopsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requirePlatform(context, request);
  const { db, clock } = context.app;
  const now = clock.now();
  const url = new URL(request.url);
  const tabParam = url.searchParams.get('tab') ?? 'all';
  const tab: ShopTab = (SHOP_TABS as readonly string[]).includes(tabParam) ? (tabParam as ShopTab) : 'all';
  const kindParam = url.searchParams.get('kind') ?? '';
  const kind = (SHOP_KINDS as readonly string[]).includes(kindParam) ? (kindParam as (typeof SHOP_KINDS)[number]) : undefined;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1));
  const list = await listShops(db, { q: q || undefined, kind, status: tab === 'all' ? undefined : tab, sort: 'newest', page, pageSize: PAGE_SIZE }, now);
  const ids = list.items.map((s) => s.id);
  const [details, licences] = await Promise.all([
    ids.length
      ? db
          .selectFrom('shop')
          .leftJoin('shop_member as owner', (join) => join.onRef('owner.shop_id', '=', 'shop.id').on('owner.role', '=', 'owner'))
          .leftJoin('app_user', 'app_user.id', 'owner.user_id')
          .leftJoin('shop_licence as l', 'l.shop_id', 'shop.id')
          .select(['shop.id', 'app_user.mobile', 'app_user.email', 'l.uscc', sql<number>`(select count(*) from shop_member m where m.shop_id = shop.id)`.as('members')])
          .where('shop.id', 'in', ids)
          .execute()
      : Promise.resolve([]),
    // The re-verification reminder counts every shop's licence, not just this page's.
    db.selectFrom('shop_licence').select('verified_at').execute(),
  ]);
  const { locale } = context;
  return {
    canManage: allows(context, ONBOARDING_REVIEWERS),
    tab,
    q,
    kind: kind ?? '',
    page,
    pageSize: PAGE_SIZE,
    total: list.total,
    counts: list.counts,
    due: licences.filter((l) => needsReverification(l.verified_at, now)).length,
    shops: list.items.map((r) => {
      const d = details.find((x) => x.id === r.id);
      return {
        id: r.id,
        name: r.name,
        kind: r.kind,
        status: r.status,
        frozenReason: r.frozenReason,
        frozenAt: r.frozenAt ? dateTimeText(r.frozenAt, locale) : null,
        ownerMasked: d?.mobile ? maskMobile(d.mobile) : d?.email ? maskEmail(d.email) : null,
        members: Number(d?.members ?? 0),
        createdAt: dateText(r.createdAt, locale),
        licence: r.licenceVerifiedAt
          ? { subjectName: r.subjectName ?? '', uscc: d?.uscc ?? null, verifiedAt: dateText(r.licenceVerifiedAt, locale), due: r.needsReverification }
          : null,
      };
    }),
  };
}

/** 冻结 / 解冻 / 复核 from the shop list; each needs its reason. */
export async function adminShopsAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireReviewer(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 20);
  const shopId = field(form, 'shopId', 64);
  const reason = field(form, 'reason', 400);
  try {
    const run = { freeze: freezeShop, unfreeze: unfreezeShop, reverify: reverifyLicence }[intent as 'freeze' | 'unfreeze' | 'reverify'];
    if (!run || !shopId) throw data(null, { status: 400 });
    await app.db.transaction().execute((trx) => run(trx, app.clock, auth.userId, shopId, reason));
    const key = intent === 'freeze' ? 'onboarding.shops.frozen' : intent === 'unfreeze' ? 'onboarding.shops.unfrozen' : 'onboarding.shops.reverified';
    return { ok: true, message: translate(locale, key) } satisfies ActionResult;
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false, message } satisfies ActionResult, { status });
  }
}

// ----- storefront: the shop page's 营业执照信息 -----------------------------------------------------

export async function shopLicenceView(context: AppLoadContext, shopId: string) {
  const licence = await getShopLicence(context.app.db, shopId);
  if (!licence) return null;
  return {
    subjectType: licence.subjectType,
    // An individual's full name is not put on a public page: the first character is enough to match an ID.
    subjectName: licence.subjectType === 'individual' ? [...licence.subjectName].map((c, i) => (i === 0 ? c : '*')).join('') : licence.subjectName,
    uscc: licence.uscc,
    legalRep: licence.legalRep,
    businessScope: licence.businessScope,
    verifiedAt: dateText(licence.verifiedAt, context.locale),
    image: licence.licenceImageUrl ? { thumb: imageVariant(licence.licenceImageUrl, 'thumb'), detail: imageVariant(licence.licenceImageUrl, 'detail') } : null,
  };
}
