import type { ShopRole, StaffRole } from './merchants.tables.ts';

/** Roles an owner can give staff (the owner role itself passes only by opening a shop or taking it over). */
export const STAFF_ROLES: readonly StaffRole[] = ['operator', 'customer_service', 'warehouse', 'finance'];

/** An invitation waits this long for its invitee. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * What each role may do in the merchant console, as the staff page explains it. The routes enforce the
 * same sets through their policies (policy.shop([...roles])); the tenant-isolation test checks every
 * role-limited route against every role it leaves out.
 */
export const ROLE_CAPABILITIES: Record<ShopRole, readonly string[]> = {
  owner: ['products', 'orders_read', 'orders', 'shipping', 'after_sales', 'complaints', 'finance', 'shop', 'staff'],
  operator: ['products', 'orders_read', 'orders', 'shipping', 'after_sales', 'complaints', 'shop'],
  customer_service: ['orders_read', 'after_sales', 'complaints'],
  warehouse: ['orders_read', 'shipping'],
  finance: ['orders_read', 'finance'],
};
