import { z } from 'zod';
import { AFTER_SALES_ACTIONS, AFTER_SALES_KINDS, AFTER_SALES_REASON_CODES, AFTER_SALES_STATUSES } from './after-sales.rules.ts';
import { LIST_SORTS, STATUS_FILTERS } from './after-sales.queries.ts';
import { MAX_PHOTOS } from './after-sales.service.ts';

const id = z.string().min(1).max(64);
const fen = z.number().int().min(1).max(100_000_000);
const kind = z.enum(AFTER_SALES_KINDS);
const status = z.enum(AFTER_SALES_STATUSES);
const action = z.enum(AFTER_SALES_ACTIONS);
const photoIds = z.array(id).max(MAX_PHOTOS).describe(`ids of pictures uploaded first (…/after-sales/photos), at most ${MAX_PHOTOS}`);
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };

export const requestParams = z.object({ requestId: id }).strict();
export const shopParams = z.object({ shopId: id }).strict();
export const shopRequestParams = z.object({ shopId: id, requestId: id }).strict();

// ----- requests ---------------------------------------------------------------------------------

export const applyBody = z
  .object({
    orderLineId: id,
    kind: kind.describe('refund_only 仅退款 (before receipt) · return_refund 退货退款 · exchange 换货 · repair 维修 (after receipt)'),
    reason: z.enum(AFTER_SALES_REASON_CODES).describe('a reason code; GET /api/after-sales/meta lists them with the kinds they apply to'),
    description: z.string().trim().max(500).optional(),
    photoIds: photoIds.optional(),
    amountFen: fen.optional().describe('refund kinds: the amount in fen, at most the line’s refundableFen (…/options); exchange and repair: omit'),
    qty: z.number().int().min(1).max(9999).optional().describe('pieces concerned; default the whole line'),
  })
  .strict();

export const optionsQuery = z.object({ orderId: id }).strict();

export const listQuery = z
  .object({
    status: z.enum(STATUS_FILTERS).optional().describe('a status, or a group: open, ended, awaiting_merchant, awaiting_buyer'),
    kind: kind.optional(),
    orderId: id.optional(),
    sort: z.enum(LIST_SORTS).default('newest').describe('deadline: the most urgent first; escalated: longest in arbitration first'),
    ...page,
  })
  .strict();
export const adminListQuery = listQuery.extend({ shopId: id.optional() }).strict();
export const arbitrationQuery = z.object({ ...page }).strict();

