// The one table of `npm run bench`, and the details under it in bench/results.md.
import { type ApiBench, type DeliveryBench, SAME_ACCOUNT_WRITERS } from './api.ts';
import { GROWTH_ROUTES, type GrowthRoute, type GrowthSize, OTHERS_ROUTES } from './growth.ts';
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

/** The round trips of one route over the situations the test counts, against the budget of its worst one. */
interface RouteRoundTrips {
  route: string;
  cases: RoundTripRow[];
  worst: RoundTripRow;
  least: number;
  /** The worst case's budget without its leading "≤", e.g. "2" or "3: one read for all, …". */
  budget: string;
  ok: boolean;
}

/** The budget of a route whose test row names none (SPEC §7). */
const ROUND_TRIP_BUDGET = 2;

function byRoute(rows: readonly RoundTripRow[]): RouteRoundTrips[] {
  const routes = new Map<string, RoundTripRow[]>();
  for (const row of rows) routes.set(row.route, [...(routes.get(row.route) ?? []), row]);
  return [...routes.entries()].map(([route, cases]) => {
    const worst = cases.reduce((a, b) => (b.roundTrips > a.roundTrips ? b : a));
    const budget = worst.budget.replace(/^≤\s*/, '');
    const max = Number(/^\d+/.exec(budget)?.[0] ?? ROUND_TRIP_BUDGET);
    const least = Math.min(...cases.map((c) => c.roundTrips));
    return { route, cases, worst, least, budget, ok: worst.roundTrips <= max };
  });
}

