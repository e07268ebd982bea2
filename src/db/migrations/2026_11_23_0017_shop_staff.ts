import { sql, type Kysely } from 'kysely';

// Shop staff (员工): the owner invites by mobile or email with a role; the invitee accepts after
// signing in with that login. A shop_member row is made only by accepting.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table shop_invitation (
  id text primary key,
  shop_id text not null references shop(id) on delete cascade,
  identifier_kind text not null check (identifier_kind in ('mobile', 'email')),
  identifier text not null,
  role text not null check (role in ('operator', 'customer_service', 'warehouse', 'finance')),
  status text not null check (status in ('pending', 'accepted', 'declined', 'revoked')),
  invited_by text not null references app_user(id),
  accepted_by text references app_user(id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  decided_at timestamptz
);
create unique index shop_invitation_one_pending on shop_invitation (shop_id, identifier) where status = 'pending';
create index shop_invitation_identifier_idx on shop_invitation (identifier) where status = 'pending';
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table shop_invitation;`).execute(db);
}
