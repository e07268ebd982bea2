import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import type { ErrorCode } from '../../http/error-catalogue.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import type { MediaStore } from '../../shared/media-store.ts';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, storeImage } from '../catalog/images.service.ts';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_OUTCOMES,
  COMPLAINT_TRANSITIONS,
  ACTIVE_STATUSES,
  LIMITS,
  isActive,
  isOpen,
  nextComplaintStatus,
  type ComplaintAction,
  type ComplaintTimers,
} from './service.rules.ts';
import type { Complaint, ComplaintCategory, ComplaintOutcome, ComplaintPartyRole, ComplaintPhoto, ComplaintStatus } from './service.tables.ts';

/** Who acts on a complaint. A shop actor speaks for `shopId`. */
export interface ComplaintActor {
  id: string | null;
  role: ComplaintPartyRole;
  shopId?: string;
}

/** Evidence: pictures already uploaded by the actor (ids), and/or new uploads (bytes) stored now. */
export interface PhotoInput {
  photoIds?: string[] | undefined;
  uploads?: Buffer[] | undefined;
}

export interface NewComplaint extends PhotoInput {
  /** A complaint names an order of the shopper's (its shop follows), or a shop. */
  orderId?: string | undefined;
  shopId?: string | undefined;
  category: string;
  title: string;
  description: string;
}

// ----- input checks ------------------------------------------------------------------------

type TextField = Exclude<keyof typeof LIMITS, 'photos'>;

const TEXT_ERRORS = {
  title: 'COMPLAINT_TITLE_INVALID',
  description: 'COMPLAINT_DESCRIPTION_INVALID',
  message: 'COMPLAINT_MESSAGE_INVALID',
  resolution: 'COMPLAINT_RESOLUTION_INVALID',
  reason: 'COMPLAINT_REASON_INVALID',
  feedback: 'COMPLAINT_FEEDBACK_INVALID',
} as const satisfies Record<TextField, ErrorCode>;

/** Trimmed text; a catalogued 400 when missing (if required) or longer than the limit (counted in characters). */
export function checkText(value: string | null | undefined, field: TextField, required = true): string {
  const text = (value ?? '').trim();
  const max = LIMITS[field];
  if ((required && text.length === 0) || [...text].length > max) throw new AppError(TEXT_ERRORS[field], { max });
  return text;
}

function checkCategory(value: string): ComplaintCategory {
  if (!(COMPLAINT_CATEGORIES as readonly string[]).includes(value)) throw new AppError('COMPLAINT_CATEGORY_INVALID', { category: value.slice(0, 40) });
  return value as ComplaintCategory;
}

function checkOutcome(value: string): ComplaintOutcome {
  if (!(COMPLAINT_OUTCOMES as readonly string[]).includes(value)) throw new AppError('COMPLAINT_OUTCOME_INVALID');
  return value as ComplaintOutcome;
}

const ACCEPTED_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const imageTooLarge = () => new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: MAX_IMAGE_PIXELS });

/**
 * Checks every upload before storing any (size, then the type read from the bytes), so one bad
 * file among several leaves nothing behind; then stores them through storeImage (which decodes
 * and re-encodes each) and joins them to the pictures named by id, which must be the actor's own.
 */
export async function collectPhotos(trx: Trx, clock: Clock, media: MediaStore, actor: ComplaintActor, input: PhotoInput): Promise<ComplaintPhoto[]> {
  const ids = [...new Set(input.photoIds ?? [])];
  const uploads = (input.uploads ?? []).filter((b) => b.length > 0);
  if (ids.length + uploads.length > LIMITS.photos) throw new AppError('COMPLAINT_TOO_MANY_PHOTOS', { max: LIMITS.photos });
  for (const bytes of uploads) {
    if (bytes.length > MAX_IMAGE_BYTES) throw imageTooLarge();
    const type = await fileTypeFromBuffer(bytes);
    if (!type || !ACCEPTED_IMAGE_TYPES.has(type.mime)) throw new AppError('IMAGE_INVALID');
  }
  const photos: ComplaintPhoto[] = [];
  if (ids.length > 0) {
    if (!actor.id) throw new AppError('COMPLAINT_PHOTO_INVALID');
    const rows = await trx.selectFrom('media_image').select(['id', 'url']).where('id', 'in', ids).where('uploaded_by', '=', actor.id).execute();
    if (rows.length !== ids.length) throw new AppError('COMPLAINT_PHOTO_INVALID');
    const byId = new Map(rows.map((r) => [r.id, r.url]));
    for (const id of ids) photos.push({ id, url: byId.get(id)! });
  }
  for (const bytes of uploads) {
    const stored = await storeImage(trx, clock, media, { bytes, shopId: actor.role === 'shop' ? (actor.shopId ?? null) : null, userId: actor.id });
    photos.push({ id: stored.id, url: stored.url });
  }
  return photos;
}

