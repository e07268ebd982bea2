/** Tables owned by the service module (complaints 投诉 and their conversations). */
export interface ServiceTables {}
