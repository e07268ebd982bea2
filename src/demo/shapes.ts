/**
 * Simple product-like drawings for the demo pictures, on an 800×800 canvas with the
 * object standing on a floor line at y≈620. Each drawing uses the CSS classes declared by
 * pictures.ts: .b body (the product colour), .l lighter, .d darker, .k near-black,
 * .m metal, .w white, .s screen wallpaper, .o outline only, .t translucent glass.
 */

export const SHAPES = [
  'phone', 'tablet', 'phonecase', 'charger', 'earbuds', 'headphones', 'speaker', 'watch', 'band',
  'laptop', 'monitor', 'keyboard', 'mouse', 'notebook', 'pen', 'crate',
  'cooker', 'fryer', 'blender', 'vacuum', 'fan', 'humidifier', 'toothbrush', 'hairdryer',
  'tshirt', 'shirt', 'sweater', 'jacket', 'dress', 'pants', 'sneaker', 'backpack', 'suitcase',
  'jar', 'dropper', 'tube', 'lipstick', 'compact', 'pump',
  'pouch', 'box', 'tin', 'fruit', 'sack', 'oil',
  'bedding', 'towel', 'pillow', 'wok', 'thermos', 'knife', 'candle',
  'blocks', 'teddy', 'yogamat', 'dumbbell', 'tent', 'ball', 'petbed', 'bowl',
] as const;
export type Shape = (typeof SHAPES)[number];

const rr = (x: number, y: number, w: number, h: number, r: number, cls: string, extra = '') =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" class="${cls}"${extra ? ` ${extra}` : ''}/>`;
const ci = (cx: number, cy: number, r: number, cls: string, extra = '') => `<circle cx="${cx}" cy="${cy}" r="${r}" class="${cls}"${extra ? ` ${extra}` : ''}/>`;
const el = (cx: number, cy: number, rx: number, ry: number, cls: string, extra = '') =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" class="${cls}"${extra ? ` ${extra}` : ''}/>`;
const pa = (d: string, cls: string, extra = '') => `<path d="${d}" class="${cls}"${extra ? ` ${extra}` : ''}/>`;
const LENS = 'stroke="#8a9099" stroke-width="4"';
const g = (transform: string, body: string) => `<g transform="${transform}">${body}</g>`;

function repeat(n: number, f: (i: number) => string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += f(i);
  return out;
}

/** A T-shirt-like silhouette; `sleeve` 0 short … 1 long. */
function top(sleeve: number): string {
  const sx = 200 - sleeve * 40;
  const sy = 260 + sleeve * 260;
  const cuffIn = 255 - sleeve * 20;
  return pa(
    `M300,170 L355,150 Q400,195 445,150 L500,170 L${800 - sx},${sy - 60} L${800 - sx - 55},${sy} L${800 - cuffIn - 5},${300 + sleeve * 40} L515,600 L285,600 L${cuffIn + 5},${300 + sleeve * 40} L${sx + 55},${sy} L${sx},${sy - 60} Z`,
    'b',
  );
}

