import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** Prefixes say what an id names when it shows up in a log or a URL. */
export type IdPrefix =
  | 'usr' | 'ses' | 'shp' | 'cat' | 'atr' | 'brd' | 'prd' | 'chg' | 'sku' | 'img' | 'job' | 'adr' | 'pay' | 'ord' | 'oln' | 'oev' | 'crt' | 'sht' | 'pkp'
  // payments and ledger
  | 'pat' | 'rfd' | 'pnt' | 'stl' | 'wdr' | 'ltx' | 'len' | 'sbt' | 'sbr' | 'sbn' | 'sbp' | 'rcn'
  // fulfilment and after-sales
  | 'shm' | 'tev' | 'pku' | 'afs' | 'afe' | 'afm' | 'cmp' | 'cmm'
  // notifications, onboarding, staff, agreements and content, audit
  | 'ntf' | 'apl' | 'qdoc' | 'inv' | 'agr' | 'agv' | 'acc' | 'bnr' | 'ann' | 'sug' | 'aud'
  // account closure (注销) and agreement dissent (按原协议退出)
  | 'acl' | 'dis';

/** A time-sortable, prefixed id such as `usr_01jd3…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
