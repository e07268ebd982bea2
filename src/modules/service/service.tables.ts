import type { ColumnType, JSONColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

/** 质量问题 / 描述不符 / 服务态度 / 物流问题 / 假冒商品 / 其他 */
export type ComplaintCategory = 'quality' | 'description_mismatch' | 'service_attitude' | 'logistics' | 'fake_goods' | 'other';

/**
 * submitted → accepted (受理) → investigating → resolved → closed; rejected (不予受理);
 * withdrawn (the shopper took it back before a resolution).
 */
export type ComplaintStatus = 'submitted' | 'accepted' | 'investigating' | 'resolved' | 'closed' | 'rejected' | 'withdrawn';

/** 投诉成立 / 部分成立 / 不成立 */
export type ComplaintOutcome = 'upheld' | 'partly_upheld' | 'not_upheld';

export type ComplaintPartyRole = 'shopper' | 'shop' | 'platform' | 'system';

/** An evidence picture: a media_image row and its URL (800 px WebP; see shared/media.ts for the other widths). */
export interface ComplaintPhoto {
  id: string;
  url: string;
}

export interface ComplaintTable {
  id: string;
  user_id: string;
  shop_id: string;
  order_id: string | null;
  category: ComplaintCategory;
  title: string;
  description: string;
  photos: JSONColumnType<ComplaintPhoto[], string, string>;
  status: ComplaintStatus;
  assignee_id: OptionalText;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Both deadlines are fixed at submission (later changes to the SLA do not move them). */
  first_response_due_at: Timestamp;
  resolution_due_at: Timestamp;
  /** The platform's first accept / reject / message. */
  first_responded_at: OptionalTime;
  resolved_at: OptionalTime;
  closed_at: OptionalTime;
  /** A resolved complaint closes by itself at this time unless the shopper gives feedback first. */
  auto_close_at: OptionalTime;
  /** Set (once) by the SLA sweep or by a late response / resolution; never cleared. */
  first_response_breached: ColumnType<boolean, boolean | undefined, boolean>;
  resolution_breached: ColumnType<boolean, boolean | undefined, boolean>;
  resolution: OptionalText;
  outcome: ColumnType<ComplaintOutcome | null, ComplaintOutcome | null | undefined, ComplaintOutcome | null>;
  reject_reason: OptionalText;
  rating: ColumnType<number | null, number | null | undefined, number | null>;
  feedback: OptionalText;
  closed_by: ColumnType<'shopper' | 'system' | null, 'shopper' | 'system' | null | undefined, 'shopper' | 'system' | null>;
}

/** The conversation and the timeline in one thread: messages from the three parties, and status events. */
export interface ComplaintMessageTable {
  id: string;
  complaint_id: string;
  kind: 'message' | 'event';
  author_id: string | null;
  author_role: ComplaintPartyRole;
  body: string;
  photos: JSONColumnType<ComplaintPhoto[], string, string>;
  /** For events: the action and the move it made (assignments keep the status). */
  action: OptionalText;
  from_status: ColumnType<ComplaintStatus | null, ComplaintStatus | null | undefined, never>;
  to_status: ColumnType<ComplaintStatus | null, ComplaintStatus | null | undefined, never>;
  created_at: ColumnType<Date, Date, never>;
}

export interface ServiceTables {
  complaint: ComplaintTable;
  complaint_message: ComplaintMessageTable;
}

export type Complaint = Selectable<ComplaintTable>;