// ----- thread --------------------------------------------------------------------------------

async function recordEvent(
  trx: Trx,
  clock: Clock,
  e: { complaintId: string; actor: ComplaintActor; action: string; from: ComplaintStatus | null; to: ComplaintStatus | null; note?: string | null },
): Promise<void> {
  await trx
    .insertInto('complaint_message')
    .values({
      id: newId('cmm'),
      complaint_id: e.complaintId,
      kind: 'event',
      author_id: e.actor.id,
      author_role: e.actor.role,
      body: e.note ?? '',
      photos: '[]',
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      created_at: clock.now(),
    })
    .execute();
}

/** Locks a complaint; `scope` keeps shoppers and shops to their own (anyone else's is "not found"). */
export async function lockComplaint(trx: Trx, complaintId: string, scope: { userId?: string; shopId?: string } = {}): Promise<Complaint> {
  let query = trx.selectFrom('complaint').selectAll().where('id', '=', complaintId);
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('shop_id', '=', scope.shopId);
  const row = await query.forUpdate().executeTakeFirst();
  if (!row) throw new AppError('COMPLAINT_NOT_FOUND');
  return row;
}

/**
 * Deadlines missed by the time the platform answers (or the complaint ends): the flags the
 * SLA sweep would have set, set now, so a late answer counts even if the sweep never ran.
 */
function lateFlags(c: Complaint, now: Date, stopping: { firstResponse: boolean; resolution: boolean }) {
  const set: { first_response_breached?: true; resolution_breached?: true } = {};
  if (stopping.firstResponse && c.first_responded_at === null && !c.first_response_breached && now.getTime() > c.first_response_due_at.getTime()) set.first_response_breached = true;
  if (stopping.resolution && !c.resolution_breached && now.getTime() > c.resolution_due_at.getTime()) set.resolution_breached = true;
  return set;
}

// ----- commands ------------------------------------------------------------------------------

/** A shopper files a complaint about one of their orders, or about a shop. */
export async function createComplaint(trx: Trx, clock: Clock, media: MediaStore, timers: ComplaintTimers, userId: string, input: NewComplaint): Promise<string> {
  const category = checkCategory(input.category);
  const title = checkText(input.title, 'title');
  const description = checkText(input.description, 'description');
  let shopId: string;
  let orderId: string | null = null;
  if (input.orderId) {
    const order = await trx.selectFrom('shop_order').select(['id', 'shop_id']).where('id', '=', input.orderId).where('user_id', '=', userId).executeTakeFirst();
    // Someone else's order looks exactly like no order.
    if (!order || (input.shopId && input.shopId !== order.shop_id)) throw new AppError('ORDER_NOT_FOUND');
    shopId = order.shop_id;
    orderId = order.id;
  } else if (input.shopId) {
    const shop = await trx.selectFrom('shop').select('id').where('id', '=', input.shopId).executeTakeFirst();
    if (!shop) throw new AppError('SHOP_NOT_FOUND');
    shopId = shop.id;
  } else {
    throw new AppError('COMPLAINT_TARGET_REQUIRED');
  }
  // The unique indexes decide; this only gives the usual case its message before photos are stored.
  let open = trx.selectFrom('complaint').select('id').where('category', '=', category).where('status', 'in', ['submitted', 'accepted', 'investigating', 'resolved']);
  open = orderId ? open.where('order_id', '=', orderId) : open.where('order_id', 'is', null).where('user_id', '=', userId).where('shop_id', '=', shopId);
  if (await open.executeTakeFirst()) throw new AppError('COMPLAINT_DUPLICATE');

  const photos = await collectPhotos(trx, clock, media, { id: userId, role: 'shopper' }, input);
  const now = clock.now();
  const id = newId('cmp');
  try {
    await trx
      .insertInto('complaint')
      .values({
        id,
        user_id: userId,
        shop_id: shopId,
        order_id: orderId,
        category,
        title,
        description,
        photos: JSON.stringify(photos),
        status: 'submitted',
        created_at: now,
        updated_at: now,
        first_response_due_at: new Date(now.getTime() + timers.firstResponseMs),
        resolution_due_at: new Date(now.getTime() + timers.resolutionMs),
      })
      .execute();
  } catch (error) {
    if ((error as { code?: string }).code === '23505' && String((error as { constraint?: string }).constraint).startsWith('complaint_open_')) throw new AppError('COMPLAINT_DUPLICATE');
    throw error;
  }
  await recordEvent(trx, clock, { complaintId: id, actor: { id: userId, role: 'shopper' }, action: 'submit', from: null, to: 'submitted' });
  return id;
}

