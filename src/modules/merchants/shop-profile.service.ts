import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';

/** 店铺设置: what a shop says about itself on its page, and where returns go. */
export interface ShopProfileInput {
  intro?: string | undefined;
  announcement?: string | undefined;
  serviceHours?: string | undefined;
  returnAddress?: string | undefined;
  /** An image this shop uploaded (its URL), or null to remove it. */
  logoUrl?: string | null | undefined;
  bannerUrl?: string | null | undefined;
}

export const PROFILE_LIMITS = { intro: 200, announcement: 300, serviceHours: 50, returnAddress: 200 } as const;

export async function getShopProfile(q: Queryable, shopId: string) {
  const shop = await q
    .selectFrom('shop')
    .select(['id', 'name', 'kind', 'intro', 'logo_url', 'banner_url', 'announcement', 'service_hours', 'return_address'])
    .where('id', '=', shopId)
    .executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
  return {
    id: shop.id,
    name: shop.name,
    kind: shop.kind,
    intro: shop.intro,
    logoUrl: shop.logo_url,
    bannerUrl: shop.banner_url,
    announcement: shop.announcement,
    serviceHours: shop.service_hours,
    returnAddress: shop.return_address,
  };
}

function text(value: string | undefined, field: keyof typeof PROFILE_LIMITS): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if ([...trimmed].length > PROFILE_LIMITS[field]) throw new AppError('SHOP_PROFILE_TOO_LONG', { field, max: PROFILE_LIMITS[field] });
  return trimmed;
}

/** Only pictures this shop uploaded (media_image of the shop) can be its logo or banner. */
async function ownImage(trx: Trx, shopId: string, url: string | null | undefined): Promise<string | null | undefined> {
  if (url === undefined || url === null) return url;
  const image = await trx.selectFrom('media_image').select('url').where('shop_id', '=', shopId).where('url', '=', url).executeTakeFirst();
  if (!image) throw new AppError('SHOP_IMAGE_INVALID');
  return image.url;
}

export async function updateShopProfile(trx: Trx, shopId: string, input: ShopProfileInput) {
  const intro = text(input.intro, 'intro');
  const announcement = text(input.announcement, 'announcement');
  const serviceHours = text(input.serviceHours, 'serviceHours');
  const returnAddress = text(input.returnAddress, 'returnAddress');
  const logo = await ownImage(trx, shopId, input.logoUrl);
  const banner = await ownImage(trx, shopId, input.bannerUrl);
  await trx
    .updateTable('shop')
    .set({
      ...(intro !== undefined ? { intro } : {}),
      ...(announcement !== undefined ? { announcement } : {}),
      ...(serviceHours !== undefined ? { service_hours: serviceHours } : {}),
      ...(returnAddress !== undefined ? { return_address: returnAddress } : {}),
      ...(logo !== undefined ? { logo_url: logo } : {}),
      ...(banner !== undefined ? { banner_url: banner } : {}),
    })
    .where('id', '=', shopId)
    .execute();
  return getShopProfile(trx, shopId);
}
