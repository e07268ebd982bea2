/**
 * The carriers a merchant can ship with: our short code (the one 快递鸟 and most Chinese ERPs use),
 * the name shoppers know, the Kuaidi100 company code (null: tracked by hand only) and, where the
 * format is well known, the tracking-number pattern. Anything else gets the generic check: 6–30
 * letters and digits.
 */
export interface Carrier {
  code: string;
  name: string;
  nameEn: string;
  /** Short names merchants type in a spreadsheet (顺丰, 中通 …). */
  aliases: readonly string[];
  kuaidi100: string | null;
  /** Tracking numbers as the carrier prints them (after upper-casing and removing spaces and dashes). */
  pattern: RegExp | null;
  /** What a number looks like, for the error message. */
  example: string | null;
}

export const CARRIERS: readonly Carrier[] = [
  { code: 'SF', name: '顺丰速运', nameEn: 'SF Express', aliases: ['顺丰', '顺丰快递', 'SF EXPRESS', 'SHUNFENG'], kuaidi100: 'shunfeng', pattern: /^(SF\d{13}|\d{12})$/, example: 'SF1234567890123' },
  { code: 'ZTO', name: '中通快递', nameEn: 'ZTO Express', aliases: ['中通', 'ZHONGTONG'], kuaidi100: 'zhongtong', pattern: /^\d{12,15}$/, example: '78123456789012' },
  { code: 'YTO', name: '圆通速递', nameEn: 'YTO Express', aliases: ['圆通', '圆通快递', 'YUANTONG'], kuaidi100: 'yuantong', pattern: /^(YT\d{13}|\d{10}|\d{12})$/, example: 'YT1234567890123' },
  { code: 'YD', name: '韵达快递', nameEn: 'Yunda Express', aliases: ['韵达', 'YUNDA'], kuaidi100: 'yunda', pattern: /^(\d{13}|\d{15})$/, example: '4312345678901' },
  { code: 'STO', name: '申通快递', nameEn: 'STO Express', aliases: ['申通', 'SHENTONG'], kuaidi100: 'shentong', pattern: /^\d{12,15}$/, example: '773123456789012' },
  { code: 'JD', name: '京东物流', nameEn: 'JD Logistics', aliases: ['京东', '京东快递'], kuaidi100: 'jd', pattern: /^JD[0-9A-Z]{11,15}$/, example: 'JDVA12345678901' },
  { code: 'EMS', name: 'EMS', nameEn: 'EMS', aliases: ['中国邮政EMS', '邮政EMS', 'E邮宝'], kuaidi100: 'ems', pattern: /^(\d{13}|[A-Z]{2}\d{9}[A-Z]{2})$/, example: '1123456789012' },
  { code: 'JTSD', name: '极兔速递', nameEn: 'J&T Express', aliases: ['极兔', '极兔快递', 'J&T', 'JT'], kuaidi100: 'jtexpress', pattern: /^JT\d{13}$/, example: 'JT1234567890123' },
  { code: 'DBL', name: '德邦快递', nameEn: 'Deppon Express', aliases: ['德邦', '德邦物流', 'DEPPON'], kuaidi100: 'debangkuaidi', pattern: /^(DPK\d{12}|\d{8,10})$/, example: 'DPK123456789012' },
  { code: 'YZPY', name: '邮政快递包裹', nameEn: 'China Post Parcel', aliases: ['邮政', '中国邮政', '邮政包裹', '邮政快递'], kuaidi100: 'youzhengguonei', pattern: /^(\d{13}|[A-Z]{2}\d{9}[A-Z]{2})$/, example: '9812345678901' },
  { code: 'HTKY', name: '百世快递', nameEn: 'Best Express', aliases: ['百世', '百世汇通', '汇通'], kuaidi100: 'huitongkuaidi', pattern: null, example: null },
  { code: 'ZJS', name: '宅急送', nameEn: 'ZJS Express', aliases: [], kuaidi100: 'zhaijisong', pattern: null, example: null },
  { code: 'UC', name: '优速快递', nameEn: 'UC Express', aliases: ['优速'], kuaidi100: 'youshuwuliu', pattern: null, example: null },
  { code: 'OTHER', name: '其他快递', nameEn: 'Other carrier', aliases: ['其他', '其它'], kuaidi100: null, pattern: null, example: null },
];

const GENERIC = /^[0-9A-Z]{6,30}$/;

const byCode = new Map(CARRIERS.map((c) => [c.code, c]));
const byKuaidi100 = new Map(CARRIERS.filter((c) => c.kuaidi100).map((c) => [c.kuaidi100!, c]));
const byWord = new Map<string, Carrier>();
for (const c of CARRIERS) for (const word of [c.code, c.name, c.nameEn, ...c.aliases, c.kuaidi100 ?? '']) if (word) byWord.set(word.toUpperCase(), c);

export function findCarrier(code: string): Carrier | undefined {
  return byCode.get(code);
}

export function carrierByKuaidi100(code: string): Carrier | undefined {
  return byKuaidi100.get(code.toLowerCase());
}

/** A carrier as a merchant may write it in a spreadsheet: our code, its name, a short name or the Kuaidi100 code. */
export function carrierFromText(text: string): Carrier | undefined {
  const word = text.replace(/\s+/g, ' ').trim().toUpperCase();
  return byWord.get(word) ?? byWord.get(word.replace(/\s/g, ''));
}

/** "sf 1234-5678 90123" → "SF1234567890123": what the carrier's systems expect. */
export function normaliseTrackingNo(text: string): string {
  return text.normalize('NFKC').replace(/[\s\-_]/g, '').toUpperCase();
}

/** Whether a normalised number fits the carrier's format (or the generic one). */
export function trackingNoFits(carrier: Carrier, trackingNo: string): boolean {
  if (!GENERIC.test(trackingNo)) return false;
  return carrier.pattern ? carrier.pattern.test(trackingNo) : true;
}

export function carrierName(code: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const c = byCode.get(code);
  if (!c) return code;
  return locale === 'en' ? c.nameEn : c.name;
}
