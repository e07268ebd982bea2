import { z } from 'zod';
import { ADDRESS_TAGS } from './addresses.tables.ts';

/** Six-digit GB/T 2260 codes; nine digits for the towns of the four cities without districts (东莞, 中山, 儋州, 嘉峪关). */
export const regionCode = z.string().regex(/^\d{6}(\d{3})?$/, 'a 6- or 9-digit region code');

/** Region names are not accepted: the server derives them from the codes. */
export const addressBody = z
  .object({
    recipient: z.string().trim().min(1).max(20),
    mobile: z.string().trim().min(1).max(20).describe('mainland mobile; checked and normalised to +86…'),
    provinceCode: regionCode,
    cityCode: regionCode,
    districtCode: regionCode,
    street: z.string().trim().max(50).nullable().optional().describe('街道/乡镇, optional'),
    detail: z.string().trim().min(2).max(100).describe('门牌号、楼栋、房间'),
    tag: z.enum(ADDRESS_TAGS).nullable().optional(),
    isDefault: z.boolean().optional(),
  })
  .strict();

export const addressParams = z.object({ addressId: z.string().max(64) }).strict();

export const addressView = z.object({
  id: z.string(),
  recipient: z.string(),
  mobile: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  cityCode: z.string(),
  cityName: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  street: z.string().nullable(),
  detail: z.string(),
  tag: z.enum(ADDRESS_TAGS).nullable(),
  isDefault: z.boolean(),
  fullAddress: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const regionsQuery = z
  .object({
    parent: z.union([z.literal('root'), regionCode]).optional().describe("'root' for the provinces, a region code for its children; absent for the whole tree"),
  })
  .strict();

export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}
const regionNode: z.ZodType<RegionNode> = z.lazy(() => z.object({ code: z.string(), name: z.string(), children: z.array(regionNode).optional() }));

export const regionsResponse = z.object({
  source: z.string(),
  items: z.array(regionNode),
});
