// Shared helpers of the benchmarks: paths, child processes, statistics and formatting.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const wranglerBin = fileURLToPath(
  new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url),
);
export const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' };
function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * Waits until the machine's CPUs have been mostly idle for a moment (at most `limitMs`); resolves to the
 * time waited. A new Chromium window starts its own UI in another renderer (the omnibox popup WebUI, some
 * 400 requests to chrome://resources, 1.5–2 s of CPU), which on a 2-core machine would compete with the page
 * being measured; a phone's browser has long finished that when the user opens the app.
 */
export async function waitForQuietCpu(limitMs = 6000): Promise<number> {
  const started = performance.now();
  let previous = cpuTimes();
  let quietWindows = 0;
  while (quietWindows < 2 && performance.now() - started < limitMs) {
    await sleep(150);
    const current = cpuTimes();
    const busyShare = (current.busy - previous.busy) / Math.max(1, current.total - previous.total);
    quietWindows = busyShare < 0.2 ? quietWindows + 1 : 0;
    previous = current;
  }
  return performance.now() - started;
}

/** Runs a Node script (wrangler, vite, vitest) with the running Node; throws with its output on failure. */
export function runNode(args: string[], label: string): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: quietEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const gzipSize = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
export const ms = (value: number) =>
  Number.isFinite(value) ? (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`) : 'n/a';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Prints a progress line to stderr, so stdout carries only the final table. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** A Markdown table with padded columns (readable as plain text too). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(3, ...all.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: readonly string[]) =>
    `| ${widths.map((width, column) => pad(row[column] ?? '', width)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}
