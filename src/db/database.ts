import type { Kysely, Transaction } from 'kysely';
import type { IdentityTables } from '../modules/identity/identity.tables.ts';
import type { MerchantTables } from '../modules/merchants/merchants.tables.ts';
import type { CatalogTables } from '../modules/catalog/catalog.tables.ts';
import type { SharedTables } from '../shared/shared.tables.ts';

/** Every table, listed by the module that owns it. */
export interface Database extends IdentityTables, MerchantTables, CatalogTables, SharedTables {}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Reads may run inside or outside a transaction. */
export type Queryable = Db | Trx;
