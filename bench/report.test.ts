// The README's Measurements table is rendered from measured data and written between its markers only.
// (A pure test, run by the node-environment `app` project of vitest.config.ts.)
import { describe, expect, it } from 'vitest';
import { GROWTH_ROUTES } from './growth.ts';
import {
  type Measured,
  mainTable,
  parseResultsJson,
  README_BEGIN,
  README_END,
  readmeBlock,
  readmeTable,
  replaceBetweenMarkers,
  resultsJson,
  resultsMarkdown,
} from './report.ts';

const load = (route: string, connections: number, p50: number, statuses: Record<string, number>) => {
  const ok = statuses['200'] ?? 0;
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    route,
    connections,
    p50,
    p99: 2 * p50,
    rps: 200,
    ok,
    non2xx,
    errors: 0,
    statuses,
    seconds: 2,
    bytes: 500,
    samples: [p50, p50],
  };
};

const rt = (route: string, situation: string, roundTrips: number, budget = '≤ 2') => ({
  route,
  situation,
  status: 200,
  roundTrips,
  budget,
  calls: 'batch(2)',
  cells: [],
});

const growthSize = (accounts: number, access: number, members: number, homeBytes = 4096) => ({
  size: { accounts, members: 100 },
  seedSeconds: 1,
  rows: { users: 100, resources: accounts, memberships: 100 * accounts, groupAccounts: 30 },
  results: [
    { route: 'GET /api/access', detail: 'owner overview, first page (50 people)', p50: access, p99: access },
    {
      route: 'GET /api/accounts/{id}/members',
      detail: 'an account with 100 members',
      p50: members,
      p99: members,
    },
  ]
    .map((r) => ({ ...r, ok: 40, non2xx: 0, errors: 0, bytes: 2048 }))
    .concat(
      // Its latency not measured (NaN): the size row stands on its own.
      [
        {
          ...GROWTH_ROUTES.meOwner,
          p50: Number.NaN,
          p99: Number.NaN,
          ok: 40,
          non2xx: 0,
          errors: 0,
          bytes: homeBytes,
        },
      ],
    ),
});

const measured: Measured = {
  sizes: {
    initialJs: 46_694,
    js: { raw: 278_118, gzip: 98_816 },
    css: { raw: 12_083, gzip: 4608 },
    worker: { minified: 600_473, gzip: 141_926 },
  },
  firstScreen: {
    runs: [860, 869, 880],
    milestones: { 'entry evaluated': 300, 'never reached': Number.NaN },
    median: 869,
    domMedian: 850,
    floorRuns: [480, 490, 500],
    floorMedian: 490,
    settledMedian: 400,
    cpuThrottling: 4,
  },
  lighthouse: {
    runs: [
      { performance: 91, accessibility: 100 },
      { performance: 93, accessibility: 100 },
      { performance: 96, accessibility: 100 },
    ],
    performance: 93,
    accessibility: 100,
    metrics: { FCP: '1.8 s', TBT: '250 ms' },
    opportunities: [],
    lighthouseVersion: '13.5.0',
    benchmarkIndex: 1500,
    scripts: [],
  },
  roundTrips: {
    available: true,
    passed: true,
    failure: '',
    header: [],
    rows: [
      rt('GET /api/me', 'no session: 401', 0),
      rt('GET /api/me', 'valid session', 1),
      rt('PATCH /api/accounts/{id}', 'admin renames', 2),
      rt(
        'DELETE /api/access/{userId}',
        'offboard from 2 resources',
        3,
        '≤ 3: one read, then one batch per resource',
      ),
    ],
  },
  api: {
    options: { connections: 10, duration: 3, accepts: 300 },
    results: [
      load('GET /api/me', 10, 41.5, { '200': 700 }),
      load('POST /api/invites/accept', 10, 56.8, { '200': 320 }),
      load('PATCH /api/accounts/{id}: 30 writers on one account', 30, 120, { '200': 297, '409': 3 }),
    ],
    delivery: { notifications: 320, delivered: 319, undelivered: 1, p50: 850, p99: 1900, max: 2100 },
  },
  growth: [growthSize(10, 25.8, 17.5), growthSize(100, 24.4, 17.7), growthSize(1000, 26.3, 30)],
};

const context = {
  started: new Date('2026-11-27T06:41:27.883Z'),
  seconds: 294.4,
  environment: 'Node v22, 2 cores',
};

