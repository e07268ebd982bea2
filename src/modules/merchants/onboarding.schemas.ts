import { z } from 'zod';
import { APPLICATION_SHOP_KINDS, DOCUMENT_KINDS, LIMITS, SUBJECT_TYPES } from './onboarding.rules.ts';
import { QUEUE_STATUSES } from './onboarding.service.ts';

const id = z.string().min(1).max(64);
/** Lengths are checked again by the service (in characters, with catalogued messages); these bound the request. */
const text = (max: number) => z.string().max(max * 2);

export const applicationParams = z.object({ applicationId: id }).strict();
export const documentParams = z.object({ applicationId: id, documentId: id }).strict();
/** `file-800.webp` → 800 (the width asked for). */
export const documentFileParams = z
  .object({ documentId: id, file: z.string().regex(/^file-\d{3,4}\.webp$/).transform((f) => Number(f.slice(5, -5))) })
  .strict();

const fields = {
  companyName: text(LIMITS.companyName).nullable().optional(),
  uscc: z.string().max(40).nullable().optional(),
  legalRep: text(LIMITS.legalRep).nullable().optional(),
  contactMobile: z.string().max(30).nullable().optional(),
  businessScope: z.array(id).max(LIMITS.scope * 2).optional(),
  shopName: text(LIMITS.shopName).nullable().optional(),
  shopKind: z.enum(APPLICATION_SHOP_KINDS).nullable().optional(),
};

export const createApplicationBody = z.object({ subjectType: z.enum(SUBJECT_TYPES), ...fields }).strict();
export const updateApplicationBody = z.object({ subjectType: z.enum(SUBJECT_TYPES).optional(), ...fields }).strict();

export const documentQuery = z.object({ kind: z.enum(DOCUMENT_KINDS) }).strict();

export const noteBody = z.object({ note: text(LIMITS.note) }).strict();

export const queueQuery = z
  .object({
    status: z.enum(QUEUE_STATUSES).optional(),
    q: z.string().max(50).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
