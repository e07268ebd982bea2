import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { DatabaseKind } from './db/connect.ts';
import type { Clock } from './shared/clock.ts';
import type { JobRegistry } from './shared/jobs.ts';
import type { MediaStore } from './shared/media-store.ts';
import type { ProductSearch } from './modules/catalog/search/search.ts';
import type { PaymentGateways } from './modules/payments/payment-gateways.ts';

/** What the process shares with every route, page loader and job: built once at start-up. */
export interface AppContext {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  jobs: JobRegistry;
  /** Where uploaded images go (local disk under the data folder by default). */
  media: MediaStore;
  /** Product search; PostgreSQL full-text + trigram by default. */
  search: ProductSearch;
  /** Payment providers (the built-in sandbox gateway, and Alipay / WeChat Pay when configured). */
  payments: PaymentGateways;
}
