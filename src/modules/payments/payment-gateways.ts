import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../http/errors.ts';
import type { PaymentProvider, ProviderName } from './provider.ts';
import { createSandboxProvider, fetchTransport, injectTransport, sandboxConfigFromEnv } from './sandbox/sandbox.provider.ts';
import { alipayConfigFromEnv, createAlipayProvider } from './providers/alipay.provider.ts';
import { createWechatpayProvider, wechatpayConfigFromEnv } from './providers/wechatpay.provider.ts';

/** The payment providers this mall has, and where their notifications come back to. */
export class PaymentGateways {
  readonly #providers: Map<ProviderName, PaymentProvider>;

  constructor(
    providers: PaymentProvider[],
    /** The mall's public base URL (notify and return URLs are built on it). */
    readonly publicUrl: string,
  ) {
    this.#providers = new Map(providers.map((p) => [p.name, p]));
  }

  /** Online providers offered at the cashier, in display order. */
  get names(): ProviderName[] {
    return (['alipay', 'wechatpay', 'sandbox'] as const).filter((n) => this.#providers.has(n));
  }

  has(name: string): name is ProviderName {
    return this.#providers.has(name as ProviderName);
  }

  get(name: string): PaymentProvider {
    const provider = this.#providers.get(name as ProviderName);
    if (!provider) throw new AppError('PAYMENT_METHOD_UNAVAILABLE', { method: name });
    return provider;
  }

  notifyUrl(name: ProviderName): string {
    return `${this.publicUrl}/api/payments/notify/${name}`;
  }
}

export interface GatewayOptions {
  env?: Record<string, string | undefined>;
  /** The mall's public base URL (Config.publicUrl); default from the environment. */
  publicUrl?: string;
  clock: Clock;
  /** Tests: reach the built-in sandbox gateway through `app.inject` (no port). Resolved lazily: the app is built after the context. */
  app?: () => Pick<FastifyInstance, 'inject'>;
}

/**
 * The sandbox gateway is always there (it is the demo's and the tests' provider; set
 * JISHI_SANDBOX_PAYMENTS=off to hide it in production); Alipay and WeChat Pay join when their
 * credentials are configured (see README "Real payment credentials").
 */
export function paymentGatewaysFromEnv(options: GatewayOptions): PaymentGateways {
  const env = options.env ?? process.env;
  const fromEnv = sandboxConfigFromEnv(env);
  const publicUrl = options.publicUrl ?? (env.PUBLIC_BASE_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, '');
  // The built-in gateway lives in this process, under the mall's own URL, unless SANDBOX_BASE_URL points elsewhere.
  const sandboxConfig = { ...fromEnv, baseUrl: env.SANDBOX_BASE_URL ? fromEnv.baseUrl : publicUrl };
  const providers: PaymentProvider[] = [];
  if (env.JISHI_SANDBOX_PAYMENTS !== 'off') {
    const lazyApp = options.app;
    providers.push(
      createSandboxProvider({
        ...sandboxConfig,
        clock: options.clock,
        transport: lazyApp ? injectTransport({ inject: ((opts: never) => lazyApp().inject(opts)) as FastifyInstance['inject'] }) : fetchTransport(),
      }),
    );
  }
  const alipay = alipayConfigFromEnv(env);
  if (alipay) providers.push(createAlipayProvider(alipay));
  const wechatpay = wechatpayConfigFromEnv(env);
  if (wechatpay) providers.push(createWechatpayProvider(wechatpay));
  return new PaymentGateways(providers, publicUrl);
}
