/** Tables owned by the after-sales module (requests, evidence, arbitration, complaints). */
export interface AfterSalesTables {}
