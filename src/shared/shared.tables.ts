import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: 'in_flight' | 'done';
  response_status: number | null;
  response_headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  response_body: string | null;
  created_at: Timestamp;
  locked_until: Timestamp;
  expires_at: Timestamp;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobTable {
  id: string;
  kind: string;
  payload: JSONColumnType<Record<string, unknown>>;
  run_at: Timestamp;
  status: ColumnType<JobStatus, JobStatus | undefined>;
  attempts: ColumnType<number, number | undefined>;
  max_attempts: ColumnType<number, number | undefined>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface SharedTables {
  idempotency_key: IdempotencyKeyTable;
  job: JobTable;
}
