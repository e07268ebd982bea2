/**
 * Every error code the API can answer with: HTTP status plus a message in zh-CN and en.
 * `{name}` placeholders are filled from the error's params. docs/errors.md is generated
 * from this table (`npm run docs:errors`) and a test keeps the two in step.
 */
export const errorCatalogue = {
  // request shape
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确：{detail}', en: 'The request is invalid: {detail}' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  // authentication and access
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in first' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You do not have permission to do this' },
  CSRF_REJECTED: { status: 403, zh: '请求来源校验失败，请刷新页面后重试', en: 'The request failed its origin check; reload the page and try again' },
  INVALID_CREDENTIALS: { status: 401, zh: '账号或密码错误', en: 'Wrong account or password' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  LOGIN_THROTTLED: { status: 429, zh: '尝试次数过多，请 {minutes} 分钟后再试', en: 'Too many attempts; try again in {minutes} minutes' },
  MOBILE_INVALID: { status: 400, zh: '请输入有效的中国大陆手机号', en: 'Enter a valid mainland China mobile number' },
  EMAIL_INVALID: { status: 400, zh: '请输入有效的邮箱地址', en: 'Enter a valid email address' },
  IDENTIFIER_INVALID: { status: 400, zh: '请输入手机号或邮箱', en: 'Enter a mobile number or an email address' },
  PASSWORD_TOO_SHORT: { status: 400, zh: '密码至少 {min} 位', en: 'The password must have at least {min} characters' },
  PASSWORD_TOO_LONG: { status: 400, zh: '密码最多 {max} 位', en: 'The password must have at most {max} characters' },
  PASSWORD_TOO_COMMON: { status: 400, zh: '密码过于常见，请换一个更安全的密码', en: 'This password is too common; choose a safer one' },
  PASSWORD_WRONG: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  ACCOUNT_EXISTS: { status: 409, zh: '该手机号或邮箱已注册', en: 'An account with this mobile number or email already exists' },
  // idempotency
  IDEMPOTENCY_KEY_INVALID: { status: 400, zh: 'Idempotency-Key 格式不正确（1–255 个可见字符）', en: 'The Idempotency-Key must be 1–255 visible characters' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, zh: '此操作需要 Idempotency-Key 请求头', en: 'This operation needs an Idempotency-Key header' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '同一个 Idempotency-Key 不能用于不同的请求', en: 'This Idempotency-Key was used for a different request' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, zh: '相同的请求正在处理中，请稍后重试', en: 'The same request is still being processed; retry shortly' },
  // shops
  SHOP_NOT_FOUND: { status: 404, zh: '店铺不存在', en: 'Shop not found' },
  // catalog
  PRODUCT_NOT_FOUND: { status: 404, zh: '商品不存在', en: 'Product not found' },
  CATEGORY_NOT_FOUND: { status: 404, zh: '类目不存在', en: 'Category not found' },
  CATEGORY_NOT_LEAF: { status: 400, zh: '商品只能发布在三级类目下', en: 'Products go into a third-level category' },
  BRAND_NOT_FOUND: { status: 404, zh: '品牌不存在', en: 'Brand not found' },
  SPEC_INVALID: { status: 400, zh: '规格不正确：{detail}', en: 'Invalid specification: {detail}' },
  SPEC_DUPLICATE: { status: 400, zh: '规格组合重复：{spec}', en: 'Duplicate specification combination: {spec}' },
  PRICE_INVALID: { status: 400, zh: '价格必须是不小于 0 的整数（单位：分）', en: 'Prices are whole numbers of fen, not negative' },
  PRODUCT_STATUS_CONFLICT: { status: 409, zh: '商品当前状态（{from}）不能执行该操作（{action}）', en: 'A product in status {from} cannot {action}' },
  REASON_REQUIRED: { status: 400, zh: '请填写原因', en: 'A reason is required' },
  IMAGE_INVALID: { status: 400, zh: '只能上传 JPEG、PNG、WebP 或 GIF 图片', en: 'Only JPEG, PNG, WebP or GIF images can be uploaded' },
  IMAGE_TOO_LARGE: { status: 413, zh: '图片不能超过 {maxMb} MB 或 {maxPixels} 像素', en: 'Images must be under {maxMb} MB and {maxPixels} pixels' },
  IMAGE_URL_FORBIDDEN: { status: 400, zh: '该图片地址不允许使用', en: 'That image address is not allowed' },
  // buying
  STOCK_INSUFFICIENT: { status: 409, zh: '库存不足', en: 'Not enough stock' },
  PURCHASE_LIMIT_EXCEEDED: { status: 409, zh: '超出限购数量（每单最多 {limit} 件）', en: 'Over the purchase limit ({limit} per order)' },
  PRODUCT_UNAVAILABLE: { status: 409, zh: '商品已下架或不可购买', en: 'This product is no longer for sale' },
  CART_EMPTY: { status: 400, zh: '没有选中要结算的商品', en: 'No items selected for checkout' },
  CART_FULL: { status: 409, zh: '购物车最多 {max} 种商品', en: 'The cart holds at most {max} different items' },
  CART_ITEM_NOT_FOUND: { status: 404, zh: '购物车中没有该商品', en: 'That item is not in the cart' },
  DELIVERY_REQUIRED: { status: 400, zh: '请为每个店铺选择配送方式', en: 'Choose a delivery method for every shop' },
  ADDRESS_REQUIRED: { status: 400, zh: '请选择收货地址', en: 'Choose a delivery address' },
  NOT_DELIVERABLE: { status: 409, zh: '{shop} 不配送到该地区', en: '{shop} does not deliver to this region' },
  PICKUP_POINT_NOT_FOUND: { status: 404, zh: '自提点不存在', en: 'Pickup point not found' },
  TAX_NUMBER_INVALID: { status: 400, zh: '请输入有效的纳税人识别号（统一社会信用代码）', en: 'Enter a valid taxpayer ID (unified social credit code)' },
  ORDER_NOT_FOUND: { status: 404, zh: '订单不存在', en: 'Order not found' },
  ORDER_STATUS_CONFLICT: { status: 409, zh: '订单当前状态（{from}）不能执行该操作（{action}）', en: 'An order in status {from} cannot {action}' },
  IMPORT_INVALID: { status: 400, zh: '导入文件有误，请查看错误报告', en: 'The import file has errors; see the report' },
  // addresses and shipping
  REGION_INVALID: { status: 400, zh: '地区代码不正确：{code}', en: 'Unknown region code: {code}' },
  REGION_MISMATCH: { status: 400, zh: '所选城市或区县不属于所选省份或城市', en: 'The city or district does not belong to the chosen province or city' },
  ADDRESS_NOT_FOUND: { status: 404, zh: '收货地址不存在', en: 'Address not found' },
  ADDRESS_LIMIT_REACHED: { status: 409, zh: '最多保存 {max} 个收货地址', en: 'You can keep at most {max} addresses' },
  PHONE_INVALID: { status: 400, zh: '请输入有效的手机号或固定电话', en: 'Enter a valid mobile or landline number' },
  SHIPPING_TEMPLATE_NOT_FOUND: { status: 404, zh: '运费模板不存在', en: 'Shipping template not found' },
  SHIPPING_TEMPLATE_INVALID: { status: 400, zh: '运费模板设置有误：{detail}', en: 'The shipping template is invalid: {detail}' },
  // ledger
  LEDGER_INSUFFICIENT_BALANCE: { status: 409, zh: '余额不足', en: 'Insufficient balance' },
  LEDGER_ACCOUNT_INVALID: { status: 500, zh: '记账科目不正确：{code}', en: 'Invalid ledger account: {code}' },
  LEDGER_POSTING_INVALID: { status: 500, zh: '记账分录不合法：{detail}', en: 'Invalid ledger posting: {detail}' },
  LEDGER_CAUSE_KEY_REUSED: { status: 500, zh: '同一业务已入账，且与本次记账内容不一致', en: 'This cause was already posted to the ledger with different entries' },
  // payments
  PAYMENT_NOT_PAYABLE: { status: 409, zh: '该订单当前不能支付（{status}）', en: 'This order cannot be paid now ({status})' },
  PAYMENT_METHOD_UNAVAILABLE: { status: 422, zh: '不支持该支付方式：{method}', en: 'Payment method not available: {method}' },
  PAYMENT_PROVIDER_ERROR: { status: 502, zh: '支付渠道暂时无法处理，请稍后再试', en: 'The payment provider could not be reached; try again shortly' },
  PAYMENT_NOT_FOUND: { status: 404, zh: '支付记录不存在', en: 'Payment not found' },
  BALANCE_INSUFFICIENT: { status: 409, zh: '账户余额不足', en: 'Your balance is not enough' },
  COD_NOT_AVAILABLE: { status: 422, zh: '到店自提订单不支持货到付款', en: 'Cash on delivery is not available for pickup orders' },
  REFUND_EXCEEDS_PAID: { status: 409, zh: '退款金额超过可退金额（最多 {max}）', en: 'The refund is more than can be refunded (at most {max})' },
  REFUND_NOT_ALLOWED: { status: 409, zh: '该订单当前不能退款：{reason}', en: 'This order cannot be refunded now: {reason}' },
  WITHDRAWAL_EXCEEDS_AVAILABLE: { status: 409, zh: '提现金额超过可提现余额', en: 'The withdrawal is more than the available balance' },
  WITHDRAWAL_NOT_FOUND: { status: 404, zh: '提现申请不存在', en: 'Withdrawal not found' },
  WITHDRAWAL_STATUS_CONFLICT: { status: 409, zh: '该提现申请已处理', en: 'This withdrawal was already decided' },
  WITHDRAWAL_NOT_AVAILABLE: { status: 409, zh: '当前结算模式下货款由支付渠道直接结算给商家，无需提现', en: 'In this settlement mode the provider pays merchants directly; there is nothing to withdraw' },
  NOTIFICATION_REJECTED: { status: 400, zh: '支付通知验证失败', en: 'Payment notification rejected' },
  // general
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; slow down' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用，请稍后再试', en: 'The service is temporarily unavailable' },
  INTERNAL_ERROR: { status: 500, zh: '服务器开小差了，请稍后再试', en: 'Something went wrong on our side; try again later' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
