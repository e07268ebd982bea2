import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance } from '../ledger/ledger.service.ts';
import type { PaymentGateways } from './payment-gateways.ts';

/** What the cashier (收银台) shows: amount, time left, the orders, which methods can pay, the shopper's balance. */
export async function paymentOrderView(q: Queryable, clock: Clock, gateways: PaymentGateways, paymentOrderId: string, userId: string) {
  const payment = await q.selectFrom('payment_order').selectAll().where('id', '=', paymentOrderId).where('user_id', '=', userId).executeTakeFirst();
  if (!payment) throw new AppError('ORDER_NOT_FOUND');
  const orders = await q
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .select(['o.id', 'o.shop_id as shopId', 's.name as shopName', 'o.status', 'o.payable_fen as payableFen', 'o.delivery_method as delivery'])
    .where('o.payment_order_id', '=', paymentOrderId)
    .orderBy('o.id')
    .execute();
  const attempts = await q
    .selectFrom('payment_attempt')
    .select(['id', 'provider as method', 'status', 'amount_fen as amountFen', 'created_at as createdAt', 'succeeded_at as succeededAt'])
    .where('payment_order_id', '=', paymentOrderId)
    .orderBy('created_at', 'desc')
    .execute();
  const balanceFen = await accountBalance(q, accountCode('buyer_wallet', userId));
  const open = orders.filter((o) => o.status === 'pending_payment');
  const now = clock.now();
  return {
    id: payment.id,
    status: payment.status === 'pending' && payment.expires_at.getTime() <= now.getTime() ? ('expired' as const) : payment.status,
    amountFen: Number(payment.amount_fen),
    expiresAt: payment.expires_at,
    remainingMs: Math.max(0, payment.expires_at.getTime() - now.getTime()),
    orders,
    attempts,
    balanceFen,
    methods: {
      online: gateways.names,
      balance: balanceFen >= Number(payment.amount_fen),
      // 货到付款 only when every order is delivered (a pickup order is paid at the counter instead).
      cod: open.length > 0 && open.every((o) => o.delivery === 'express'),
    },
  };
}
