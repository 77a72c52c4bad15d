// The one table of `npm run bench`, and the details under it in bench/results.md.
import { type ApiBench, SAME_ACCOUNT_WRITERS } from './api.ts';
import { GROWTH_ROUTES, type GrowthSize } from './growth.ts';
import type { LighthouseSummary } from './lighthouse.ts';
import type { LoadResult } from './load.ts';
import type { FirstScreen } from './phone.ts';
import { type RoundTripRow, type RoundTrips, roundTripsOf } from './round-trips.ts';
import type { Sizes } from './sizes.ts';
import { kb, markdownTable, ms } from './util.ts';

/** A section that could not be measured: shown in the table, never silently left out. */
export interface Failed {
  failed: string;
}

export type Outcome<T> = T | Failed;

export function isFailed<T>(outcome: Outcome<T>): outcome is Failed {
  return typeof outcome === 'object' && outcome !== null && 'failed' in outcome;
}

export interface Measured {
  sizes: Outcome<Sizes>;
  firstScreen: Outcome<FirstScreen>;
  lighthouse: Outcome<LighthouseSummary>;
  roundTrips: Outcome<RoundTrips>;
  api: Outcome<ApiBench>;
  growth: Outcome<GrowthSize[]>;
}

type Row = [area: string, measure: string, value: string, budget: string, verdict: string];

/** Growth counts as flat while the largest median is within this factor of the smallest (noisy machine). */
const FLAT_FACTOR = 1.5;

const failedRow = (area: string, measure: string, failed: Failed): Row => [
  area,
  measure,
  `not measured: ${failed.failed.split('\n')[0]?.slice(0, 160)}`,
  '',
  'FAILED',
];

function phoneRows(m: Measured): Row[] {
  const rows: Row[] = [];
  if (isFailed(m.sizes)) {
    rows.push(failedRow('phone', 'bundle sizes (production build)', m.sizes));
  } else {
    const { initialJs, js, css } = m.sizes;
    rows.push(
      [
        'phone',
        'initial JavaScript, gzip (production build, LIFF SDK included)',
        kb(initialJs),
        '≤ 48 KB',
        initialJs <= 48 * 1024 ? 'ok' : 'OVER',
      ],
      ['phone', 'all JavaScript, gzip / raw', `${kb(js.gzip)} / ${kb(js.raw)}`, '', ''],
      ['phone', 'CSS, gzip / raw', `${kb(css.gzip)} / ${kb(css.raw)}`, '', ''],
    );
  }
  const firstScreen =
    'first screen with data (Chromium, 4× CPU throttling, cold context; in brackets a blank page with one script, the floor)';
  if (isFailed(m.firstScreen)) {
    rows.push(failedRow('phone', firstScreen, m.firstScreen));
  } else {
    const f = m.firstScreen;
    rows.push([
      'phone',
      firstScreen,
      `${ms(f.median)}, median of ${f.runs.length} (floor ${ms(f.floorMedian)})`,
      '≤ 1 s',
      f.median <= 1000 ? 'ok' : 'OVER',
    ]);
  }
  if (isFailed(m.lighthouse)) {
    rows.push(failedRow('phone', 'Lighthouse (mobile, simulated throttling)', m.lighthouse));
  } else {
    const l = m.lighthouse;
    const runs = (key: 'performance' | 'accessibility') => l.runs.map((r) => r[key]).join(', ');
    const metrics = Object.entries(l.metrics)
      .map(([name, value]) => `${name} ${value}`)
      .join(' · ');
    rows.push(
      [
        'phone',
        `Lighthouse performance (mobile, simulated throttling, median of ${l.runs.length})`,
        `${l.performance} (runs ${runs('performance')}; ${metrics})`,
        '≥ 95',
        l.performance >= 95 ? 'ok' : 'UNDER',
      ],
      [
        'phone',
        `Lighthouse accessibility (median of ${l.runs.length})`,
        `${l.accessibility} (runs ${runs('accessibility')})`,
        '≥ 95',
        l.accessibility >= 95 ? 'ok' : 'UNDER',
      ],
    );
  }
  return rows;
}

