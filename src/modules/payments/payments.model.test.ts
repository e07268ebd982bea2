import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { checkout, drainJobs, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance, verifyLedger } from '../ledger/ledger.service.ts';
import { transitionOrder } from '../orders/orders.service.ts';
import { applyPaymentResult, refundShopOrder, startPayment, startTopUp } from './payments.service.ts';
import { paymentDeps } from './payments.routes.ts';
import { updatePaymentSettings } from './payments.settings.ts';
import { requestWithdrawal, decideWithdrawal, settleDue } from './settlement.service.ts';

/**
 * A7, the escrow ledger invariant, model-based: random sequences of checkout / pay (balance or the
 * sandbox gateway, in either settlement mode) / cancel / ship / receive / partial refund (before or after settlement) / complete /
 * settle (T+0) / withdraw / a repeated payment notification run against the real services, next to a
 * model that knows only what each shop's escrow must hold: paid − released − refunded. After every
 * step the ledger's escrow equals the model's; after every sequence `verifyLedger` (every transaction
 * balanced, no protected balance negative, the payments module's invariants) passes.
 * PAYMENTS_MODEL_RUNS sets the number of sequences (a nightly-style run: 10000).
 */
const RUNS = Number(process.env.PAYMENTS_MODEL_RUNS ?? 0);

type OrderState = 'pending' | 'paid' | 'shipped' | 'received' | 'completed' | 'settled' | 'cancelled';
interface ModelOrder {
  id: string;
  shopIndex: number;
  amount: number;
  refunded: number;
  state: OrderState;
  attemptId: string | null;
}
interface Model {
  orders: ModelOrder[];
  paymentOrders: { id: string; orderIds: string[]; paid: boolean; buyer: number }[];
  escrow: number[];
}

