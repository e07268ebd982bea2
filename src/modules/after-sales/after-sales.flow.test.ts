import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../testing/databases.ts';
import type { Buyer } from '../../testing/payment-fixtures.ts';
import type { AfterSalesKind, AfterSalesStatus } from './after-sales.rules.ts';
import { AFTER_SALES_STATUSES } from './after-sales.rules.ts';
import { applyOk, assertLedgerSound, code, makeWorld, newBuyer, nextKey, paidOrder, receive, ship, SPECS, statusOf, type World } from './after-sales.fixtures.ts';

/** The steps a test can take through the API, each by the party that takes it. */
const ACTIONS = ['approve', 'reject', 'submit_return', 'confirm_return', 'ship_replacement', 'confirm_replacement', 'escalate', 'cancel', 'arbitrate_refund', 'arbitrate_close'] as const;
type Step = (typeof ACTIONS)[number];

/** How each status is reached from `requested`, and with which kind. */
const PATHS: Record<AfterSalesStatus, { kind: AfterSalesKind; steps: Step[] }> = {
  requested: { kind: 'return_refund', steps: [] },
  awaiting_return: { kind: 'return_refund', steps: ['approve'] },
  returned: { kind: 'return_refund', steps: ['approve', 'submit_return'] },
  received_by_merchant: { kind: 'exchange', steps: ['approve', 'submit_return', 'confirm_return'] },
  replacement_shipped: { kind: 'exchange', steps: ['approve', 'submit_return', 'confirm_return', 'ship_replacement'] },
  completed: { kind: 'exchange', steps: ['approve', 'submit_return', 'confirm_return', 'ship_replacement', 'confirm_replacement'] },
  rejected: { kind: 'return_refund', steps: ['reject'] },
  escalated: { kind: 'return_refund', steps: ['reject', 'escalate'] },
  refunded: { kind: 'return_refund', steps: ['approve', 'submit_return', 'confirm_return'] },
  cancelled: { kind: 'return_refund', steps: ['cancel'] },
  closed: { kind: 'return_refund', steps: ['reject', 'escalate', 'arbitrate_close'] },
};

/** D2: the legal moves, written out independently of the rules table. Everything else is a 409. */
const LEGAL: Partial<Record<AfterSalesStatus, Partial<Record<Step, AfterSalesStatus>>>> = {
  requested: { approve: 'awaiting_return', reject: 'rejected', cancel: 'cancelled' },
  awaiting_return: { submit_return: 'returned', cancel: 'cancelled' },
  returned: { confirm_return: 'refunded', reject: 'rejected' },
  received_by_merchant: { ship_replacement: 'replacement_shipped', escalate: 'escalated' },
  replacement_shipped: { confirm_replacement: 'completed' },
  rejected: { escalate: 'escalated', cancel: 'cancelled' },
  escalated: { arbitrate_refund: 'refunded', arbitrate_close: 'closed', cancel: 'cancelled' },
};

