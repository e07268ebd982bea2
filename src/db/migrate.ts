import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/2026_11_23_0001_foundation.ts';
import * as catalog from './migrations/2026_11_23_0002_catalog.ts';
import * as addressesShipping from './migrations/2026_11_23_0003_addresses_shipping.ts';
import * as orders from './migrations/2026_11_23_0004_orders.ts';
import * as ledger from './migrations/2026_11_23_0005_ledger.ts';
import * as sandboxGateway from './migrations/2026_11_23_0006_sandbox_gateway.ts';
import * as payments from './migrations/2026_11_23_0007_payments.ts';
import * as fulfilment from './migrations/2026_11_23_0008_fulfilment.ts';
import * as afterSales from './migrations/2026_11_23_0009_after_sales.ts';
import * as complaints from './migrations/2026_11_23_0010_complaints.ts';
import * as notifications from './migrations/2026_11_23_0011_notifications.ts';
import * as onboarding from './migrations/2026_11_23_0012_onboarding.ts';
import * as content from './migrations/2026_11_23_0013_content.ts';
import * as refundRecovery from './migrations/2026_11_23_0014_refund_recovery.ts';
import * as refundedPieces from './migrations/2026_11_23_0015_refunded_pieces.ts';
import * as auditLog from './migrations/2026_11_23_0016_audit_log.ts';
import * as shopStaff from './migrations/2026_11_23_0017_shop_staff.ts';
import * as twoFactor from './migrations/2026_11_23_0018_two_factor.ts';
import * as platformRoles from './migrations/2026_11_23_0019_platform_roles.ts';
import * as shopProfile from './migrations/2026_11_23_0020_shop_profile.ts';
import * as tenantGuard from './migrations/2026_11_23_0021_tenant_guard.ts';
import * as recordRetention from './migrations/2026_11_23_0022_record_retention.ts';
import * as auditChain from './migrations/2026_11_23_0023_audit_chain.ts';
import * as accountClosure from './migrations/2026_11_23_0024_account_closure.ts';
import * as platformTimers from './migrations/2026_11_23_0025_platform_timers.ts';
import * as privateDocuments from './migrations/2026_11_23_0026_private_documents.ts';
import * as buyerLabel from './migrations/2026_11_23_0027_buyer_label.ts';
import * as auditChainChecks from './migrations/2026_11_23_0028_audit_chain_checks.ts';

/** Migrations in order. A new migration is a new file, added here; never edit a shipped one. */
const migrations: Record<string, Migration> = {
  '2026_11_23_0001_foundation': foundation,
  '2026_11_23_0002_catalog': catalog,
  '2026_11_23_0003_addresses_shipping': addressesShipping,
  '2026_11_23_0004_orders': orders,
  '2026_11_23_0005_ledger': ledger,
  '2026_11_23_0006_sandbox_gateway': sandboxGateway,
  '2026_11_23_0007_payments': payments,
  '2026_11_23_0008_fulfilment': fulfilment,
  '2026_11_23_0009_after_sales': afterSales,
  '2026_11_23_0010_complaints': complaints,
  '2026_11_23_0011_notifications': notifications,
  '2026_11_23_0012_onboarding': onboarding,
  '2026_11_23_0013_content': content,
  '2026_11_23_0014_refund_recovery': refundRecovery,
  '2026_11_23_0015_refunded_pieces': refundedPieces,
  '2026_11_23_0016_audit_log': auditLog,
  '2026_11_23_0017_shop_staff': shopStaff,
  '2026_11_23_0018_two_factor': twoFactor,
  '2026_11_23_0019_platform_roles': platformRoles,
  '2026_11_23_0020_shop_profile': shopProfile,
  '2026_11_23_0021_tenant_guard': tenantGuard,
  '2026_11_23_0022_record_retention': recordRetention,
  '2026_11_23_0023_audit_chain': auditChain,
  '2026_11_23_0024_account_closure': accountClosure,
  '2026_11_23_0025_platform_timers': platformTimers,
  '2026_11_23_0026_private_documents': privateDocuments,
  '2026_11_23_0027_buyer_label': buyerLabel,
  '2026_11_23_0028_audit_chain_checks': auditChainChecks,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Unordered: a migration merged from a parallel branch may sort before one a database already has.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  // Every table a migration added gets the audit log's capture trigger (see 0016_audit_log).
  await sql`select audit_attach_all()`.execute(db);
  // Every shop-owned table gets the tenant guard's grant and row policy (see 0021_tenant_guard).
  await sql`select tenant_guard_attach_all()`.execute(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