export interface TransitionInput {
  /** reject: the reason; withdraw: optional reason. */
  reason?: string | undefined;
  /** resolve */
  resolution?: string | undefined;
  outcome?: string | undefined;
  /** feedback */
  rating?: number | undefined;
  comment?: string | undefined;
  /** accept / investigate / resolve: an optional note shown in the thread. */
  note?: string | undefined;
}

/**
 * Moves a complaint through its process (COMPLAINT_TRANSITIONS): the actor must be the party the
 * action belongs to; an illegal move is COMPLAINT_STATUS_CONFLICT (409). Every move is a thread event.
 */
export async function transitionComplaint(
  trx: Trx,
  clock: Clock,
  timers: ComplaintTimers,
  complaintId: string,
  action: ComplaintAction,
  actor: ComplaintActor,
  input: TransitionInput = {},
  scope: { userId?: string; shopId?: string } = {},
): Promise<ComplaintStatus> {
  const c = await lockComplaint(trx, complaintId, scope);
  if (COMPLAINT_TRANSITIONS[action].by !== actor.role) throw new AppError('FORBIDDEN');
  const to = nextComplaintStatus(c.status, action);
  const now = clock.now();
  const set: Record<string, unknown> = { status: to, updated_at: now };
  let note: string | null = null;
  // The platform's first answer stops the first-response clock; leaving the active states stops both.
  const firstAnswer = actor.role === 'platform' && c.first_responded_at === null;
  const leavingActive = isActive(c.status) && !isActive(to);
  Object.assign(set, lateFlags(c, now, { firstResponse: firstAnswer || leavingActive, resolution: leavingActive }));
  if (firstAnswer) set.first_responded_at = now;

  switch (action) {
    case 'accept':
    case 'investigate':
      note = checkText(input.note, 'message', false) || null;
      if (action === 'accept' && !c.assignee_id && actor.id) set.assignee_id = actor.id;
      break;
    case 'reject':
      note = checkText(input.reason, 'reason');
      set.reject_reason = note;
      set.closed_at = now;
      break;
    case 'resolve':
      set.resolution = checkText(input.resolution, 'resolution');
      set.outcome = checkOutcome(input.outcome ?? '');
      set.resolved_at = now;
      set.auto_close_at = new Date(now.getTime() + timers.autoCloseMs);
      note = set.resolution as string;
      break;
    case 'feedback': {
      const rating = input.rating;
      if (!Number.isInteger(rating) || rating! < 1 || rating! > 5) throw new AppError('COMPLAINT_RATING_INVALID');
      set.rating = rating;
      set.feedback = checkText(input.comment, 'feedback', false) || null;
      set.closed_at = now;
      set.closed_by = 'shopper';
      set.auto_close_at = null;
      note = set.feedback as string | null;
      break;
    }
    case 'auto_close':
      set.closed_at = now;
      set.closed_by = 'system';
      set.auto_close_at = null;
      break;
    case 'withdraw':
      note = checkText(input.reason, 'reason', false) || null;
      set.closed_at = now;
      break;
  }
  await trx.updateTable('complaint').set(set).where('id', '=', c.id).execute();
  await recordEvent(trx, clock, { complaintId: c.id, actor, action, from: c.status, to, note });
  return to;
}