/** One row per route: its most expensive situation. */
function roundTripRows(rows: readonly RoundTripRow[]): Row[] {
  return byRoute(rows).map(({ route, cases, worst, least, budget, ok }) => {
    const range = least === worst.roundTrips ? '' : `${least}–`;
    return [
      'edge',
      `D1 round trips: ${route}`,
      `${range}${worst.roundTrips} over ${cases.length} case${cases.length === 1 ? '' : 's'} (worst: ${worst.situation}${worst.calls ? `: ${worst.calls}` : ''})`,
      `≤ ${budget}`,
      ok ? 'ok' : 'OVER',
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

/** The load run of SAME_ACCOUNT_WRITERS writers on one account (SPEC §7: no CONFLICT). */
const isContended = (r: LoadResult) => r.connections === SAME_ACCOUNT_WRITERS;

function conflictRate(r: LoadResult): string {
  const total = r.ok + r.non2xx;
  return `${((100 * (r.statuses['409'] ?? 0)) / Math.max(total, 1)).toFixed(1)} %`;
}

const allOk = (r: LoadResult) => r.non2xx === 0 && r.errors === 0;

/** Notifications in LINE under the accept load: what the measure, the value and the verdict say. */
function deliveryCells(delivery: DeliveryBench): [measure: string, value: string, verdict: string] {
  return [
    `notifications in LINE, change → push (local Queue and stand-in, under the accept load)`,
    `${delivery.delivered} of ${delivery.notifications} delivered; p50 ${ms(delivery.p50)} · p99 ${ms(delivery.p99)} · max ${ms(delivery.max)}`,
    delivery.undelivered === 0 && delivery.notifications > 0 ? 'all delivered' : 'UNDELIVERED',
  ];
}

const DELIVERY_BUDGET = 'every one delivered (SPEC §8)';

function apiRows(m: Measured): Row[] {
  if (isFailed(m.api)) return [failedRow('API', 'load (autocannon)', m.api)];
  const delivery = m.api.delivery;
  const deliveryRow = (d: DeliveryBench): Row => {
    const [measure, value, verdict] = deliveryCells(d);
    return ['API', measure, value, DELIVERY_BUDGET, verdict];
  };
  return [...apiLoadRows(m.api), ...(delivery ? [deliveryRow(delivery)] : [])];
}

function apiLoadRows(api: ApiBench): Row[] {
  return api.results.map((r) => {
    const total = r.ok + r.non2xx;
    const contended = isContended(r);
    return [
      'API',
      `${r.route} (${r.connections} connections, ${total} requests)`,
      contended ? `${loadValue(r)} · conflict rate ${conflictRate(r)}` : loadValue(r),
      contended ? '0 CONFLICT (SPEC §7)' : '',
      allOk(r) ? 'all 2xx' : 'NON-2XX',
    ];
  });
}

/** A growth route's medians at each data size, and how far apart the largest and smallest are. */
interface GrowthSeries {
  route: GrowthRoute;
  values: number[];
  factor: number;
  /** Non-2xx responses and errors over every size. */
  non2xx: number;
}

function growthSeries(
  sizes: readonly GrowthSize[],
  routes: Record<string, GrowthRoute> = GROWTH_ROUTES,
): GrowthSeries[] {
  return Object.values(routes).map((route) => {
    const results = sizes.map((s) =>
      s.results.find((r) => r.route === route.route && r.detail === route.detail),
    );
    const values = results.map((r) => r?.p50 ?? Number.NaN);
    const finite = values.filter(Number.isFinite);
    const factor = finite.length > 1 ? Math.max(...finite) / Math.min(...finite) : Number.NaN;
    const non2xx = results.reduce((sum, r) => sum + (r?.non2xx ?? 0) + (r?.errors ?? 0), 0);
    return { route, values, factor, non2xx };
  });
}

const flatVerdict = (factor: number) =>
  Number.isNaN(factor)
    ? 'n/a'
    : factor <= FLAT_FACTOR
      ? `flat (×${factor.toFixed(2)})`
      : `GROWS ×${factor.toFixed(1)}`;

const sizeLabel = (s: GrowthSize) =>
  `${s.size.accounts}×${s.size.members}${s.size.others ? ` + ${s.size.others.toLocaleString('en-US')} other users` : ''}`;

/** The sizes that grow the caller's own data, and those that grow only other companies' users (SPEC §7). */
const bySize = (sizes: readonly GrowthSize[]) => sizes.filter((s) => !s.size.others);
const byOthers = (sizes: readonly GrowthSize[]) => sizes.filter((s) => (s.size.others ?? 0) > 0);
const othersLabel = (s: GrowthSize) => `${(s.size.others ?? 0).toLocaleString('en-US')} others`;

function growthRows(m: Measured): Row[] {
  if (isFailed(m.growth)) return [failedRow('growth', 'routes at three data sizes', m.growth)];
  const rtRows = !isFailed(m.roundTrips) && m.roundTrips.available ? m.roundTrips.rows : [];
  const rows = (sizes: GrowthSize[], routes: Record<string, GrowthRoute>, label: (s: GrowthSize) => string) =>
    growthSeries(sizes, routes).map(({ route, values, factor, non2xx }): Row => {
      const rt = roundTripsOf(rtRows, route.route);
      return [
        'growth',
        `${route.route}: ${route.detail}; ${rt ? `${rt.roundTrips} D1 round trip${rt.roundTrips === 1 ? '' : 's'}` : 'round trips: TODO'}`,
        `p50 ${sizes
          .map((s, i) => `${label(s)}: ${Number.isFinite(values[i]) ? ms(values[i] ?? 0) : 'n/a'}`)
          .join(' · ')}${non2xx > 0 ? ` (${non2xx} non-2xx)` : ''}`,
        `flat (≤ ×${FLAT_FACTOR})`,
        flatVerdict(factor),
      ];
    });
  const others = byOthers(m.growth);
  return [
    ...rows(bySize(m.growth), GROWTH_ROUTES, sizeLabel),
    ...(others.length > 0 ? rows(others, OTHERS_ROUTES, othersLabel) : []),
  ];
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
          ...[...Object.values(GROWTH_ROUTES), ...Object.values(OTHERS_ROUTES)].map(
            (r) => `${r.route} (${r.detail}) p50 / p99, response`,
          ),
        ],
        m.growth.map((s) => [
          sizeLabel(s),
          String(s.rows.users),
          String(s.rows.resources),
          String(s.rows.memberships),
          `${s.seedSeconds.toFixed(0)} s`,
          ...[...Object.values(GROWTH_ROUTES), ...Object.values(OTHERS_ROUTES)].map((route) => {
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

/** When and where a run measured. */
export interface RunContext {
  started: Date;
  seconds: number;
  environment: string;
}

export function resultsMarkdown(m: Measured, context: RunContext): string {
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

// The README's "Measurements" table: a summary of the same data, written between two markers by
// `npm run bench` (and again from bench/results.json by `npm run bench:readme`), never typed by hand.

export const README_BEGIN = '<!-- bench:begin -->';
export const README_END = '<!-- bench:end -->';

type ReadmeRow = [measure: string, value: string, budget: string, verdict: string];

const readmeFailed = (measure: string, failed: Failed): ReadmeRow => {
  const [, , value, budget, verdict] = failedRow('', measure, failed);
  return [measure, value, budget, verdict];
};

const verdictOf = (checks: ReadonlyArray<[name: string, ok: boolean, bad: string]>) =>
  checks.every(([, ok]) => ok)
    ? 'ok'
    : checks
        .filter(([, ok]) => !ok)
        .map(([name, , bad]) => (checks.length > 1 ? `${name} ${bad}` : bad))
        .join(', ');

function readmePhone(m: Measured): ReadmeRow[] {
  const rows: ReadmeRow[] = [];
  const initial = 'initial JavaScript, gzip (production build, LIFF SDK included)';
  if (isFailed(m.sizes)) {
    rows.push(readmeFailed(initial, m.sizes));
  } else {
    const { initialJs } = m.sizes;
    rows.push([initial, kb(initialJs), '≤ 48 KB', initialJs <= 48 * 1024 ? 'ok' : 'OVER']);
  }
  const lighthouse = 'Lighthouse mobile, first screen: performance / accessibility';
  if (isFailed(m.lighthouse)) {
    rows.push(readmeFailed(lighthouse, m.lighthouse));
  } else {
    const l = m.lighthouse;
    const metrics = Object.entries(l.metrics)
      .map(([name, value]) => `${name} ${value}`)
      .join(' · ');
    rows.push([
      lighthouse,
      `${l.performance} / ${l.accessibility}, medians of ${l.runs.length} runs (performance ${l.runs
        .map((r) => r.performance)
        .join(', ')}; median run: ${metrics})`,
      '≥ 95 / ≥ 95',
      verdictOf([
        ['performance', l.performance >= 95, 'UNDER'],
        ['accessibility', l.accessibility >= 95, 'UNDER'],
      ]),
    ]);
  }
  const firstScreen = 'first screen with data, Chromium, 4× CPU throttling (demo build)';
  if (isFailed(m.firstScreen)) {
    rows.push(readmeFailed(firstScreen, m.firstScreen));
  } else {
    const f = m.firstScreen;
    rows.push([
      firstScreen,
      `${ms(f.median)}, median of ${f.runs.length}; a blank page with one script takes ${ms(f.floorMedian)} in the same harness`,
      '≤ 1 s',
      f.median <= 1000 ? 'ok' : 'OVER',
    ]);
  }
  return rows;
}

function readmeEdge(m: Measured): ReadmeRow[] {
  const rows: ReadmeRow[] = [];
  const bundle = 'Worker bundle, gzip / minified';
  if (isFailed(m.sizes)) {
    rows.push(readmeFailed(bundle, m.sizes));
  } else {
    rows.push([bundle, `${kb(m.sizes.worker.gzip)} / ${kb(m.sizes.worker.minified)}`, 'small', '']);
  }
  const roundTrips = 'D1 round trips per request';
  if (isFailed(m.roundTrips)) {
    rows.push(readmeFailed(roundTrips, m.roundTrips));
  } else if (!m.roundTrips.available) {
    rows.push([roundTrips, `not measured: ${m.roundTrips.reason.split('\n')[0]}`, '', 'TODO']);
  } else {
    const routes = byRoute(m.roundTrips.rows);
    const least = Math.min(...routes.map((r) => r.least));
    const most = Math.max(...routes.map((r) => r.worst.roundTrips));
    const above = routes.filter((r) => r.worst.roundTrips > ROUND_TRIP_BUDGET);
    const over = routes.filter((r) => !r.ok);
    rows.push([
      roundTrips,
      `${least === most ? most : `${least}–${most}`} over ${routes.length} routes (${m.roundTrips.rows.length} situations)${
        above.length > 0
          ? `; above ${ROUND_TRIP_BUDGET}: ${above.map((r) => `${r.route} ${r.worst.roundTrips} (${r.worst.situation}; its budget ≤ ${r.budget})`).join('; ')}`
          : ''
      }`,
      `≤ ${ROUND_TRIP_BUDGET}, or the route's own budget`,
      [
        over.length > 0 ? `OVER: ${over.map((r) => r.route).join(', ')}` : 'ok',
        ...(m.roundTrips.passed ? [] : ['round-trip test FAILED']),
      ].join('; '),
    ]);
  }
  return rows;
}

function readmeApi(m: Measured): ReadmeRow[] {
  if (isFailed(m.api)) return [readmeFailed('API under load (autocannon, wrangler dev)', m.api)];
  const rows: ReadmeRow[] = [];
  const spread = (values: number[], format: (n: number) => string) => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? format(low) : `${format(low)}–${format(high)}`;
  };
  const plain = m.api.results.filter((r) => !isContended(r));
  if (plain.length > 0) {
    const connections = [...new Set(plain.map((r) => r.connections))].join(' / ');
    const non2xx = plain.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
    rows.push([
      `API under load (${connections} connections, wrangler dev): ${plain.map((r) => r.route).join(', ')}`,
      `p50 ${spread(
        plain.map((r) => r.p50),
        (n) => n.toFixed(1),
      )} ms, p99 ${spread(
        plain.map((r) => r.p99),
        (n) => n.toFixed(1),
      )} ms, ${spread(
        plain.map((r) => r.rps),
        (n) => String(Math.round(n)),
      )} req/s; ${non2xx === 0 ? 'no non-2xx' : `${non2xx} non-2xx or errors`}`,
      '',
      plain.every(allOk) ? 'all 2xx' : 'NON-2XX',
    ]);
  }
  for (const r of m.api.results.filter(isContended)) {
    rows.push([
      `${r.route} (${r.ok + r.non2xx} requests)`,
      `conflict rate ${conflictRate(r)}; ${loadValue(r)}`,
      '0 CONFLICT (SPEC §7)',
      allOk(r) ? 'all 2xx' : 'NON-2XX',
    ]);
  }
  if (m.api.delivery) {
    const [measure, value, verdict] = deliveryCells(m.api.delivery);
    rows.push([measure, value, DELIVERY_BUDGET, verdict]);
  }
  return rows;
}

function readmeGrowth(m: Measured): ReadmeRow[] {
  if (isFailed(m.growth)) return [readmeFailed('growth: routes at three data sizes', m.growth)];
  const sizes = bySize(m.growth);
  const members = new Set(sizes.map((s) => s.size.members));
  const at =
    members.size === 1
      ? `${sizes.map((s) => s.size.accounts.toLocaleString('en-US')).join(' → ')} accounts × ${[...members][0]} members`
      : `${sizes.map(sizeLabel).join(' → ')} accounts × members`;
  const row =
    (where: string) =>
    ({ route, values, factor, non2xx }: GrowthSeries): ReadmeRow => [
      `\`${route.route}\` (${route.detail}) at ${where}`,
      `p50 ${values.map(ms).join(' → ')}${non2xx > 0 ? ` (${non2xx} non-2xx)` : ''}`,
      `flat (≤ ×${FLAT_FACTOR})`,
      flatVerdict(factor),
    ];
  const others = byOthers(m.growth);
  const othersAt = `${others.map((o) => (o.size.others ?? 0).toLocaleString('en-US')).join(' → ')} users of other companies`;
  return [
    ...growthSeries(sizes).map(row(at)),
    homeAnswerRow(sizes),
    ...(others.length > 0 ? growthSeries(others, OTHERS_ROUTES).map(row(othersAt)) : []),
  ];
}

/** ホーム's first answer must stay small however much its owner reaches (SPEC §7: ≤ 20 KB at 1,000 accounts). */
const HOME_ANSWER_BUDGET_BYTES = 20 * 1024;

/** The owner's GET /api/me by size: the response's bytes (headers and body) at each size, against the budget. */
function homeAnswerRow(sizes: readonly GrowthSize[]): ReadmeRow {
  const { meOwner } = GROWTH_ROUTES;
  const bytes = sizes.map(
    (s) =>
      s.results.find((r) => r.route === meOwner.route && r.detail === meOwner.detail)?.bytes ?? Number.NaN,
  );
  const measured = bytes.every(Number.isFinite);
  return [
    `ホーム's first answer, size: \`${meOwner.route}\` (${meOwner.detail}) at ${sizes.map((s) => s.size.accounts.toLocaleString('en-US')).join(' → ')} accounts`,
    bytes.map((b) => (Number.isFinite(b) ? kb(b) : 'n/a')).join(' → '),
    `≤ ${kb(HOME_ANSWER_BUDGET_BYTES)} at every size`,
    measured ? (Math.max(...bytes) <= HOME_ANSWER_BUDGET_BYTES ? 'ok' : 'OVER') : 'n/a',
  ];
}

/** The README's table: one row per budget of SPEC §7, fewer and shorter than bench/results.md's. */
export function readmeTable(m: Measured): string {
  return markdownTable(
    ['measure', 'value', 'budget', 'verdict'],
    [...readmePhone(m), ...readmeEdge(m), ...readmeApi(m), ...readmeGrowth(m)],
  );
}

/** What goes between the README's markers: where the numbers come from, and the table. */
export function readmeBlock(m: Measured, context: RunContext): string {
  return [
    '<!-- Written by bench/report.ts (readmeTable) from bench/results.json: `npm run bench` or `npm run bench:readme`. Edits here are overwritten. -->',
    '',
    `Measured ${context.started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` in ${Math.round(context.seconds)} s (${context.environment}).`,
    '',
    readmeTable(m),
  ].join('\n');
}

/**
 * `text` with everything between README_BEGIN and README_END replaced by `block`; the markers and the rest
 * stay as they are. Throws unless each marker is there exactly once, the beginning first.
 */
export function replaceBetweenMarkers(text: string, block: string): string {
  const begin = text.indexOf(README_BEGIN);
  const end = text.indexOf(README_END);
  if (begin < 0 || end < 0) throw new Error(`the README has no ${begin < 0 ? README_BEGIN : README_END}`);
  if (text.indexOf(README_BEGIN, begin + 1) >= 0 || text.indexOf(README_END, end + 1) >= 0) {
    throw new Error(`the README has ${README_BEGIN} or ${README_END} more than once`);
  }
  if (end < begin) throw new Error(`the README has ${README_END} before ${README_BEGIN}`);
  return `${text.slice(0, begin + README_BEGIN.length)}\n${block}\n${text.slice(end)}`;
}

// bench/results.json: the measured data of the last run, so the README can be rendered again without
// measuring. NaN and ±Infinity (a milestone never reached, a median of nothing) are kept as strings.

interface ResultsFile {
  version: 1;
  started: string;
  seconds: number;
  environment: string;
  measured: Measured;
}

export function resultsJson(m: Measured, context: RunContext): string {
  // Every latency of a load run would make the file megabytes long; the reports use only the quantiles.
  const api = isFailed(m.api)
    ? m.api
    : { ...m.api, results: m.api.results.map((r) => ({ ...r, samples: [] })) };
  const file: ResultsFile = {
    version: 1,
    started: context.started.toISOString(),
    seconds: context.seconds,
    environment: context.environment,
    measured: { ...m, api },
  };
  return `${JSON.stringify(
    file,
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  )}\n`;
}

const MEASURED_KEYS: ReadonlyArray<keyof Measured> = [
  'sizes',
  'firstScreen',
  'lighthouse',
  'roundTrips',
  'api',
  'growth',
];

export function parseResultsJson(text: string): { measured: Measured; context: RunContext } {
  const data: unknown = JSON.parse(text, (_key, value: unknown) =>
    value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value,
  );
  const file = data as Partial<ResultsFile> | null;
  const measured = file?.measured as Partial<Record<keyof Measured, unknown>> | undefined;
  if (
    file?.version !== 1 ||
    typeof file.started !== 'string' ||
    typeof file.seconds !== 'number' ||
    typeof file.environment !== 'string' ||
    typeof measured !== 'object' ||
    measured === null ||
    MEASURED_KEYS.some((key) => typeof measured[key] !== 'object' || measured[key] === null)
  ) {
    throw new Error('not a bench/results.json of version 1 (run `npm run bench` to write a new one)');
  }
  return {
    measured: file.measured as Measured,
    context: { started: new Date(file.started), seconds: file.seconds, environment: file.environment },
  };
}
