import { z } from 'zod';
import { regionCode } from '../addresses/addresses.schemas.ts';

/** Money is integer fen, never negative (at most ¥1,000,000 here). */
const fenAmount = z.number().int().min(0).max(100_000_000);
/** Pieces (by piece) or grams (by weight). */
const units = z.number().int().min(1).max(1_000_000);
const pieces = z.number().int().min(1).max(100_000);
const provinceCodes = z.array(regionCode).min(1).max(34);

const regionRule = z
  .object({
    provinceCodes,
    firstUnits: units,
    firstFeeFen: fenAmount,
    additionalUnits: units,
    additionalFeeFen: fenAmount,
    freeOverFen: fenAmount.nullable().optional().describe('满X元包邮 in these provinces; absent/null = none here'),
    freeOverQty: pieces.nullable().optional().describe('满N件包邮 in these provinces; absent/null = none here'),
  })
  .strict();

export const templateBody = z
  .object({
    name: z.string().trim().min(1).max(30),
    chargeBy: z.enum(['piece', 'weight']).describe('piece: units are pieces; weight: units are grams'),
    firstUnits: units.describe('首件 (pieces) or 首重 (grams)'),
    firstFeeFen: fenAmount,
    additionalUnits: units.describe('续件 (pieces) or 续重 (grams)'),
    additionalFeeFen: fenAmount,
    freeOverFen: fenAmount.nullable().optional().describe('满X元包邮 (fen)'),
    freeOverQty: pieces.nullable().optional().describe('满N件包邮'),
    regionRules: z.array(regionRule).max(34).optional().describe('per-province overrides, replacing fees and free-shipping thresholds there'),
    excludedProvinces: z.array(regionCode).max(34).optional().describe('不配送区域 (province codes)'),
    isDefault: z.boolean().optional(),
  })
  .strict();

export const templateView = z.object({
  id: z.string(),
  name: z.string(),
  chargeBy: z.enum(['piece', 'weight']),
  firstUnits: z.number(),
  firstFeeFen: z.number(),
  additionalUnits: z.number(),
  additionalFeeFen: z.number(),
  freeOverFen: z.number().nullable(),
  freeOverQty: z.number().nullable(),
  regionRules: z.array(
    z.object({
      provinceCodes: z.array(z.string()),
      firstUnits: z.number(),
      firstFeeFen: z.number(),
      additionalUnits: z.number(),
      additionalFeeFen: z.number(),
      freeOverFen: z.number().nullable(),
      freeOverQty: z.number().nullable(),
    }),
  ),
  excludedProvinces: z.array(z.string()),
  isDefault: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const pickupPointBody = z
  .object({
    name: z.string().trim().min(1).max(30),
    provinceCode: regionCode,
    cityCode: regionCode,
    districtCode: regionCode,
    street: z.string().trim().max(50).nullable().optional(),
    detail: z.string().trim().min(2).max(100),
    openingHours: z.string().trim().min(1).max(100).describe('e.g. 周一至周日 09:00-21:00'),
    contactPhone: z.string().trim().min(1).max(30).describe('mobile, landline with area code, or 400 number'),
    longitude: z.number().min(-180).max(180).nullable().optional().describe('AMap (GCJ-02)'),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const pickupPointView = z.object({
  id: z.string(),
  name: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  cityCode: z.string(),
  cityName: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  street: z.string().nullable(),
  detail: z.string(),
  fullAddress: z.string(),
  openingHours: z.string(),
  contactPhone: z.string(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const shopParams = z.object({ shopId: z.string().max(64) }).strict();
export const templateParams = z.object({ shopId: z.string().max(64), templateId: z.string().max(64) }).strict();
export const pickupParams = z.object({ shopId: z.string().max(64), pointId: z.string().max(64) }).strict();
