// Time to the first screen with data: Chromium with 4× CPU throttling, a cold browser context per run,
// from navigation start until the ホーム list shows a seeded account name.
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath, median, progress } from './util.ts';

/** A name from the demo seed (worker/dev/seed.ts) that the demo owner's ホーム lists. */
export const SEEDED_ACCOUNT = 'カフェ花 渋谷店';
const CPU_THROTTLING = 4;

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
  cpuThrottling: number;
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

export async function measureFirstScreen(url: string, runs = 5): Promise<FirstScreen> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const frames: number[] = [];
    const doms: number[] = [];
    const milestones: Record<string, number[]> = {};
    // One warm-up run, not counted: the Worker's first request compiles it (a deployment is warm).
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'ja-JP',
      });
      try {
        await context.addInitScript(watchForName, { name: SEEDED_ACCOUNT, signal: FIRST_DATA });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
        const painted = page.waitForEvent('console', {
          predicate: (message) => message.text().startsWith(FIRST_DATA),
          timeout: 30_000,
        });
        await page.goto(url, { waitUntil: 'commit' });
        const message = await painted;
        const timing: { dom: number; frame: number } = JSON.parse(
          message.text().slice(FIRST_DATA.length + 1),
        );
        const ends = await page.evaluate(
          (patterns) =>
            patterns.map(([label, pattern, at]) => {
              const entries = performance.getEntriesByType(
                pattern === 'navigation' ? 'navigation' : 'resource',
              );
              const entry = entries.find((e) => pattern === 'navigation' || new RegExp(pattern).test(e.name));
              return [label, entry ? (entry as PerformanceResourceTiming)[at] : Number.NaN] as const;
            }),
          MILESTONES,
        );
        if (run >= 0) {
          for (const [label, end] of ends) milestones[label] = [...(milestones[label] ?? []), end];
          frames.push(timing.frame);
          doms.push(timing.dom);
          progress(`first screen run ${run + 1}/${runs}: ${Math.round(timing.frame)} ms`);
        }
      } finally {
        await context.close();
      }
    }
    return {
      runs: frames,
      milestones: Object.fromEntries(
        Object.entries(milestones).map(([label, ends]) => [label, median(ends)]),
      ),
      median: median(frames),
      domMedian: median(doms),
      cpuThrottling: CPU_THROTTLING,
    };
  } finally {
    await browser.close();
  }
}