/** One row per route: its most expensive situation. */
function roundTripRows(rows: readonly RoundTripRow[]): Row[] {
  const byRoute = new Map<string, RoundTripRow[]>();
  for (const row of rows) byRoute.set(row.route, [...(byRoute.get(row.route) ?? []), row]);
  return [...byRoute.entries()].map(([route, cases]) => {
    const worst = cases.reduce((a, b) => (b.roundTrips > a.roundTrips ? b : a));
    const budget = worst.budget.replace(/^≤\s*/, '');
    const max = Number(/^\d+/.exec(budget)?.[0] ?? 2);
    const counts = cases.map((c) => c.roundTrips);
    const range = Math.min(...counts) === worst.roundTrips ? '' : `${Math.min(...counts)}–`;
    return [
      'edge',
      `D1 round trips: ${route}`,
      `${range}${worst.roundTrips} over ${cases.length} case${cases.length === 1 ? '' : 's'} (worst: ${worst.situation}${worst.calls ? `: ${worst.calls}` : ''})`,
      `≤ ${budget}`,
      worst.roundTrips <= max ? 'ok' : 'OVER',
    ];
  });
}

function edgeRows(m: Measured): Row[] {
  const rows: Row[] = [];
  if (isFailed(m.sizes)) {
    rows.push(failedRow('edge', 'Worker bundle', m.sizes));
  } else {
    const { worker } = m.sizes;
    rows.push([
      'edge',
      'Worker bundle, gzip / minified (wrangler deploy --dry-run --minify)',
      `${kb(worker.gzip)} / ${kb(worker.minified)}`,
      'small',
      '',
    ]);
  }
  if (isFailed(m.roundTrips)) {
    rows.push(failedRow('edge', 'D1 round trips per request', m.roundTrips));
  } else if (!m.roundTrips.available) {
    rows.push([
      'edge',
      'D1 round trips per request',
      `TODO: not measured: ${m.roundTrips.reason.split('\n')[0]}`,
      '≤ 2',
      'TODO',
    ]);
  } else {
    rows.push(...roundTripRows(m.roundTrips.rows));
    if (!m.roundTrips.passed) {
      rows.push(['edge', 'round-trip test', `failed: ${m.roundTrips.failure || 'see vitest'}`, '', 'FAILED']);
    }
  }
  return rows;
}

function loadValue(r: LoadResult): string {
  const others = Object.entries(r.statuses).filter(([status]) => !status.startsWith('2'));
  return `p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · ${Math.round(r.rps)} req/s · ${r.ok} ok, ${r.non2xx} non-2xx${
    others.length > 0 ? ` (${others.map(([s, n]) => `${n}×${s}`).join(', ')})` : ''
  }${r.errors > 0 ? `, ${r.errors} errors` : ''}`;
}

function apiRows(m: Measured): Row[] {
  if (isFailed(m.api)) return [failedRow('API', 'load (autocannon)', m.api)];
  return m.api.results.map((r) => {
    const total = r.ok + r.non2xx;
    const conflicts = r.statuses['409'] ?? 0;
    const contended = r.connections === SAME_ACCOUNT_WRITERS;
    return [
      'API',
      `${r.route} (${r.connections} connections, ${total} requests)`,
      contended
        ? `${loadValue(r)} · conflict rate ${((100 * conflicts) / Math.max(total, 1)).toFixed(1)} %`
        : loadValue(r),
      contended ? '0 CONFLICT (SPEC §7)' : '',
      r.non2xx === 0 && r.errors === 0 ? 'all 2xx' : 'NON-2XX',
    ];
  });
}

