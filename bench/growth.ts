// Growth: the main routes at three data sizes, each on its own local D1 seeded by generated SQL
// (bench/data.ts) and served by its own `wrangler dev`. The three run side by side and are measured in
// interleaved rounds (every route at every size in each round), so a machine that gets busier or quieter
// meanwhile affects every size alike. One connection: a latency is the time the Worker and D1 spend on
// one request, with no queueing behind others. If it stays flat while the data grows 100×, the queries use
// indexes and make no per-row round trips.
import { rmSync } from 'node:fs';
import { type LocalServer, startLocalServer } from '../scripts/local-server.ts';
import {
  accountId,
  BENCH_OWNER,
  type DataSize,
  OTHER_ACCOUNT_PEOPLE,
  OTHER_ADMIN,
  type RowCounts,
  SPARE_ACCOUNTS,
  seedGrowthData,
  spareAccountId,
  staffCount,
  staffId,
} from './data.ts';
import { devIdToken, type LoadRequest, mapLimit, quantile, runLoad, signIn, supply } from './load.ts';
import { median, progress } from './util.ts';

export interface GrowthRoute {
  /** The route as the round-trip table names it. */
  route: string;
  /** What is asked, e.g. whose /api/me. */
  detail: string;
}

export const GROWTH_ROUTES = {
  session: { route: 'POST /api/session', detail: 'a staff member signs in' },
  meOwner: { route: 'GET /api/me', detail: 'owner of every account: summary and first pages' },
  meStaff: { route: 'GET /api/me', detail: 'staff member of ~10 accounts' },
  members: { route: 'GET /api/accounts/{id}/members', detail: 'an account with 100 members' },
  access: { route: 'GET /api/access', detail: 'owner overview, first page (50 people)' },
  issue: { route: 'POST /api/accounts/{id}/invites', detail: 'owner issues' },
  accept: { route: 'POST /api/invites/accept', detail: 'staff member accepts' },
} as const satisfies Record<string, GrowthRoute>;

/**
 * SPEC §7: the same overview while other companies' users grow, on the largest size. Only what the caller
 * can see should matter, for the small admin and for the big owner alike.
 */
export const OTHER_USERS = [1000, 100_000, 500_000];
export const OTHERS_ROUTES = {
  accessOwner: {
    route: 'GET /api/access',
    detail: 'owner overview, first page, other companies’ users growing',
  },
  accessSmall: {
    route: 'GET /api/access',
    detail: `admin of one account of ${OTHER_ACCOUNT_PEOPLE} people, other companies’ users growing`,
  },
} as const satisfies Record<string, GrowthRoute>;

type RouteKey = keyof typeof GROWTH_ROUTES | keyof typeof OTHERS_ROUTES;
const ROUTES: Record<RouteKey, GrowthRoute> = { ...GROWTH_ROUTES, ...OTHERS_ROUTES };
/** The routes a size measures: the other-users sizes measure only the overview. */
const routesOf = (size: DataSize): RouteKey[] =>
  (size.others ?? 0) > 0
    ? (Object.keys(OTHERS_ROUTES) as RouteKey[])
    : (Object.keys(GROWTH_ROUTES) as RouteKey[]);

