import sharp from 'sharp';
const svg = (i: number, text: boolean) => `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs><radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="hsl(${i*37%360},60%,85%)"/></radialGradient>
<linearGradient id="body" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${i*37%360},50%,55%)"/><stop offset="1" stop-color="hsl(${i*37%360},50%,35%)"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#bg)"/>
<ellipse cx="400" cy="660" rx="200" ry="30" fill="#000" opacity="0.15"/>
<rect x="270" y="130" width="260" height="520" rx="40" fill="url(#body)"/>
${text ? `<text x="400" y="740" font-family="DejaVu Sans" font-size="34" font-weight="bold" text-anchor="middle" fill="#333" letter-spacing="6">QINGHE ${i}</text>` : ''}
</svg>`;
async function viaRaw(i: number, text: boolean) {
  const raw = await sharp(Buffer.from(svg(i, text))).raw().toBuffer({ resolveWithObject: true });
  await Promise.all([800, 400, 200].map((w) => sharp(raw.data, { raw: raw.info }).resize(w).webp({ quality: 80, effort: 2 }).toBuffer()));
}
async function viaDensity(i: number, text: boolean) {
  const b = Buffer.from(svg(i, text));
  await Promise.all([800, 400, 200].map((w) => sharp(b, { density: 72 * w / 800 }).webp({ quality: 80, effort: 2 }).toBuffer()));
}
async function viaPipeline(i: number, text: boolean) {
  const base = sharp(Buffer.from(svg(i, text)));
  await Promise.all([800, 400, 200].map((w) => base.clone().resize(w).webp({ quality: 80, effort: 2 }).toBuffer()));
}
for (const [name, f] of [['raw', viaRaw], ['density', viaDensity], ['pipeline', viaPipeline]] as const) for (const text of [false, true]) for (const conc of [1, 2, 3]) {
  await f(0, text);
  const N = 30; let next = 0; const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (next < N) { const i = next++; await f(i, text); } }));
  console.log(name, 'text', text, 'conc', conc, ((performance.now() - t) / N).toFixed(1));
}
