import { sql, type Kysely } from 'kysely';

// Agreements with versions and recorded consent, banners, the home category grid, announcements (公告)
// and the suggestion box (建议箱).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
-- The platform's agreements: one row per kind, fixed.
create table agreement (
  id text primary key,
  kind text not null unique check (kind in ('user_agreement', 'privacy_policy', 'merchant_service_agreement')),
  created_at timestamptz not null
);
insert into agreement (id, kind, created_at) values
  ('agr_user_agreement', 'user_agreement', now()),
  ('agr_privacy_policy', 'privacy_policy', now()),
  ('agr_merchant_service_agreement', 'merchant_service_agreement', now());

-- Versions: a draft is edited freely; publishing fixes the text and the date it takes effect.
-- 电子商务法 Art. 34: a change is announced at least 7 days before it takes effect. The first
-- version of an agreement changes nothing, so it may take effect when it is published.
create table agreement_version (
  id text primary key,
  agreement_id text not null references agreement(id),
  version integer not null check (version >= 1),
  title text not null check (char_length(title) between 1 and 100),
  summary text not null default '' check (char_length(summary) <= 2000),
  body text not null check (char_length(body) between 1 and 100000),
  status text not null check (status in ('draft', 'published')),
  created_by text references app_user(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  published_at timestamptz,
  published_by text references app_user(id),
  effective_at timestamptz,
  unique (agreement_id, version),
  check ((status = 'published') = (published_at is not null)),
  check ((published_at is null) = (effective_at is null)),
  check ((published_at is null) = (published_by is null)),
  check (effective_at is null or effective_at >= published_at + case when version = 1 then interval '0' else interval '7 days' end)
);
-- One draft per agreement at a time.
create unique index agreement_version_one_draft_idx on agreement_version (agreement_id) where status = 'draft';
create index agreement_version_effective_idx on agreement_version (agreement_id, effective_at desc) where status = 'published';

-- A published version is what people agreed to: its text, dates and number never change again.
create function agreement_version_frozen() returns trigger language plpgsql as $$
begin
  if old.status = 'published' then
    raise exception 'published agreement version % cannot be changed (% refused)', old.id, TG_OP
      using errcode = 'insufficient_privilege';
  end if;
  if TG_OP = 'DELETE' then return old; end if;
  return new;
end
$$;
create trigger agreement_version_frozen before update or delete on agreement_version
  for each row execute function agreement_version_frozen();

-- Every acceptance: who, which version, when, from where, and how (append-only evidence).
create table agreement_acceptance (
  id text primary key,
  user_id text not null references app_user(id),
  agreement_id text not null references agreement(id),
  version_id text not null references agreement_version(id),
  accepted_at timestamptz not null,
  ip text check (char_length(ip) <= 64),
  user_agent text check (char_length(user_agent) <= 300),
  via text not null check (via in ('registration', 'login_prompt', 'api')),
  unique (user_id, version_id)
);
create index agreement_acceptance_version_idx on agreement_acceptance (version_id, accepted_at desc);
create index agreement_acceptance_time_idx on agreement_acceptance (accepted_at desc, id desc);

-- Optional consents (marketing messages, personalised recommendations), separate from the
-- agreements: one row per choice, the latest per purpose is in force.
create table user_consent (
  id text primary key,
  user_id text not null references app_user(id),
  purpose text not null check (purpose in ('marketing', 'personalisation')),
  granted boolean not null,
  at timestamptz not null,
  ip text check (char_length(ip) <= 64),
  user_agent text check (char_length(user_agent) <= 300),
  via text not null check (via in ('registration', 'settings'))
);
create index user_consent_user_idx on user_consent (user_id, purpose, at desc, id desc);

create function content_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
    using errcode = 'insufficient_privilege';
end
$$;
create trigger agreement_acceptance_append_only before update or delete on agreement_acceptance
  for each row execute function content_refuse_change();
create trigger agreement_acceptance_no_truncate before truncate on agreement_acceptance
  for each statement execute function content_refuse_change();
create trigger user_consent_append_only before update or delete on user_consent
  for each row execute function content_refuse_change();
create trigger user_consent_no_truncate before truncate on user_consent
  for each statement execute function content_refuse_change();

-- 公告: shown from publish_at until expire_at to shoppers (storefront), merchants, or both.
create table announcement (
  id text primary key,
  title text not null check (char_length(title) between 1 and 100),
  body text not null check (char_length(body) between 1 and 10000),
  audience text not null check (audience in ('storefront', 'merchants', 'all')),
  pinned boolean not null default false,
  publish_at timestamptz not null,
  expire_at timestamptz,
  agreement_version_id text references agreement_version(id),
  created_by text references app_user(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (expire_at is null or expire_at > publish_at)
);
create index announcement_publish_idx on announcement (publish_at desc, id desc);

-- 轮播图 on the home page, by schedule; without a picture it is drawn from its text and colour.
create table banner (
  id text primary key,
  title text not null check (char_length(title) between 1 and 60),
  subtitle text not null default '' check (char_length(subtitle) <= 120),
  image_url text check (char_length(image_url) <= 500),
  link_url text not null default '' check (char_length(link_url) <= 500),
  theme text not null default 'red' check (theme in ('red', 'orange', 'blue', 'green', 'purple', 'dark')),
  sort integer not null default 0 check (sort between -1000 and 1000),
  start_at timestamptz not null,
  end_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (end_at is null or end_at > start_at)
);
create index banner_schedule_idx on banner (start_at, end_at);

-- 首页类目 (金刚区): the categories the home page shows, in order, by schedule; the latest
-- started configuration in force wins.
create table home_category_grid (
  id integer generated always as identity primary key,
  name text not null check (char_length(name) between 1 and 60),
  category_ids jsonb not null check (jsonb_typeof(category_ids) = 'array' and jsonb_array_length(category_ids) between 1 and 20),
  start_at timestamptz not null,
  end_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (end_at is null or end_at > start_at)
);

-- 建议箱: suggestions from shoppers and merchants, and the platform's answer.
create table suggestion (
  id text primary key,
  user_id text not null references app_user(id),
  role text not null check (role in ('shopper', 'merchant')),
  shop_id text references shop(id),
  category text not null check (category in ('feature', 'experience', 'goods', 'service', 'rules', 'other')),
  body text not null check (char_length(body) between 1 and 1000),
  status text not null check (status in ('new', 'reviewing', 'adopted', 'declined', 'closed')),
  reply text check (char_length(reply) <= 1000),
  replied_by text references app_user(id),
  replied_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((role = 'merchant') = (shop_id is not null)),
  check ((reply is null) = (replied_at is null))
);
create index suggestion_user_idx on suggestion (user_id, created_at desc);
create index suggestion_shop_idx on suggestion (shop_id, created_at desc) where shop_id is not null;
create index suggestion_queue_idx on suggestion (status, created_at);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
drop table if exists suggestion, home_category_grid, banner, announcement, user_consent, agreement_acceptance, agreement_version, agreement;
drop function if exists content_refuse_change(), agreement_version_frozen();
`).execute(db);
}
