import { data, redirect, type AppLoadContext } from 'react-router';
import {
  createPickupPoint,
  createTemplate,
  deletePickupPoint,
  deleteTemplate,
  getPickupPoint,
  getTemplate,
  listPickupPoints,
  listTemplates,
  setDefaultTemplate,
  updatePickupPoint,
  updateTemplate,
  type PickupPointInput,
  type PickupPointView,
  type TemplateView,
} from '../../src/modules/shipping/shipping.service.ts';
import { pickupPointBody, templateBody } from '../../src/modules/shipping/shipping.schemas.ts';
import { findRegion, regionTree } from '../../src/modules/addresses/regions.ts';
import { AppError, formatFen } from './services.server.ts';
import { formError } from './app-errors.server.ts';
import { allows, notFound, policy, requireShopMember, requireShopRole } from './guards.server.ts';
import { field } from './forms.ts';
import { regionOptions } from './addresses.server.ts';
import { translate, type Locale } from '../i18n/messages.ts';
import { gramsToKg, ruleValues, type TemplateFormValues } from './logistics.ts';
import type { RegionOption } from './buying-views.ts';

/** 物流 writes: owners, operators and warehouse staff (the API's editors). */
export const LOGISTICS_EDITORS = policy.shop(['operator', 'warehouse']);

export function provinces(): RegionOption[] {
  return regionTree().map((r) => ({ code: r.code, name: r.name }));
}

const provinceName = (code: string) => findRegion(code)?.name ?? code;

/** "首件 1 件 ¥10.00，续件 1 件 ¥5.00" or by weight in kg. */
function feeText(r: { firstUnits: number; firstFeeFen: number; additionalUnits: number; additionalFeeFen: number }, chargeBy: 'piece' | 'weight', locale: Locale): string {
  const units = (n: number) => (chargeBy === 'weight' ? `${gramsToKg(n)} kg` : translate(locale, 'logistics.pieces', { count: n }));
  return translate(locale, chargeBy === 'weight' ? 'logistics.ruleWeight' : 'logistics.rulePiece', {
    first: units(r.firstUnits),
    firstFee: formatFen(r.firstFeeFen, locale),
    next: units(r.additionalUnits),
    nextFee: formatFen(r.additionalFeeFen, locale),
  });
}