export const DRAW: Record<Shape, () => string> = {
  phone: () =>
    rr(225, 160, 200, 430, 34, 'k') + rr(237, 172, 176, 406, 24, 's') + rr(295, 182, 60, 14, 7, 'k') +
    rr(375, 140, 200, 440, 34, 'b') + rr(395, 160, 86, 110, 24, 'd') + ci(422, 190, 18, 'k', LENS) + ci(456, 190, 18, 'k', LENS) + ci(422, 238, 18, 'k', LENS) + ci(456, 238, 8, 'w', 'opacity="0.7"'),
  tablet: () => rr(160, 200, 480, 330, 30, 'b') + rr(178, 218, 444, 294, 14, 's') + ci(400, 209, 4, 'k'),
  phonecase: () =>
    rr(290, 130, 220, 460, 44, 'b') + rr(312, 152, 96, 120, 26, 'w', 'opacity="0.75"') + rr(312, 152, 96, 120, 26, 'o') +
    rr(504, 240, 10, 60, 5, 'd') + rr(504, 320, 10, 90, 5, 'd') + el(400, 470, 50, 50, 'l', 'opacity="0.6"'),
  charger: () =>
    rr(310, 170, 26, 70, 6, 'm') + rr(364, 170, 26, 70, 6, 'm') + rr(270, 230, 170, 200, 30, 'b') + rr(325, 380, 60, 18, 9, 'd') +
    pa('M355,430 C355,540 470,560 520,470 C560,400 600,420 600,480', 'o', 'style="stroke-width:16;stroke-linecap:round;fill:none"') +
    rr(575, 470, 50, 90, 14, 'b'),
  earbuds: () =>
    rr(270, 350, 260, 200, 90, 'b') + pa('M270,420 L530,420', 'o') + ci(400, 500, 7, 'l') +
    g('rotate(-14 320 230)', el(320, 230, 50, 46, 'b') + rr(300, 240, 30, 120, 15, 'b') + el(332, 226, 22, 20, 'd')) +
    g('rotate(14 480 230)', el(480, 230, 50, 46, 'b') + rr(470, 240, 30, 120, 15, 'b') + el(468, 226, 22, 20, 'd')),
  headphones: () =>
    pa('M250,440 C250,180 550,180 550,440', 'o', 'style="stroke-width:34;fill:none"') +
    pa('M250,440 C250,180 550,180 550,440', 'b', 'style="fill:none;stroke-width:26"') +
    rr(200, 380, 100, 180, 46, 'b') + rr(500, 380, 100, 180, 46, 'b') + rr(278, 395, 40, 150, 20, 'k') + rr(482, 395, 40, 150, 20, 'k'),
  speaker: () =>
    rr(290, 170, 220, 430, 70, 'b') + rr(290, 170, 220, 40, 20, 'd') + rr(290, 560, 220, 40, 20, 'd') +
    repeat(9, (r) => repeat(6, (c) => ci(322 + c * 31, 240 + r * 36, 7, 'd', 'opacity="0.55"'))) + ci(400, 188, 6, 'w'),
  watch: () =>
    rr(355, 120, 90, 560, 32, 'b') + rr(300, 260, 200, 240, 64, 'm') + rr(318, 278, 164, 204, 48, 'k') +
    pa('M400,318 A62,62 0 1 1 338,380', 'o', 'style="stroke:#5ad1a0;stroke-width:12;fill:none;stroke-linecap:round"') +
    pa('M400,340 A40,40 0 1 1 360,380', 'o', 'style="stroke:#f2a93b;stroke-width:12;fill:none;stroke-linecap:round"') + rr(498, 340, 16, 40, 6, 'm'),
  band: () =>
    rr(368, 120, 64, 560, 28, 'b') + rr(342, 270, 116, 220, 56, 'k') +
    repeat(5, (i) => rr(365 + i * 15, 420 - i * 16, 9, 30 + i * 16, 4, 'l')),
  laptop: () =>
    rr(200, 150, 400, 270, 18, 'b') + rr(216, 166, 368, 238, 8, 's') + pa('M160,430 L640,430 L610,474 L190,474 Z', 'b') + rr(350, 430, 100, 10, 5, 'd'),
  monitor: () =>
    rr(150, 150, 500, 310, 14, 'k') + rr(162, 162, 476, 276, 6, 's') + rr(380, 460, 40, 110, 8, 'b') + el(400, 578, 120, 20, 'b'),
  keyboard: () =>
    g('rotate(-6 400 420)', rr(140, 320, 520, 200, 24, 'b') + repeat(5, (r) => repeat(14, (c) => rr(158 + c * 35, 338 + r * 34, 30, 28, 6, 'l', 'opacity="0.9"')))),
  mouse: () => g('rotate(-12 400 400)', rr(320, 190, 160, 330, 80, 'b') + pa('M400,190 L400,300', 'o') + rr(392, 230, 16, 46, 8, 'd') + ci(400, 420, 8, 'l', 'opacity="0.6"')),
  notebook: () =>
    g('rotate(-5 400 400)', rr(260, 150, 290, 400, 14, 'b') + rr(260, 150, 44, 400, 12, 'd') + rr(500, 150, 14, 400, 4, 'd') + rr(336, 230, 150, 70, 8, 'w', 'opacity="0.9"')),
  pen: () =>
    repeat(3, (i) =>
      g(`rotate(${-24 + i * 24} 400 430)`, rr(385, 170, 30, 380, 15, 'b') + rr(380, 210, 10, 120, 5, 'm') + pa('M385,550 L415,550 L400,600 Z', 'm') + rr(385, 170, 30, 40, 12, 'd')),
    ),
  crate: () => rr(220, 300, 360, 260, 22, 'b') + rr(205, 262, 390, 56, 16, 'd') + rr(360, 350, 80, 24, 12, 'k', 'opacity="0.35"') + rr(250, 420, 300, 6, 3, 'd', 'opacity="0.5"'),
  cooker: () =>
    rr(220, 290, 360, 270, 110, 'b') + el(400, 300, 180, 66, 'l') + el(400, 248, 44, 16, 'd') + rr(325, 410, 150, 70, 16, 'k') +
    rr(345, 430, 50, 28, 6, 's') + ci(440, 444, 12, 'l'),
  fryer: () =>
    rr(250, 190, 300, 390, 80, 'b') + ci(400, 270, 40, 'k') + ci(400, 270, 22, 's') + rr(300, 360, 200, 130, 26, 'k', 'opacity="0.85"') +
    rr(350, 505, 100, 34, 14, 'd'),
  blender: () =>
    pa('M310,200 L490,200 L470,460 L330,460 Z', 't') + pa('M322,330 L478,330 L470,460 L330,460 Z', 'l', 'opacity="0.8"') +
    pa('M490,230 C560,240 560,400 480,420', 'o', 'style="stroke-width:18;fill:none"') + rr(300, 176, 200, 34, 12, 'd') + rr(295, 460, 210, 130, 26, 'b') + ci(400, 525, 22, 'k'),
  vacuum: () =>
    rr(440, 110, 60, 100, 24, 'b') + rr(380, 180, 130, 140, 40, 'b') + rr(392, 300, 22, 260, 10, 'm') + rr(300, 550, 220, 52, 24, 'k') + rr(395, 200, 60, 90, 20, 't'),
  fan: () =>
    ci(400, 290, 160, 'o', 'style="stroke-width:12;fill:#ffffff;fill-opacity:0.35"') +
    repeat(3, (i) => g(`rotate(${i * 120 + 20} 400 290)`, el(400, 215, 46, 72, 'b', 'opacity="0.85"'))) + ci(400, 290, 30, 'd') +
    rr(388, 450, 24, 120, 10, 'b') + el(400, 580, 110, 22, 'b'),
  humidifier: () =>
    rr(290, 250, 220, 330, 80, 'b') + rr(325, 350, 150, 150, 50, 't') + el(400, 255, 110, 30, 'l') + ci(400, 540, 10, 'l') +
    pa('M380,230 C360,190 400,170 380,130 M420,230 C440,190 405,165 430,120', 'o', 'style="stroke:#ffffff;stroke-width:14;fill:none;stroke-linecap:round;opacity:0.9"'),
  toothbrush: () =>
    g('rotate(8 400 400)', rr(372, 260, 56, 350, 28, 'b') + rr(386, 160, 28, 120, 14, 'b') + rr(378, 110, 44, 70, 18, 'w') + ci(400, 380, 12, 'l') + rr(388, 120, 24, 50, 6, 'l')),
  hairdryer: () =>
    g('rotate(14 470 440)', rr(440, 320, 80, 270, 36, 'b') + rr(500, 360, 10, 60, 5, 'd')) + rr(230, 200, 320, 150, 75, 'b') + rr(200, 225, 60, 100, 18, 'd') + ci(500, 275, 38, 'l'),
  tshirt: () => top(0) + pa('M355,150 Q400,195 445,150', 'o', 'style="fill:none"'),
  shirt: () =>
    top(1) + pa('M355,150 L400,215 L445,150 L430,200 L400,235 L370,200 Z', 'l') + repeat(5, (i) => ci(400, 270 + i * 62, 7, 'd')),
  sweater: () => top(1) + rr(285, 570, 230, 30, 8, 'd') + pa('M355,150 Q400,200 445,150', 'o', 'style="fill:none;stroke-width:10"'),
  jacket: () =>
    top(1) + pa('M400,170 L400,600', 'o', 'style="stroke-width:6"') + rr(320, 420, 60, 50, 8, 'd') + rr(420, 420, 60, 50, 8, 'd') +
    pa('M345,150 Q400,110 455,150 L440,175 Q400,150 360,175 Z', 'd'),
  dress: () =>
    pa('M340,170 L460,170 L470,310 L580,600 L220,600 L330,310 Z', 'b') + rr(330, 300, 140, 24, 8, 'd') + pa('M345,170 L355,120 M455,170 L445,120', 'o', 'style="stroke-width:10"'),
  pants: () => pa('M300,160 L500,160 L540,600 L420,600 L400,300 L380,600 L260,600 Z', 'b') + rr(300, 160, 200, 30, 6, 'd') + pa('M400,190 L400,300', 'o'),
  sneaker: () =>
    pa('M170,480 C170,400 240,370 300,350 L380,330 C420,310 450,270 480,250 L570,250 C590,300 610,360 630,400 C650,420 650,470 630,490 Z', 'b') +
    rr(160, 480, 490, 48, 24, 'w') + pa('M170,500 L650,500', 'o', 'style="stroke-width:3"') +
    repeat(4, (i) => pa(`M${400 + i * 26},${330 - i * 22} L${440 + i * 26},${350 - i * 22}`, 'o', 'style="stroke:#ffffff;stroke-width:8;stroke-linecap:round"')) +
    pa('M250,430 C330,420 420,380 520,330', 'o', 'style="stroke-width:12;fill:none;stroke-linecap:round"') + rr(560, 260, 40, 120, 16, 'd'),
  backpack: () =>
    pa('M330,210 C330,150 470,150 470,210', 'o', 'style="stroke-width:18;fill:none"') + rr(260, 200, 280, 390, 80, 'b') +
    rr(295, 400, 210, 150, 36, 'd') + pa('M300,280 Q400,250 500,280', 'o', 'style="fill:none;stroke-width:5"') + rr(390, 410, 20, 12, 4, 'm'),
  suitcase: () =>
    rr(370, 120, 14, 120, 5, 'm') + rr(416, 120, 14, 120, 5, 'm') + rr(362, 110, 76, 22, 10, 'k') + rr(280, 220, 240, 360, 30, 'b') +
    repeat(4, (i) => rr(320 + i * 50, 250, 12, 300, 6, 'd', 'opacity="0.6"')) + ci(310, 595, 16, 'k') + ci(490, 595, 16, 'k'),
  jar: () => rr(270, 360, 260, 190, 44, 'b') + rr(280, 300, 240, 76, 18, 'm') + rr(310, 420, 180, 70, 12, 'w', 'opacity="0.85"'),
  dropper: () =>
    rr(330, 300, 140, 270, 30, 'b', 'opacity="0.92"') + rr(345, 400, 110, 110, 10, 'w', 'opacity="0.9"') + rr(355, 250, 90, 60, 12, 'm') + rr(372, 150, 56, 110, 28, 'k'),
  tube: () => rr(345, 470, 110, 100, 16, 'k') + pa('M290,160 L510,160 L465,480 L335,480 Z', 'b') + rr(290, 140, 220, 30, 4, 'l') + rr(340, 260, 120, 120, 12, 'w', 'opacity="0.85"'),
  lipstick: () =>
    rr(300, 370, 110, 210, 16, 'm') + rr(315, 300, 80, 80, 8, 'm') + pa('M322,300 L322,210 L388,180 L388,300 Z', 'b') +
    g('rotate(10 520 470)', rr(465, 330, 110, 250, 18, 'k') + rr(465, 330, 110, 40, 12, 'b')),
  compact: () =>
    el(400, 300, 190, 120, 'm') + el(400, 300, 160, 95, 't') + el(400, 470, 190, 74, 'k') + el(400, 450, 190, 74, 'm') + el(400, 450, 150, 54, 'b'),
  pump: () =>
    rr(310, 260, 180, 330, 44, 'b') + rr(372, 205, 56, 60, 10, 'k') + rr(360, 176, 130, 34, 12, 'k') + rr(338, 360, 124, 160, 14, 'w', 'opacity="0.85"'),
  pouch: () =>
    pa('M290,190 L510,190 L535,580 Q400,600 265,580 Z', 'b') + rr(290, 190, 220, 34, 4, 'd', 'opacity="0.7"') + pa('M285,240 L515,240', 'o', 'style="stroke-dasharray:10 8"') +
    rr(325, 320, 150, 170, 26, 'w', 'opacity="0.9"') + ci(400, 405, 46, 'l'),
  box: () =>
    pa('M250,270 L490,270 L560,220 L320,220 Z', 'l') + pa('M490,270 L560,220 L560,520 L490,570 Z', 'd') + rr(250, 270, 240, 300, 6, 'b') + rr(275, 360, 190, 110, 10, 'w', 'opacity="0.9"'),
  tin: () =>
    rr(290, 230, 220, 345, 20, 'b') + el(400, 232, 110, 28, 'm') + rr(290, 330, 220, 150, 4, 'w', 'opacity="0.88"') + el(400, 405, 50, 50, 'l'),
  fruit: () =>
    [[320, 470], [480, 470], [400, 500], [350, 360], [460, 360]]
      .map(([x, y]) => ci(x!, y!, 92, 'b') + el(x! - 30, y! - 36, 26, 16, 'w', 'opacity="0.45"') + pa(`M${x},${y! - 86} l6,-26`, 'o', 'style="stroke:#6b4a2b;stroke-width:8"'))
      .join('') + pa('M466,266 C500,230 540,240 556,262 C520,284 490,286 466,266 Z', 'o', 'style="fill:#5f9e4a;stroke:#3f7a32;stroke-width:3"'),
  sack: () =>
    pa('M280,180 Q400,160 520,180 L545,585 Q400,605 255,585 Z', 'b') + pa('M282,210 Q400,192 518,210', 'o', 'style="stroke-dasharray:12 8;fill:none"') +
    rr(315, 300, 170, 180, 26, 'w', 'opacity="0.9"') + ci(400, 390, 48, 'l'),
  oil: () => rr(320, 260, 160, 320, 50, 'b', 'opacity="0.95"') + rr(370, 200, 60, 70, 12, 'b') + rr(360, 165, 80, 44, 10, 'k') + rr(340, 360, 120, 130, 14, 'w', 'opacity="0.88"'),
  bedding: () =>
    rr(210, 450, 380, 100, 28, 'd') + rr(220, 360, 360, 100, 28, 'b') + rr(230, 270, 340, 100, 28, 'l') +
    pa('M230,410 L570,410 M240,320 L560,320', 'o', 'style="stroke-dasharray:10 10;opacity:0.6"'),
  towel: () =>
    rr(250, 470, 300, 90, 24, 'd') + rr(260, 385, 280, 90, 24, 'b') + rr(270, 300, 260, 90, 24, 'l') +
    repeat(3, (i) => rr(250 + i * 10, 540 - i * 85, 300 - i * 20, 12, 4, 'w', 'opacity="0.5"')),
  pillow: () =>
    pa('M220,290 Q400,240 580,290 Q615,400 580,510 Q400,560 220,510 Q185,400 220,290 Z', 'b') +
    pa('M250,310 Q400,270 550,310 Q580,400 550,490 Q400,530 250,490 Q220,400 250,310 Z', 'o', 'style="fill:none;stroke-dasharray:8 8;opacity:0.6"'),
  wok: () =>
    g('rotate(-8 400 420)', rr(560, 380, 200, 34, 16, 'o', 'style="fill:#8a5a3c"') + pa('M180,400 Q380,580 580,400 Z', 'b') + el(380, 400, 200, 46, 'd') + el(380, 402, 176, 36, 'k', 'opacity="0.85"')),
  thermos: () => rr(340, 220, 120, 360, 40, 'b') + rr(345, 150, 110, 80, 22, 'k') + rr(340, 250, 120, 18, 4, 'd') + rr(360, 300, 14, 200, 7, 'w', 'opacity="0.35"'),
  knife: () =>
    g('rotate(-22 400 400)', pa('M170,360 L520,330 L520,430 L230,430 Q170,410 170,360 Z', 'm') + rr(520, 345, 200, 70, 26, 'b') + ci(580, 380, 8, 'm') + ci(650, 380, 8, 'm')),
  candle: () =>
    rr(290, 300, 220, 270, 36, 't') + rr(300, 380, 200, 180, 26, 'b') + el(400, 310, 110, 24, 'l') + rr(395, 250, 10, 50, 4, 'k') +
    pa('M400,180 C430,220 420,250 400,256 C380,250 370,220 400,180 Z', 'o', 'style="fill:#f5a524;stroke:#e07b12;stroke-width:3"') + rr(320, 440, 160, 60, 8, 'w', 'opacity="0.85"'),
  blocks: () =>
    [[230, 470, 'b'], [380, 470, 'l'], [305, 370, 'd'], [455, 370, 'b'], [380, 270, 'l']]
      .map(([x, y, c]) => rr(x as number, y as number, 140, 100, 10, c as string) + ci((x as number) + 38, (y as number) - 8, 20, c as string) + ci((x as number) + 102, (y as number) - 8, 20, c as string))
      .join(''),
  teddy: () =>
    ci(320, 190, 46, 'b') + ci(480, 190, 46, 'b') + ci(320, 190, 24, 'l') + ci(480, 190, 24, 'l') + el(400, 480, 135, 120, 'b') + el(400, 490, 80, 70, 'l') +
    ci(400, 280, 112, 'b') + el(285, 470, 40, 70, 'b', 'transform="rotate(25 285 470)"') + el(515, 470, 40, 70, 'b', 'transform="rotate(-25 515 470)"') +
    el(330, 580, 55, 40, 'b') + el(470, 580, 55, 40, 'b') + el(400, 312, 50, 38, 'l') + ci(360, 258, 12, 'k') + ci(440, 258, 12, 'k') + el(400, 298, 16, 12, 'k'),
  yogamat: () =>
    rr(230, 330, 370, 170, 85, 'b') + ci(315, 415, 85, 'l') + pa('M315,415 m-10,0 a10,10 0 1,1 20,0 a25,25 0 1,1 -50,0 a40,40 0 1,1 80,0 a55,55 0 1,1 -110,0', 'o', 'style="fill:none;stroke-width:5"') +
    rr(450, 322, 26, 186, 8, 'd'),
  dumbbell: () =>
    rr(300, 378, 200, 34, 10, 'm') + rr(200, 320, 36, 150, 14, 'k') + rr(236, 295, 64, 200, 18, 'b') + rr(500, 295, 64, 200, 18, 'b') + rr(564, 320, 36, 150, 14, 'k'),
  tent: () =>
    pa('M160,570 L400,220 L640,570 Z', 'b') + pa('M400,220 L470,570 L640,570 Z', 'd', 'opacity="0.55"') + pa('M345,570 L400,390 L455,570 Z', 'k', 'opacity="0.75"') +
    pa('M400,220 L400,190 M160,570 L110,600 M640,570 L690,600', 'o', 'style="stroke-width:4"'),
  ball: () =>
    ci(400, 390, 200, 'b') + el(330, 300, 60, 36, 'w', 'opacity="0.25"') +
    pa('M400,190 L400,590 M200,390 L600,390 M260,248 C340,320 340,460 260,532 M540,248 C460,320 460,460 540,532', 'o', 'style="stroke:#2b1d14;stroke-width:7;fill:none"'),
  petbed: () => el(400, 470, 230, 110, 'b') + el(400, 450, 160, 66, 'l') + el(400, 460, 130, 46, 'd', 'opacity="0.25"'),
  bowl: () =>
    pa('M240,390 L560,390 L515,560 L285,560 Z', 'b') + el(400, 390, 160, 34, 'l') + el(400, 394, 130, 22, 'o', 'style="fill:#8a5a34"') +
    ci(400, 480, 16, 'w', 'opacity="0.7"') + ci(378, 452, 8, 'w', 'opacity="0.7"') + ci(400, 446, 8, 'w', 'opacity="0.7"') + ci(422, 452, 8, 'w', 'opacity="0.7"'),
};
