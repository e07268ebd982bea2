/**
 * The demo mall's agreements (first versions, in force from the seed), the acceptance every demo
 * account gave at "registration", two announcements and three home banners. The user agreement
 * follows the 电商平台服务协议 the mall was specified from, rewritten for shoppers.
 */
import type { Trx } from '../db/database.ts';
import { DAY } from '../shared/clock.ts';
import type { AgreementKind } from '../modules/content/content.tables.ts';

const USER_AGREEMENT = `集市用户协议

欢迎使用集市。本协议是您与集市平台运营方（以下简称“平台”）之间关于使用集市服务的约定。请您在注册前仔细阅读本协议，特别是以粗体或下划线标注的免除或限制责任条款。

# 第一条 协议目的

1.1 平台通过其运营的电子商务平台，为用户提供商品展示、搜索、下单、支付、物流查询和售后等服务。
1.2 商家通过平台开设店铺，展示和销售其合法持有的商品。商品由商家销售，平台自营商品另有标注。

# 第二条 双方的责任

2.1 平台的责任：提供稳定的技术支持和服务，保障用户正常使用；提供在线支付、物流查询等支持服务；及时处理用户的投诉和纠纷。
2.2 用户的责任：提供真实、合法的注册信息；遵守平台公布的规则；妥善保管账号和密码，不将账号转让或出借他人。

# 第三条 交易

3.1 商品的价格、库存和说明以下单时页面显示为准，订单提交并付款后成立。
3.2 用户可依法享受七天无理由退货等权利，具体以商品页面标注和平台售后规则为准。

# 第四条 个人信息保护

4.1 平台依照《个人信息保护法》和《集市隐私政策》收集、使用和保护您的个人信息。
4.2 未经您的同意，平台不会向第三方提供您的个人信息，法律法规另有规定的除外。

# 第五条 协议变更

5.1 平台修改本协议时，将至少提前七日在平台公示修改后的内容。
5.2 修改后的协议生效后，您再次登录时需要阅读并同意新版本；如不同意，可以停止使用平台服务，已成立的订单仍按原协议履行。

# 第六条 协议终止

6.1 您可以随时申请注销账号，注销后本协议终止。
6.2 您严重违反本协议的，平台可以暂停或终止向您提供服务。`;

const PRIVACY_POLICY = `集市隐私政策

我们非常重视您的个人信息和隐私保护。本政策说明我们收集哪些信息、为什么收集、如何使用和保护，以及您享有的权利。

# 一、我们收集的信息

1. 注册信息：手机号或邮箱、昵称、密码（仅保存不可逆的摘要）。
2. 交易信息：收货地址、订单、支付结果（我们不保存银行卡号）。
3. 安全信息：登录时间、IP 地址和设备信息，用于账号安全和防范欺诈。

# 二、可选授权

营销消息和个性化推荐与注册相互独立，默认关闭，您可以随时在账号设置中开启或关闭。关闭个性化推荐后，我们向您展示不针对个人特征的内容。

# 三、信息的共享

为完成交易，我们会把收货人、联系电话和地址提供给您下单的商家和承运的快递公司；除此之外，未经您同意我们不会向第三方提供您的个人信息。

# 四、您的权利

您可以查阅、复制、更正您的个人信息，撤回同意，或申请注销账号。

# 五、政策的更新

本政策更新时，我们会至少提前七日公示；新版本生效后您再次登录时需要阅读并同意。`;

const MERCHANT_AGREEMENT = `集市商家服务协议

本协议是平台与在集市开设店铺的商家之间关于平台服务的约定，由店铺主账号代表商家签署。

# 第一条 商品管理

1.1 商家有权根据自身需要，在平台上设置商品信息、价格和促销活动等内容。
1.2 平台有权对商家上架的商品进行审核和管理，确保商品信息的真实性和合法性。

# 第二条 交易行为

2.1 商家应当遵守平台发布的交易规则，不得进行虚假宣传、刷单炒信等行为。
2.2 平台根据市场情况和运营需要调整服务费率、结算周期等规则时，将至少提前七日公示。

# 第三条 结算

平台按类目佣金率扣除服务费后，在订单完成并超过售后期后将货款结算给商家。

# 第四条 协议变更与终止

修改后的协议生效后，商家再次登录时需要阅读并同意；不同意的，可以按原协议的条件申请退出平台。`;