/** The table's rows as cells, without the padding. */
const rowsOf = (table: string) =>
  table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe("the README's Measurements table", () => {
  it('has one row per budget, with the measured values and verdicts', () => {
    const rows = rowsOf(readmeTable(measured));
    const row = (start: string) => rows.find(([measure]) => measure?.startsWith(start));
    expect(row('initial JavaScript')).toEqual([
      'initial JavaScript, gzip (production build, LIFF SDK included)',
      '45.6 KB',
      '≤ 48 KB',
      'ok',
    ]);
    expect(row('Lighthouse')?.slice(1)).toEqual([
      '93 / 100, medians of 3 runs (performance 91, 93, 96; median run: FCP 1.8 s · TBT 250 ms)',
      '≥ 95 / ≥ 95',
      'performance UNDER',
    ]);
    expect(row('first screen')?.[1]).toBe(
      '869 ms, median of 3; a blank page with one script takes 490 ms in the same harness',
    );
    expect(row('Worker bundle')?.[1]).toBe('138.6 KB / 586.4 KB');
    expect(row('D1 round trips')?.slice(1)).toEqual([
      '0–3 over 3 routes (4 situations); above 2: DELETE /api/access/{userId} 3 (offboard from 2 resources; its budget ≤ 3: one read, then one batch per resource)',
      "≤ 2, or the route's own budget",
      'ok',
    ]);
    expect(row('API under load')).toEqual([
      'API under load (10 connections, wrangler dev): GET /api/me, POST /api/invites/accept',
      'p50 41.5–56.8 ms, p99 83.0–113.6 ms, 200 req/s; no non-2xx',
      '',
      'all 2xx',
    ]);
    expect(row('PATCH /api/accounts/{id}: 30 writers')?.slice(1, 4)).toEqual([
      expect.stringMatching(/^conflict rate 1\.0 %; p50 120 ms/),
      '0 CONFLICT (SPEC §7)',
      'NON-2XX',
    ]);
    expect(row('`GET /api/access`')).toEqual([
      '`GET /api/access` (owner overview, first page (50 people)) at 10 → 100 → 1,000 accounts × 100 members',
      'p50 25.8 ms → 24.4 ms → 26.3 ms',
      'flat (≤ ×1.5)',
      'flat (×1.08)',
    ]);
    expect(row('`GET /api/accounts/{id}/members`')?.[3]).toBe('GROWS ×1.7');
    // A route the run did not measure is shown as such, never left out.
    expect(row('`GET /api/me` (owner')?.slice(1)).toEqual(['p50 n/a → n/a → n/a', 'flat (≤ ×1.5)', 'n/a']);
    expect(row('notifications in LINE')?.slice(1)).toEqual([
      '319 of 320 delivered; p50 850 ms · p99 1900 ms · max 2100 ms',
      'every one delivered (SPEC §8)',
      'UNDELIVERED',
    ]);
    expect(row("ホーム's first answer")?.slice(1)).toEqual([
      '4.0 KB → 4.0 KB → 4.0 KB',
      '≤ 20.0 KB at every size',
      'ok',
    ]);
  });

  it("says OVER when ホーム's first answer passes 20 KB at any size", () => {
    const heavy = [growthSize(10, 25, 10), growthSize(1000, 26, 11, 21 * 1024)];
    const rows = rowsOf(readmeTable({ ...measured, growth: heavy }));
    expect(rows.find(([measure]) => measure?.startsWith("ホーム's first answer"))?.slice(1)).toEqual([
      '4.0 KB → 21.0 KB',
      '≤ 20.0 KB at every size',
      'OVER',
    ]);
  });

  it('shows a section that could not be measured as FAILED', () => {
    const rows = rowsOf(
      readmeTable({ ...measured, lighthouse: { failed: 'Chromium did not start\nstack' } }),
    );
    expect(rows.find(([measure]) => measure?.startsWith('Lighthouse'))?.slice(1)).toEqual([
      'not measured: Chromium did not start',
      '',
      'FAILED',
    ]);
  });

  it('replaces only what lies between the markers, and again the same way', () => {
    const readme = [
      '# Kengen',
      '',
      '## Measurements',
      '',
      'Prose before.',
      '',
      README_BEGIN,
      '| old | table |',
      README_END,
      '',
      'Prose after, with a | pipe.',
      '',
      '## Next section',
      '',
    ].join('\n');
    const block = readmeBlock(measured, context);
    const once = replaceBetweenMarkers(readme, block);
    const [before, rest = ''] = once.split(README_BEGIN);
    const [between, after] = rest.split(README_END);
    expect(before).toBe(readme.split(README_BEGIN)[0]);
    expect(after).toBe(readme.split(README_END)[1]);
    expect(between).toBe(`\n${block}\n`);
    expect(between).toContain(
      'Measured 2026-11-27 06:41 UTC by `npm run bench` in 294 s (Node v22, 2 cores).',
    );
    expect(between).toContain(readmeTable(measured));
    expect(between).not.toContain('| old | table |');
    expect(replaceBetweenMarkers(once, block)).toBe(once);
  });

  it('refuses a README without both markers, once each and in order', () => {
    expect(() => replaceBetweenMarkers('# no markers', 'x')).toThrow(README_BEGIN);
    expect(() => replaceBetweenMarkers(`${README_END}\n${README_BEGIN}`, 'x')).toThrow('before');
    expect(() => replaceBetweenMarkers(`${README_BEGIN}${README_END}${README_BEGIN}`, 'x')).toThrow(
      'more than once',
    );
  });

  it('renders the same from bench/results.json as from the run itself', () => {
    const { measured: parsed, context: parsedContext } = parseResultsJson(resultsJson(measured, context));
    expect(parsedContext).toEqual(context);
    expect(
      Number.isNaN(
        parsed.firstScreen && 'milestones' in parsed.firstScreen
          ? parsed.firstScreen.milestones['never reached']
          : 0,
      ),
    ).toBe(true);
    expect(readmeBlock(parsed, parsedContext)).toBe(readmeBlock(measured, context));
    expect(mainTable(parsed)).toBe(mainTable(measured));
    expect(resultsMarkdown(parsed, parsedContext)).toBe(resultsMarkdown(measured, context));
    expect(() => parseResultsJson('{"version":2}')).toThrow('npm run bench');
  });
});
