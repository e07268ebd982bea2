import type { Kysely, Transaction } from 'kysely';
import type { IdentityTables } from '../modules/identity/identity.tables.ts';
import type { MerchantTables } from '../modules/merchants/merchants.tables.ts';
import type { CatalogTables } from '../modules/catalog/catalog.tables.ts';
import type { SharedTables } from '../shared/shared.tables.ts';
import type { AddressTables } from '../modules/addresses/addresses.tables.ts';
import type { ShippingTables } from '../modules/shipping/shipping.tables.ts';
import type { OrdersTables } from '../modules/orders/orders.tables.ts';
import type { CartTables } from '../modules/cart/cart.tables.ts';
import type { LedgerTables } from '../modules/ledger/ledger.tables.ts';
import type { PaymentsTables } from '../modules/payments/payments.tables.ts';
import type { SandboxGatewayTables } from '../modules/payments/sandbox/sandbox.tables.ts';
import type { ShipmentsTables } from '../modules/shipments/shipments.tables.ts';
import type { AfterSalesTables } from '../modules/after-sales/after-sales.tables.ts';
import type { ServiceTables } from '../modules/service/service.tables.ts';
import type { ContentTables } from '../modules/content/content.tables.ts';
import type { OnboardingTables } from '../modules/merchants/onboarding.tables.ts';
import type { NotificationsTables } from '../modules/notifications/notifications.tables.ts';
import type { AuditTables } from '../modules/audit/audit.tables.ts';
import type { TwoFactorTables } from '../modules/identity/two-factor.tables.ts';
import type { AccountClosureTables } from '../modules/identity/account-closure.tables.ts';
import type { TimerSettingsTables } from '../modules/orders/timer-settings.tables.ts';

/** Every table, listed by the module that owns it. */
export interface Database extends IdentityTables, MerchantTables, CatalogTables, SharedTables, OrdersTables, CartTables, AddressTables, ShippingTables,
    LedgerTables, PaymentsTables, SandboxGatewayTables, ShipmentsTables, AfterSalesTables, ServiceTables, NotificationsTables,
    OnboardingTables, ContentTables, AuditTables, TwoFactorTables, AccountClosureTables, TimerSettingsTables {}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Reads may run inside or outside a transaction. */
export type Queryable = Db | Trx;
