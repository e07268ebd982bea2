import { sql, type Kysely } from 'kysely';

// The audit log's hash chain (reliability G2): every audit_log row gets a strictly increasing `seq`, the
// previous row's hash (`prev_hash`; 64 zeros for the first row) and its own `row_hash` =
// sha256(prev_hash || audit_log_content(row)), hex. A BEFORE INSERT trigger fills all three whatever the
// insert says, under a transaction-level advisory lock, so appends are serialised across every app
// process and no path can insert an unchained row. Changing, deleting or inserting a row behind the
// triggers' back breaks the chain at that row (src/modules/audit/audit-chain.ts verifies it).
//
// The content is a canonical text: a jsonb array of the row's columns in a fixed order (jsonb's text
// form is canonical — object keys sorted, one spacing), `at` as integer microseconds since the epoch
// so that the session's time zone does not matter.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table audit_log add column seq bigint, add column prev_hash text, add column row_hash text;

create function audit_log_content(r audit_log) returns text language sql stable as $$
  select jsonb_build_array(
    r.seq, r.id, (extract(epoch from r.at) * 1000000)::bigint, r.actor_id, to_jsonb(r.actor_roles), r.console, r.shop_id,
    r.action, r.target_type, r.target_id, r.before, r.after, r.changes, r.request_id, r.ip
  )::text
$$;

create function audit_log_hash(prev_hash text, r audit_log) returns text language sql stable as $$
  select encode(sha256(convert_to(prev_hash || audit_log_content(r), 'UTF8')), 'hex')
$$;

-- Existing rows, chained in (at, id) order. The append-only trigger is set aside for this one update.
alter table audit_log disable trigger audit_log_no_update;
do $$
declare
  r audit_log;
  prev text := repeat('0', 64);
  n bigint := 0;
begin
  for r in select * from audit_log order by at, id loop
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.row_hash := audit_log_hash(prev, r);
    update audit_log set seq = r.seq, prev_hash = r.prev_hash, row_hash = r.row_hash where id = r.id;
    prev := r.row_hash;
  end loop;
end $$;
alter table audit_log enable trigger audit_log_no_update;

alter table audit_log
  alter column seq set not null,
  alter column prev_hash set not null,
  alter column row_hash set not null,
  add constraint audit_log_seq_key unique (seq),
  add constraint audit_log_hash_hex check (prev_hash ~ '^[0-9a-f]{64}$' and row_hash ~ '^[0-9a-f]{64}$');

-- Appends: one at a time across all connections (the lock is held from the insert to COMMIT, and the
-- insert is the audited transaction's last statement). Each statement of this function reads a fresh
-- snapshot at READ COMMITTED, so it sees the row the previous lock holder committed; a transaction at
-- REPEATABLE READ or SERIALIZABLE could not, and is refused rather than forking the chain.
create function audit_log_chain() returns trigger language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  if current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'audit_log appends run at READ COMMITTED (the hash chain must see the last committed row)' using errcode = 'serialization_failure';
  end if;
  perform pg_advisory_xact_lock(8246373120455317523);
  select seq, row_hash into last_seq, last_hash from audit_log order by seq desc limit 1;
  new.seq := coalesce(last_seq, 0) + 1;
  new.prev_hash := coalesce(last_hash, repeat('0', 64));
  new.row_hash := audit_log_hash(new.prev_hash, new);
  return new;
end $$;
create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();

-- Two console writes that 0016's exclusion list left without an audit row (src/modules/audit/audit-coverage.test.ts
-- found them): uploading a picture (商品图, 售后凭证) and running a reconciliation (对账). Both rows are small; capture only
-- runs inside an audited console request, so shoppers' uploads and the nightly reconciliation job stay out.
-- audit_attach_all() skips a table that already has the trigger.
create trigger audit_capture after insert or update or delete on media_image for each row execute function audit_capture();
create trigger audit_capture after insert or update or delete on reconciliation for each row execute function audit_capture();
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
drop trigger audit_capture on media_image;
drop trigger audit_capture on reconciliation;
drop trigger audit_log_chain on audit_log;
drop function audit_log_chain();
drop function audit_log_hash(text, audit_log);
drop function audit_log_content(audit_log);
alter table audit_log drop column seq, drop column prev_hash, drop column row_hash;
`).execute(db);
}
