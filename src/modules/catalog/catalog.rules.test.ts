import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSkuSpecs, nextStatus, specKey, specMatrix } from './catalog.rules.ts';
import { AppError } from '../../http/errors.ts';
import { sanitizeRichText } from './sanitize.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};

test('specMatrix: 2 colours × 3 sizes gives 6 combinations in reading order', () => {
  const combos = specMatrix([
    { name: '颜色', values: ['黑色', '白色'] },
    { name: '尺码', values: ['S', 'M', 'L'] },
  ]);
  assert.equal(combos.length, 6);
  assert.deepEqual(combos[0], { 颜色: '黑色', 尺码: 'S' });
  assert.deepEqual(combos[5], { 颜色: '白色', 尺码: 'L' });
  assert.deepEqual(specMatrix([]), [{}]);
});

test('specMatrix refuses empty, repeated or blank values and repeated names', () => {
  assert.equal(code(() => specMatrix([{ name: '颜色', values: [] }])), 'SPEC_INVALID');
  assert.equal(code(() => specMatrix([{ name: '颜色', values: ['黑', '黑'] }])), 'SPEC_INVALID');
  assert.equal(code(() => specMatrix([{ name: '颜色', values: [' '] }])), 'SPEC_INVALID');
  assert.equal(code(() => specMatrix([{ name: '颜色', values: ['黑'] }, { name: '颜色', values: ['白'] }])), 'SPEC_INVALID');
});

test('specKey is canonical whatever the key order', () => {
  assert.equal(specKey({ 颜色: '黑', 尺码: 'L' }), specKey({ 尺码: 'L', 颜色: '黑' }));
});

test('checkSkuSpecs: duplicate combination, unknown value, missing dimension', () => {
  const dims = [{ name: '颜色', values: ['黑', '白'] }, { name: '尺码', values: ['S', 'M'] }];
  assert.equal(code(() => checkSkuSpecs(dims, [{ 颜色: '黑', 尺码: 'S' }, { 尺码: 'S', 颜色: '黑' }])), 'SPEC_DUPLICATE');
  assert.equal(code(() => checkSkuSpecs(dims, [{ 颜色: '红', 尺码: 'S' }])), 'SPEC_INVALID');
  assert.equal(code(() => checkSkuSpecs(dims, [{ 颜色: '黑' }])), 'SPEC_INVALID');
  assert.equal(code(() => checkSkuSpecs(dims, [{ 颜色: '黑', 尺码: 'S' }, { 颜色: '白', 尺码: 'M' }])), 'no error');
});

test('the review flow, every (status × action) pair', () => {
  const statuses = ['draft', 'pending_review', 'on_sale', 'rejected', 'off_shelf'] as const;
  const actions = ['submit', 'approve', 'reject', 'take_off_shelf', 'force_off_shelf', 'edit'] as const;
  const legal: Record<string, string> = {
    'draft submit': 'pending_review', 'rejected submit': 'pending_review', 'off_shelf submit': 'pending_review',
    'pending_review approve': 'on_sale', 'pending_review reject': 'rejected',
    'on_sale take_off_shelf': 'off_shelf', 'pending_review take_off_shelf': 'off_shelf', 'on_sale force_off_shelf': 'off_shelf',
    'draft edit': 'draft', 'rejected edit': 'rejected', 'off_shelf edit': 'off_shelf', 'on_sale edit': 'pending_review', 'pending_review edit': 'pending_review',
  };
  for (const from of statuses) {
    for (const action of actions) {
      const expected = legal[`${from} ${action}`];
      if (expected) assert.equal(nextStatus(from, action), expected, `${from} ${action}`);
      else assert.equal(code(() => nextStatus(from, action)), 'PRODUCT_STATUS_CONFLICT', `${from} ${action}`);
    }
  }
});

test('D3: the rich-text sanitiser keeps formatting and drops every script vector', () => {
  assert.equal(sanitizeRichText('<p>纯棉 <strong>A类</strong></p><ul><li>透气</li></ul>'), '<p>纯棉 <strong>A类</strong></p><ul><li>透气</li></ul>');
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onmouseover="alert(1)">x</div>',
    '<body onload=alert(1)>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<<script>script>alert(1)<</script>/script>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus=alert(1)>',
    '<details open ontoggle=alert(1)>',
    '<img src=/media/ok.webp onload=alert(1)>',
  ];
  for (const vector of vectors) {
    const clean = sanitizeRichText(vector);
    assert.doesNotMatch(clean, /<script|javascript:|onerror|onload|onmouseover|onfocus|ontoggle|<iframe|<svg|<object|<form|<input|style=|data:/i, `${vector} → ${clean}`);
  }
  assert.equal(sanitizeRichText('<img src="/media/a/1-800.webp" alt="图">'), '<img src="/media/a/1-800.webp" alt="图">');
  assert.match(sanitizeRichText('<a href="https://example.cn/x">链接</a>'), /rel="noopener nofollow"/);
});