export const DEMO_AGREEMENTS: { kind: AgreementKind; id: string; title: string; body: string }[] = [
  { kind: 'user_agreement', id: 'agv_demo_user_1', title: '集市用户协议', body: USER_AGREEMENT },
  { kind: 'privacy_policy', id: 'agv_demo_privacy_1', title: '集市隐私政策', body: PRIVACY_POLICY },
  { kind: 'merchant_service_agreement', id: 'agv_demo_merchant_1', title: '集市商家服务协议', body: MERCHANT_AGREEMENT },
];

/**
 * Agreements in force from `now`, accepted at registration by every demo account (the merchant
 * agreement by the shop owners too), plus announcements and banners.
 */
export async function seedContent(trx: Trx, now: Date, accounts: { userId: string; ownsShop: boolean }[], adminId: string): Promise<void> {
  await trx
    .insertInto('agreement_version')
    .values(
      DEMO_AGREEMENTS.map((a) => ({
        id: a.id,
        agreement_id: `agr_${a.kind}`,
        version: 1,
        title: a.title,
        summary: '',
        body: a.body,
        status: 'published' as const,
        created_by: adminId,
        created_at: now,
        updated_at: now,
        published_at: now,
        published_by: adminId,
        effective_at: now,
      })),
    )
    .execute();
  const acceptances = accounts.flatMap((account, i) =>
    DEMO_AGREEMENTS.filter((a) => a.kind !== 'merchant_service_agreement' || account.ownsShop).map((a, j) => ({
      id: `acc_demo_${String(i).padStart(3, '0')}_${j}`,
      user_id: account.userId,
      agreement_id: `agr_${a.kind}`,
      version_id: a.id,
      accepted_at: now,
      ip: '127.0.0.1',
      user_agent: 'jishi seed --demo',
      via: 'registration' as const,
    })),
  );
  await trx.insertInto('agreement_acceptance').values(acceptances).execute();

  await trx
    .insertInto('announcement')
    .values([
      {
        id: 'ann_demo_01',
        title: '集市试运营公告',
        body: '集市多商户商城开始试运营。试运营期间所有支付均通过沙箱网关完成，不会产生真实扣款。\n\n欢迎通过“我的 - 建议箱”告诉我们您的意见。',
        audience: 'all',
        pinned: true,
        publish_at: new Date(now.getTime() - 2 * DAY),
        expire_at: null,
        created_by: adminId,
        created_at: now,
        updated_at: now,
      },
      {
        id: 'ann_demo_02',
        title: '关于春节期间物流安排的通知',
        body: '春节期间部分快递公司暂停揽收，商家发货时间以商品页说明为准，自提点照常营业。',
        audience: 'storefront',
        pinned: false,
        publish_at: new Date(now.getTime() - DAY),
        expire_at: null,
        created_by: adminId,
        created_at: now,
        updated_at: now,
      },
      {
        id: 'ann_demo_03',
        title: '商家结算说明',
        body: '订单确认收货且售后期结束后，货款按类目佣金率扣除服务费，于 T+7 结算到可提现余额。',
        audience: 'merchants',
        pinned: false,
        publish_at: new Date(now.getTime() - DAY),
        expire_at: null,
        created_by: adminId,
        created_at: now,
        updated_at: now,
      },
    ])
    .execute();

  await trx
    .insertInto('banner')
    .values([
      { id: 'bnr_demo_01', title: '数码焕新季', subtitle: '耳机、音箱、智能设备 新品上架', image_url: null, link_url: '/search?q=耳机', theme: 'blue', sort: 1, start_at: now, end_at: null, created_at: now, updated_at: now },
      { id: 'bnr_demo_02', title: '集市自营 正品保障', subtitle: '自营商品 次日达', image_url: null, link_url: '/search?self=1', theme: 'red', sort: 2, start_at: now, end_at: null, created_at: now, updated_at: now },
      { id: 'bnr_demo_03', title: '家居好物', subtitle: '把家收拾得舒舒服服', image_url: null, link_url: '/search?q=收纳', theme: 'green', sort: 3, start_at: now, end_at: null, created_at: now, updated_at: now },
    ])
    .execute();
}