function growthRows(m: Measured): Row[] {
  if (isFailed(m.growth)) return [failedRow('growth', 'routes at three data sizes', m.growth)];
  const sizes = m.growth;
  const rtRows = !isFailed(m.roundTrips) && m.roundTrips.available ? m.roundTrips.rows : [];
  return Object.values(GROWTH_ROUTES).map((route): Row => {
    const medians = sizes.map((s) =>
      s.results.find((r) => r.route === route.route && r.detail === route.detail),
    );
    const values = medians.map((r) => r?.p50 ?? Number.NaN);
    const finite = values.filter(Number.isFinite);
    const factor = finite.length > 1 ? Math.max(...finite) / Math.min(...finite) : Number.NaN;
    const rt = roundTripsOf(rtRows, route.route);
    const non2xx = medians.reduce((sum, r) => sum + (r?.non2xx ?? 0) + (r?.errors ?? 0), 0);
    return [
      'growth',
      `${route.route}: ${route.detail}; ${rt ? `${rt.roundTrips} D1 round trip${rt.roundTrips === 1 ? '' : 's'}` : 'round trips: TODO'}`,
      `p50 ${sizes
        .map(
          (s, i) =>
            `${s.size.accounts}×${s.size.members}: ${Number.isFinite(values[i]) ? ms(values[i] ?? 0) : 'n/a'}`,
        )
        .join(' · ')}${non2xx > 0 ? ` (${non2xx} non-2xx)` : ''}`,
      `flat (≤ ×${FLAT_FACTOR})`,
      Number.isNaN(factor)
        ? 'n/a'
        : factor <= FLAT_FACTOR
          ? `flat (×${factor.toFixed(2)})`
          : `GROWS ×${factor.toFixed(1)}`,
    ];
  });
}

export function mainTable(m: Measured): string {
  return markdownTable(
    ['area', 'measure', 'value', 'budget', 'verdict'],
    [...phoneRows(m), ...edgeRows(m), ...apiRows(m), ...growthRows(m)],
  );
}

function details(m: Measured): string {
  const parts: string[] = [];
  if (!isFailed(m.firstScreen)) {
    const f = m.firstScreen;
    parts.push(
      '### First screen: where the time goes (medians, ms from navigation start)',
      '',
      markdownTable(
        ['milestone', 'ms'],
        [
          ...Object.entries(f.milestones).map(([label, value]): [string, string] => [
            label,
            Number.isFinite(value) ? String(Math.round(value)) : 'n/a',
          ]),
          ['account name in the DOM', String(Math.round(f.domMedian))],
          ['frame that paints it (the measure)', String(Math.round(f.median))],
        ],
      ),
      '',
      `Runs: ${f.runs.map((r) => Math.round(r)).join(', ')} ms. The blank page's, paired with them: ` +
        `${f.floorRuns.map((r) => Math.round(r)).join(', ')} ms. Each run opens a new browser context, ` +
        `waits until the CPUs are quiet (Chromium starts the new window's own UI in another renderer; median ` +
        `wait ${ms(f.settledMedian)}), then loads the page.`,
      '',
    );
  }
  if (!isFailed(m.lighthouse)) {
    const l = m.lighthouse;
    parts.push(
      `### Lighthouse ${l.lighthouseVersion}`,
      '',
      `Runs (performance / accessibility): ${l.runs.map((r) => `${r.performance} / ${r.accessibility}`).join(', ')}. ` +
        `Lighthouse's CPU benchmark index of this machine: ${Math.round(l.benchmarkIndex)}.`,
      '',
      ...(l.opportunities.length > 0
        ? ['Top opportunities (categories under 95):', '', ...l.opportunities.map((o) => `- ${o}`), '']
        : []),
      ...(l.scripts.length > 0
        ? ['Scripts costing the main thread most (bootup-time):', '', ...l.scripts.map((s) => `- ${s}`), '']
        : []),
    );
  }
  if (!isFailed(m.growth)) {
    parts.push(
      '### Growth data and p99',
      '',
      markdownTable(
        [
          'size',
          'users',
          'resources',
          'memberships',
          'seeded in',
          ...Object.values(GROWTH_ROUTES).map((r) => `${r.route} (${r.detail}) p50 / p99, response`),
        ],
        m.growth.map((s) => [
          `${s.size.accounts}×${s.size.members}`,
          String(s.rows.users),
          String(s.rows.resources),
          String(s.rows.memberships),
          `${s.seedSeconds.toFixed(0)} s`,
          ...Object.values(GROWTH_ROUTES).map((route) => {
            const r = s.results.find((x) => x.route === route.route && x.detail === route.detail);
            return r ? `${ms(r.p50)} / ${ms(r.p99)}, ${(r.bytes / 1024).toFixed(1)} KB` : 'n/a';
          }),
        ]),
      ),
      '',
    );
  }
  if (!isFailed(m.roundTrips) && m.roundTrips.available) {
    parts.push(
      '### D1 round trips per request, as test/worker/round-trips.test.ts prints them',
      '',
      markdownTable(
        ['route', 'situation', 'status', 'round trips', 'budget', 'calls'],
        m.roundTrips.rows.map((r) => [
          r.route,
          r.situation,
          String(r.status),
          String(r.roundTrips),
          r.budget,
          r.calls,
        ]),
      ),
      '',
    );
  }
  return parts.join('\n');
}

