import type { SubOrder, Trade } from './sandbox.gateway.ts';
import { PAY_PAGE_PREFIX } from './sandbox.protocol.ts';

/**
 * The hosted pay page (收银台) of the sandbox gateway: plain server-rendered HTML, inline CSS, a few
 * lines of script for the countdown, two buttons. Everything shown is escaped.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** ¥1,234.50 from fen, exactly (no floating point). */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function timeLeftText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f2f4f7;color:#1f2329}
.top{background:#1677ff;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;align-items:center}
.top b{font-size:16px}.top span{font-size:12px;background:rgba(255,255,255,.2);border-radius:10px;padding:1px 8px}
main{max-width:480px;margin:0 auto;padding:16px}
.box{background:#fff;border-radius:12px;padding:20px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.merchant{color:#646a73;font-size:13px;text-align:center}
.amount{font-size:36px;font-weight:600;text-align:center;margin:6px 0 2px;letter-spacing:.5px}
.subject{text-align:center;color:#1f2329;word-break:break-all}
.timer{text-align:center;color:#f54a45;font-size:13px;margin-top:8px}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;margin:0;font-size:13px}
dt{color:#8f959e}dd{margin:0;text-align:right;word-break:break-all;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
h2{font-size:14px;margin:0 0 10px;color:#646a73;font-weight:500}
.split{display:flex;justify-content:space-between;gap:12px;padding:8px 0;border-top:1px solid #f0f1f2;font-size:13px}
.split:first-of-type{border-top:0}.split small{display:block;color:#8f959e}
button{display:block;width:100%;border:0;border-radius:8px;padding:13px;font-size:16px;cursor:pointer;margin-top:10px;font-family:inherit}
.ok{background:#00b96b;color:#fff}.ok:active{background:#00a15d}
.bad{background:#fff;color:#f54a45;border:1px solid #f54a45}
button:disabled{background:#c9cdd4;color:#fff;border-color:#c9cdd4;cursor:not-allowed}
details{font-size:13px;color:#646a73;margin-top:14px}summary{cursor:pointer}
select{width:100%;margin-top:8px;padding:8px;border:1px solid #d0d3d6;border-radius:6px;font:inherit;background:#fff}
.note{font-size:12px;color:#8f959e;text-align:center;margin-top:12px}
.result{text-align:center;padding:32px 20px}.result .icon{font-size:44px;line-height:1}
.result h1{font-size:20px;margin:12px 0 6px}.result p{color:#646a73;margin:0 0 16px}
a.btn{display:inline-block;padding:10px 22px;border-radius:8px;background:#1677ff;color:#fff;text-decoration:none;margin:4px}
a.btn.light{background:#fff;color:#1677ff;border:1px solid #1677ff}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · 集市沙箱支付</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><b>集市沙箱支付</b><span>沙箱环境 · 不会真实扣款</span></header>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface PayPageInput {
  trade: Trade;
  subOrders: SubOrder[];
  merchantName: string;
  now: Date;
}

export function renderPayPage({ trade, subOrders, merchantName, now }: PayPageInput): string {
  const leftMs = trade.expires_at.getTime() - now.getTime();
  const action = `${PAY_PAGE_PREFIX}/${encodeURIComponent(trade.id)}`;
  const splits = subOrders.length
    ? `<section class="box"><h2>分账子单（${subOrders.length}）</h2>${subOrders
        .map((s) => `<div class="split"><div>${escapeHtml(s.description)}<small>子商户 ${escapeHtml(s.sub_mch_id)} · ${escapeHtml(s.out_sub_trade_no)}</small></div><div>${yuanText(s.amount_fen)}</div></div>`)
        .join('')}</section>`
    : '';
  return layout(
    '收银台',
    `<section class="box">
  <div class="merchant">${escapeHtml(merchantName)}</div>
  <div class="amount" data-amount>${yuanText(trade.amount_fen)}</div>
  <div class="subject">${escapeHtml(trade.subject)}</div>
  <div class="timer">剩余支付时间 <b id="left" data-left="${Math.max(0, Math.floor(leftMs / 1000))}">${timeLeftText(leftMs)}</b></div>
</section>
${splits}
<section class="box">
  <dl>
    <dt>商户订单号</dt><dd>${escapeHtml(trade.out_trade_no)}</dd>
    <dt>交易号</dt><dd>${escapeHtml(trade.id)}</dd>
  </dl>
</section>
<section class="box">
  <form method="post" action="${action}/pay">
    <button class="ok" type="submit">支付成功</button>
    <details>
      <summary>沙箱测试选项（异步通知）</summary>
      <select name="notify_mode" aria-label="通知方式">
        <option value="default">按商户设置（默认）</option>
        <option value="normal">正常通知一次</option>
        <option value="duplicate">重复通知 3 次</option>
        <option value="reorder">乱序：先发退款通知</option>
        <option value="delay">延迟 30 秒通知</option>
        <option value="never">不发送通知（只能主动查询）</option>
      </select>
    </details>
  </form>
  <form method="post" action="${action}/fail">
    <button class="bad" type="submit">支付失败</button>
  </form>
  <p class="note">这是模拟收银台：不需要也不会收集任何银行卡信息。</p>
</section>
<script>
(function () {
  var el = document.getElementById('left');
  var left = Number(el.getAttribute('data-left'));
  var started = Date.now();
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var s = Math.max(0, left - Math.floor((Date.now() - started) / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    el.textContent = (h ? h + ':' : '') + pad(m) + ':' + pad(s % 60);
    if (s === 0) {
      el.textContent = '已超时';
      var buttons = document.querySelectorAll('button');
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
</script>`,
  );
}

export interface ResultPageInput {
  title: string;
  message: string;
  icon: '✓' | '✕' | '!';
  links?: { href: string; label: string; light?: boolean }[];
}

export function renderResultPage({ title, message, icon, links = [] }: ResultPageInput): string {
  const color = icon === '✓' ? '#00b96b' : icon === '✕' ? '#f54a45' : '#ff8800';
  return layout(
    title,
    `<section class="box result">
  <div class="icon" style="color:${color}">${icon}</div>
  <h1>${escapeHtml(title)}</h1>
  <p>${escapeHtml(message)}</p>
  ${links.map((l) => `<a class="btn${l.light ? ' light' : ''}" href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join('\n  ')}
</section>`,
  );
}
