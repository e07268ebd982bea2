import { data, type AppLoadContext } from 'react-router';
import { answerInvitation, changeStaffRole, inviteStaff, listStaff, myInvitations, removeStaff, revokeInvitation } from '../../src/modules/merchants/staff.service.ts';
import { ROLE_CAPABILITIES, STAFF_ROLES } from '../../src/modules/merchants/staff.rules.ts';
import type { ShopRole } from '../../src/modules/merchants/merchants.tables.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { policy, requireShopRole, requireUser } from './guards.server.ts';
import { field } from './forms.ts';
import { translate } from '../i18n/messages.ts';

const OWNER_ONLY = policy.shop(['owner']);

/** Each merchant console section and the capability that opens it (the overview is everyone's). */
const SECTION_CAPABILITY: Record<string, string> = {
  products: 'products',
  orders: 'orders_read',
  logistics: 'shipping',
  'after-sales': 'after_sales',
  complaints: 'complaints',
  finance: 'finance',
  shop: 'shop',
  staff: 'staff',
  // 协议与退出 is the owner's (who signs for the merchant), like 员工.
  agreement: 'staff',
};

/** The merchant console sections a role may open (for its menu; the pages and routes check for themselves). */
export function sellerNavSegments(role: ShopRole): string[] {
  return ['', ...Object.keys(SECTION_CAPABILITY)].filter((segment) => segment === '' || ROLE_CAPABILITIES[role].includes(SECTION_CAPABILITY[segment]!));
}

/** 员工 (owner): members with their roles, invitations waiting, and what each role may do. */
export async function staffPage({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  const auth = requireShopRole(context, request, shopId, OWNER_ONLY);
  const { app, locale } = context;
  const staff = await listStaff(app.db, app.clock.now(), shopId);
  return {
    me: auth.userId,
    roles: STAFF_ROLES,
    capabilities: ROLE_CAPABILITIES,
    members: staff.members.map((m) => ({ ...m, joinedAt: dateTimeText(m.joinedAt, locale) })),
    invitations: staff.invitations.map((i) => ({ ...i, createdAt: dateTimeText(i.createdAt, locale), expiresAt: dateTimeText(i.expiresAt, locale) })),
  };
}

export async function staffAction({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  const auth = requireShopRole(context, request, shopId, OWNER_ONLY);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 20);
  try {
    await app.db.transaction().execute(async (trx) => {
      if (intent === 'invite') await inviteStaff(trx, app.clock, shopId, auth.userId, { identifier: field(form, 'identifier', 254), role: field(form, 'role', 32) });
      else if (intent === 'revoke') await revokeInvitation(trx, app.clock, shopId, field(form, 'invitationId', 64));
      else if (intent === 'role') await changeStaffRole(trx, shopId, field(form, 'userId', 64), field(form, 'role', 32));
      else if (intent === 'remove') await removeStaff(trx, shopId, field(form, 'userId', 64));
      else throw new Error(`unknown intent ${intent}`);
    });
    return { ok: true as const, message: translate(locale, `staff.done.${intent as 'invite' | 'revoke' | 'role' | 'remove'}`) };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}

/** /seller for an account with invitations: what is waiting for it. */
export async function invitationsFor(context: AppLoadContext, request: Request) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const items = await myInvitations(app.db, app.clock.now(), auth.userId);
  return items.map((i) => ({ ...i, expiresAt: dateTimeText(i.expiresAt, locale) }));
}

export async function answerInvitationAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const accept = field(form, 'intent', 10) === 'accept';
  try {
    const done = await app.db.transaction().execute((trx) => answerInvitation(trx, app.clock, auth.userId, field(form, 'invitationId', 64), accept));
    return { ok: true as const, shopId: accept ? done.shopId : null, message: translate(locale, accept ? 'staff.invite.accepted' : 'staff.invite.declined') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, shopId: null, message }, { status });
  }
}
