import { data, redirect, type AppLoadContext } from 'react-router';
import { PRODUCT_EDITORS, allows, notFound, requireShopMember, requireShopRole } from './guards.server.ts';
import {
  AppError,
  changeProductStatus,
  createProduct,
  getProductDetail,
  imageVariant,
  listAttributes,
  listBrands,
  listCategoryTree,
  productInputSchema,
  updateProduct,
  type CategoryNode,
  type ProductStatus,
} from './services.server.ts';
import { formError } from './app-errors.server.ts';
import { findShop } from './consoles.server.ts';
import { categoryName } from './store-views.server.ts';
import { fenToYuan } from './money.ts';
import type { Locale } from '../i18n/messages.ts';
import type { EditorAttribute, EditorCategoryOption, EditorLoaderData, EditorValues } from './product-editor.ts';

interface Args {
  request: Request;
  context: AppLoadContext;
  params: { shopId: string; productId?: string };
}

function cascaderOptions(nodes: CategoryNode[], locale: Locale): EditorCategoryOption[] {
  return nodes.map((n) => {
    const children = n.level < 3 ? cascaderOptions(n.children, locale) : undefined;
    return {
      value: n.id,
      label: categoryName(n, locale),
      ...(children ? { children, disabled: children.length === 0 } : {}),
    };
  });
}

export async function attributesOf(context: AppLoadContext, categoryId: string | null): Promise<EditorAttribute[]> {
  if (!categoryId) return [];
  const rows = await listAttributes(context.app.db, categoryId);
  return rows.map((a) => ({ name: a.name, kind: a.kind, options: a.options, required: a.required }));
}

/** The product editor's page data: the category tree (level 3 selectable), brands, and the product when editing. */
export async function editorLoader({ request, context, params }: Args): Promise<EditorLoaderData> {
  requireShopMember(context, request, params.shopId);
  const { db } = context.app;
  const shop = await findShop(db, params.shopId);
  if (!shop) throw notFound();
  const [tree, brands] = await Promise.all([listCategoryTree(db), listBrands(db)]);
  let product: EditorLoaderData['product'] = null;
  let initial: EditorValues | null = null;
  if (params.productId) {
    let p;
    try {
      p = await getProductDetail(db, params.productId, { onSaleOnly: false, shopId: shop.id });
    } catch (error) {
      if ((error as { code?: string }).code === 'PRODUCT_NOT_FOUND') throw notFound();
      throw error;
    }
    product = { id: p.id, status: p.status, rejectReason: p.rejectReason, offShelfReason: p.offShelfReason };
    initial = {
      categoryPath: p.categoryPath.map((c) => c.id),
      brandId: p.brandId,
      title: p.title,
      subtitle: p.subtitle,
      descriptionHtml: p.descriptionHtml,
      images: p.images.map((url) => ({ url, thumb: imageVariant(url, 'thumb') })),
      params: p.params,
      return7d: p.return7d,
      purchaseLimit: p.purchaseLimit,
      specs: p.specs,
      skus: p.skus.map((s) => ({
        spec: s.spec,
        price: fenToYuan(s.priceFen),
        original: s.originalPriceFen === null ? '' : fenToYuan(s.originalPriceFen),
        stock: String(s.stock),
        weightG: s.weightG,
        barcode: s.barcode,
        imageUrl: s.imageUrl,
      })),
    };
  }
  const categoryId = initial?.categoryPath[initial.categoryPath.length - 1] ?? null;
  return {
    shopId: shop.id,
    product,
    initial,
    categories: cascaderOptions(tree, context.locale),
    brands: brands.map((b) => ({ value: b.id, label: context.locale === 'en' && b.nameEn ? `${b.nameEn} / ${b.name}` : b.name })),
    attributes: await attributesOf(context, categoryId),
    canEdit: allows(context, PRODUCT_EDITORS, { shopId: shop.id }),
  };
}

const SUBMITTABLE: readonly ProductStatus[] = ['draft', 'rejected', 'off_shelf'];

/**
 * Saves the editor: the JSON in the `payload` field is checked against the API's own productInput
 * schema, then createProduct / updateProduct run in one transaction (with the submission, for
 * 保存并提交审核). Catalogued errors come back as a message in the page's language.
 */
export async function editorAction({ request, context, params }: Args) {
  const auth = requireShopRole(context, request, params.shopId);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = form.get('intent') === 'submit' ? 'submit' : 'draft';
  const payload = form.get('payload');
  let json: unknown;
  try {
    json = typeof payload === 'string' && payload.length <= 500_000 ? JSON.parse(payload) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = productInputSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    return data({ error: formError(new AppError('VALIDATION_FAILED', { detail }), locale).message }, { status: 400 });
  }
  const actor = { userId: auth.userId, role: 'merchant' as const };
  const submit = intent === 'submit';
  try {
    const outcome = await app.db.transaction().execute(async (trx) => {
      if (!params.productId) {
        await createProduct(trx, app.clock, params.shopId, actor, parsed.data, submit);
        return submit ? 'submitted' : 'created';
      }
      const status = await updateProduct(trx, app.clock, params.shopId, actor, params.productId, parsed.data);
      if (submit && SUBMITTABLE.includes(status)) {
        await changeProductStatus(trx, app.clock, actor, params.productId, 'submit', { shopId: params.shopId });
      }
      return submit || status === 'pending_review' ? 'submitted' : 'updated';
    });
    return redirect(`/seller/${encodeURIComponent(params.shopId)}/products?saved=${outcome}`, { status: 303 });
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ error: message }, { status });
  }
}