describeEachDatabase('payments model (A7: escrow = paid − released − refunded)', (database, kind) => {
  let t: TestApp;
  let market: Market;
  const buyers: Buyer[] = [];
  let key = 0;
  const nextKey = () => `model-${++key}`;
  const runs = RUNS || (kind === 'pglite' ? 1000 : 250);
  const system = { id: null, role: 'system' as const };

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t, [3_333, 1_999]);
    for (let i = 0; i < 2; i++) {
      const b = await makeBuyer(t);
      const started = await startTopUp(paymentDeps(t.ctx), b.userId, 5_000_000, { method: 'sandbox', channel: 'page' }, nextKey());
      await t.ctx.db.transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, started.attemptId, { status: 'paid', amountFen: 5_000_000, providerTradeNo: 'sbt_model' }));
      buyers.push(b);
    }
  });
  after(async () => {
    await t.app.close();
  });

  const escrowOf = (shopIndex: number) => accountBalance(t.ctx.db, accountCode('shop_escrow', market.shops[shopIndex]!));

  test(`${runs} random sequences keep every ledger transaction balanced and escrow = paid − released − refunded`, async () => {
    // T+0: completed orders are due at once, so the sequences need not move the clock (no timer fires mid-sequence).
    await t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, t.clock, { settlementDays: 0 }));

    const step = fc.oneof(
      { weight: 3, arbitrary: fc.record({ op: fc.constant('checkout' as const), buyer: fc.nat(1), a: fc.nat(2), b: fc.nat(2) }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('pay' as const), which: fc.nat(), method: fc.constantFrom('balance' as const, 'sandbox' as const), mode: fc.constantFrom('marketplace' as const, 'platform_collect' as const) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), which: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), which: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('refund' as const), which: fc.nat(), part: fc.integer({ min: 1, max: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('settle' as const) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('withdraw' as const), shop: fc.nat(1), approve: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('renotify' as const), which: fc.nat() }) },
    );

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        // Earlier sequences' completed orders settle first; what they left held stays, and the model starts from it.
        await t.ctx.db.transaction().execute((trx) => settleDue(trx, t.clock));
        await drainJobs(t);
        const model: Model = { orders: [], paymentOrders: [], escrow: [await escrowOf(0), await escrowOf(1)] };
        const pick = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);

        for (const s of steps) {
          if (s.op === 'checkout') {
            const qty = [s.a, s.b];
            if (qty[0] === 0 && qty[1] === 0) continue;
            const placed = await checkout(t, market, buyers[s.buyer]!, qty);
            const orders = await t.ctx.db.selectFrom('shop_order').select(['id', 'shop_id', 'payable_fen']).where('payment_order_id', '=', placed.paymentOrderId).execute();
            for (const o of orders) model.orders.push({ id: o.id, shopIndex: market.shops.indexOf(o.shop_id), amount: Number(o.payable_fen), refunded: 0, state: 'pending', attemptId: null });
            model.paymentOrders.push({ id: placed.paymentOrderId, orderIds: orders.map((o) => o.id), paid: false, buyer: s.buyer });
          } else if (s.op === 'pay') {
            const po = pick(model.paymentOrders.filter((p) => !p.paid && p.orderIds.some((id) => model.orders.find((o) => o.id === id)!.state === 'pending')), s.which);
            if (!po) continue;
            await t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, t.clock, { mode: s.mode }));
            const started = await startPayment(paymentDeps(t.ctx), buyers[po.buyer]!.userId, po.id, { method: s.method, channel: 'page' }, nextKey());
            if (s.method === 'sandbox') {
              const attempt = await t.ctx.db.selectFrom('payment_attempt').select('amount_fen').where('id', '=', started.attemptId).executeTakeFirstOrThrow();
              // What a verified notification applies.
              const outcome = await t.ctx.db.transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, started.attemptId, { status: 'paid', amountFen: Number(attempt.amount_fen), providerTradeNo: `sbt_${started.attemptId}` }));
              assert.equal(outcome, 'paid');
            }
            po.paid = true;
            for (const id of po.orderIds) {
              const o = model.orders.find((x) => x.id === id)!;
              if (o.state !== 'pending') continue;
              o.state = 'paid';
              o.attemptId = started.attemptId;
              model.escrow[o.shopIndex]! += o.amount;
            }
          } else if (s.op === 'cancel') {
            const o = pick(model.orders.filter((x) => x.state === 'pending' || x.state === 'paid'), s.which);
            if (!o) continue;
            await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, o.id, 'cancel', system, { note: '模型取消' }));
            await drainJobs(t);
            if (o.state === 'paid') model.escrow[o.shopIndex]! -= o.amount - o.refunded;
            if (o.state === 'paid') o.refunded = o.amount;
            o.state = 'cancelled';
          } else if (s.op === 'advance') {
            const o = pick(model.orders.filter((x) => x.state === 'paid' || x.state === 'shipped' || x.state === 'received'), s.which);
            if (!o) continue;
            const action = o.state === 'paid' ? 'ship' : o.state === 'shipped' ? 'confirm_receipt' : 'complete';
            await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, o.id, action, system));
            await drainJobs(t);
            o.state = o.state === 'paid' ? 'shipped' : o.state === 'shipped' ? 'received' : 'completed';
          } else if (s.op === 'refund') {
            // Settled orders too: their refund is recovered from the merchant, and escrow stays as it is.
            const o = pick(model.orders.filter((x) => ['paid', 'shipped', 'received', 'completed', 'settled'].includes(x.state) && x.refunded < x.amount), s.which);
            if (!o) continue;
            const amount = Math.max(1, Math.floor((o.amount - o.refunded) / s.part));
            await t.ctx.db.transaction().execute((trx) => refundShopOrder(trx, t.clock, { shopOrderId: o.id, amountFen: amount, reason: '模型退款', cause: 'after_sales' }));
            await drainJobs(t);
            o.refunded += amount;
            if (o.state !== 'settled') model.escrow[o.shopIndex]! -= amount;
          } else if (s.op === 'settle') {
            await t.ctx.db.transaction().execute((trx) => settleDue(trx, t.clock));
            await drainJobs(t);
            for (const o of model.orders.filter((x) => x.state === 'completed')) {
              model.escrow[o.shopIndex]! -= o.amount - o.refunded;
              o.state = 'settled';
            }
          } else if (s.op === 'withdraw') {
            const shopId = market.shops[s.shop]!;
            const available = await accountBalance(t.ctx.db, accountCode('merchant_available', shopId));
            if (available <= 0) continue;
            const id = await t.ctx.db.transaction().execute((trx) => requestWithdrawal(trx, t.clock, shopId, market.owners[s.shop]!.id, Math.ceil(available / 2), '模型提现'));
            await t.ctx.db.transaction().execute((trx) => decideWithdrawal(trx, t.clock, id, s.approve, market.owners[s.shop]!.id, '', 'sandbox'));
          } else if (s.op === 'renotify') {
            const o = pick(model.orders.filter((x) => x.attemptId !== null), s.which);
            if (!o) continue;
            const attempt = await t.ctx.db.selectFrom('payment_attempt').select(['amount_fen', 'provider']).where('id', '=', o.attemptId!).executeTakeFirstOrThrow();
            const outcome = await t.ctx.db.transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, o.attemptId!, { status: 'paid', amountFen: Number(attempt.amount_fen) }));
            assert.ok(['already', 'unknown'].includes(outcome), outcome);
          }
          assert.deepEqual([await escrowOf(0), await escrowOf(1)], model.escrow, `escrow after ${JSON.stringify(s)}`);
        }
        const verified = await verifyLedger(t.ctx.db);
        assert.ok(verified.ok, JSON.stringify(verified.problems));
      }),
      { numRuns: runs, verbose: 1 },
    );
  });
});