export const trackingBody = z
  .object({
    carrier: z.string().min(1).max(20).describe('a carrier code from the shipments module’s list (SF, ZTO, YTO, YD, STO, JD, EMS, JTSD …)'),
    trackingNo: z.string().trim().min(1).max(40),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export const noteBody = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const approveBody = z
  .object({
    note: z.string().trim().max(500).optional(),
    returnAddress: z.string().trim().max(200).optional().describe('return, exchange, repair: where the shopper sends the goods (default: the shop’s last one)'),
  })
  .strict();
export const reasonBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export const messageBody = z.object({ body: z.string().trim().min(1).max(1000), photoIds: photoIds.optional() }).strict();
export const platformMessageBody = messageBody.extend({ internal: z.boolean().default(false).describe('a note only platform staff see') }).strict();
export const decideBody = z
  .object({
    decision: z.enum(['refund', 'close']).describe('refund: the shopper is refunded (at most the line’s refundableFen); close: the request ends, nothing is refunded'),
    amountFen: fen.optional().describe('refund: default what the request asked for (exchange and repair must give one)'),
    note: z.string().trim().min(1).max(1000).describe('the ruling, shown to both sides'),
  })
  .strict();

// ----- answers ----------------------------------------------------------------------------------

const photo = z.object({ id: z.string(), url: z.string() });
const deadline = z.object({ at: z.date(), action, party: z.enum(['buyer', 'merchant']) }).nullable().describe('what must happen by when, by whom, and what the system does if it does not');
const line = z.object({ title: z.string(), spec: z.record(z.string(), z.string()), imageUrl: z.string().nullable(), unitPriceFen: z.number(), qty: z.number() });

export const summaryOut = z.object({
  id: z.string(),
  kind,
  status,
  reason: z.string(),
  qty: z.number(),
  amountFen: z.number(),
  refundedFen: z.number(),
  shippingRefundFen: z.number(),
  orderId: z.string(),
  orderLineId: z.string(),
  shopId: z.string(),
  shopName: z.string(),
  line,
  deadline,
  buyer: z.string().nullable().describe('the shopper’s masked mobile (merchant and platform views)'),
  escalatedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
});

const shipment = z.object({ carrier: z.string(), trackingNo: z.string(), at: z.date() }).nullable();

export const detailOut = summaryOut.extend({
  description: z.string(),
  photos: z.array(photo),
  orderStatus: z.string(),
  orderStatusAtApply: z.string(),
  receivedAt: z.date().nullable(),
  returnAddress: z.string().nullable(),
  returnShipment: shipment,
  replacementShipment: shipment,
  merchantNote: z.string().nullable(),
  rejectReason: z.string().nullable(),
  escalationReason: z.string().nullable(),
  decision: z.object({ outcome: z.enum(['refund', 'close']), note: z.string().nullable(), decidedAt: z.date() }).nullable(),
  refundableFen: z.number().describe('what the line can still get back now'),
  refunds: z.array(
    z.object({ id: z.string(), amountFen: z.number(), status: z.enum(['processing', 'succeeded', 'failed']), destination: z.enum(['original', 'balance']), forShipping: z.boolean(), createdAt: z.date(), finishedAt: z.date().nullable() }),
  ),
  timeline: z.array(z.object({ action: z.string(), from: status.nullable(), to: status, actorRole: z.enum(['buyer', 'merchant', 'platform', 'system']), note: z.string().nullable(), amountFen: z.number().nullable(), at: z.date() })),
  messages: z.array(z.object({ id: z.string(), authorRole: z.enum(['buyer', 'merchant', 'platform', 'system']), body: z.string(), photos: z.array(photo), internal: z.boolean(), createdAt: z.date() })),
  allowedActions: z.array(action).describe('the steps the caller can take now'),
});

export const listOut = z.object({
  total: z.number(),
  counts: z.record(z.string(), z.number()).describe('requests per status (the tabs), within the kind / order / shop filters'),
  items: z.array(summaryOut),
});

export const messageOut = z.object({ id: z.string(), authorRole: z.enum(['buyer', 'merchant', 'platform', 'system']), body: z.string(), photos: z.array(photo), internal: z.boolean(), createdAt: z.date() });

export const photoOut = z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number() });

export const optionsOut = z.object({
  orderId: z.string(),
  orderStatus: z.string(),
  receivedAt: z.date().nullable(),
  afterSalesUntil: z.date().nullable().describe('return / exchange / repair until (receipt + the after-sales window in force at receipt, 系统设置)'),
  noReasonUntil: z.date().nullable().describe('7-day no-reason return until (23:59:59 China time, day 7 after the day of receipt)'),
  lines: z.array(
    z.object({
      orderLineId: z.string(),
      title: z.string(),
      spec: z.record(z.string(), z.string()),
      imageUrl: z.string().nullable(),
      qty: z.number(),
      paidFen: z.number(),
      refundedFen: z.number(),
      refundableFen: z.number(),
      noReasonReturn: z.boolean(),
      openRequest: z.object({ id: z.string(), status }).nullable(),
      kinds: z.array(z.object({ kind, allowed: z.boolean(), whyNot: z.string().nullable().describe('an error code when not allowed'), reasons: z.array(z.string()), maxAmountFen: z.number() })),
    }),
  ),
});

const label = z.object({ zh: z.string(), en: z.string() });
export const metaOut = z.object({
  kinds: z.array(z.object({ code: kind, label, reasons: z.array(z.string()) })),
  reasons: z.array(z.object({ code: z.string(), label, kinds: z.array(kind) })),
  statuses: z.array(z.object({ code: status, label, open: z.boolean(), deadline: z.object({ party: z.enum(['buyer', 'merchant']), action, afterMs: z.number() }).nullable() })),
  maxPhotos: z.number(),
  statusGroups: z.record(z.string(), z.array(status)),
});
