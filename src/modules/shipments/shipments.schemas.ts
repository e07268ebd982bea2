import { z } from 'zod';

const id = z.string().min(1).max(64);

/** 发货: a carrier code (GET /api/carriers), the number, and optionally which lines and how many (default: all that is left). */
export const shipBody = z
  .object({
    carrier: z.string().trim().min(1).max(16),
    trackingNo: z.string().trim().min(1).max(40),
    lines: z
      .array(z.object({ orderLineId: id, qty: z.number().int().min(1).max(9999) }).strict())
      .min(1)
      .max(200)
      .optional(),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type ShipBody = z.infer<typeof shipBody>;

export const trackingStatus = z.enum(['collected', 'in_transit', 'delivering', 'signed', 'exception', 'returned']);

/** 添加物流节点: what happened, when and where. */
export const manualEventBody = z
  .object({
    status: trackingStatus,
    occurredAt: z.coerce.date(),
    location: z.string().trim().max(100).optional(),
    description: z.string().trim().max(500).optional(),
  })
  .strict();
export type ManualEventBody = z.infer<typeof manualEventBody>;

export const pickupVerifyBody = z.object({ code: z.string().trim().min(1).max(40) }).strict();
