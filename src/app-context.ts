import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { DatabaseKind } from './db/connect.ts';
import type { Clock } from './shared/clock.ts';
import type { JobRegistry } from './shared/jobs.ts';

/** What the process shares with every route, page loader and job: built once at start-up. */
export interface AppContext {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  jobs: JobRegistry;
}
