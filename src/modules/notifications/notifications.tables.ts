import type { ColumnType, JSONColumnType, Selectable } from 'kysely';
import type { NotificationKind } from './notifications.rules.ts';

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;

/** 站内消息: one row per message to a user; its text is rendered from kind + params in the reader's language. */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  /** What the template needs (order ids, amounts in fen, carrier, tracking number …). */
  params: JSONColumnType<Record<string, unknown>, string, string>;
  /** Where the message leads in the storefront (a relative URL), or nowhere. */
  link: ColumnType<string | null, string | null | undefined, string | null>;
  /** The state change that caused it; unique per user, so one cause never makes two messages. */
  cause_key: string;
  read_at: OptionalTime;
  created_at: Timestamp;
}

export type NotificationRow = Selectable<NotificationTable>;

export interface NotificationsTables {
  notification: NotificationTable;
}
