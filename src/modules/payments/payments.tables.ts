/** Tables owned by the payments module. */
export interface PaymentsTables {}
