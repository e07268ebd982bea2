import { type RouteConfig, index, layout, prefix, route } from '@react-router/dev/routes';

export default [
  // Storefront (shoppers): one layout with header, category menu, footer and the mobile tab bar.
  layout('routes/store/layout.tsx', [
    index('routes/store/home.tsx'),
    route('search', 'routes/store/search.tsx'),
    route('category', 'routes/store/category.tsx'),
    // The clean URLs of src/shared/web-paths.ts (sitemaps point here).
    route('categories/:categoryId', 'routes/store/category-listing.tsx'),
    route('products/:productId', 'routes/store/product.tsx'),
    route('shops/:shopId', 'routes/store/shop.tsx'),
    route('cart', 'routes/store/cart.tsx'),
    route('me', 'routes/store/me.tsx'),
    // Buying: checkout, the 收银台 and its result page, orders, the address book and the balance (signed in).
    route('checkout', 'routes/store/checkout.tsx'),
    route('pay/:paymentOrderId', 'routes/store/pay.tsx'),
    route('pay/:paymentOrderId/result', 'routes/store/pay-result.tsx'),
    route('me/wallet', 'routes/store/wallet.tsx'),
    route('me/security', 'routes/store/security.tsx'),
    // 注销账号 (from 账号安全 and from the agreement prompt's 不同意).
    route('me/close-account', 'routes/store/close-account.tsx'),
    route('me/orders', 'routes/store/orders.tsx'),
    route('me/orders/:orderId', 'routes/store/order-detail.tsx'),
    route('me/addresses', 'routes/store/addresses.tsx'),
    route('me/addresses/new', 'routes/store/address-edit.tsx', { id: 'address-new' }),
    route('me/addresses/:addressId', 'routes/store/address-edit.tsx', { id: 'address-edit' }),
    // 我的投诉: the list, 投诉商家 (from an order or a shop) and a complaint with its conversation.
    route('me/complaints', 'routes/store/complaints.tsx'),
    route('me/complaints/new', 'routes/store/complaint-new.tsx'),
    route('me/complaints/:complaintId', 'routes/store/complaint-detail.tsx'),
    // 退款/售后: my requests, 申请售后 (?orderId=&lineId=) and one request with its progress and conversation.
    route('me/after-sales', 'routes/store/after-sales.tsx'),
    route('me/after-sales/new', 'routes/store/after-sales-new.tsx'),
    route('me/after-sales/:requestId', 'routes/store/after-sales-detail.tsx'),
    // 消息中心: order paid / shipped / refunded messages (站内消息).
    route('me/messages', 'routes/store/messages.tsx'),
    // 我要开店: what it takes and the application's status; the step-by-step application form.
    route('open-shop', 'routes/store/open-shop.tsx'),
    route('open-shop/apply', 'routes/store/open-shop-apply.tsx'),
    route('login', 'routes/store/login.tsx'),
    route('register', 'routes/store/register.tsx'),
    route('terms', 'routes/store/legal.tsx', { id: 'terms' }),
    route('privacy', 'routes/store/legal.tsx', { id: 'privacy' }),
    // Agreements (协议更新 after login, the merchant agreement), announcements (公告) and the 建议箱.
    route('merchant-agreement', 'routes/store/legal.tsx', { id: 'merchant-agreement' }),
    route('agreements/accept', 'routes/store/agreements-accept.tsx'),
    route('announcements', 'routes/store/announcements.tsx'),
    route('announcements/:announcementId', 'routes/store/announcement-detail.tsx'),
    route('me/suggestions', 'routes/store/suggestions.tsx'),
  ]),

  // Form targets without a page of their own.
  route('lang', 'routes/lang.ts'),
  route('logout', 'routes/logout.ts'),

  // 商家后台: /seller picks the shop, everything else is per shop.
  route('seller', 'routes/seller/pick-shop.tsx'),
  route('seller/:shopId', 'routes/seller/layout.tsx', [
    index('routes/seller/overview.tsx'),
    route('products', 'routes/seller/products.tsx'),
    route('products/new', 'routes/seller/product-new.tsx'),
    route('products/:productId/edit', 'routes/seller/product-edit.tsx'),
    route('orders', 'routes/seller/orders.tsx'),
    // 批量发货 (Excel import) and 核销 (pickup codes).
    route('orders/import', 'routes/seller/ship-import.tsx'),
    route('orders/:orderId', 'routes/seller/order-detail.tsx'),
    route('pickup', 'routes/seller/pickup-verify.tsx'),
    route('logistics', 'routes/seller/logistics.tsx'),
    route('logistics/templates/new', 'routes/seller/shipping-template.tsx', { id: 'shipping-template-new' }),
    route('logistics/templates/:templateId', 'routes/seller/shipping-template.tsx', { id: 'shipping-template-edit' }),
    route('logistics/pickup-points/new', 'routes/seller/pickup-point.tsx', { id: 'pickup-point-new' }),
    route('logistics/pickup-points/:pointId', 'routes/seller/pickup-point.tsx', { id: 'pickup-point-edit' }),
    route('finance', 'routes/seller/finance.tsx'),
    route('complaints', 'routes/seller/complaints.tsx'),
    route('complaints/:complaintId', 'routes/seller/complaint-detail.tsx'),
    route('after-sales', 'routes/seller/after-sales.tsx'),
    route('after-sales/:requestId', 'routes/seller/after-sales-detail.tsx'),
    route('staff', 'routes/seller/staff.tsx'),
    route('shop', 'routes/seller/shop-settings.tsx'),
    // 协议与退出: the merchant service agreement, 不同意 → leaving on the old terms, closing the shop (owner).
    route('agreement', 'routes/seller/agreement.tsx'),
    route(':section', 'routes/seller/section.tsx'),
  ]),

  // 平台后台
  ...prefix('admin', [
    layout('routes/admin/layout.tsx', [
      index('routes/admin/overview.tsx'),
      route('applications', 'routes/admin/applications.tsx'),
      route('applications/:applicationId', 'routes/admin/application-detail.tsx'),
      route('shops', 'routes/admin/shops.tsx'),
      route('product-review', 'routes/admin/product-review.tsx'),
      route('product-review/:productId', 'routes/admin/product-review-detail.tsx'),
      route('catalog', 'routes/admin/catalog.tsx'),
      route('orders', 'routes/admin/orders.tsx'),
      route('orders/:orderId', 'routes/admin/order-detail.tsx'),
      route('finance', 'routes/admin/finance.tsx'),
      route('complaints', 'routes/admin/complaints.tsx'),
      route('complaints/stats', 'routes/admin/complaint-stats.tsx'),
      route('complaints/:complaintId', 'routes/admin/complaint-detail.tsx'),
      // 售后仲裁: the arbitration queue (and every request, ?view=all) and one request with the ruling.
      route('disputes', 'routes/admin/disputes.tsx'),
      route('disputes/:requestId', 'routes/admin/dispute-detail.tsx'),
      route('audit-log', 'routes/admin/audit-log.tsx'),
      route('settings', 'routes/admin/settings.tsx'),
      route('staff', 'routes/admin/staff.tsx'),
      // 内容 (announcements, banners, home grid, agreements) and the 建议箱 queue.
      route('content', 'routes/admin/content.tsx'),
      route('suggestions', 'routes/admin/suggestions.tsx'),
      route(':section', 'routes/admin/section.tsx'),
    ]),
  ]),
] satisfies RouteConfig;
