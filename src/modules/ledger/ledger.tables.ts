/** Tables owned by the ledger module (double-entry bookkeeping). */
export interface LedgerTables {}
