// What the phone downloads (production build) and what the edge deploys (the Worker bundle).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../scripts/local-server.ts';
import { gzipSize, runNode, wranglerBin } from './util.ts';

export interface Sizes {
  initialJs: number;
  js: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
  worker: { minified: number; gzip: number };
}

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

function workerBundle(assets: string) {
  const outdir = mkdtempSync(join(tmpdir(), 'kengen-worker-'));
  try {
    runNode(
      [
        wranglerBin,
        'deploy',
        '--dry-run',
        '--minify',
        '--env',
        'production',
        '--assets',
        assets,
        '--outdir',
        outdir,
      ],
      'wrangler deploy --dry-run',
    );
    const bundle = join(outdir, 'index.js');
    return { minified: statSync(bundle).size, gzip: gzipSize(bundle) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The production build goes to a directory of its own, so that `dist/` (served by any `wrangler dev`
 * running meanwhile, e.g. the E2E tests') keeps its demo build.
 */
export function measureSizes(): Sizes {
  const dist = mkdtempSync(join(tmpdir(), 'kengen-dist-'));
  try {
    buildApp('production', dist);
    return {
      initialJs: initialJavaScript(dist),
      js: sizesOf(dist, '.js'),
      css: sizesOf(dist, '.css'),
      worker: workerBundle(dist),
    };
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}