export interface GrowthResult extends GrowthRoute {
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

export interface GrowthSize {
  size: DataSize;
  seedSeconds: number;
  rows: RowCounts;
  results: GrowthResult[];
}

export interface GrowthOptions {
  sizes: DataSize[];
  /** The first of consecutive ports, one per size. */
  port: number;
  /** The built app the servers serve (growth asks only the API). */
  outDir: string;
  /** Interleaved rounds; each measures every route at every size. */
  rounds: number;
  /** Requests per route, size and round, for read-only routes and for sign-in, issue and accept. */
  reads: number;
  writes: number;
}

interface Target {
  size: DataSize;
  persistTo: string;
  seedSeconds: number;
  rows: RowCounts;
  server?: LocalServer;
  owner: string;
  /** The session of the small admin of another company (other-users sizes only). */
  small: string;
  idTokens: () => string;
  sessions: string[];
  inviteTokens: string[];
  /** Invites handed to accept requests so far (each used once). */
  accepted: number;
  spare: number;
  tally: Map<RouteKey, { samples: number[]; ok: number; non2xx: number; errors: number; bytes: number }>;
}

const staffUser = (i: number) => ({
  userId: staffId(i),
  displayName: `スタッフ ${String(i + 1).padStart(5, '0')}`,
});

async function prepare(target: Target, writes: number): Promise<void> {
  const url = target.server?.url ?? '';
  target.owner = await signIn(url, BENCH_OWNER);
  if ((target.size.others ?? 0) > 0) {
    target.small = await signIn(url, OTHER_ADMIN);
    // Warm as below; not measured.
    for (const token of [target.owner, target.small]) {
      await runLoad({
        route: 'warm-up',
        url,
        connections: 1,
        amount: 3,
        request: { method: 'GET', path: '/api/access', headers: { authorization: `Bearer ${token}` } },
      });
    }
    return;
  }
  const people = Math.min(writes, staffCount(target.size) - 2);
  const tokens = await mapLimit(
    Array.from({ length: people }, (_, i) => staffUser(i)),
    4,
    (user) => devIdToken(url, user),
  );
  target.idTokens = supply(tokens).next;
  // Warm the isolate and its caches (a deployed Worker is warm); not measured.
  for (const path of ['/api/me', `/api/accounts/${accountId(0)}/members`, '/api/access']) {
    await runLoad({
      route: 'warm-up',
      url,
      connections: 1,
      amount: 3,
      request: { method: 'GET', path, headers: { authorization: `Bearer ${target.owner}` } },
    });
  }
}

/** The requests of one route at one target; `null` when its prepared state has run out. */
function requestFor(target: Target, key: RouteKey): (() => LoadRequest) | LoadRequest | null {
  const owner = { authorization: `Bearer ${target.owner}` };
  switch (key) {
    case 'session':
      return () => ({
        method: 'POST',
        path: '/api/session',
        body: JSON.stringify({ idToken: target.idTokens() }),
      });
    case 'meOwner':
      return { method: 'GET', path: '/api/me', headers: owner };
    case 'meStaff':
      return { method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${target.sessions[0]}` } };
    case 'members':
      return { method: 'GET', path: `/api/accounts/${accountId(0)}/members`, headers: owner };
    case 'access':
    case 'accessOwner':
      return { method: 'GET', path: '/api/access', headers: owner };
    case 'accessSmall':
      return { method: 'GET', path: '/api/access', headers: { authorization: `Bearer ${target.small}` } };
    case 'issue':
      return () => ({
        method: 'POST',
        path: `/api/accounts/${spareAccountId(target.spare++ % SPARE_ACCOUNTS)}/invites`,
        headers: owner,
        body: JSON.stringify({ role: 'operator' }),
      });
    case 'accept':
      return () => {
        const i = target.accepted++;
        return {
          method: 'POST',
          path: '/api/invites/accept',
          headers: { authorization: `Bearer ${target.sessions[i % target.sessions.length]}` },
          body: JSON.stringify({ token: target.inviteTokens[i % target.inviteTokens.length] }),
        };
      };
  }
}

async function batch(target: Target, key: RouteKey, amount: number): Promise<void> {
  const request = routesOf(target.size).includes(key) ? requestFor(target, key) : null;
  if (!request || amount < 1) return;
  const result = await runLoad({
    route: ROUTES[key].route,
    url: target.server?.url ?? '',
    connections: 1,
    amount,
    request,
    onResponse: (status, body) => {
      if (key === 'session' && status === 200)
        target.sessions.push((JSON.parse(body) as { token: string }).token);
      if (key === 'issue' && status === 201)
        target.inviteTokens.push((JSON.parse(body) as { token: string }).token);
    },
  });
  const tally = target.tally.get(key) ?? { samples: [], ok: 0, non2xx: 0, errors: 0, bytes: 0 };
  tally.samples.push(...result.samples);
  tally.ok += result.ok;
  tally.non2xx += result.non2xx;
  tally.errors += result.errors;
  tally.bytes += result.bytes * result.ok;
  target.tally.set(key, tally);
}

/**
 * The given sizes, then the largest of them with each number of other companies' users: two groups, one
 * after the other, so that no more than three servers run at once.
 */
export async function measureGrowth(options: GrowthOptions): Promise<GrowthSize[]> {
  const largest = options.sizes.reduce<DataSize | undefined>(
    (big, size) => (big && big.accounts * big.members >= size.accounts * size.members ? big : size),
    undefined,
  );
  const bySize = await measureGroup(options, options.sizes);
  const byOthers = largest
    ? await measureGroup(
        options,
        OTHER_USERS.map((others) => ({ ...largest, others })),
      )
    : [];
  return [...bySize, ...byOthers];
}

async function measureGroup(options: GrowthOptions, sizes: DataSize[]): Promise<GrowthSize[]> {
  const targets: Target[] = sizes.map((size) => ({
    size,
    persistTo: `.wrangler/bench-growth-${size.accounts}x${size.members}${size.others ? `-others${size.others}` : ''}`,
    seedSeconds: 0,
    rows: { users: 0, resources: 0, memberships: 0, groupAccounts: 0 },
    owner: '',
    small: '',
    idTokens: () => '',
    sessions: [],
    inviteTokens: [],
    accepted: 0,
    spare: 0,
    tally: new Map(),
  }));
  try {
    for (const target of targets) {
      const started = performance.now();
      target.rows = seedGrowthData(target.persistTo, target.size);
      target.seedSeconds = (performance.now() - started) / 1000;
      progress(
        `growth ${target.size.accounts}×${target.size.members}${target.size.others ? ` + ${target.size.others} other users` : ''}: ${target.rows.memberships} memberships seeded in ${target.seedSeconds.toFixed(0)} s`,
      );
    }
    await Promise.all(
      targets.map(async (target, i) => {
        target.server = await startLocalServer({
          port: options.port + i,
          persistTo: target.persistTo,
          build: false,
          seed: false,
          outDir: options.outDir,
        });
      }),
    );
    for (const target of targets) await prepare(target, options.rounds * options.writes + 1);
    progress(`growth: ${targets.length} servers up; ${options.rounds} interleaved rounds`);

    // Sign-ins first (they make the staff sessions), then reads, then issuing, then accepting.
    const phases: Array<{ keys: RouteKey[]; amount: number }> = [
      { keys: ['session'], amount: options.writes },
      {
        keys: ['meOwner', 'meStaff', 'members', 'access', 'accessOwner', 'accessSmall'],
        amount: options.reads,
      },
      { keys: ['issue'], amount: options.writes },
      { keys: ['accept'], amount: options.writes },
    ];
    for (const phase of phases) {
      for (let round = 0; round < options.rounds; round++) {
        for (const key of phase.keys) {
          // A different size goes first in each round.
          for (let i = 0; i < targets.length; i++) {
            const target = targets[(i + round) % targets.length] as Target;
            await batch(target, key, phase.amount);
          }
        }
      }
      progress(`growth: ${phase.keys.join(', ')} measured`);
    }
  } finally {
    await Promise.all(targets.map((target) => target.server?.stop()));
    for (const target of targets) rmSync(target.persistTo, { recursive: true, force: true });
  }
  return targets.map((target) => ({
    size: target.size,
    seedSeconds: target.seedSeconds,
    rows: target.rows,
    results: routesOf(target.size).map((key) => {
      const tally = target.tally.get(key) ?? { samples: [], ok: 0, non2xx: 0, errors: 0, bytes: 0 };
      const sorted = [...tally.samples].sort((a, b) => a - b);
      return {
        ...ROUTES[key],
        p50: median(sorted),
        p99: quantile(sorted, 0.99),
        ok: tally.ok,
        non2xx: tally.non2xx,
        errors: tally.errors,
        bytes: tally.ok > 0 ? tally.bytes / tally.ok : 0,
      };
    }),
  }));
}