export function resultsMarkdown(
  m: Measured,
  context: { started: Date; seconds: number; environment: string },
): string {
  return [
    '# Kengen benchmarks',
    '',
    `Measured ${context.started.toISOString()} by \`npm run bench\` in ${Math.round(context.seconds)} s (${context.environment}).`,
    'Timings come from a shared 2-core machine with other work running: read them as medians of a noisy run, not as a budget proof.',
    '',
    mainTable(m),
    '',
    '## What was measured and where',
    '',
    WHAT_AND_WHERE,
    '',
    '## Details',
    '',
    details(m),
  ].join('\n');
}

const WHAT_AND_WHERE = `**Phone** sizes are of the production build (\`vite build --mode production\` into a temporary directory):
the initial JavaScript is the entry plus what index.html preloads, gzip level 9. The first screen with data is timed
in Debian's Chromium (playwright-core, headless) against \`wrangler dev\` on localhost serving the demo build (LIFF
mock signed in through the Worker's local ID token issuer, demo seed data): a fresh browser context per run, CDP
\`Emulation.setCPUThrottlingRate\` 4, no network throttling; from navigation start to the frame after the demo owner's
ホーム list puts a seeded account name into the DOM (\`performance.now()\` in the page), one uncounted warm-up run, median
of 5. Lighthouse runs through its Node API with its default configuration (mobile form factor, simulated throttling),
performance and accessibility only, a fresh Chromium profile per run, on the same first screen. **Edge**: the Worker
bundle is what \`wrangler deploy --dry-run --minify --env production\` writes; D1 round trips are counted inside workerd
by \`test/worker/round-trips.test.ts\` (a counting D1 binding: each statement execution or batch is one). **API** load
is autocannon over HTTP/1.1 keep-alive against \`wrangler dev\` (workerd, local SQLite-backed D1, real migrations,
demo seed) on localhost: sign-ins use distinct LINE users with ID tokens prepared beforehand, invites are issued
round-robin over freshly registered accounts with free seats, and each accept uses an unused invite and a signed-in user
who is not yet a member, so the timed responses are the successful ones; latencies are autocannon's per-response
times of 2xx responses, throughput is 2xx responses per wall-clock second, and anything else is counted. **Growth**
seeds, per size, a fresh local D1 (real migrations, then generated SQL through \`wrangler d1 execute --local\`, so
every constraint and trigger runs) with N accounts × 100 seats (the owner, who administers everything, plus 99 staff;
each staff member is in ~10 accounts, 1 in 25 an admin), 3 groups of 10 accounts with 5 staff each, and 3 spare
accounts for invites; the three sizes are served by three \`wrangler dev\` side by side and measured in interleaved
rounds (every route at every size in each round, a different size first each time), so a machine getting busier or
quieter meanwhile affects every size alike; one connection at a time (no queueing), so a median is the time the
Worker and D1 spend on one request. The number of accounts grows 100× while the work a page or a members
list should do stays the same (50 people × ~10 grants; 100 members); round trips per request come from the
round-trip test above.`;