describeEachDatabase('after-sales: every (status × action) pair over the API', (database) => {
  let w: World;
  let buyer: Buyer;

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  function take(step: Step, requestId: string): Promise<LightMyRequestResponse> {
    const seller = `/api/seller/shops/${w.shopId}/after-sales/${requestId}`;
    const mine = `/api/me/after-sales/${requestId}`;
    switch (step) {
      case 'approve':
        return w.service.post(`${seller}/approve`, { returnAddress: '浙江省杭州市西湖区文三路 99 号 售后部 0571-88888888' });
      case 'reject':
        return w.service.post(`${seller}/reject`, { reason: '商品已使用，影响二次销售' });
      case 'submit_return':
        return buyer.client.post(`${mine}/return-shipment`, { carrier: 'SF', trackingNo: 'SF 1234 5678 90123' });
      case 'confirm_return':
        return w.service.post(`${seller}/confirm-return`, {});
      case 'ship_replacement':
        return w.service.post(`${seller}/ship-replacement`, { carrier: 'ZTO', trackingNo: '781234567890' });
      case 'confirm_replacement':
        return buyer.client.post(`${mine}/confirm-replacement`, {});
      case 'escalate':
        return buyer.client.post(`${mine}/escalate`, { reason: '商品未拆封，商家拒绝不合理' });
      case 'cancel':
        return buyer.client.post(`${mine}/cancel`, {});
      case 'arbitrate_refund':
        return w.staff.post(`/api/admin/after-sales/${requestId}/decide`, { decision: 'refund', amountFen: 1_000, note: '证据显示商品未使用，支持买家' }, { 'idempotency-key': nextKey('decide') });
      case 'arbitrate_close':
        return w.staff.post(`/api/admin/after-sales/${requestId}/decide`, { decision: 'close', note: '证据不足，维持商家处理' }, { 'idempotency-key': nextKey('decide') });
    }
  }

  const events = async (requestId: string) => (await w.t.ctx.db.selectFrom('after_sales_event').select('id').where('request_id', '=', requestId).execute()).length;

  test('D2: legal moves land where the table says, illegal ones get AFTER_SALES_STATUS_CONFLICT and change nothing', async () => {
    let tried = 0;
    for (const status of AFTER_SALES_STATUSES) {
      const path = PATHS[status];
      // One received order per status, one line per action.
      const order = await paidOrder(w, buyer, SPECS.slice(0, ACTIONS.length).map((_, i) => [w.skus[i]!, 1]));
      await ship(w, order.orderId);
      await receive(w, order.orderId);
      for (const [i, action] of ACTIONS.entries()) {
        const requestId = await applyOk(buyer, {
          orderLineId: order.lines[i]!, kind: path.kind, reason: 'quality_issue', description: '耳机左声道无声',
          ...(path.kind === 'return_refund' ? { amountFen: 5_000 } : {}),
        });
        for (const step of path.steps) {
          const res = await take(step, requestId);
          assert.equal(res.statusCode, 200, `${status} via ${step}: ${res.body}`);
        }
        assert.equal(await statusOf(w, requestId), status);
        const before = await events(requestId);
        const res = await take(action, requestId);
        const expected = LEGAL[status]?.[action];
        if (expected) {
          assert.equal(res.statusCode, 200, `${status} × ${action}: ${res.body}`);
          assert.equal(res.json().status, expected, `${status} × ${action}`);
          assert.equal(await statusOf(w, requestId), expected);
          assert.equal(await events(requestId), before + 1, 'one timeline entry per move');
        } else {
          assert.equal(res.statusCode, 409, `${status} × ${action} should be refused: ${res.body}`);
          assert.equal(code(res), 'AFTER_SALES_STATUS_CONFLICT', `${status} × ${action}`);
          assert.equal(await statusOf(w, requestId), status, 'unchanged');
          assert.equal(await events(requestId), before, 'nothing recorded');
        }
        tried++;
      }
    }
    assert.equal(tried, AFTER_SALES_STATUSES.length * ACTIONS.length);
    await assertLedgerSound(w);
  });

  test('kinds decide where approval and receipt lead: refund only is refunded on approval, repair goes back to the shopper', async () => {
    const unshipped = await paidOrder(w, buyer, [[w.skus[0]!, 1], [w.skus[1]!, 1]]);
    const refundOnly = await applyOk(buyer, { orderLineId: unshipped.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 12_900 });
    const approved = await take('approve', refundOnly);
    assert.equal(approved.json().status, 'refunded');
    assert.equal(approved.json().refunds.length, 1);
    assert.equal(approved.json().returnAddress, null, 'nothing to send back');

    const order = await paidOrder(w, buyer, [[w.skus[2]!, 1]]);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    const repair = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'repair', reason: 'damaged' });
    for (const step of ['approve', 'submit_return', 'confirm_return', 'ship_replacement'] as const) assert.equal((await take(step, repair)).statusCode, 200, step);
    const done = await take('confirm_replacement', repair);
    assert.equal(done.json().status, 'completed');
    assert.deepEqual(done.json().timeline.map((e: { action: string }) => e.action), ['apply', 'approve', 'submit_return', 'confirm_return', 'ship_replacement', 'confirm_replacement']);
    assert.equal(done.json().replacementShipment.carrier, 'ZTO');
    assert.equal(done.json().returnShipment.trackingNo, 'SF1234567890123', 'normalised');
    assert.equal(done.json().refunds.length, 0, 'a repair moves no money');
    await assertLedgerSound(w);
  });

  test('the detail shows deadlines, evidence, messages and the caller’s next steps; internal notes stay with the platform', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[3]!, 1]]);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'not_as_described', description: '颜色与图片不符', amountFen: 12_900 });
    const mine = (await buyer.client.get(`/api/me/after-sales/${id}`)).json();
    assert.equal(mine.deadline.party, 'merchant');
    assert.equal(mine.deadline.action, 'approve');
    assert.equal(new Date(mine.deadline.at).getTime(), w.t.clock.now().getTime() + 48 * 3_600_000);
    assert.deepEqual(mine.allowedActions, ['cancel']);
    assert.equal(mine.buyer, null);

    assert.equal((await buyer.client.post(`/api/me/after-sales/${id}/messages`, { body: '请尽快处理' })).statusCode, 201);
    assert.equal((await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/messages`, { body: '已联系仓库核实' })).statusCode, 201);
    assert.equal((await w.staff.post(`/api/admin/after-sales/${id}/messages`, { body: '买家历史退货率高，留意', internal: true })).statusCode, 201);
    assert.equal((await w.staff.post(`/api/admin/after-sales/${id}/messages`, { body: '平台已关注此申请' })).statusCode, 201);

    const seller = (await w.service.get(`/api/seller/shops/${w.shopId}/after-sales/${id}`)).json();
    assert.deepEqual(seller.allowedActions, ['approve', 'reject']);
    assert.match(seller.buyer, /^\d{3}\*{4}\d{4}$/, 'the shopper is masked');
    assert.deepEqual(seller.messages.map((m: { authorRole: string }) => m.authorRole), ['buyer', 'merchant', 'platform']);
    const platform = (await w.staff.get(`/api/admin/after-sales/${id}`)).json();
    assert.equal(platform.messages.length, 4);
    assert.equal(platform.messages.filter((m: { internal: boolean }) => m.internal).length, 1);

    const queue = (await w.service.get(`/api/seller/shops/${w.shopId}/after-sales?status=awaiting_merchant&sort=deadline`)).json();
    assert.ok(queue.items.length >= 1);
    const deadlines = queue.items.map((i: { deadline: { at: string } | null }) => (i.deadline ? new Date(i.deadline.at).getTime() : Infinity));
    assert.deepEqual(deadlines, [...deadlines].sort((a, b) => a - b), 'most urgent first');
    assert.ok(queue.counts.requested >= 1);
    const myList = (await buyer.client.get('/api/me/after-sales?status=open')).json();
    assert.ok(myList.items.some((i: { id: string }) => i.id === id));
    assert.equal((await w.warehouse.get(`/api/seller/shops/${w.shopId}/after-sales`)).statusCode, 403, 'warehouse staff do not handle after-sales');
    assert.equal((await w.owner.get(`/api/seller/shops/${w.shopId}/after-sales`)).statusCode, 200, 'the owner always can');
  });

  test('every after-sales route is in the OpenAPI document, with its request and answer schemas', async () => {
    const res = await w.t.app.inject({ url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = res.json().paths as Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>>;
    const routes = w.t.app.routeTable.filter((r) => r.url.includes('/after-sales'));
    assert.ok(routes.length >= 25, `${routes.length} routes`);
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      for (const method of (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD')) {
        const op = paths[path]?.[method.toLowerCase()];
        assert.ok(op, `${method} ${path} missing`);
        assert.ok(op.responses && Object.keys(op.responses).some((c) => c.startsWith('2')), `${method} ${path} has no documented answer`);
      }
    }
    assert.ok(paths['/api/me/after-sales']!.post!.requestBody, 'the application body is documented');
  });

  test('tenant isolation: someone else’s request is not found, another shop’s queue is not reachable', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[4]!, 1]]);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 100 });
    const stranger = await newBuyer(w);
    for (const res of [
      await stranger.client.get(`/api/me/after-sales/${id}`),
      await stranger.client.post(`/api/me/after-sales/${id}/cancel`, {}),
      await stranger.client.post(`/api/me/after-sales/${id}/messages`, { body: 'hi' }),
      await w.otherOwner.post(`/api/seller/shops/${w.otherShopId}/after-sales/${id}/approve`, {}),
      await w.otherOwner.get(`/api/seller/shops/${w.otherShopId}/after-sales/${id}`),
    ]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(code(res), 'AFTER_SALES_NOT_FOUND');
    }
    assert.equal(code(await w.otherOwner.get(`/api/seller/shops/${w.shopId}/after-sales`)), 'SHOP_NOT_FOUND');
    assert.equal((await buyer.client.get('/api/admin/after-sales')).statusCode, 403);
    assert.equal(await statusOf(w, id), 'requested');
  });
});
