import { sql, type Kysely } from 'kysely';

// Transaction records (E-Commerce Law Art. 31: kept complete for at least 3 years after completion):
// orders, their lines (the snapshot of what the buyer bought), the order timeline, payment orders,
// payment attempts and refunds can never be deleted or truncated, and the facts they record never
// edited — by anyone, the app's own role included. What legitimately moves (status, its timestamps,
// deadlines, refunded amounts, provider numbers) stays updatable.
//
// The line's picture is recorded by hash as well: media_image.sha256 is the SHA-256 of the stored file,
// copied into order_line.image_sha256 at checkout, so "the picture the buyer saw" can be proven even
// after the merchant changes the product.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table media_image add column sha256 text check (sha256 ~ '^[0-9a-f]{64}$');
create index media_image_url_idx on media_image (url);
alter table order_line add column image_sha256 text check (image_sha256 ~ '^[0-9a-f]{64}$');

create function retention_refuse() returns trigger language plpgsql as $$
begin
  raise exception '% is a transaction record kept for at least 3 years (E-Commerce Law Art. 31): % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end $$;

-- The columns named as the trigger's arguments are recorded facts: an UPDATE that changes one is refused.
create function retention_freeze() returns trigger language plpgsql as $$
declare
  old_row jsonb := to_jsonb(old);
  new_row jsonb := to_jsonb(new);
  col text;
begin
  foreach col in array tg_argv loop
    if old_row -> col is distinct from new_row -> col then
      raise exception '%.% is a recorded fact of a transaction and cannot be changed (E-Commerce Law Art. 31)', tg_table_name, col
        using errcode = 'insufficient_privilege';
    end if;
  end loop;
  return new;
end $$;

-- A payment order's amount shrinks while it is unpaid, when one of its shop orders is cancelled
-- (orders.service.ts settlePaymentOrderAfterCancel); once paid or cancelled it is final, and it never grows.
create function retention_payment_order_amount() returns trigger language plpgsql as $$
begin
  if new.amount_fen is distinct from old.amount_fen and (old.status <> 'pending' or new.amount_fen > old.amount_fen) then
    raise exception 'payment_order.amount_fen is a recorded fact of a transaction and cannot be changed (E-Commerce Law Art. 31)'
      using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;

do $$
declare t text;
begin
  foreach t in array array['shop_order', 'order_line', 'order_event', 'payment_order', 'payment_attempt', 'refund'] loop
    execute format('create trigger retention_no_delete before delete on %I for each row execute function retention_refuse()', t);
    execute format('create trigger retention_no_truncate before truncate on %I for each statement execute function retention_refuse()', t);
  end loop;
end $$;

-- Orders: amounts, buyer, shop, payment and delivery method are what was agreed. Status, its timestamps,
-- deadlines, the cancel reason, and the address/pickup/invoice/note snapshots (account closure may
-- anonymise them) move.
create trigger retention_freeze before update on shop_order for each row execute function retention_freeze(
  'id', 'payment_order_id', 'user_id', 'shop_id', 'items_total_fen', 'shipping_fee_fen', 'discount_fen', 'payable_fen', 'adjustments',
  'delivery_method', 'created_at');
-- Lines are the product snapshot: nothing in them ever changes.
create trigger retention_freeze before update on order_line for each row execute function retention_freeze(
  'id', 'order_id', 'product_id', 'sku_id', 'title', 'spec', 'image_url', 'image_sha256', 'unit_price_fen', 'qty', 'line_total_fen',
  'discount_fen', 'weight_g');
create trigger retention_freeze before update on order_event for each row execute function retention_freeze(
  'id', 'order_id', 'action', 'from_status', 'to_status', 'actor_id', 'actor_role', 'note', 'created_at');
create trigger retention_freeze before update on payment_order for each row execute function retention_freeze(
  'id', 'user_id', 'idempotency_key', 'created_at', 'expires_at');
create trigger retention_amount before update on payment_order for each row execute function retention_payment_order_amount();
create trigger retention_freeze before update on payment_attempt for each row execute function retention_freeze(
  'id', 'purpose', 'payment_order_id', 'user_id', 'provider', 'channel', 'mode', 'amount_fen', 'idempotency_key', 'created_at');
create trigger retention_freeze before update on refund for each row execute function retention_freeze(
  'id', 'payment_attempt_id', 'shop_order_id', 'order_line_id', 'user_id', 'amount_fen', 'reason', 'cause', 'destination', 'created_at');
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
do $$
declare t text;
begin
  foreach t in array array['shop_order', 'order_line', 'order_event', 'payment_order', 'payment_attempt', 'refund'] loop
    execute format('drop trigger retention_no_delete on %I', t);
    execute format('drop trigger retention_no_truncate on %I', t);
    execute format('drop trigger retention_freeze on %I', t);
  end loop;
end $$;
drop trigger retention_amount on payment_order;
drop function retention_payment_order_amount();
drop function retention_freeze();
drop function retention_refuse();
alter table order_line drop column image_sha256;
drop index media_image_url_idx;
alter table media_image drop column sha256;
`).execute(db);
}
