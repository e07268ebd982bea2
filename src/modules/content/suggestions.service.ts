import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { DAY, type Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { LIMITS, SUGGESTION_NEEDS_REPLY, SUGGESTION_STATUSES, SUGGESTION_TRANSITIONS, checkText } from './content.rules.ts';
import type { SuggestionCategory, SuggestionRole, SuggestionStatus } from './content.tables.ts';

export interface SuggestionAuthor {
  userId: string;
  role: SuggestionRole;
  /** The shop a merchant writes for. */
  shopId?: string | undefined;
}

/** 建议箱: a shopper or a merchant sends a suggestion; at most LIMITS.suggestionsPerDay per account a day. */
export async function createSuggestion(trx: Trx, clock: Clock, author: SuggestionAuthor, input: { category: SuggestionCategory; body?: string | undefined }): Promise<string> {
  const body = checkText(input.body, LIMITS.suggestionBody, 'SUGGESTION_BODY_INVALID');
  const now = clock.now();
  // One account's submissions queue on its row, so the daily count cannot be raced past.
  await trx.selectFrom('app_user').select('id').where('id', '=', author.userId).forNoKeyUpdate().executeTakeFirstOrThrow();
  const recent = await trx
    .selectFrom('suggestion')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', author.userId)
    .where('created_at', '>', new Date(now.getTime() - DAY))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= LIMITS.suggestionsPerDay) throw new AppError('SUGGESTION_TOO_MANY', { max: LIMITS.suggestionsPerDay });
  const id = newId('sug');
  await trx
    .insertInto('suggestion')
    .values({
      id,
      user_id: author.userId,
      role: author.role,
      shop_id: author.role === 'merchant' ? (author.shopId ?? null) : null,
      category: input.category,
      body,
      status: 'new',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface SuggestionFilter {
  userId?: string | undefined;
  shopId?: string | undefined;
  role?: SuggestionRole | undefined;
  status?: SuggestionStatus | 'open' | undefined;
  page: number;
  pageSize: number;
}

export interface SuggestionView {
  id: string;
  role: SuggestionRole;
  category: SuggestionCategory;
  body: string;
  status: SuggestionStatus;
  reply: string | null;
  repliedAt: Date | null;
  createdAt: Date;
  author: { id: string; name: string };
  shop: { id: string; name: string } | null;
}

const OPEN: SuggestionStatus[] = ['new', 'reviewing'];

/** Suggestions, newest first (the platform's queue: oldest open first), with counts per status. */
export async function listSuggestions(q: Queryable, filter: SuggestionFilter, order: 'newest' | 'oldest' = 'newest') {
  let base = q.selectFrom('suggestion as s').innerJoin('app_user as u', 'u.id', 's.user_id').leftJoin('shop', 'shop.id', 's.shop_id');
  if (filter.userId) base = base.where('s.user_id', '=', filter.userId);
  if (filter.shopId) base = base.where('s.shop_id', '=', filter.shopId);
  if (filter.role) base = base.where('s.role', '=', filter.role);
  const counted = base;
  if (filter.status === 'open') base = base.where('s.status', 'in', OPEN);
  else if (filter.status) base = base.where('s.status', '=', filter.status);
  const [rows, total, byStatus] = await Promise.all([
    base
      .select(['s.id', 's.role', 's.category', 's.body', 's.status', 's.reply', 's.replied_at', 's.created_at', 's.user_id', 'u.display_name', 's.shop_id', 'shop.name as shop_name'])
      .orderBy('s.created_at', order === 'newest' ? 'desc' : 'asc')
      .orderBy('s.id', order === 'newest' ? 'desc' : 'asc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    counted.select(['s.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('s.status').execute(),
  ]);
  const counts = Object.fromEntries(SUGGESTION_STATUSES.map((s) => [s, 0])) as Record<SuggestionStatus, number>;
  for (const r of byStatus) counts[r.status] = Number(r.n);
  return {
    total: Number(total.n),
    counts,
    items: rows.map(
      (r): SuggestionView => ({
        id: r.id,
        role: r.role,
        category: r.category,
        body: r.body,
        status: r.status,
        reply: r.reply,
        repliedAt: r.replied_at,
        createdAt: r.created_at,
        author: { id: r.user_id, name: r.display_name },
        shop: r.shop_id ? { id: r.shop_id, name: r.shop_name ?? '' } : null,
      }),
    ),
  };
}

/**
 * The platform moves a suggestion (SUGGESTION_TRANSITIONS) and/or answers it. Adopting or declining
 * needs an answer (given now or before); a closed suggestion takes no more changes.
 */
export async function processSuggestion(trx: Trx, clock: Clock, id: string, actorId: string, input: { status?: SuggestionStatus | undefined; reply?: string | undefined }): Promise<void> {
  const row = await trx.selectFrom('suggestion').select(['status', 'reply']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('SUGGESTION_NOT_FOUND');
  const reply = input.reply === undefined ? undefined : checkText(input.reply, LIMITS.suggestionReply, 'SUGGESTION_REPLY_INVALID', { optional: true });
  const to = input.status ?? row.status;
  if (to !== row.status && !SUGGESTION_TRANSITIONS[row.status].includes(to)) throw new AppError('SUGGESTION_STATUS_CONFLICT', { from: row.status, to });
  if (row.status === 'closed') throw new AppError('SUGGESTION_STATUS_CONFLICT', { from: row.status, to });
  if (SUGGESTION_NEEDS_REPLY.has(to) && !(reply || row.reply)) throw new AppError('SUGGESTION_REPLY_REQUIRED');
  if (to === row.status && !reply) throw new AppError('SUGGESTION_REPLY_REQUIRED');
  const now = clock.now();
  await trx
    .updateTable('suggestion')
    .set({ status: to, updated_at: now, ...(reply ? { reply, replied_by: actorId, replied_at: now } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * 批量处理: moves every suggestion as processSuggestion would, in the caller's transaction, so all of them
 * move or none does. Rows are taken in id order (two overlapping batches cannot deadlock); an error names
 * the suggestion it is about in `details.id`.
 */
export async function processSuggestions(
  trx: Trx,
  clock: Clock,
  ids: readonly string[],
  actorId: string,
  input: { status: SuggestionStatus; reply?: string | undefined },
): Promise<{ id: string; status: SuggestionStatus }[]> {
  const sorted = [...new Set(ids)].sort();
  for (const id of sorted) {
    try {
      await processSuggestion(trx, clock, id, actorId, input);
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, { ...error.params, id }, { id });
      throw error;
    }
  }
  return sorted.map((id) => ({ id, status: input.status }));
}
