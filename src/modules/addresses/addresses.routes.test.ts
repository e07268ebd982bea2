import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { getAddressForCheckout, MAX_ADDRESSES_PER_USER } from './addresses.service.ts';

describeEachDatabase('addresses API', (database) => {
  let t: TestApp;
  let ip = 0;
  let alice: ApiClient, bob: ApiClient, visitor: ApiClient;
  let aliceId: string;

  const signIn = async (login: { identifier: string; password: string }) => {
    ip += 1;
    const c = new ApiClient(t.app, `10.30.${Math.floor(ip / 200)}.${(ip % 200) + 1}`);
    const res = await c.post('/api/auth/login', { identifier: login.identifier, password: login.password });
    assert.equal(res.statusCode, 200, res.body);
    return c;
  };
  const newShopper = async () => {
    const u = await makeUser(t.ctx.db, t.clock);
    return { id: u.id, client: await signIn(u) };
  };
  /** 深圳市南山区 by default. */
  const body = (overrides: Record<string, unknown> = {}) => ({
    recipient: '张三',
    mobile: '13800138000',
    provinceCode: '440000',
    cityCode: '440300',
    districtCode: '440305',
    street: '粤海街道',
    detail: '科技园路 1 号 A 座 101',
    tag: '公司',
    ...overrides,
  });
  const defaults = async (userId: string) =>
    (await t.ctx.db.selectFrom('address').select('id').where('user_id', '=', userId).where('is_default', '=', true).execute()).map((r) => r.id);
  const count = async (userId: string) => (await t.ctx.db.selectFrom('address').select('id').where('user_id', '=', userId).execute()).length;

  before(async () => {
    t = await createTestApp(database());
    const a = await newShopper();
    aliceId = a.id;
    alice = a.client;
    bob = (await newShopper()).client;
    visitor = new ApiClient(t.app, '10.30.250.1');
  });
  after(async () => {
    await t.app.close();
  });

  test('regions: the whole tree, one level for a picker, cacheable; municipalities read sensibly', async () => {
    const tree = await visitor.get('/api/regions');
    assert.equal(tree.statusCode, 200);
    assert.equal(tree.headers['cache-control'], 'public, max-age=86400');
    const provinces = tree.json().items as { code: string; name: string; children: { code: string; name: string; children: unknown[] }[] }[];
    assert.equal(provinces.length, 31);
    const guangdong = provinces.find((p) => p.code === '440000')!;
    assert.equal(guangdong.name, '广东省');
    assert.ok(guangdong.children.find((c) => c.code === '440300')!.children.length > 5);

    const root = await visitor.get('/api/regions?parent=root');
    assert.equal(root.json().items.length, 31);
    assert.deepEqual(root.json().items[0], { code: '110000', name: '北京市' });
    assert.deepEqual((await visitor.get('/api/regions?parent=110000')).json().items, [{ code: '110100', name: '北京市' }]);
    const districts = await visitor.get('/api/regions?parent=440300');
    assert.ok(districts.json().items.some((d: { name: string }) => d.name === '南山区'));
    assert.equal(districts.headers['cache-control'], 'public, max-age=86400');
    assert.deepEqual((await visitor.get('/api/regions?parent=440305')).json().items, [], 'a district has no children');

    assert.equal((await visitor.get('/api/regions?parent=999999')).json().error.code, 'REGION_INVALID');
    assert.equal((await visitor.get('/api/regions?parent=abc')).json().error.code, 'VALIDATION_FAILED');
    assert.equal((await visitor.get('/api/regions?depth=2')).json().error.code, 'VALIDATION_FAILED');
  });

  test('visitors cannot reach the address book', async () => {
    assert.equal((await visitor.get('/api/me/addresses')).statusCode, 401);
    assert.equal((await visitor.post('/api/me/addresses', body())).statusCode, 401);
  });

  test('create: the first address is the default; names come from the codes; mobile normalised', async () => {
    const created = await alice.post('/api/me/addresses', body({ mobile: '+86 138 0013 8000' }));
    assert.equal(created.statusCode, 201, created.body);
    const a = created.json();
    assert.equal(a.isDefault, true);
    assert.equal(a.mobile, '+8613800138000');
    assert.deepEqual([a.provinceName, a.cityName, a.districtName], ['广东省', '深圳市', '南山区']);
    assert.equal(a.fullAddress, '广东省深圳市南山区粤海街道科技园路 1 号 A 座 101');
    assert.equal(a.tag, '公司');

    const beijing = await alice.post('/api/me/addresses', body({ provinceCode: '110000', cityCode: '110100', districtCode: '110105', street: null, detail: '建国路 88 号', tag: '家' }));
    assert.equal(beijing.statusCode, 201, beijing.body);
    assert.equal(beijing.json().isDefault, false);
    assert.equal(beijing.json().cityName, '北京市');
    assert.equal(beijing.json().street, null);
    assert.equal(beijing.json().fullAddress, '北京市朝阳区建国路 88 号');

    const list = (await alice.get('/api/me/addresses')).json();
    assert.equal(list.max, 20);
    assert.deepEqual(list.items.map((i: { id: string }) => i.id), [a.id, beijing.json().id], 'the default first');
    assert.equal((await alice.get(`/api/me/addresses/${a.id}`)).json().recipient, '张三');
  });

  test('bad input → catalogued 4xx, nothing written', async () => {
    const before = await count(aliceId);
    const cases: [Record<string, unknown>, string][] = [
      [body({ mobile: '12345678901' }), 'MOBILE_INVALID'],
      [body({ mobile: '021-88886666' }), 'MOBILE_INVALID'],
      [body({ provinceCode: '990000' }), 'REGION_INVALID'],
      [body({ districtCode: '440399' }), 'REGION_INVALID'],
      [body({ cityCode: '440100' }), 'REGION_MISMATCH'],
      [body({ provinceCode: '330000' }), 'REGION_MISMATCH'],
      [body({ provinceCode: '44' }), 'VALIDATION_FAILED'],
      [body({ recipient: '' }), 'VALIDATION_FAILED'],
      [body({ recipient: '张'.repeat(21) }), 'VALIDATION_FAILED'],
      [body({ detail: '1' }), 'VALIDATION_FAILED'],
      [body({ detail: '号'.repeat(101) }), 'VALIDATION_FAILED'],
      [body({ tag: '宿舍' }), 'VALIDATION_FAILED'],
      [body({ provinceName: '火星' }), 'VALIDATION_FAILED'],
      [body({ userId: 'usr_someone_else' }), 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await alice.post('/api/me/addresses', payload);
      assert.equal(res.json().error?.code, code, JSON.stringify(payload));
      assert.ok(res.statusCode >= 400 && res.statusCode < 500);
    }
    const first = (await alice.get('/api/me/addresses')).json().items[0];
    const put = await alice.request('PUT', `/api/me/addresses/${first.id}`, body({ cityCode: '440100' }));
    assert.equal(put.json().error.code, 'REGION_MISMATCH');
    assert.equal(await count(aliceId), before);
    assert.equal((await alice.get(`/api/me/addresses/${first.id}`)).json().cityName, '深圳市', 'unchanged');
  });

  test('default: exactly one; a new default unsets the old; deleting the default promotes the newest', async () => {
    const { id: userId, client } = await newShopper();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      ids.push((await client.post('/api/me/addresses', body({ recipient: `收件人${i}` }))).json().id);
    }
    assert.deepEqual(await defaults(userId), [ids[0]]);

    t.clock.advance(1000);
    const fourth = await client.post('/api/me/addresses', body({ recipient: '新默认', isDefault: true }));
    assert.equal(fourth.json().isDefault, true);
    ids.push(fourth.json().id);
    assert.deepEqual(await defaults(userId), [ids[3]]);

    assert.equal((await client.post(`/api/me/addresses/${ids[1]}/default`)).statusCode, 204);
    assert.deepEqual(await defaults(userId), [ids[1]]);
    assert.equal((await client.post(`/api/me/addresses/${ids[1]}/default`)).statusCode, 204, 'again: no change');
    assert.deepEqual(await defaults(userId), [ids[1]]);

    const edited = await client.request('PUT', `/api/me/addresses/${ids[2]}`, body({ recipient: '改过', isDefault: true }));
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().recipient, '改过');
    assert.deepEqual(await defaults(userId), [ids[2]]);
    const notUndefaulted = await client.request('PUT', `/api/me/addresses/${ids[2]}`, body({ isDefault: false }));
    assert.equal(notUndefaulted.json().isDefault, true, 'false does not leave the book without a default');

    assert.equal((await client.request('DELETE', `/api/me/addresses/${ids[0]}`)).statusCode, 204);
    assert.deepEqual(await defaults(userId), [ids[2]], 'deleting another address keeps the default');
    assert.equal((await client.request('DELETE', `/api/me/addresses/${ids[2]}`)).statusCode, 204);
    assert.deepEqual(await defaults(userId), [ids[3]], 'the newest remaining becomes the default');
    await client.request('DELETE', `/api/me/addresses/${ids[3]}`);
    assert.deepEqual(await defaults(userId), [ids[1]]);
    await client.request('DELETE', `/api/me/addresses/${ids[1]}`);
    assert.equal(await count(userId), 0);
    const fresh = await client.post('/api/me/addresses', body());
    assert.equal(fresh.json().isDefault, true, 'an empty book starts over with a default');
  });

  test("another user's address is 404 ADDRESS_NOT_FOUND everywhere, and nothing leaks or changes", async () => {
    const mine = (await alice.get('/api/me/addresses')).json().items[0];
    const attempts = [
      bob.get(`/api/me/addresses/${mine.id}`),
      bob.request('PUT', `/api/me/addresses/${mine.id}`, body({ recipient: '偷改' })),
      bob.post(`/api/me/addresses/${mine.id}/default`),
      bob.request('DELETE', `/api/me/addresses/${mine.id}`),
      bob.get('/api/me/addresses/adr_does_not_exist'),
    ];
    for (const res of await Promise.all(attempts)) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().error.code, 'ADDRESS_NOT_FOUND');
      assert.ok(!res.body.includes('张三') && !res.body.includes('13800138000'));
    }
    assert.ok(!(await bob.get('/api/me/addresses')).body.includes(mine.id));
    const still = (await alice.get(`/api/me/addresses/${mine.id}`)).json();
    assert.equal(still.recipient, mine.recipient);
    assert.equal(still.isDefault, mine.isDefault);
  });

  test('25 creates at once for an empty book: exactly 20 exist, one default; the 21st is refused', async () => {
    const { id: userId, client } = await newShopper();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => client.post('/api/me/addresses', body({ recipient: `并发${i}` }))));
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [...Array(20).fill(201), ...Array(5).fill(409)]);
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'ADDRESS_LIMIT_REACHED');
    assert.equal(await count(userId), MAX_ADDRESSES_PER_USER);
    assert.equal((await defaults(userId)).length, 1);

    const again = await client.post('/api/me/addresses', body());
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'ADDRESS_LIMIT_REACHED');
    assert.match(again.json().error.message, /20/);
    assert.equal(await count(userId), 20);
  });

  test('an Idempotency-Key makes a retried create add one address', async () => {
    const { id: userId, client } = await newShopper();
    const headers = { 'idempotency-key': 'addr-create-1' };
    const first = await client.post('/api/me/addresses', body(), headers);
    const second = await client.post('/api/me/addresses', body(), headers);
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().id, first.json().id);
    assert.equal(await count(userId), 1);
  });

  test('getAddressForCheckout: a snapshot for the order; only the owner’s', async () => {
    const mine = (await alice.get('/api/me/addresses')).json().items[0];
    const snapshot = await getAddressForCheckout(t.ctx.db, aliceId, mine.id);
    assert.deepEqual(snapshot, {
      recipient: mine.recipient,
      mobile: '+8613800138000',
      provinceCode: mine.provinceCode,
      province: mine.provinceName,
      cityCode: mine.cityCode,
      city: mine.cityName,
      districtCode: mine.districtCode,
      district: mine.districtName,
      street: mine.street,
      detail: mine.detail,
    });
    const other = await makeUser(t.ctx.db, t.clock);
    await assert.rejects(getAddressForCheckout(t.ctx.db, other.id, mine.id), (e: { code?: string }) => e.code === 'ADDRESS_NOT_FOUND');
  });
});
