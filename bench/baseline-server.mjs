// The same-run baseline: raw Fastify answering a ~1 KB JSON body, nothing else.
import Fastify from 'fastify';

const body = {
  id: 'prd_baseline',
  title: '无线蓝牙降噪耳机 主动降噪 长续航 高清通话',
  subtitle: 'Baseline payload of about one kilobyte, shaped like a product summary',
  priceFen: 29900,
  originalPriceFen: 39900,
  shop: { id: 'shp_baseline', name: '集市自营', kind: 'self_operated' },
  images: Array.from({ length: 4 }, (_, i) => `/media/demo/prd_baseline/${i + 1}-800.webp`),
  skus: Array.from({ length: 6 }, (_, i) => ({ id: `sku_baseline_${i}`, spec: { 颜色: ['曜石黑', '云雾白', '星空蓝'][i % 3], 版本: i < 3 ? '标准版' : 'Pro' }, priceFen: 29900 + i * 1000, stock: 100 - i })),
};

const app = Fastify({ logger: false });
app.get('/', async () => body);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
