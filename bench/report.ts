// Reading bench results: the share-of-baseline chart (SVG), comparing two result files, and the hottest
// functions of a --cpu-prof profile.
import fs from 'node:fs';

export interface Row {
  database: string;
  scenario: string;
  'req/s': number;
  p50: number;
  p90: number;
  'p97.5': number;
  p99: number;
  non2xx: number;
  'of baseline'?: string;
}

export interface ResultFile {
  machine: { cores: number; cpu?: string; node: string };
  products: number;
  duration: number;
  connections: number;
  extras: Record<string, unknown>;
  rows: Row[];
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** A horizontal bar per scenario: its req/s as a share of the raw-Fastify baseline (log scale, so 1% and 50% both show). */
export function shareChartSvg(result: ResultFile): string {
  const base = result.rows[0]!['req/s'];
  const rows = result.rows.slice(1);
  const width = 860;
  const labelWidth = 360;
  const barArea = width - labelWidth - 90;
  const rowHeight = 22;
  const top = 54;
  const height = top + rows.length * rowHeight + 40;
  // log10 scale from 0.1% to 100%
  const x = (share: number) => labelWidth + (Math.max(0, Math.log10(Math.max(share, 0.001)) + 3) / 3) * barArea;
  const colours: Record<string, string> = { postgres: '#1677ff', pglite: '#13a8a8' };
  const ticks = [0.001, 0.01, 0.1, 0.5, 1];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="22" font-size="15" font-weight="600">Jishi scenarios as a share of raw Fastify (${base.toLocaleString('en-US')} req/s), same run</text>`,
    `<text x="16" y="40" fill="#666">${result.products.toLocaleString('en-US')} products · ${result.connections} connections · ${result.duration} s each · ${result.machine.cores} cores · Node ${escapeXml(result.machine.node)} · log scale</text>`,
  ];
  for (const t of ticks) {
    parts.push(`<line x1="${x(t)}" y1="${top - 4}" x2="${x(t)}" y2="${height - 30}" stroke="#eee"/>`);
    parts.push(`<text x="${x(t)}" y="${height - 16}" text-anchor="middle" fill="#888">${t * 100}%</text>`);
  }
  rows.forEach((row, i) => {
    const share = row['req/s'] / base;
    const y = top + i * rowHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(`${row.database} · ${row.scenario}`)}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(share) - labelWidth)}" height="${rowHeight - 8}" rx="2" fill="${colours[row.database] ?? '#999'}"/>`);
    parts.push(`<text x="${x(share) + 6}" y="${y + 14}" fill="#333">${(share * 100).toFixed(share < 0.1 ? 1 : 0)}% · ${row['req/s'].toLocaleString('en-US')}/s</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** `--compare A.json B.json`: each scenario's req/s and p99 in B as a ratio of A, and each file's share of its own baseline. */
export function compareResults(aFile: string, bFile: string): void {
  const a = JSON.parse(fs.readFileSync(aFile, 'utf8')) as ResultFile;
  const b = JSON.parse(fs.readFileSync(bFile, 'utf8')) as ResultFile;
  const key = (r: Row) => `${r.database} · ${r.scenario}`;
  const aBase = a.rows[0]!['req/s'];
  const bBase = b.rows[0]!['req/s'];
  const table = b.rows.map((rb) => {
    const ra = a.rows.find((r) => key(r) === key(rb));
    return {
      scenario: key(rb),
      'A req/s': ra?.['req/s'] ?? '-',
      'B req/s': rb['req/s'],
      'B/A req/s': ra ? `${((rb['req/s'] / ra['req/s']) * 100).toFixed(0)}%` : '-',
      'A of base': ra ? `${((ra['req/s'] / aBase) * 100).toFixed(1)}%` : '-',
      'B of base': `${((rb['req/s'] / bBase) * 100).toFixed(1)}%`,
      'A p99': ra?.p99 ?? '-',
      'B p99': rb.p99,
    };
  });
  console.log(`A: ${aFile}\nB: ${bFile}\n(share of baseline is the figure to compare across runs; raw req/s only on the same machine)`);
  console.table(table);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The functions with the most self time in a V8 .cpuprofile, grouped as our code / dependencies / Node internals. */
export function summarizeProfile(file: string, top = 20): { function: string; where: string; selfPct: string }[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  // Busy time only: idle samples (the server waiting between requests, before and after the run) are left out.
  const idle = new Set(['(idle)', '(program)']);
  const busy = profile.nodes.filter((node) => !idle.has(node.callFrame.functionName));
  const total = busy.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of busy) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const url = node.callFrame.url;
    const where = url.includes('/node_modules/')
      ? url.split('/node_modules/').pop()!.split('/').slice(0, url.includes('/node_modules/@') ? 2 : 1).join('/')
      : url.startsWith('node:') || url === ''
        ? url || '(native / GC)'
        : url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    const name = `${node.callFrame.functionName || '(anonymous)'}\t${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    const area = url.includes('/node_modules/') ? `dep: ${where}` : url.startsWith('node:') ? 'node internals' : url === '' ? '(native / GC)' : 'jishi code';
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  console.log('Busy self time by area:');
  console.table([...byArea].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([area, hits]) => ({ area, selfPct: `${((hits / total) * 100).toFixed(1)}%` })));
  return [...byFunction]
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(([name, hits]) => {
      const [fn, where] = name.split('\t');
      return { function: fn!, where: where!, selfPct: `${((hits / total) * 100).toFixed(1)}%` };
    });
}
