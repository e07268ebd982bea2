import sharp from 'sharp';
const svg = (i: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs><radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="hsl(${i*37%360},60%,85%)"/></radialGradient>
<linearGradient id="body" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${i*37%360},50%,55%)"/><stop offset="1" stop-color="hsl(${i*37%360},50%,35%)"/></linearGradient>
<filter id="blur"><feGaussianBlur stdDeviation="18"/></filter></defs>
<rect width="800" height="800" fill="url(#bg)"/>
<ellipse cx="400" cy="660" rx="200" ry="30" fill="#000" opacity="0.15"/>
<rect x="270" y="130" width="260" height="520" rx="40" fill="url(#body)"/>
<text x="400" y="740" font-family="DejaVu Sans" font-size="34" font-weight="bold" text-anchor="middle" fill="#333" letter-spacing="6">QINGHE ${i}</text>
</svg>`;
const t0 = performance.now();
async function one(i: number) {
  const raw = await sharp(Buffer.from(svg(i))).raw().toBuffer({ resolveWithObject: true });
  await Promise.all([800, 400, 200].map((w) => sharp(raw.data, { raw: raw.info }).resize(w).webp({ quality: 80, effort: Number(process.env.EFFORT ?? 4) }).toFile(`/tmp/imgbench/${i}-${w}.webp`)));
}
await one(0);
console.log('first', performance.now() - t0);
const t1 = performance.now();
const N = 40; let next = 1;
await Promise.all([0,1,2].map(async () => { while (next <= N) { const i = next++; await one(i); } }));
console.log('per image ms', (performance.now() - t1) / N);
