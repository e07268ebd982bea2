import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree } from '../../testing/catalog-fixtures.ts';
import { DAY, HOUR, MINUTE } from '../../shared/clock.ts';
import { LIMITS, SUGGESTION_STATUSES, SUGGESTION_TRANSITIONS, checkLink, inWindow } from './content.rules.ts';
import { AppError } from '../../http/errors.ts';

test('banner links: site paths and https only; pictures from /media/ or https', () => {
  assert.equal(checkLink('/categories/cat_1', 'BANNER_LINK_INVALID'), '/categories/cat_1');
  assert.equal(checkLink('https://example.com/a?b=1', 'BANNER_LINK_INVALID'), 'https://example.com/a?b=1');
  assert.equal(checkLink('', 'BANNER_LINK_INVALID'), '');
  for (const bad of ['javascript:alert(1)', '//evil.example/x', 'http://example.com', 'data:text/html,hi', '/a b', '/x"onmouseover=1']) {
    assert.throws(() => checkLink(bad, 'BANNER_LINK_INVALID'), (e: AppError) => e.code === 'BANNER_LINK_INVALID', bad);
  }
  assert.equal(checkLink('/media/ab/cd-800.webp', 'BANNER_IMAGE_INVALID'), '/media/ab/cd-800.webp');
  assert.throws(() => checkLink('/etc/passwd', 'BANNER_IMAGE_INVALID'), (e: AppError) => e.code === 'BANNER_IMAGE_INVALID');
  const now = new Date('2026-12-01T00:00:00Z');
  assert.equal(inWindow(now, null, now), true);
  assert.equal(inWindow(new Date(now.getTime() - 1), now, now), false, 'the end is exclusive');
  // closed is final; every other status can reach closed.
  assert.deepEqual(SUGGESTION_TRANSITIONS.closed, []);
  for (const s of SUGGESTION_STATUSES.filter((x) => x !== 'closed')) assert.ok(SUGGESTION_TRANSITIONS[s].includes('closed'), s);
});