function freeText(r: { freeOverFen: number | null; freeOverQty: number | null }, locale: Locale): string | null {
  const parts = [
    r.freeOverFen !== null ? translate(locale, 'logistics.freeOver', { amount: formatFen(r.freeOverFen, locale) }) : null,
    r.freeOverQty !== null ? translate(locale, 'logistics.freeOverQty', { count: r.freeOverQty }) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(translate(locale, 'logistics.or')) : null;
}

function templateRow(t: TemplateView, locale: Locale) {
  return {
    id: t.id,
    name: t.name,
    isDefault: t.isDefault,
    chargeBy: t.chargeBy,
    rule: feeText(t, t.chargeBy, locale),
    free: freeText(t, locale),
    regions: t.regionRules.map((r) => ({ provinces: r.provinceCodes.map(provinceName).join('、'), rule: feeText(r, t.chargeBy, locale), free: freeText(r, locale) })),
    excluded: t.excludedProvinces.map(provinceName).join('、'),
  };
}

function pointRow(p: PickupPointView) {
  return { id: p.id, name: p.name, address: p.fullAddress, hours: p.openingHours, phone: p.contactPhone, enabled: p.enabled };
}

/** The 物流 page: templates and pickup points of one shop. */
export async function logisticsLoader({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  requireShopMember(context, request, shopId);
  const { db } = context.app;
  const [templates, points] = await Promise.all([listTemplates(db, shopId), listPickupPoints(db, shopId)]);
  const tab = new URL(request.url).searchParams.get('tab') === 'pickup' ? 'pickup' : 'templates';
  return {
    shopId,
    tab,
    canEdit: allows(context, LOGISTICS_EDITORS, { shopId }),
    templates: templates.map((t) => templateRow(t, context.locale)),
    points: points.map(pointRow),
  };
}

function pointInput(p: PickupPointView, enabled: boolean): PickupPointInput {
  return {
    name: p.name,
    provinceCode: p.provinceCode,
    cityCode: p.cityCode,
    districtCode: p.districtCode,
    street: p.street,
    detail: p.detail,
    openingHours: p.openingHours,
    contactPhone: p.contactPhone,
    longitude: p.longitude,
    latitude: p.latitude,
    enabled,
  };
}

/** 设为默认 / 删除 a template; 启用 / 停用 / 删除 a pickup point. */
export async function logisticsAction({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  requireShopRole(context, request, shopId, LOGISTICS_EDITORS);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 30);
  const id = field(form, 'id', 64);
  if (!id) throw data(null, { status: 400 });
  try {
    const key = await app.db.transaction().execute(async (trx) => {
      switch (intent) {
        case 'template-default':
          await setDefaultTemplate(trx, app.clock, shopId, id);
          return 'logistics.defaultSet' as const;
        case 'template-delete':
          await deleteTemplate(trx, app.clock, shopId, id);
          return 'logistics.templateDeleted' as const;
        case 'point-enable':
        case 'point-disable': {
          const point = await getPickupPoint(trx, shopId, id);
          await updatePickupPoint(trx, app.clock, shopId, id, pointInput(point, intent === 'point-enable'));
          return intent === 'point-enable' ? ('logistics.pointEnabled' as const) : ('logistics.pointDisabled' as const);
        }
        case 'point-delete':
          await deletePickupPoint(trx, shopId, id);
          return 'logistics.pointDeleted' as const;
        default:
          throw data(null, { status: 400 });
      }
    });
    return { ok: true as const, message: translate(locale, key) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}

/** The template editor: the province list and, when editing, the template as typed values. */
export async function templateEditorLoader({ request, context, shopId, templateId }: { request: Request; context: AppLoadContext; shopId: string; templateId: string | undefined }) {
  requireShopMember(context, request, shopId);
  let initial: TemplateFormValues | null = null;
  if (templateId) {
    let t: TemplateView;
    try {
      t = await getTemplate(context.app.db, shopId, templateId);
    } catch (error) {
      if ((error as { code?: string }).code === 'SHIPPING_TEMPLATE_NOT_FOUND') throw notFound();
      throw error;
    }
    initial = {
      name: t.name,
      chargeBy: t.chargeBy,
      ...ruleValues(t, t.chargeBy),
      regionRules: t.regionRules.map((r) => ({ provinceCodes: r.provinceCodes, ...ruleValues(r, t.chargeBy) })),
      excludedProvinces: t.excludedProvinces,
      isDefault: t.isDefault,
    };
  }
  return { shopId, templateId: templateId ?? null, initial, provinces: provinces(), canEdit: allows(context, LOGISTICS_EDITORS, { shopId }) };
}

/** JSON in the `payload` field, checked against the API's own schema, like the product editor. */
function parsePayload<T>(form: FormData, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }) {
  const payload = form.get('payload');
  let json: unknown;
  try {
    json = typeof payload === 'string' && payload.length <= 100_000 ? JSON.parse(payload) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { value: parsed.data };
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  return { error: new AppError('VALIDATION_FAILED', { detail }) };
}

export async function templateEditorAction({ request, context, shopId, templateId }: { request: Request; context: AppLoadContext; shopId: string; templateId: string | undefined }) {
  requireShopRole(context, request, shopId, LOGISTICS_EDITORS);
  const { app, locale } = context;
  const parsed = parsePayload(await request.formData(), templateBody);
  try {
    if ('error' in parsed) throw parsed.error;
    const input = parsed.value;
    await app.db.transaction().execute((trx) => (templateId ? updateTemplate(trx, app.clock, shopId, templateId, input) : createTemplate(trx, app.clock, shopId, input)));
    return redirect(`/seller/${encodeURIComponent(shopId)}/logistics?saved=template`, { status: 303 });
  } catch (error) {
    return data({ error: formError(error, locale).message }, { status: 400 });
  }
}

/** The pickup point editor: the point (when editing) and the region picker's options along its path. */
export async function pointEditorLoader({ request, context, shopId, pointId }: { request: Request; context: AppLoadContext; shopId: string; pointId: string | undefined }) {
  requireShopMember(context, request, shopId);
  let point: PickupPointView | null = null;
  if (pointId) {
    try {
      point = await getPickupPoint(context.app.db, shopId, pointId);
    } catch (error) {
      if ((error as { code?: string }).code === 'PICKUP_POINT_NOT_FOUND') throw notFound();
      throw error;
    }
  }
  return {
    shopId,
    pointId: pointId ?? null,
    initial: point
      ? {
          name: point.name,
          region: [point.provinceCode, point.cityCode, point.districtCode],
          street: point.street ?? '',
          detail: point.detail,
          openingHours: point.openingHours,
          contactPhone: point.contactPhone,
          enabled: point.enabled,
        }
      : null,
    options: regionOptions(point?.provinceCode ?? '', point?.cityCode ?? ''),
    canEdit: allows(context, LOGISTICS_EDITORS, { shopId }),
  };
}

export async function pointEditorAction({ request, context, shopId, pointId }: { request: Request; context: AppLoadContext; shopId: string; pointId: string | undefined }) {
  requireShopRole(context, request, shopId, LOGISTICS_EDITORS);
  const { app, locale } = context;
  const parsed = parsePayload(await request.formData(), pickupPointBody);
  try {
    if ('error' in parsed) throw parsed.error;
    const input = parsed.value;
    await app.db.transaction().execute((trx) => (pointId ? updatePickupPoint(trx, app.clock, shopId, pointId, input) : createPickupPoint(trx, app.clock, shopId, input)));
    return redirect(`/seller/${encodeURIComponent(shopId)}/logistics?tab=pickup&saved=point`, { status: 303 });
  } catch (error) {
    return data({ error: formError(error, locale).message }, { status: 400 });
  }
}
