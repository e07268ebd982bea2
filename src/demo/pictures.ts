/**
 * Demo pictures: an SVG per picture (soft background, a product-like drawing, Latin text —
 * the machine may have no CJK font), rendered locally with sharp to WebP in the three
 * widths of src/shared/media.ts. A picture's URL is derived from what it shows, so two
 * products that would look identical share one set of files.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { IMAGE_WIDTHS } from '../shared/media.ts';
import { DRAW, type Shape } from './shapes.ts';

export interface Picture {
  /** The detail (800) URL, e.g. /media/demo/products/phone/main-3b5b9a-qinghe-5g-phones-800.webp */
  url: string;
  svg: () => string;
}

// ---------------------------------------------------------------------------------------
// colour helpers

type Rgb = [number, number, number];

function toRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** `t` of the way from a to b. */
export function mix(a: string, b: string, t: number): string {
  const x = toRgb(a);
  const y = toRgb(b);
  return toHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

function hue(hex: string): number {
  const [r, g, b] = toRgb(hex).map((v) => v / 255) as Rgb;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 210;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

function hsl(h: number, s: number, l: number): string {
  const hh = ((h % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((hh / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = hh < 60 ? [c, x, 0] : hh < 120 ? [x, c, 0] : hh < 180 ? [0, c, x] : hh < 240 ? [0, x, c] : hh < 300 ? [x, 0, c] : [c, 0, x];
  return toHex([(r + m) * 255, (g + m) * 255, (b + m) * 255]);
}

function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------------------------------
// SVG

function svgDocument(colour: string, background: string, content: string): string {
  const light = mix(colour, '#ffffff', 0.45);
  const dark = mix(colour, '#000000', 0.3);
  const line = luminance(colour) < 0.2 ? '#111214' : mix(colour, '#000000', 0.45);
  const h = hue(colour);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs>
<linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${mix(colour, '#ffffff', 0.22)}"/><stop offset="1" stop-color="${mix(colour, '#000000', 0.16)}"/></linearGradient>
<linearGradient id="m" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f6f7f9"/><stop offset="1" stop-color="#aeb4bc"/></linearGradient>
<linearGradient id="s" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hsl(h + 30, 0.7, 0.64)}"/><stop offset="1" stop-color="${hsl(h - 50, 0.65, 0.36)}"/></linearGradient>
<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="0.22"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
<style>
.b{fill:url(#g);stroke:${line};stroke-width:3;stroke-opacity:0.55}
.l{fill:${light};stroke:${line};stroke-width:2;stroke-opacity:0.4}
.d{fill:${dark}}
.k{fill:#1f2126}
.m{fill:url(#m);stroke:#8d939b;stroke-width:2}
.w{fill:#ffffff}
.s{fill:url(#s)}
.o{fill:none;stroke:${line};stroke-width:4}
.t{fill:#ffffff;fill-opacity:0.45;stroke:${line};stroke-opacity:0.45;stroke-width:3}
</style>
</defs>
${background}
${content}
</svg>`;
}

function shadow(rx = 230): string {
  return `<ellipse cx="400" cy="628" rx="${rx}" ry="34" fill="url(#shadow)"/>`;
}

/** The first picture of a product: the object on a soft gradient, the brand underneath. */
export function mainPictureSvg(shape: Shape, colour: string, brand: string, caption: string): string {
  const top = mix(colour, '#ffffff', 0.9);
  const bottom = mix(colour, '#ffffff', 0.74);
  const ink = mix(colour, '#1a1b1f', 0.72);
  const name = brand.toUpperCase();
  const size = name.length <= 10 ? 44 : name.length <= 16 ? 34 : 28;
  const background =
    `<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>` +
    `<rect width="800" height="800" fill="url(#bg)"/><circle cx="400" cy="380" r="280" fill="#ffffff" fill-opacity="0.5"/>` +
    `<rect x="0" y="680" width="800" height="120" fill="#ffffff" fill-opacity="0.55"/>`;
  const text =
    `<text x="400" y="735" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${size}" letter-spacing="6" text-anchor="middle" fill="${ink}">${escapeXml(name)}</text>` +
    `<text x="400" y="772" font-family="DejaVu Sans, sans-serif" font-size="20" letter-spacing="4" text-anchor="middle" fill="${ink}" fill-opacity="0.6">${escapeXml(caption.toUpperCase())}</text>`;
  return svgDocument(colour, background, shadow() + DRAW[shape]() + text);
}

/** A second picture (also a colour SKU's picture): same object, tilted, on a complementary tint. */
export function altPictureSvg(shape: Shape, colour: string): string {
  const bg = hsl(hue(colour) + 180, 0.35, 0.92);
  const background =
    `<rect width="800" height="800" fill="${bg}"/>` +
    `<rect x="150" y="130" width="500" height="500" rx="80" fill="#ffffff" fill-opacity="0.55" transform="rotate(12 400 380)"/>`;
  return svgDocument(colour, background, shadow(200) + `<g transform="translate(400 400) rotate(-6) scale(0.9) translate(-400 -400)">${DRAW[shape]()}</g>`);
}

/** A close-up. */
export function detailPictureSvg(shape: Shape, colour: string): string {
  const background =
    `<radialGradient id="bg" cx="0.35" cy="0.3" r="0.9"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${mix(colour, '#ffffff', 0.8)}"/></radialGradient>` +
    `<rect width="800" height="800" fill="url(#bg)"/>`;
  return svgDocument(colour, background, `<g transform="translate(400 400) scale(1.32) translate(-400 -372)">${DRAW[shape]()}</g>`);
}

/** A shop or brand logo: initials on a colour tile. */
export function logoSvg(initials: string, colour: string): string {
  const size = initials.length <= 2 ? 300 : initials.length <= 3 ? 220 : 150;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${mix(colour, '#ffffff', 0.15)}"/><stop offset="1" stop-color="${mix(colour, '#000000', 0.2)}"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#g)"/>
<circle cx="400" cy="400" r="300" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="14"/>
<text x="400" y="${400 + size * 0.36}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${size}" text-anchor="middle" fill="#ffffff">${escapeXml(initials)}</text>
</svg>`;
}

// ---------------------------------------------------------------------------------------
// rendering

const WIDTHS = Object.values(IMAGE_WIDTHS);

/** The file of a /media URL at a given width. */
export function mediaFile(dataDir: string, detailUrl: string, width: number): string {
  const relative = detailUrl.replace(/^\/media\//, '').replace(/-\d+\.webp$/, `-${width}.webp`);
  return path.join(dataDir, 'media', ...relative.split('/'));
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function renderOne(dataDir: string, picture: Picture): Promise<boolean> {
  const files = WIDTHS.map((w) => mediaFile(dataDir, picture.url, w));
  const missing = (await Promise.all(files.map(exists))).some((ok) => !ok);
  if (!missing) return false;
  await fs.mkdir(path.dirname(files[0]!), { recursive: true });
  const svg = Buffer.from(picture.svg());
  for (const [i, width] of WIDTHS.entries()) {
    const file = files[i]!;
    if (await exists(file)) continue;
    // Rasterise the SVG straight at the target width (density scales it): much cheaper
    // than rendering at 800 and downscaling. Written under a temporary name, then renamed,
    // so an interrupted run never leaves a half-written file that a rerun would skip.
    const temporary = `${file}.${process.pid}.tmp`;
    await sharp(svg, { density: (72 * width) / 800 })
      .resize(width, width, { fit: 'fill' })
      .webp({ quality: 82, effort: 0 })
      .toFile(temporary);
    await fs.rename(temporary, file);
  }
  return true;
}

/**
 * Renders every picture whose files are not all there yet, `concurrency` at a time.
 * Returns how many were rendered (the rest already existed).
 */
export async function renderPictures(
  dataDir: string,
  pictures: Picture[],
  onProgress: (done: number, total: number) => void = () => {},
  concurrency = 3,
): Promise<number> {
  let next = 0;
  let done = 0;
  let rendered = 0;
  onProgress(0, pictures.length);
  const worker = async () => {
    while (next < pictures.length) {
      const picture = pictures[next++]!;
      if (await renderOne(dataDir, picture)) rendered++;
      done++;
      if (done % 5 === 0 || done === pictures.length) onProgress(done, pictures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return rendered;
}
