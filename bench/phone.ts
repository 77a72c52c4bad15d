// Time to the first screen with data: Chromium with 4× CPU throttling, a cold browser context per run,
// from navigation start until the ホーム list shows a seeded account name. Each run of the app is paired
// with a run of a blank page that shows the same name from one tiny script, served by the same Worker with
// the same headers: that is the floor of this harness and machine, which no app can beat.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath, phone } from '../scripts/chromium.ts';
import { median, progress, waitForQuietCpu } from './util.ts';

/** A name from the demo seed (worker/dev/seed.ts) that the demo owner's ホーム lists. */
export const SEEDED_ACCOUNT = 'カフェ花 渋谷店';
const CPU_THROTTLING = 4;
/** Served from bench-floor.html: static assets answer `….html` with a redirect to the bare path. */
const FLOOR_PAGE = '/bench-floor';

/** Milestones of the first screen, ms from navigation start (medians): where the time goes. */
const MILESTONES: Array<[label: string, pattern: string, at: 'startTime' | 'responseEnd']> = [
  ['HTML received', 'navigation', 'responseEnd'],
  ['entry script received', '/assets/index-[^/]+\\.js$', 'responseEnd'],
  ['LIFF mock chunk received (demo build only)', '/assets/liff-mock-[^/]+\\.js$', 'responseEnd'],
  ['dev ID token requested (LIFF mock)', '/dev/id-token$', 'startTime'],
  ['dev ID token received', '/dev/id-token$', 'responseEnd'],
  ['POST /api/session requested', '/api/session$', 'startTime'],
  ['POST /api/session answered (with the home data)', '/api/session$', 'responseEnd'],
];

export interface FirstScreen {
  runs: number[];
  milestones: Record<string, number>;
  median: number;
  /** When the account name entered the DOM (the frame that paints it is in `runs`). */
  domMedian: number;
  /** The blank page's runs, paired with the app's. */
  floorRuns: number[];
  floorMedian: number;
  /** The median wait for a quiet machine before each load. */
  settledMedian: number;
  cpuThrottling: number;
}

/** Adds the blank page of the floor measurement to a built app (never to the product's build). */
export function writeFloorPage(outDir: string): void {
  writeFileSync(
    join(outDir, `${FLOOR_PAGE}.html`),
    '<!doctype html><html lang="ja"><head><meta charset="UTF-8"><title>floor</title>' +
      '<script type="module" src="/bench-floor.js"></script></head><body></body></html>\n',
  );
  writeFileSync(
    join(outDir, 'bench-floor.js'),
    `const p = document.createElement('p');\np.textContent = ${JSON.stringify(SEEDED_ACCOUNT)};\ndocument.body.append(p);\n`,
  );
}

/** What the page logs when the seeded name is painted: a console message reaches the harness over CDP. */
const FIRST_DATA = 'kengen:first-data';

/**
 * Runs in the page before its own scripts: notes when the seeded name first enters the DOM. It reports by
 * console message: waiting with page.waitForFunction would inject Playwright's utility script and poll,
 * work on the throttled main thread, inside the window being measured.
 */
function watchForName({ name, signal }: { name: string; signal: string }): void {
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of Array.from(mutation.addedNodes)) {
        if (!node.textContent?.includes(name)) continue;
        observer.disconnect();
        const dom = performance.now();
        // The next frame is the one that paints it.
        requestAnimationFrame(() => {
          console.debug(signal, JSON.stringify({ dom, frame: performance.now() }));
        });
        return;
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

interface Run {
  dom: number;
  frame: number;
  milestones: Array<readonly [string, number]>;
  /** How long the run waited for a quiet machine before loading the page. */
  settled: number;
}

async function loadOnce(browser: Browser, url: string): Promise<Run> {
  const context = await browser.newContext(phone);
  try {
    await context.addInitScript(watchForName, { name: SEEDED_ACCOUNT, signal: FIRST_DATA });
    const page = await context.newPage();
    // Quiet first: the throttled renderer itself keeps a core busy, even on about:blank.
    const settled = await waitForQuietCpu();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
    const painted = page.waitForEvent('console', {
      predicate: (message) => message.text().startsWith(FIRST_DATA),
      timeout: 30_000,
    });
    // If navigating fails, closing the context rejects this wait too; that must not end the benchmark.
    painted.catch(() => {});
    await page.goto(url, { waitUntil: 'commit' });
    const message = await painted;
    const timing: { dom: number; frame: number } = JSON.parse(message.text().slice(FIRST_DATA.length + 1));
    const milestones = await page.evaluate(
      (patterns) =>
        patterns.map(([label, pattern, at]) => {
          const entries = performance.getEntriesByType(pattern === 'navigation' ? 'navigation' : 'resource');
          const entry = entries.find((e) => pattern === 'navigation' || new RegExp(pattern).test(e.name));
          return [label, entry ? (entry as PerformanceResourceTiming)[at] : Number.NaN] as const;
        }),
      MILESTONES,
    );
    return { ...timing, milestones, settled };
  } finally {
    await context.close();
  }
}

/** `url` serves the demo build with `writeFloorPage` applied. */
export async function measureFirstScreen(url: string, runs = 9): Promise<FirstScreen> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const app: Run[] = [];
    const floor: Run[] = [];
    // One warm-up pair, not counted: the Worker's first request compiles it (a deployment is warm).
    for (let run = -1; run < runs; run++) {
      const appRun = await loadOnce(browser, url);
      const floorRun = await loadOnce(browser, new URL(FLOOR_PAGE, url).href);
      if (run < 0) continue;
      app.push(appRun);
      floor.push(floorRun);
      progress(
        `first screen run ${run + 1}/${runs}: ${Math.round(appRun.frame)} ms (blank page ${Math.round(floorRun.frame)} ms)`,
      );
    }
    const milestones: Record<string, number> = {};
    for (const [label] of MILESTONES) {
      milestones[label] = median(
        app.map((run) => run.milestones.find(([l]) => l === label)?.[1] ?? Number.NaN),
      );
    }
    return {
      runs: app.map((run) => run.frame),
      milestones,
      median: median(app.map((run) => run.frame)),
      domMedian: median(app.map((run) => run.dom)),
      floorRuns: floor.map((run) => run.frame),
      floorMedian: median(floor.map((run) => run.frame)),
      settledMedian: median([...app, ...floor].map((run) => run.settled)),
      cpuThrottling: CPU_THROTTLING,
    };
  } finally {
    await browser.close();
  }
}
