import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** Prefixes say what an id names when it shows up in a log or a URL. */
export type IdPrefix =
  | 'usr' | 'ses' | 'shp' | 'cat' | 'brd' | 'prd' | 'sku' | 'img' | 'job' | 'obx' | 'adr';

/** A time-sortable, prefixed id such as `usr_01jd3…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
