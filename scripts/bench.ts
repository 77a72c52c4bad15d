// `npm run bench`: measures what SPEC §7 budgets and prints one table, also written to bench/results.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildApp } from './local-server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipSize = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** The JavaScript the phone must fetch before the first screen: the entry and what it preloads. */
function initialJavaScript(dist: string): number {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((match) => match[1] ?? '');
  return srcs.reduce((sum, src) => sum + gzipSize(join(dist, src)), 0);
}

function sizesOf(dist: string, extension: string): { raw: number; gzip: number } {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets).filter((name) => name.endsWith(extension));
  return {
    raw: files.reduce((sum, name) => sum + statSync(join(assets, name)).size, 0),
    gzip: files.reduce((sum, name) => sum + gzipSize(join(assets, name)), 0),
  };
}

function workerBundle() {
  const outdir = mkdtempSync(join(tmpdir(), 'kengen-worker-'));
  const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
  const result = spawnSync(
    process.execPath,
    [wrangler, 'deploy', '--dry-run', '--minify', '--env', 'production', '--outdir', outdir],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`wrangler dry run failed:\n${result.stdout}\n${result.stderr}`);
  const bundle = join(outdir, 'index.js');
  return { minified: statSync(bundle).size, gzip: gzipSize(bundle) };
}

buildApp('production');
const dist = join(root, 'dist');
const initial = initialJavaScript(dist);
const js = sizesOf(dist, '.js');
const css = sizesOf(dist, '.css');
const worker = workerBundle();
buildApp('demo'); // leave the local build in place for `npm start`

const rows = [
  [
    'phone',
    'initial JavaScript (gzip, LIFF SDK included)',
    kb(initial),
    '≤ 48 KB',
    initial <= 48 * 1024 ? 'ok' : 'OVER',
  ],
  ['phone', 'all JavaScript (gzip / raw)', `${kb(js.gzip)} / ${kb(js.raw)}`, '', ''],
  ['phone', 'CSS (gzip / raw)', `${kb(css.gzip)} / ${kb(css.raw)}`, '', ''],
  ['edge', 'Worker bundle (gzip / minified)', `${kb(worker.gzip)} / ${kb(worker.minified)}`, 'small', ''],
];
const table = [
  '| area | measure | value | budget | |',
  '|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
const report = `# Kengen benchmarks\n\nMeasured ${new Date().toISOString()} by \`npm run bench\` (Node ${process.version}).\n\n${table}\n`;
writeFileSync(join(root, 'bench/results.md'), report);
console.log(report);
