import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { addShopMember, makeShop, makeUser } from '../../testing/fixtures.ts';
import { checkout, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';
import { HOUR, MINUTE } from '../../shared/clock.ts';
import { enqueueJob, JobWorker } from '../../shared/jobs.ts';
import { AppError } from '../../http/errors.ts';
import { COMPLAINT_ACTIONS, COMPLAINT_STATUSES, COMPLAINT_TRANSITIONS, DEFAULT_COMPLAINT_TIMERS, complaintSla, type ComplaintAction } from './service.rules.ts';
import { createComplaint, postComplaintMessage, sweepComplaints, transitionComplaint, type ComplaintActor, type TransitionInput } from './service.service.ts';
import { complaintStats, listComplaints } from './service.queries.ts';
import { COMPLAINT_SWEEP_JOB } from './service.jobs.ts';
import type { ComplaintStatus } from './service.tables.ts';

function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----jishi' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const timers = DEFAULT_COMPLAINT_TIMERS;

describeEachDatabase('complaints', (database) => {
  let t: TestApp;
  let market: Market;
  let buyerA: Buyer, buyerB: Buyer;
  let shopX: string, shopY: string;
  /** buyerA's order from shop X and from shop Y; buyerB's from shop X. */
  let orderAX: string, orderAY: string, orderBX: string;
  let ownerX: ApiClient, ownerY: ApiClient, serviceX: ApiClient, warehouseX: ApiClient, staff1: ApiClient, staff2: ApiClient, visitor: ApiClient;
  let staff1Id: string, staff2Id: string, ownerXId: string;
  let png: Buffer;

  const signIn = async (login: { identifier: string; password: string }, ip: string) => {
    const c = new ApiClient(t.app, ip);
    assert.equal((await c.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return c;
  };
  const counts = async () => {
    const db = t.ctx.db;
    const n = async (table: 'complaint' | 'complaint_message' | 'media_image') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { complaints: await n('complaint'), messages: await n('complaint_message'), images: await n('media_image') };
  };
  const row = (id: string) => t.ctx.db.selectFrom('complaint').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const file = async (client: ApiClient, bytes: Buffer, type = 'image/png', name = 'evidence.png') => {
    const form = multipart('file', name, type, bytes);
    return client.request('POST', '/api/me/complaint-photos', form.payload, { 'content-type': form.contentType });
  };

  before(async () => {
    t = await createTestApp(database());
    const { db } = t.ctx;
    market = await makeMarket(t);
    [shopX, shopY] = market.shops as [string, string];
    buyerA = await makeBuyer(t);
    buyerB = await makeBuyer(t);
    const placedA = await checkout(t, market, buyerA, [1, 1]);
    const placedB = await checkout(t, market, buyerB, [1, 0]);
    const shopOf = async (orderId: string) => (await db.selectFrom('shop_order').select('shop_id').where('id', '=', orderId).executeTakeFirstOrThrow()).shop_id;
    for (const id of placedA.orderIds) {
      if ((await shopOf(id)) === shopX) orderAX = id;
      else orderAY = id;
    }
    orderBX = placedB.orderIds[0]!;
    const s1 = await makeUser(db, t.clock, { platformRole: 'platform_staff', name: '客服小王' });
    const s2 = await makeUser(db, t.clock, { platformRole: 'platform_admin', name: '客服主管' });
    const cs = await makeUser(db, t.clock, { name: '甲店客服' });
    const wh = await makeUser(db, t.clock);
    await addShopMember(db, t.clock, shopX, cs.id, 'customer_service');
    await addShopMember(db, t.clock, shopX, wh.id, 'warehouse');
    staff1Id = s1.id;
    staff2Id = s2.id;
    ownerXId = market.owners[0]!.id;
    [ownerX, ownerY, serviceX, warehouseX, staff1, staff2] = (await Promise.all(
      [market.owners[0]!, market.owners[1]!, cs, wh, s1, s2].map((u, i) => signIn(u, `10.61.0.${i + 1}`)),
    )) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
    visitor = new ApiClient(t.app, '10.61.1.1');
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc3333' } }).png().toBuffer();
  });
  after(async () => {
    await t.app.close();
  });

  test('a shopper files a complaint about an order with a photo; the platform accepts, investigates, resolves; the shopper rates it and it closes', async () => {
    const photo = await file(buyerA.client, png);
    assert.equal(photo.statusCode, 201, photo.body);
    const res = await buyerA.client.post('/api/me/complaints', {
      orderId: orderAX,
      category: 'quality',
      title: '耳机左耳没有声音',
      description: '收到后左耳完全没有声音，重置也不行。',
      photoIds: [photo.json().id],
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.status, 'submitted');
    assert.equal(c.shop.id, shopX);
    assert.equal(c.orderId, orderAX);
    assert.equal(c.photos.length, 1);
    assert.equal(c.sla.state, 'ok');
    assert.equal(new Date(c.sla.firstResponse.dueAt).getTime() - new Date(c.createdAt).getTime(), 24 * HOUR);
    assert.equal(new Date(c.sla.resolution.dueAt).getTime() - new Date(c.createdAt).getTime(), 72 * HOUR);
    assert.deepEqual(c.actions, ['withdraw']);
    assert.equal(c.order.id, orderAX);

    const accept = await staff1.post(`/api/admin/complaints/${c.id}/accept`, { note: '已受理，正在联系商家' });
    assert.equal(accept.statusCode, 200, accept.body);
    assert.equal(accept.json().status, 'accepted');
    assert.equal(accept.json().assignee.id, staff1Id, 'accepting an unassigned complaint takes it');
    assert.ok(accept.json().sla.firstResponse.stoppedAt);
    assert.equal((await staff1.post(`/api/admin/complaints/${c.id}/investigate`, {})).json().status, 'investigating');
    const resolved = await staff1.post(`/api/admin/complaints/${c.id}/resolve`, { resolution: '商家同意换新并承担运费', outcome: 'upheld' });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.equal(resolved.json().status, 'resolved');

    const seen = (await buyerA.client.get(`/api/me/complaints/${c.id}`)).json();
    assert.equal(seen.resolution, '商家同意换新并承担运费');
    assert.equal(seen.outcome, 'upheld');
    assert.deepEqual(seen.actions, ['feedback']);
    assert.deepEqual(seen.thread.map((m: { action: string }) => m.action), ['submit', 'accept', 'investigate', 'resolve']);
    assert.ok(seen.thread.every((m: { authorRole: string; authorName: string | null }) => m.authorRole === 'shopper' || m.authorName === null), 'shoppers see no staff names');

    const bad = await buyerA.client.post(`/api/me/complaints/${c.id}/feedback`, { rating: 6 });
    assert.equal(bad.statusCode, 400);
    const closed = await buyerA.client.post(`/api/me/complaints/${c.id}/feedback`, { rating: 5, comment: '处理很快' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    assert.equal(closed.json().rating, 5);
    const r = await row(c.id);
    assert.equal(r.closed_by, 'shopper');
    assert.equal(r.auto_close_at, null);

    const again = await buyerA.client.post(`/api/me/complaints/${c.id}/messages`, { body: '还有一个问题' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'COMPLAINT_CLOSED');
    // Closed: the same order and category may be complained about again.
    const next = await buyerA.client.post('/api/me/complaints', { orderId: orderAX, category: 'quality', title: '换新的也有问题', description: '换来的新耳机右耳有杂音' });
    assert.equal(next.statusCode, 201, next.body);
  });

  test('every (status × action) pair through the service: legal moves change the status and write an event; illegal ones are a 409 and change nothing', async () => {
    const { db } = t.ctx;
    const paths: Record<ComplaintStatus, ComplaintAction[]> = {
      submitted: [],
      accepted: ['accept'],
      investigating: ['accept', 'investigate'],
      resolved: ['accept', 'resolve'],
      closed: ['accept', 'resolve', 'feedback'],
      rejected: ['reject'],
      withdrawn: ['withdraw'],
    };
    const actorFor = (action: ComplaintAction): ComplaintActor => {
      const by = COMPLAINT_TRANSITIONS[action].by;
      return by === 'platform' ? { id: staff1Id, role: 'platform' } : by === 'shopper' ? { id: buyerA.userId, role: 'shopper' } : { id: null, role: 'system' };
    };
    const inputs: Partial<Record<ComplaintAction, TransitionInput>> = {
      reject: { reason: '不属于平台受理范围' },
      resolve: { resolution: '已协调商家处理', outcome: 'partly_upheld' },
      feedback: { rating: 4 },
    };
    const apply = (id: string, action: ComplaintAction) =>
      db.transaction().execute((trx) => transitionComplaint(trx, t.clock, timers, id, action, actorFor(action), inputs[action] ?? {}));
    let pairs = 0;
    for (const from of COMPLAINT_STATUSES) {
      for (const action of COMPLAINT_ACTIONS) {
        // A shop of its own for every pair: one open complaint per shop and category.
        const shopId = await makeShop(db, t.clock, ownerXId, { name: `状态机店 ${from} ${action}` });
        const id = await db.transaction().execute((trx) =>
          createComplaint(trx, t.clock, t.ctx.media, timers, buyerA.userId, { shopId, category: 'other', title: '状态机', description: '逐一检查每个状态和动作' }),
        );
        for (const step of paths[from]) await apply(id, step);
        assert.equal((await row(id)).status, from);
        const before = await counts();
        const expected = COMPLAINT_TRANSITIONS[action].moves[from];
        if (expected) {
          assert.equal(await apply(id, action), expected, `${from} ${action}`);
          const after = await row(id);
          assert.equal(after.status, expected);
          const last = await db.selectFrom('complaint_message').selectAll().where('complaint_id', '=', id).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
          assert.deepEqual([last.kind, last.action, last.from_status, last.to_status], ['event', action, from, expected]);
          if (['closed', 'rejected', 'withdrawn'].includes(expected)) assert.ok(after.closed_at);
        } else {
          await assert.rejects(apply(id, action), (e: AppError) => e.code === 'COMPLAINT_STATUS_CONFLICT' && e.status === 409, `${from} ${action}`);
          assert.equal((await row(id)).status, from);
          assert.deepEqual(await counts(), before);
        }
        pairs++;
      }
    }
    assert.equal(pairs, 49);
    // Each action belongs to one party: the shopper cannot accept, the platform cannot rate.
    const id = await db.transaction().execute((trx) =>
      createComplaint(trx, t.clock, t.ctx.media, timers, buyerA.userId, { shopId: shopY, category: 'other', title: '越权', description: '越权操作' }),
    );
    await assert.rejects(
      db.transaction().execute((trx) => transitionComplaint(trx, t.clock, timers, id, 'accept', { id: buyerA.userId, role: 'shopper' })),
      (e: AppError) => e.code === 'FORBIDDEN',
    );
    // Over HTTP the 409 is catalogued: rejecting a complaint that was already accepted.
    await staff1.post(`/api/admin/complaints/${id}/accept`, {});
    const conflict = await staff1.post(`/api/admin/complaints/${id}/reject`, { reason: '重复投诉' });
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.json().error.code, 'COMPLAINT_STATUS_CONFLICT');
    assert.match(conflict.json().error.message, /投诉当前状态/);
    const withdraw = await buyerA.client.post(`/api/me/complaints/${id}/withdraw`, { reason: '已和商家协商解决' });
    assert.equal(withdraw.json().status, 'withdrawn');
    assert.equal((await buyerA.client.post(`/api/me/complaints/${id}/withdraw`, {})).json().error.code, 'COMPLAINT_STATUS_CONFLICT');
  });

  test('access: shoppers see only their own complaints, shops only those about them, shop staff cannot change a status, only platform staff use the queue', async () => {
    const created = await buyerA.client.post('/api/me/complaints', { orderId: orderAY, category: 'logistics', title: '物流三天没更新', description: '物流信息一直停在揽收' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;

    // Shopper B: A's complaint is "not found" for every shopper route; A's order is not B's to complain about.
    for (const res of [
      await buyerB.client.get(`/api/me/complaints/${id}`),
      await buyerB.client.post(`/api/me/complaints/${id}/messages`, { body: '路过' }),
      await buyerB.client.post(`/api/me/complaints/${id}/withdraw`, {}),
      await buyerB.client.post(`/api/me/complaints/${id}/feedback`, { rating: 1 }),
    ]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().error.code, 'COMPLAINT_NOT_FOUND');
    }
    assert.ok(!(await buyerB.client.get('/api/me/complaints')).json().items.some((c: { id: string }) => c.id === id));
    assert.ok((await buyerA.client.get('/api/me/complaints')).json().items.some((c: { id: string }) => c.id === id));

    // Shop X (the complaint is about shop Y): not in its list, not found by id; shop Y's routes are closed to it.
    assert.ok(!(await ownerX.get(`/api/seller/shops/${shopX}/complaints`)).json().items.some((c: { id: string }) => c.id === id));
    const foreign = await ownerX.get(`/api/seller/shops/${shopX}/complaints/${id}`);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.code, 'COMPLAINT_NOT_FOUND');
    assert.equal((await ownerX.post(`/api/seller/shops/${shopX}/complaints/${id}/messages`, { body: '不是我们的' })).statusCode, 404);
    assert.equal((await ownerX.get(`/api/seller/shops/${shopY}/complaints/${id}`)).json().error.code, 'SHOP_NOT_FOUND');
    // Shop Y sees and answers it, but cannot move it.
    const own = await ownerY.get(`/api/seller/shops/${shopY}/complaints/${id}`);
    assert.equal(own.statusCode, 200);
    assert.deepEqual(own.json().actions, []);
    assert.match(own.json().shopper.mobile, /\*{4}/, 'the shopper’s mobile is masked');
    assert.equal((await ownerY.post(`/api/seller/shops/${shopY}/complaints/${id}/messages`, { body: '已催促快递' })).statusCode, 201);
    for (const action of ['accept', 'reject', 'investigate', 'resolve', 'assign']) {
      assert.equal((await ownerY.post(`/api/seller/shops/${shopY}/complaints/${id}/${action}`, {})).statusCode, 404, `no seller route to ${action}`);
      const viaAdmin = await ownerY.post(`/api/admin/complaints/${id}/${action}`, { reason: 'x', resolution: 'x', outcome: 'upheld', assigneeId: null });
      assert.equal(viaAdmin.statusCode, 403, `a shop owner cannot ${action}`);
    }
    assert.equal((await row(id)).status, 'submitted');

    // Non-platform accounts cannot use any admin complaint route.
    const adminRoutes: [string, string][] = [
      ['GET', '/api/admin/complaints'],
      ['GET', '/api/admin/complaints/stats?from=2026-01-01&to=2027-01-01'],
      ['GET', '/api/admin/complaints/staff'],
      ['GET', `/api/admin/complaints/${id}`],
      ...['accept', 'reject', 'investigate', 'resolve', 'assign', 'messages'].map((a): [string, string] => ['POST', `/api/admin/complaints/${id}/${a}`]),
    ];
    for (const [method, url] of adminRoutes) {
      const body = method === 'POST' ? {} : undefined;
      assert.equal((await visitor.request(method as 'GET', url, body)).statusCode, 401, url);
      for (const who of [buyerA.client, ownerX, serviceX]) {
        const res = await who.request(method as 'GET', url, body);
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(res.json().error.code, 'FORBIDDEN');
      }
    }
    assert.equal((await visitor.get('/api/me/complaints')).statusCode, 401);
    assert.equal((await row(id)).status, 'submitted');
  });

  test('the conversation: three parties, photos, roles that may reply, assignment to platform staff only', async () => {
    const created = await buyerB.client.post('/api/me/complaints', { orderId: orderBX, category: 'service_attitude', title: '客服态度差', description: '问了三次都没人回复' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;

    // Shop X staff: customer service replies; warehouse reads but may not reply.
    assert.equal((await warehouseX.get(`/api/seller/shops/${shopX}/complaints/${id}`)).statusCode, 200);
    const wh = await warehouseX.post(`/api/seller/shops/${shopX}/complaints/${id}/messages`, { body: '仓库' });
    assert.equal(wh.statusCode, 403);
    const cs = await serviceX.post(`/api/seller/shops/${shopX}/complaints/${id}/messages`, { body: '非常抱歉，已安排专人跟进' });
    assert.equal(cs.statusCode, 201, cs.body);
    assert.equal((await row(id)).first_responded_at, null, 'a shop reply is not the platform’s first response');

    // A platform message is the first response; the status stays.
    t.clock.advance(30 * MINUTE);
    const pm = await staff1.post(`/api/admin/complaints/${id}/messages`, { body: '平台已收到，会督促商家处理' });
    assert.equal(pm.statusCode, 201, pm.body);
    assert.equal(pm.json().status, 'submitted');
    assert.equal(pm.json().sla.firstResponse.state, 'ok');
    assert.ok(pm.json().sla.firstResponse.stoppedAt);

    const photo = await file(buyerB.client, png);
    const withPhoto = await buyerB.client.post(`/api/me/complaints/${id}/messages`, { body: '', photoIds: [photo.json().id] });
    assert.equal(withPhoto.statusCode, 201, withPhoto.body);
    // Someone else's picture cannot be attached.
    const foreignPhoto = await buyerA.client.post(`/api/me/complaints/${(await buyerA.client.get('/api/me/complaints?status=open')).json().items[0].id}/messages`, { body: '看图', photoIds: [photo.json().id] });
    assert.equal(foreignPhoto.json().error.code, 'COMPLAINT_PHOTO_INVALID');
    assert.equal((await buyerB.client.post(`/api/me/complaints/${id}/messages`, { body: '   ' })).json().error.code, 'COMPLAINT_MESSAGE_INVALID');

    const mine = (await buyerB.client.get(`/api/me/complaints/${id}`)).json();
    const messages = mine.thread.filter((m: { kind: string }) => m.kind === 'message');
    assert.deepEqual(messages.map((m: { authorRole: string }) => m.authorRole), ['shop', 'platform', 'shopper']);
    assert.deepEqual(messages.map((m: { mine: boolean }) => m.mine), [false, false, true]);
    assert.equal(messages[2].photos.length, 1);
    const asShop = (await ownerX.get(`/api/seller/shops/${shopX}/complaints/${id}`)).json();
    assert.equal(asShop.thread.find((m: { authorRole: string }) => m.authorRole === 'shop').authorName, '甲店客服');
    assert.equal(asShop.thread.find((m: { authorRole: string; kind: string }) => m.authorRole === 'platform' && m.kind === 'message').authorName, null);
    const asPlatform = (await staff2.get(`/api/admin/complaints/${id}`)).json();
    assert.equal(asPlatform.thread.find((m: { authorRole: string; kind: string }) => m.authorRole === 'platform' && m.kind === 'message').authorName, '客服小王');

    // Assignment: to platform staff only.
    const notStaff = await staff1.post(`/api/admin/complaints/${id}/assign`, { assigneeId: ownerXId });
    assert.equal(notStaff.statusCode, 400);
    assert.equal(notStaff.json().error.code, 'COMPLAINT_ASSIGNEE_INVALID');
    const assigned = await staff1.post(`/api/admin/complaints/${id}/assign`, { assigneeId: staff2Id });
    assert.equal(assigned.json().assignee.id, staff2Id);
    assert.ok(assigned.json().thread.some((m: { action: string | null; body: string }) => m.action === 'assign' && m.body === '客服主管'), 'the platform sees assignments');
    for (const view of [(await buyerB.client.get(`/api/me/complaints/${id}`)).json(), (await ownerX.get(`/api/seller/shops/${shopX}/complaints/${id}`)).json()]) {
      assert.ok(!view.thread.some((m: { action: string | null }) => m.action === 'assign'), 'shoppers and shops do not');
      assert.ok(!JSON.stringify(view).includes('客服主管'), 'nor the assignee’s name');
    }
    assert.ok((await staff2.get('/api/admin/complaints?assignee=me')).json().items.some((c: { id: string }) => c.id === id));
    assert.ok(!(await staff2.get('/api/admin/complaints?assignee=none')).json().items.some((c: { id: string }) => c.id === id));
    assert.ok(!(await staff1.get('/api/admin/complaints?assignee=me')).json().items.some((c: { id: string }) => c.id === id));
    const accepted = await staff1.post(`/api/admin/complaints/${id}/accept`, {});
    assert.equal(accepted.json().assignee.id, staff2Id, 'accepting keeps the assignee');
    const staffList = (await staff1.get('/api/admin/complaints/staff')).json().items.map((s: { id: string }) => s.id);
    assert.ok(staffList.includes(staff1Id) && staffList.includes(staff2Id) && !staffList.includes(ownerXId));
    // Filters: shop, category, status.
    const filtered = (await staff1.get(`/api/admin/complaints?shopId=${shopX}&category=service_attitude&status=accepted`)).json();
    assert.deepEqual(filtered.items.map((c: { id: string }) => c.id), [id]);
    assert.equal(filtered.statusCounts.accepted, 1);
  });

  test('bad input is a catalogued 4xx and writes nothing', async () => {
    const start = await counts();
    const post = (body: Record<string, unknown>) => buyerA.client.post('/api/me/complaints', body);
    const base = { orderId: orderAX, category: 'description_mismatch', title: '颜色不对', description: '图片是黑色，收到是灰色' };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, category: 'bad_mood' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, orderId: orderBX }, 404, 'ORDER_NOT_FOUND'],
      [{ ...base, orderId: 'ord_nothing' }, 404, 'ORDER_NOT_FOUND'],
      [{ ...base, orderId: orderAX, shopId: shopY }, 404, 'ORDER_NOT_FOUND'],
      [{ ...base, orderId: undefined }, 400, 'COMPLAINT_TARGET_REQUIRED'],
      [{ ...base, orderId: undefined, shopId: 'shp_nothing' }, 404, 'SHOP_NOT_FOUND'],
      [{ ...base, title: '长'.repeat(61) }, 400, 'COMPLAINT_TITLE_INVALID'],
      [{ ...base, title: '长'.repeat(500) }, 400, 'VALIDATION_FAILED'],
      [{ ...base, title: '  ' }, 400, 'COMPLAINT_TITLE_INVALID'],
      [{ ...base, description: '字'.repeat(2001) }, 400, 'COMPLAINT_DESCRIPTION_INVALID'],
      [{ ...base, photoIds: ['img_not_mine'] }, 400, 'COMPLAINT_PHOTO_INVALID'],
      [{ ...base, photoIds: Array.from({ length: 10 }, (_, i) => `img_${i}`) }, 400, 'VALIDATION_FAILED'],
      [{ ...base, extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      assert.equal(res.statusCode, status, `${code}: ${res.body}`);
      assert.equal(res.json().error.code, code);
      assert.ok(res.json().error.message);
    }
    // Pictures: not an image, a disguised script, too large.
    const html = await file(buyerA.client, Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg', 'x.jpg');
    assert.equal(html.statusCode, 400);
    assert.equal(html.json().error.code, 'IMAGE_INVALID');
    const text = await file(buyerA.client, Buffer.from('just text'), 'text/plain', 'notes.txt');
    assert.equal(text.json().error.code, 'IMAGE_INVALID');
    const big = await file(buyerA.client, Buffer.alloc(11 * 1024 * 1024, 7), 'image/jpeg', 'big.jpg');
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.code, 'IMAGE_TOO_LARGE');
    // Uploads handed to the service (the storefront form): one bad file among good ones stores nothing.
    for (const [uploads, code] of [
      [[png, Buffer.from('%PDF-1.4 not a picture')], 'IMAGE_INVALID'],
      [[png, Buffer.alloc(10 * 1024 * 1024 + 1, 1)], 'IMAGE_TOO_LARGE'],
      [Array.from({ length: 10 }, () => png), 'COMPLAINT_TOO_MANY_PHOTOS'],
    ] as const) {
      await assert.rejects(
        t.ctx.db.transaction().execute((trx) => createComplaint(trx, t.clock, t.ctx.media, timers, buyerA.userId, { ...base, uploads: [...uploads] })),
        (e: AppError) => e.code === code && e.status >= 400 && e.status < 500,
        code,
      );
    }
    assert.deepEqual(await counts(), start, 'nothing written');

    // One open complaint per order and category; two at once make one.
    const racers = await Promise.all([post(base), post(base)]);
    assert.deepEqual(racers.map((r) => r.statusCode).sort(), [201, 409]);
    assert.equal(racers.find((r) => r.statusCode === 409)!.json().error.code, 'COMPLAINT_DUPLICATE');
    assert.equal((await post({ ...base, category: 'fake_goods' })).statusCode, 201, 'another category is another complaint');
  });

  test('SLA on a fake clock: ok → due soon → breached; the sweep job marks breaches and auto-closes, and running it twice changes nothing', async () => {
    const { db } = t.ctx;
    const worker = new JobWorker({ db, registry: t.ctx.jobs, clock: t.clock, workerId: 'complaints-test' });
    const runSweepJob = async () => {
      await worker.scheduleRecurring();
      await enqueueJob(db, t.clock, { kind: COMPLAINT_SWEEP_JOB });
      while ((await worker.runDueJobs(100)) > 0);
    };
    const created = await buyerA.client.post('/api/me/complaints', { shopId: shopY, category: 'service_attitude', title: '店铺不回消息', description: '咨询了一天没人回复' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    const state = async () => (await staff1.get(`/api/admin/complaints/${id}`)).json().sla.state as string;
    const inQueue = async (sla: string) => (await staff1.get(`/api/admin/complaints?sla=${sla}&pageSize=100`)).json().items.some((c: { id: string }) => c.id === id);

    assert.equal(await state(), 'ok');
    assert.ok(await inQueue('ok'));
    t.clock.advance(20 * HOUR + MINUTE);
    assert.equal(await state(), 'due_soon');
    assert.ok(await inQueue('due_soon'));
    assert.ok(!(await inQueue('ok')));
    t.clock.advance(4 * HOUR);
    assert.equal(await state(), 'breached');
    assert.ok(await inQueue('breached'));
    const queue = (await staff1.get('/api/admin/complaints?status=submitted&pageSize=100')).json();
    assert.ok(queue.slaCounts.breached >= 1);
    // Sorted by deadline: the overdue one comes before those with time left.
    const dues = queue.items.map((c: { sla: { nextDueAt: string } }) => new Date(c.sla.nextDueAt).getTime());
    assert.deepEqual(dues, [...dues].sort((a, b) => a - b));

    assert.equal((await row(id)).first_response_breached, false);
    await runSweepJob();
    const marked = await row(id);
    assert.equal(marked.first_response_breached, true);
    assert.equal(marked.resolution_breached, false);
    await runSweepJob();
    assert.deepEqual(await row(id), marked, 'a second run changes nothing');
    assert.deepEqual(await db.transaction().execute((trx) => sweepComplaints(trx, t.clock, timers)), { firstResponseBreached: 0, resolutionBreached: 0, autoClosed: 0 });

    // Answered late: still breached afterwards; the resolution clock runs on and breaches at 72 h.
    const accepted = (await staff1.post(`/api/admin/complaints/${id}/accept`, {})).json();
    assert.equal(accepted.sla.state, 'breached');
    assert.equal(accepted.sla.firstResponse.state, 'breached');
    assert.equal(accepted.sla.resolution.state, 'ok');
    t.clock.advance(48 * HOUR);
    await runSweepJob();
    assert.equal((await row(id)).resolution_breached, true);

    // Auto-close N days after the resolution without feedback — once.
    const resolved = (await staff1.post(`/api/admin/complaints/${id}/resolve`, { resolution: '已提醒商家及时回复', outcome: 'partly_upheld' })).json();
    assert.equal(resolved.status, 'resolved');
    assert.equal(new Date(resolved.autoCloseAt).getTime() - t.clock.now().getTime(), timers.autoCloseMs);
    t.clock.advance(timers.autoCloseMs - MINUTE);
    await runSweepJob();
    assert.equal((await row(id)).status, 'resolved');
    t.clock.advance(2 * MINUTE);
    await runSweepJob();
    const closed = await row(id);
    assert.equal(closed.status, 'closed');
    assert.equal(closed.closed_by, 'system');
    await runSweepJob();
    assert.deepEqual(await row(id), closed);
    const events = await db.selectFrom('complaint_message').select('action').where('complaint_id', '=', id).where('action', '=', 'auto_close').execute();
    assert.equal(events.length, 1);
    assert.equal((await buyerA.client.post(`/api/me/complaints/${id}/feedback`, { rating: 3 })).json().error.code, 'COMPLAINT_STATUS_CONFLICT');
  });

  test('the queue’s SLA filter (SQL) and the SLA shown per complaint (rules) agree', async () => {
    const now = t.clock.now();
    const all = await listComplaints(t.ctx.db, now, timers, { role: 'platform', userId: staff1Id }, { page: 1, pageSize: 100 });
    assert.ok(all.total >= 10);
    for (const sla of ['ok', 'due_soon', 'breached'] as const) {
      const filtered = await listComplaints(t.ctx.db, now, timers, { role: 'platform', userId: staff1Id }, { sla, page: 1, pageSize: 100 });
      const expected = all.items.filter((c) => c.sla.state === sla).map((c) => c.id).sort();
      assert.deepEqual(filtered.items.map((c) => c.id).sort(), expected, sla);
    }
    for (const r of await t.ctx.db.selectFrom('complaint').selectAll().execute()) {
      const shown = all.items.find((c) => c.id === r.id)!;
      assert.equal(shown.sla.state, complaintSla(r, now, timers).state);
    }
  });

  test('statistics on known data: by category, status and shop; breach rate; median times', async () => {
    const { db } = t.ctx;
    t.clock.advance(2 * HOUR);
    const from = t.clock.now();
    const make = (buyer: Buyer, shopId: string, category: string) =>
      db.transaction().execute((trx) => createComplaint(trx, t.clock, t.ctx.media, timers, buyer.userId, { shopId, category, title: `统计 ${category}`, description: '统计用' }));
    const platformAct = (id: string, action: ComplaintAction, input: TransitionInput = {}) =>
      db.transaction().execute((trx) => transitionComplaint(trx, t.clock, timers, id, action, { id: staff1Id, role: 'platform' }, input));
    const c1 = await make(buyerA, shopX, 'quality');
    t.clock.advance(10 * MINUTE);
    const c2 = await make(buyerA, shopX, 'logistics');
    t.clock.advance(10 * MINUTE);
    const c3 = await make(buyerB, shopX, 'quality');
    t.clock.advance(10 * MINUTE);
    const c4 = await make(buyerB, shopY, 'fake_goods');
    const to = new Date(from.getTime() + HOUR);
    t.clock.set(new Date(from.getTime() + HOUR)); // c1 answered after 1 h
    await platformAct(c1, 'accept');
    t.clock.set(new Date(from.getTime() + 2 * HOUR + 10 * MINUTE)); // c2 answered (a message) after 2 h
    await db.transaction().execute((trx) => postComplaintMessage(trx, t.clock, t.ctx.media, c2, { id: staff1Id, role: 'platform' }, { body: '已收到' }));
    t.clock.set(new Date(from.getTime() + 3 * HOUR));
    await platformAct(c2, 'accept');
    t.clock.set(new Date(from.getTime() + 5 * HOUR)); // c1 resolved after 5 h
    await platformAct(c1, 'resolve', { resolution: '退款', outcome: 'upheld' });
    t.clock.set(new Date(from.getTime() + 10 * HOUR + 10 * MINUTE)); // c2 resolved after 10 h
    await platformAct(c2, 'resolve', { resolution: '补发', outcome: 'not_upheld' });
    t.clock.set(new Date(from.getTime() + 30 * HOUR + 20 * MINUTE)); // c3 refused after 30 h: first response late
    await platformAct(c3, 'reject', { reason: '证据不足' });
    // c4 is never answered: overdue by now.

    const stats = await complaintStats(db, t.clock.now(), timers, { from, to });
    assert.equal(stats.total, 4);
    assert.equal(stats.breached, 2);
    assert.equal(stats.slaBreachRate, 0.5);
    assert.equal(stats.medianFirstResponseMs, 2 * HOUR, 'median of 1 h, 2 h, 30 h');
    assert.equal(stats.medianResolutionMs, 7.5 * HOUR, 'median of 5 h and 10 h');
    assert.equal(stats.responded, 3);
    assert.equal(stats.resolved, 2);
    const byCategory = Object.fromEntries(stats.byCategory.map((c) => [c.category, c.count]));
    assert.deepEqual(byCategory, { quality: 2, description_mismatch: 0, service_attitude: 0, logistics: 1, fake_goods: 1, other: 0 });
    const byStatus = Object.fromEntries(stats.byStatus.map((s) => [s.status, s.count]));
    assert.deepEqual(byStatus, { submitted: 1, accepted: 0, investigating: 0, resolved: 2, closed: 0, rejected: 1, withdrawn: 0 });
    assert.deepEqual(stats.topShops.map((s) => [s.shopId, s.count, s.breached]), [[shopX, 3, 1], [shopY, 1, 1]]);
    assert.deepEqual(Object.fromEntries(stats.byOutcome.map((o) => [o.outcome, o.count])), { upheld: 1, partly_upheld: 0, not_upheld: 1 });
    assert.equal(stats.byDay.reduce((s, d) => s + d.count, 0), 4);

    const api = await staff2.get(`/api/admin/complaints/stats?from=${from.toISOString()}&to=${to.toISOString()}`);
    assert.equal(api.statusCode, 200, api.body);
    assert.equal(api.json().total, 4);
    assert.equal(api.json().slaBreachRate, 0.5);
    assert.equal(api.json().medianFirstResponseMs, 2 * HOUR);
    const empty = await staff2.get(`/api/admin/complaints/stats?from=${to.toISOString()}&to=${from.toISOString()}`);
    assert.equal(empty.statusCode, 400);
  });
});
