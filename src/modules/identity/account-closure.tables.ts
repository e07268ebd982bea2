/** Tables of account closure (注销账号); filled in by the work that owns it. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountClosureTables {}
