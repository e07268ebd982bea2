// Agreements with versions and recorded consent, banners, announcements (公告) and the suggestion box (建议箱).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContentTables {}
