import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { webPaths } from '../../shared/web-paths.ts';

/** URLs per sitemap file; the protocol allows 50,000. */
export const SITEMAP_PAGE_SIZE = 10_000;

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function origin(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}

function urlset(base: string, entries: { path: string; lastmod?: Date }[]): string {
  const urls = entries.map((e) => `<url><loc>${xmlEscape(base + e.path)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>\n`;
}

/** robots.txt and a sitemap index pointing at paginated sitemaps (categories, shops, products). */
export function sitemapRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const xml = 'application/xml; charset=utf-8';

    r.get('/robots.txt', { config: { policy: policy.public() }, schema: { hide: true } }, async (request, reply) => {
      const body = ['User-agent: *', 'Disallow: /seller', 'Disallow: /admin', 'Disallow: /api/', 'Disallow: /me', 'Disallow: /cart', `Sitemap: ${origin(request)}/sitemap.xml`, ''].join('\n');
      return reply.type('text/plain; charset=utf-8').send(body);
    });

    r.get('/sitemap.xml', { config: { policy: policy.public() }, schema: { hide: true } }, async (request, reply) => {
      const { n } = await ctx.db
        .selectFrom('product')
        .innerJoin('shop', 'shop.id', 'product.shop_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('product.status', '=', 'on_sale')
        .where('shop.status', '=', 'active')
        .executeTakeFirstOrThrow();
      const pages = Math.max(1, Math.ceil(Number(n) / SITEMAP_PAGE_SIZE));
      const base = origin(request);
      const maps = ['/sitemaps/categories.xml', '/sitemaps/shops.xml', ...Array.from({ length: pages }, (_, i) => `/sitemaps/products-${i + 1}.xml`)];
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${maps.map((m) => `<sitemap><loc>${xmlEscape(base + m)}</loc></sitemap>`).join('')}</sitemapindex>\n`;
      return reply.type(xml).header('cache-control', 'public, max-age=3600').send(body);
    });

    r.get('/sitemaps/categories.xml', { config: { policy: policy.public() }, schema: { hide: true } }, async (request, reply) => {
      const rows = await ctx.db.selectFrom('category').select('id').where('enabled', '=', true).orderBy('level').orderBy('sort_order').execute();
      return reply.type(xml).send(urlset(origin(request), [{ path: webPaths.home() }, ...rows.map((c) => ({ path: webPaths.category(c.id) }))]));
    });

    r.get('/sitemaps/shops.xml', { config: { policy: policy.public() }, schema: { hide: true } }, async (request, reply) => {
      const rows = await ctx.db.selectFrom('shop').select('id').where('status', '=', 'active').orderBy('id').execute();
      return reply.type(xml).send(urlset(origin(request), rows.map((s) => ({ path: webPaths.shop(s.id) }))));
    });

    r.get('/sitemaps/products-:page.xml', {
      config: { policy: policy.public() },
      schema: { hide: true, params: z.object({ page: z.coerce.number().int().min(1).max(100_000) }).strict() },
      handler: async (request, reply) => {
        const rows = await ctx.db
          .selectFrom('product')
          .innerJoin('shop', 'shop.id', 'product.shop_id')
          .select(['product.id', 'product.updated_at'])
          .where('product.status', '=', 'on_sale')
          .where('shop.status', '=', 'active')
          .orderBy('product.id')
          .limit(SITEMAP_PAGE_SIZE)
          .offset((request.params.page - 1) * SITEMAP_PAGE_SIZE)
          .execute();
        if (rows.length === 0 && request.params.page > 1) return reply.code(404).type(xml).send(urlset(origin(request), []));
        return reply.type(xml).send(urlset(origin(request), rows.map((p) => ({ path: webPaths.product(p.id), lastmod: p.updated_at }))));
      },
    });
  };
}