/** Platform staff hand a complaint to themselves or another platform staff member (or take it back: null). */
export async function assignComplaint(trx: Trx, clock: Clock, complaintId: string, actor: ComplaintActor, assigneeId: string | null): Promise<void> {
  if (actor.role !== 'platform') throw new AppError('FORBIDDEN');
  const c = await lockComplaint(trx, complaintId);
  if (!isOpen(c.status)) throw new AppError('COMPLAINT_STATUS_CONFLICT', { from: c.status, action: 'assign' });
  let name = '';
  if (assigneeId) {
    const staff = await trx
      .selectFrom('app_user as u')
      .innerJoin('user_role as r', 'r.user_id', 'u.id')
      .select(['u.id', 'u.display_name'])
      .where('u.id', '=', assigneeId)
      .where('u.status', '=', 'active')
      .where('r.role', 'in', ['platform_admin', 'platform_staff'])
      .executeTakeFirst();
    if (!staff) throw new AppError('COMPLAINT_ASSIGNEE_INVALID');
    name = staff.display_name;
  }
  if (c.assignee_id === assigneeId) return;
  await trx.updateTable('complaint').set({ assignee_id: assigneeId, updated_at: clock.now() }).where('id', '=', c.id).execute();
  await recordEvent(trx, clock, { complaintId: c.id, actor, action: assigneeId ? 'assign' : 'unassign', from: null, to: null, note: name || null });
}

/**
 * A message in the complaint's thread from one of the three parties: the shopper who filed it,
 * a member of the shop it is about (scope.shopId), or the platform. A platform message is a first
 * response. Closed, rejected and withdrawn complaints take no more messages.
 */
export async function postComplaintMessage(
  trx: Trx,
  clock: Clock,
  media: MediaStore,
  complaintId: string,
  actor: ComplaintActor,
  input: PhotoInput & { body: string },
  scope: { userId?: string; shopId?: string } = {},
): Promise<string> {
  const c = await lockComplaint(trx, complaintId, scope);
  if (actor.role === 'system') throw new AppError('FORBIDDEN');
  const body = checkText(input.body, 'message', (input.photoIds?.length ?? 0) + (input.uploads?.length ?? 0) === 0);
  if (!isOpen(c.status)) throw new AppError('COMPLAINT_CLOSED');
  const photos = await collectPhotos(trx, clock, media, actor, input);
  const now = clock.now();
  const set: Record<string, unknown> = { updated_at: now };
  if (actor.role === 'platform' && c.first_responded_at === null && isActive(c.status)) {
    set.first_responded_at = now;
    Object.assign(set, lateFlags(c, now, { firstResponse: true, resolution: false }));
  }
  await trx.updateTable('complaint').set(set).where('id', '=', c.id).execute();
  const id = newId('cmm');
  await trx
    .insertInto('complaint_message')
    .values({ id, complaint_id: c.id, kind: 'message', author_id: actor.id, author_role: actor.role, body, photos: JSON.stringify(photos), created_at: now })
    .execute();
  return id;
}

// ----- the SLA sweep ------------------------------------------------------------------------

/**
 * The recurring job's work: marks missed deadlines of complaints still being handled (so the
 * queue can count and sort them), and closes resolved complaints whose feedback window ran out.
 * Each change is conditional on the state it changes, so running twice changes nothing.
 */
export async function sweepComplaints(trx: Trx, clock: Clock, timers: ComplaintTimers, limit = 500) {
  const now = clock.now();
  const firstResponse = await trx
    .updateTable('complaint')
    .set({ first_response_breached: true })
    .where('status', 'in', [...ACTIVE_STATUSES])
    .where('first_responded_at', 'is', null)
    .where('first_response_breached', '=', false)
    .where('first_response_due_at', '<=', now)
    .executeTakeFirst();
  const resolution = await trx
    .updateTable('complaint')
    .set({ resolution_breached: true })
    .where('status', 'in', [...ACTIVE_STATUSES])
    .where('resolution_breached', '=', false)
    .where('resolution_due_at', '<=', now)
    .executeTakeFirst();
  const due = await trx
    .selectFrom('complaint')
    .select('id')
    .where('status', '=', 'resolved')
    .where('auto_close_at', '<=', now)
    .orderBy('auto_close_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  for (const { id } of due) {
    await transitionComplaint(trx, clock, timers, id, 'auto_close', { id: null, role: 'system' }, {}, {});
  }
  return { firstResponseBreached: Number(firstResponse.numUpdatedRows), resolutionBreached: Number(resolution.numUpdatedRows), autoClosed: due.length };
}

/** Platform staff who can be assigned complaints. */
export async function listPlatformStaff(q: Queryable) {
  const rows = await q
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.display_name as name', sql<string>`string_agg(r.role, ',' order by r.role)`.as('roles')])
    .where('u.status', '=', 'active')
    .where('r.role', 'in', ['platform_admin', 'platform_staff'])
    .groupBy(['u.id', 'u.display_name'])
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, roles: r.roles.split(',') }));
}
