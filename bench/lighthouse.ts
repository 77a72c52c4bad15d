// Lighthouse (npm `lighthouse`, its default config: mobile form factor, simulated throttling) on the first
// screen, performance and accessibility. Each run gets a fresh Chromium with an empty profile.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { type Result } from 'lighthouse';
import { chromiumFlags, chromiumPath } from '../scripts/chromium.ts';
import { median, progress, sleep, waitForQuietCpu } from './util.ts';

export interface LighthouseSummary {
  runs: Array<{ performance: number; accessibility: number }>;
  performance: number;
  accessibility: number;
  /** Metrics of the run with the median performance score. */
  metrics: Record<string, string>;
  /** What Lighthouse says would help most, for each category under the bar. */
  opportunities: string[];
  lighthouseVersion: string;
  /** Lighthouse's CPU benchmark of this machine (higher is faster; a mid-range phone is ~500–1000). */
  benchmarkIndex: number;
  /** The scripts that cost the main thread most (Lighthouse's bootup-time), of the median run. */
  scripts: string[];
}

const METRICS = {
  FCP: 'first-contentful-paint',
  LCP: 'largest-contentful-paint',
  TBT: 'total-blocking-time',
  CLS: 'cumulative-layout-shift',
  SI: 'speed-index',
} as const;

async function launchChromium(profiles: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(profiles, 'run-'));
  const child: ChildProcess = spawn(
    chromiumPath,
    [...chromiumFlags, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 30_000);
      child.stderr?.on('data', (chunk) => {
        output += chunk;
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
    });
    return { port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function score(result: Result, category: string): number {
  return Math.round((result.categories[category]?.score ?? 0) * 100);
}

/**
 * What Lighthouse suggests for a category: its failing audits other than the metrics themselves (those are
 * reported as values), the ones with the largest estimated savings (performance) or weight first.
 */
function topIssues(result: Result, category: string, limit = 5): string[] {
  const refs = result.categories[category]?.auditRefs ?? [];
  return refs
    .filter((ref) => ref.group !== 'metrics')
    .map((ref) => ({ ref, audit: result.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 0.9)
    .map(({ ref, audit }) => {
      const savings = Object.values(audit?.metricSavings ?? {}).reduce<number>((sum, v) => sum + (v ?? 0), 0);
      return { audit, rank: savings * 1000 + ref.weight };
    })
    .sort((a, b) => b.rank - a.rank)
    .slice(0, limit)
    .map(
      ({ audit }) => `${category}: ${audit?.title}${audit?.displayValue ? ` (${audit.displayValue})` : ''}`,
    );
}

/** Lighthouse's bootup-time table: script, scripting time and parse/compile time. */
function costliestScripts(result: Result, limit = 3): string[] {
  const details = result.audits['bootup-time']?.details;
  if (details?.type !== 'table') return [];
  return details.items
    .map((item) => ({
      url: String(item.url ?? ''),
      scripting: Number(item.scripting ?? 0),
      compile: Number(item.scriptParseCompile ?? 0),
    }))
    .sort((a, b) => b.scripting + b.compile - (a.scripting + a.compile))
    .slice(0, limit)
    .map(
      (s) =>
        `${s.url.replace(/^https?:\/\/[^/]+/, '')}: ${Math.round(s.scripting)} ms scripting, ${Math.round(s.compile)} ms parse/compile`,
    );
}

async function runOnce(url: string, profiles: string): Promise<Result> {
  const chrome = await launchChromium(profiles);
  try {
    await waitForQuietCpu();
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await chrome.stop();
  }
}

export async function measureLighthouse(url: string, runs = 3): Promise<LighthouseSummary> {
  const results: Result[] = [];
  // Chromium's helper processes may write into a profile for a while after the browser exits, so the
  // profiles are removed together at the end.
  const profiles = mkdtempSync(join(tmpdir(), 'kengen-lighthouse-'));
  try {
    for (let run = 0; run < runs; run++) {
      const result = await runOnce(url, profiles);
      results.push(result);
      progress(
        `lighthouse run ${run + 1}/${runs}: performance ${score(result, 'performance')}, accessibility ${score(result, 'accessibility')}`,
      );
    }
  } finally {
    await sleep(1000);
    try {
      rmSync(profiles, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
    } catch (error) {
      progress(`could not remove ${profiles}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const performance = median(results.map((r) => score(r, 'performance')));
  const accessibility = median(results.map((r) => score(r, 'accessibility')));
  const typical =
    results.find((r) => score(r, 'performance') === performance) ?? (results[0] as Result | undefined);
  if (!typical) throw new Error('no Lighthouse run');
  const metrics: Record<string, string> = {};
  for (const [name, id] of Object.entries(METRICS)) {
    metrics[name] = typical.audits[id]?.displayValue ?? '?';
  }
  const opportunities = [
    ...(performance < 95 ? topIssues(typical, 'performance') : []),
    ...(accessibility < 95 ? topIssues(typical, 'accessibility') : []),
  ];
  return {
    runs: results.map((r) => ({
      performance: score(r, 'performance'),
      accessibility: score(r, 'accessibility'),
    })),
    performance,
    accessibility,
    metrics,
    opportunities,
    lighthouseVersion: typical.lighthouseVersion,
    benchmarkIndex: median(results.map((r) => r.environment.benchmarkIndex)),
    scripts: costliestScripts(typical),
  };
}
