import { sql, type Kysely } from 'kysely';

// Qualification documents (licences, ID cards) become private: new uploads are kept in the media
// store's private space (storage_key) and served only through the app, instead of as public images.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table qualification_document alter column image_id drop not null;
alter table qualification_document add column storage_key text;
alter table qualification_document add constraint qualification_document_stored_check check (image_id is not null or storage_key is not null);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table qualification_document drop constraint qualification_document_stored_check;
alter table qualification_document drop column storage_key;
`).execute(db);
}