describeEachDatabase('announcements, banners, home grid and the suggestion box', (database) => {
  let t: TestApp;
  let staff: ApiClient, shopper: ApiClient, shopper2: ApiClient, merchant: ApiClient, visitor: ApiClient;
  let shopId = '';
  let cats: Awaited<ReturnType<typeof makeCategoryTree>>;

  const signIn = async (u: { identifier: string; password: string }, ip: string) => {
    const c = new ApiClient(t.app, ip);
    assert.equal((await c.post('/api/auth/login', { identifier: u.identifier, password: u.password })).statusCode, 200);
    return c;
  };
  const count = async (table: 'announcement' | 'banner' | 'home_category_grid' | 'suggestion') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const iso = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

  before(async () => {
    t = await createTestApp(database());
    const db = t.ctx.db;
    const s = await makeUser(db, t.clock, { platformRole: 'platform_staff', name: '运营小李' });
    const a = await makeUser(db, t.clock, { name: '小张' });
    const b = await makeUser(db, t.clock, { name: '小王' });
    const m = await makeUser(db, t.clock, { name: '店主' });
    shopId = await makeShop(db, t.clock, m.id, { name: '建议测试店' });
    cats = await makeCategoryTree(db);
    staff = await signIn(s, '10.81.0.1');
    shopper = await signIn(a, '10.81.0.2');
    shopper2 = await signIn(b, '10.81.0.3');
    merchant = await signIn(m, '10.81.0.4');
    visitor = new ApiClient(t.app, '10.81.0.9');
  });
  after(async () => {
    await t.app.close();
  });

  test('announcements show by schedule and audience, pinned first; merchants’ ones stay in the seller console', async () => {
    const post = async (body: Record<string, unknown>) => {
      const res = await staff.post('/api/admin/announcements', body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const old = await post({ title: '双十一物流延迟说明', body: '部分地区快递延迟 1–2 天。', audience: 'storefront' });
    t.clock.advance(MINUTE);
    const pinned = await post({ title: '平台服务升级公告', body: '12 月 3 日凌晨升级。', audience: 'all', pinned: true });
    t.clock.advance(MINUTE);
    const merchants = await post({ title: '商家结算周期调整', body: '结算周期调整为 T+7。', audience: 'merchants' });
    const later = await post({ title: '元旦活动预告', body: '元旦大促即将开始。', audience: 'storefront', publishAt: iso(2 * HOUR) });
    const short = await post({ title: '限时通知', body: '今晚维护。', audience: 'storefront', expireAt: iso(HOUR) });

    const list = (await visitor.get('/api/announcements')).json();
    assert.deepEqual(
      list.items.map((a: { id: string }) => a.id),
      [pinned, short, old],
      'pinned first, then newest; the merchants’ and the scheduled one are not shown',
    );
    assert.equal((await visitor.get(`/api/announcements/${merchants}`)).statusCode, 404);
    assert.equal((await visitor.get(`/api/announcements/${later}`)).json().error.code, 'ANNOUNCEMENT_NOT_FOUND');
    const seller = (await merchant.get(`/api/seller/shops/${shopId}/announcements`)).json();
    assert.deepEqual(seller.items.map((a: { id: string }) => a.id), [pinned, merchants]);
    assert.equal((await shopper.get(`/api/seller/shops/${shopId}/announcements`)).statusCode, 404, 'not a member');

    t.clock.advance(2 * HOUR);
    const afterwards = (await visitor.get('/api/announcements')).json().items.map((a: { id: string }) => a.id);
    assert.deepEqual(afterwards, [pinned, later, old], 'the scheduled one is up, the short one expired');

    const admin = (await staff.get('/api/admin/announcements')).json();
    const states = Object.fromEntries(admin.items.map((a: { id: string; state: string }) => [a.id, a.state]));
    assert.equal(states[short], 'expired');
    assert.equal(states[later], 'active');

    assert.equal((await staff.post(`/api/admin/announcements/${old}/withdraw`)).statusCode, 204);
    assert.ok(!(await visitor.get('/api/announcements')).json().items.some((a: { id: string }) => a.id === old));
    assert.equal((await staff.get('/api/admin/announcements')).json().items.find((a: { id: string }) => a.id === old).state, 'expired', 'kept on record');
  });

  test('bad announcements are catalogued 4xx and write nothing; shoppers cannot post them', async () => {
    const before = await count('announcement');
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '', body: 'x', audience: 'all' }, 'ANNOUNCEMENT_TITLE_INVALID'],
      [{ title: 'x'.repeat(LIMITS.announcementTitle + 1), body: 'x', audience: 'all' }, 'ANNOUNCEMENT_TITLE_INVALID'],
      [{ title: 'x', body: '  ', audience: 'all' }, 'ANNOUNCEMENT_BODY_INVALID'],
      [{ title: 'x', body: 'y', audience: 'everyone' }, 'VALIDATION_FAILED'],
      [{ title: 'x', body: 'y', audience: 'all', publishAt: iso(HOUR), expireAt: iso(HOUR) }, 'CONTENT_SCHEDULE_INVALID'],
      [{ title: 'x', body: 'y', audience: 'all', expireAt: 'tomorrow' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await staff.post('/api/admin/announcements', body);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${code}: ${res.statusCode}`);
      assert.equal(res.json().error.code, code, JSON.stringify(body));
    }
    assert.equal((await shopper.post('/api/admin/announcements', { title: 'x', body: 'y', audience: 'all' })).statusCode, 403);
    assert.equal((await staff.request('PUT', '/api/admin/announcements/ann_nope', { title: 'x', body: 'y', audience: 'all' })).json().error.code, 'ANNOUNCEMENT_NOT_FOUND');
    assert.equal(await count('announcement'), before);
  });

  test('banners and the category grid show by schedule; without a grid the home page falls back', async () => {
    const home0 = (await visitor.get('/api/home')).json();
    assert.deepEqual(home0, { banners: [], categories: null });
    const banner = async (body: Record<string, unknown>) => {
      const res = await staff.post('/api/admin/banners', body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const b2 = await banner({ title: '年货节', subtitle: '满 199 减 30', linkUrl: '/search?q=年货', theme: 'red', sort: 2 });
    const b1 = await banner({ title: '数码焕新季', linkUrl: `/categories/${cats.digital}`, imageUrl: '/media/banners/digital-800.webp', theme: 'blue', sort: 1 });
    const bLater = await banner({ title: '春季上新', startAt: iso(DAY), endAt: iso(10 * DAY) });
    const bEnding = await banner({ title: '今日特惠', endAt: iso(HOUR), sort: 3 });
    const home1 = (await visitor.get('/api/home')).json();
    assert.deepEqual(home1.banners.map((b: { id: string }) => b.id), [b1, b2, bEnding]);
    assert.equal(home1.banners[0].imageUrl, '/media/banners/digital-800.webp');

    const before = await count('banner');
    for (const [body, code] of [
      [{ title: 'x', linkUrl: 'javascript:alert(1)' }, 'BANNER_LINK_INVALID'],
      [{ title: 'x', imageUrl: 'http://insecure.example/a.png' }, 'BANNER_IMAGE_INVALID'],
      [{ title: '' }, 'BANNER_TITLE_INVALID'],
      [{ title: 'x', startAt: iso(DAY), endAt: iso(0) }, 'CONTENT_SCHEDULE_INVALID'],
      [{ title: 'x', theme: 'neon' }, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await staff.post('/api/admin/banners', body);
      assert.equal(res.json().error.code, code, JSON.stringify(body));
    }
    assert.equal(await count('banner'), before);

    const grid = await staff.post('/api/admin/home-grids', { name: '默认金刚区', categoryIds: [cats.fashion, cats.digital, cats.earphones] });
    assert.equal(grid.statusCode, 201, grid.body);
    const holiday = await staff.post('/api/admin/home-grids', { name: '春节', categoryIds: [cats.dresses], startAt: iso(DAY), endAt: iso(3 * DAY) });
    assert.equal(holiday.statusCode, 201);
    assert.deepEqual((await visitor.get('/api/home')).json().categories.map((c: { id: string }) => c.id), [cats.fashion, cats.digital, cats.earphones]);
    for (const [ids, code] of [
      [[], 'HOME_GRID_CATEGORIES_INVALID'],
      [[cats.digital, cats.digital], 'HOME_GRID_CATEGORIES_INVALID'],
      [['cat_missing'], 'HOME_GRID_CATEGORIES_INVALID'],
    ] as const) {
      const res = await staff.post('/api/admin/home-grids', { name: 'x', categoryIds: ids });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, code);
    }

    t.clock.advance(DAY + MINUTE);
    const home2 = (await visitor.get('/api/home')).json();
    assert.deepEqual(home2.banners.map((b: { id: string }) => b.id), [bLater, b1, b2], 'the spring banner started (sort 0), today’s deal ended');
    assert.deepEqual(home2.categories.map((c: { id: string }) => c.id), [cats.dresses], 'the later-started grid wins while it runs');
    t.clock.advance(2 * DAY);
    assert.equal((await visitor.get('/api/home')).json().categories.length, 3, 'and the default comes back after it');
    assert.equal((await staff.request('DELETE', `/api/admin/banners/${b2}`)).statusCode, 204);
    assert.equal((await staff.request('DELETE', `/api/admin/banners/${b2}`)).json().error.code, 'BANNER_NOT_FOUND');
  });

  test('shoppers and merchants send suggestions; the platform reviews, adopts with a reply and closes them', async () => {
    const mine = await shopper.post('/api/me/suggestions', { category: 'feature', body: '希望订单页可以按店铺筛选。' });
    assert.equal(mine.statusCode, 201, mine.body);
    const id = mine.json().id;
    const shops = await merchant.post(`/api/seller/shops/${shopId}/suggestions`, { category: 'rules', body: '希望结算周期可以缩短到 T+3。' });
    assert.equal(shops.statusCode, 201, shops.body);
    assert.equal((await shopper2.post(`/api/seller/shops/${shopId}/suggestions`, { category: 'rules', body: 'x' })).statusCode, 404, 'not a member');

    const queue = (await staff.get('/api/admin/suggestions?status=open')).json();
    assert.equal(queue.total, 2);
    assert.equal(queue.items[0].id, id, 'oldest first');
    assert.equal(queue.items[1].shop.name, '建议测试店');
    assert.equal(queue.counts.new, 2);
    assert.equal((await staff.get('/api/admin/suggestions?role=merchant')).json().total, 1);

    const adoptBare = await staff.post(`/api/admin/suggestions/${id}/process`, { status: 'adopted' });
    assert.equal(adoptBare.statusCode, 400);
    assert.equal(adoptBare.json().error.code, 'SUGGESTION_REPLY_REQUIRED');
    assert.equal((await staff.post(`/api/admin/suggestions/${id}/process`, { status: 'reviewing' })).statusCode, 200);
    const adopt = await staff.post(`/api/admin/suggestions/${id}/process`, { status: 'adopted', reply: '感谢建议，已排入下个版本。' });
    assert.equal(adopt.statusCode, 200, adopt.body);
    const seen = (await shopper.get('/api/me/suggestions')).json().items[0];
    assert.equal(seen.status, 'adopted');
    assert.equal(seen.reply, '感谢建议，已排入下个版本。');
    assert.deepEqual((await shopper2.get('/api/me/suggestions')).json().items, [], 'nobody else’s');
    assert.equal((await merchant.get(`/api/seller/shops/${shopId}/suggestions`)).json().items[0].body, '希望结算周期可以缩短到 T+3。');

    assert.equal((await staff.post(`/api/admin/suggestions/${id}/process`, { status: 'closed' })).statusCode, 200);
    const reopen = await staff.post(`/api/admin/suggestions/${id}/process`, { status: 'reviewing' });
    assert.equal(reopen.statusCode, 409);
    assert.equal(reopen.json().error.code, 'SUGGESTION_STATUS_CONFLICT');
    const late = await staff.post(`/api/admin/suggestions/${id}/process`, { reply: '补充一句' });
    assert.equal(late.json().error.code, 'SUGGESTION_STATUS_CONFLICT', 'a closed suggestion takes no more answers');
    assert.equal((await staff.post('/api/admin/suggestions/sug_nope/process', { status: 'closed' })).json().error.code, 'SUGGESTION_NOT_FOUND');
    assert.equal((await shopper.post(`/api/admin/suggestions/${id}/process`, { status: 'closed' })).statusCode, 403);
  });

  test('suggestion input is checked, and one account sends at most 10 a day', async () => {
    const before = await count('suggestion');
    const empty = await shopper2.post('/api/me/suggestions', { category: 'other', body: '   ' });
    assert.equal(empty.json().error.code, 'SUGGESTION_BODY_INVALID');
    const long = await shopper2.post('/api/me/suggestions', { category: 'other', body: '长'.repeat(LIMITS.suggestionBody + 1) });
    assert.equal(long.json().error.code, 'SUGGESTION_BODY_INVALID');
    const category = await shopper2.post('/api/me/suggestions', { category: 'spam', body: 'x' });
    assert.equal(category.json().error.code, 'VALIDATION_FAILED');
    assert.equal((await visitor.post('/api/me/suggestions', { category: 'other', body: 'x' })).statusCode, 401);
    assert.equal(await count('suggestion'), before);

    for (let i = 0; i < LIMITS.suggestionsPerDay; i++) {
      assert.equal((await shopper2.post('/api/me/suggestions', { category: 'experience', body: `建议 ${i}` })).statusCode, 201);
    }
    const over = await shopper2.post('/api/me/suggestions', { category: 'experience', body: '再来一条' });
    assert.equal(over.statusCode, 429);
    assert.equal(over.json().error.code, 'SUGGESTION_TOO_MANY');
    t.clock.advance(DAY + MINUTE);
    assert.equal((await shopper2.post('/api/me/suggestions', { category: 'experience', body: '第二天' })).statusCode, 201);
  });
});
