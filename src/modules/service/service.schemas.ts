import { z } from 'zod';
import { COMPLAINT_CATEGORIES, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES, LIMITS, SLA_STATES } from './service.rules.ts';

const id = z.string().min(1).max(64);
/** Lengths are checked again by the service (in characters, with catalogued messages); these bound the request. */
const text = (max: number) => z.string().max(max * 2);
const photoIds = z.array(id).max(LIMITS.photos).optional();
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };

export const complaintCategory = z.enum(COMPLAINT_CATEGORIES);
export const complaintStatus = z.enum(COMPLAINT_STATUSES);

export const complaintParams = z.object({ complaintId: id }).strict();
export const shopComplaintParams = z.object({ shopId: id, complaintId: id }).strict();
export const shopParams = z.object({ shopId: id }).strict();

export const createComplaintBody = z
  .object({
    orderId: id.optional(),
    shopId: id.optional(),
    category: complaintCategory,
    title: text(LIMITS.title),
    description: text(LIMITS.description),
    photoIds,
  })
  .strict();

export const messageBody = z.object({ body: text(LIMITS.message).default(''), photoIds }).strict();
export const feedbackBody = z.object({ rating: z.number().int().min(1).max(5), comment: text(LIMITS.feedback).optional() }).strict();
export const withdrawBody = z.object({ reason: text(LIMITS.reason).optional() }).strict();
export const noteBody = z.object({ note: text(LIMITS.message).optional() }).strict();
export const rejectBody = z.object({ reason: text(LIMITS.reason) }).strict();
export const resolveBody = z.object({ resolution: text(LIMITS.resolution), outcome: z.enum(COMPLAINT_OUTCOMES) }).strict();
export const assignBody = z.object({ assigneeId: id.nullable() }).strict();

export const myListQuery = z.object({ status: z.union([complaintStatus, z.literal('open')]).optional(), ...page }).strict();
export const shopListQuery = myListQuery.extend({ category: complaintCategory.optional(), sla: z.enum(SLA_STATES).optional() }).strict();
export const adminListQuery = z
  .object({
    status: z.union([complaintStatus, z.literal('open')]).optional(),
    category: complaintCategory.optional(),
    shopId: id.optional(),
    /** An account id, `me`, or `none` (unassigned). */
    assignee: id.optional(),
    sla: z.enum(SLA_STATES).optional(),
    orderId: id.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    sort: z.enum(['deadline', 'newest', 'oldest']).default('deadline'),
    ...page,
  })
  .strict();
export const statsQuery = z.object({ from: z.coerce.date(), to: z.coerce.date() }).strict();
