import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../http/errors.ts';
import { nextOrderStatus, type OrderAction } from './orders.rules.ts';
import type { OrderStatus } from './orders.tables.ts';

test('D2: every (order status × action) pair — legal moves work, the rest are refused', () => {
  const statuses: OrderStatus[] = ['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed'];
  const actions: OrderAction[] = ['pay', 'cancel', 'ship', 'confirm_receipt', 'complete', 'close'];
  const legal: Record<string, OrderStatus> = {
    'pending_payment pay': 'paid',
    'pending_payment cancel': 'cancelled',
    'paid cancel': 'cancelled',
    'paid ship': 'shipped',
    'shipped confirm_receipt': 'received',
    'received complete': 'completed',
    'paid close': 'closed',
    'shipped close': 'closed',
    'received close': 'closed',
  };
  for (const from of statuses) {
    for (const action of actions) {
      const expected = legal[`${from} ${action}`];
      if (expected) {
        assert.equal(nextOrderStatus(from, action), expected, `${from} ${action}`);
      } else {
        assert.throws(() => nextOrderStatus(from, action), (e: AppError) => e.code === 'ORDER_STATUS_CONFLICT' && e.status === 409, `${from} ${action}`);
      }
    }
  }
});
