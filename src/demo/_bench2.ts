import sharp from 'sharp';
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="800" height="800" fill="#eee"/><rect x="270" y="130" width="260" height="520" rx="40" fill="#356"/></svg>`;
let t = performance.now();
for (let i = 0; i < 20; i++) await sharp(Buffer.from(svg)).raw().toBuffer();
console.log('svg raster', (performance.now() - t) / 20);
const raw = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
for (const w of [800, 400, 200]) { t = performance.now(); for (let i = 0; i < 20; i++) await sharp(raw.data, { raw: raw.info }).resize(w).webp({ quality: 80, effort: 2 }).toBuffer(); console.log('webp', w, (performance.now() - t) / 20); }
