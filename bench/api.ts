// API latency and throughput under concurrent load, against the Worker under `wrangler dev` (workerd,
// local D1). Sign-in, issuing and accepting consume state, so everything they use is prepared first and
// handed out one per request; only 2xx responses are timed, and every other answer is counted.
import {
  api,
  devIdToken,
  type LineUser,
  type LoadRequest,
  type LoadResult,
  mapLimit,
  runLoad,
  signIn,
  supply,
} from './load.ts';
import { progress } from './util.ts';

/** The demo owner of worker/dev/seed.ts, admin of its accounts. */
export const DEMO_OWNER: LineUser = { userId: 'Udemo0000000000000000000000000001', displayName: '山田 花子' };
const DEMO_ACCOUNT = '5a1b0000-0000-4000-8000-000000000001';
/** Seats an account gives to invites: 100 minus its admin, less a margin. */
const INVITES_PER_ACCOUNT = 90;

export interface ApiOptions {
  connections: number;
  /** Seconds of each read-only route. */
  duration: number;
  /** Invites accepted (and so about as many sign-ins and invites issued). */
  accepts: number;
}

/** Notifications written during the accept load (each tells the inviter), from the outbox's own times. */
export interface DeliveryBench {
  notifications: number;
  delivered: number;
  /** Still pending (or failed) when the wait ended. */
  undelivered: number;
  /** Written to pushed and recorded as delivered, ms. */
  p50: number;
  p99: number;
  max: number;
}

export interface ApiBench {
  options: ApiOptions;
  results: LoadResult[];
  /** Absent in results written before notifications existed. */
  delivery?: DeliveryBench;
}

/** How long the consumer may take to empty the queue after the load before the rest counts as undelivered. */
const DELIVERY_WAIT_MS = 120_000;

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

/**
 * Change to push under load: every notification written since `since` (the outbox row is in the change's
 * batch), waited for until none is pending, then the gap between its writing and its recorded delivery.
 */
async function measureDelivery(url: string, since: number): Promise<DeliveryBench> {
  type Row = { status: string; createdAt: number; deliveredAt: number | null };
  const deadline = Date.now() + DELIVERY_WAIT_MS;
  let rows: Row[] = [];
  do {
    rows = (await api<{ deliveries: Row[] }>(url, 'GET', `/dev/line/deliveries?since=${since}`, {}))
      .deliveries;
    if (!rows.some((row) => row.status === 'pending')) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  } while (Date.now() < deadline);
  const latencies = rows
    .flatMap((row) => (row.deliveredAt === null ? [] : [row.deliveredAt - row.createdAt]))
    .sort((a, b) => a - b);
  const delivery = {
    notifications: rows.length,
    delivered: latencies.length,
    undelivered: rows.length - latencies.length,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
  };
  progress(
    `api: delivery: ${delivery.delivered}/${delivery.notifications} delivered, p50 ${delivery.p50} ms, p99 ${delivery.p99} ms`,
  );
  return delivery;
}

/** Rotates through `paths` of accounts: consecutive requests write to different audit chains. */
function rotate(paths: readonly string[]): () => string {
  let index = 0;
  return () => paths[index++ % paths.length] as string;
}

export async function measureApi(url: string, options: ApiOptions): Promise<ApiBench> {
  const { connections, duration, accepts } = options;
  const results: LoadResult[] = [];
  const record = (result: LoadResult) => {
    results.push(result);
    progress(
      `api: ${result.route}: p50 ${result.p50.toFixed(1)} ms, ${Math.round(result.rps)}/s, ${result.ok} ok, ${result.non2xx} non-2xx ${JSON.stringify(result.statuses)}`,
    );
  };
  const owner = await signIn(url, DEMO_OWNER);
  const bearer = { authorization: `Bearer ${owner}` };

  // Sign-in: one fresh LINE user per request; they become the invitees below. autocannon builds exactly
  // one request per request sent, so each prepared item is used once; the margin covers failed sign-ins.
  const margin = 2 * connections;
  const users: LineUser[] = Array.from({ length: accepts + margin }, (_, i) => ({
    userId: `Uapibench${Date.now().toString(16)}${i.toString(16).padStart(6, '0')}`,
    displayName: `負荷 ${i + 1}`,
  }));
  progress(`api: preparing ${users.length} ID tokens`);
  const idTokens = await mapLimit(users, 4, (user) => devIdToken(url, user));
  const sessions: string[] = [];
  const idTokenSupply = supply(idTokens);
  record(
    await runLoad({
      route: 'POST /api/session',
      url,
      connections,
      amount: users.length,
      request: () => ({
        method: 'POST',
        path: '/api/session',
        body: JSON.stringify({ idToken: idTokenSupply.next() }),
      }),
      onResponse: (status, body) => {
        if (status === 200) sessions.push((JSON.parse(body) as { token: string }).token);
      },
    }),
  );

  record(
    await runLoad({
      route: 'GET /api/me',
      url,
      connections,
      duration,
      request: { method: 'GET', path: '/api/me', headers: bearer },
    }),
  );
  record(
    await runLoad({
      route: 'GET /api/accounts/{id}/members',
      url,
      connections,
      duration,
      request: { method: 'GET', path: `/api/accounts/${DEMO_ACCOUNT}/members`, headers: bearer },
    }),
  );

  record(await sameAccountWrites(url, owner));

  // Issuing: fresh accounts with free seats, at least two per connection so that concurrent requests
  // rarely append to the same audit chain.
  const invites = sessions.length;
  const accountCount = Math.max(2 * connections, Math.ceil(invites / INVITES_PER_ACCOUNT));
  progress(`api: registering ${accountCount} accounts for ${invites} invites`);
  const accounts = await mapLimit(
    Array.from({ length: accountCount }, (_, i) => i),
    4,
    async (i) =>
      (
        await api<{ account: { id: string } }>(url, 'POST', '/api/accounts', {
          token: owner,
          body: { name: `負荷テスト ${i + 1}` },
          expect: 201,
        })
      ).account.id,
  );
  const nextAccount = rotate(accounts.map((id) => `/api/accounts/${id}/invites`));
  const tokens: string[] = [];
  record(
    await runLoad({
      route: 'POST /api/accounts/{id}/invites',
      url,
      connections,
      amount: invites,
      request: () => ({
        method: 'POST',
        path: nextAccount(),
        headers: bearer,
        body: JSON.stringify({ role: 'operator' }),
      }),
      onResponse: (status, body) => {
        if (status === 201) tokens.push((JSON.parse(body) as { token: string }).token);
      },
    }),
  );

  // Accepting: each request an unused invite and a signed-in user who is not yet a member.
  const pairs = Math.min(tokens.length, sessions.length);
  const pairSupply = supply(Array.from({ length: pairs }, (_, i) => [tokens[i], sessions[i]] as const));
  const acceptsStarted = Date.now();
  record(
    await runLoad({
      route: 'POST /api/invites/accept',
      url,
      connections,
      amount: pairs,
      request: (): LoadRequest => {
        const [token, session] = pairSupply.next();
        return {
          method: 'POST',
          path: '/api/invites/accept',
          headers: { authorization: `Bearer ${session}` },
          body: JSON.stringify({ token }),
        };
      },
    }),
  );
  return { options, results, delivery: await measureDelivery(url, acceptsStarted) };
}

/** Writers on one account at the same moment (SPEC §7: thirty of them, and no CONFLICT reaches anyone). */
export const SAME_ACCOUNT_WRITERS = 30;

/**
 * Thirty connections renaming one fresh account at once: every write appends to the same audit chain, so
 * they contend for its head the whole time. Renames commute with each other; none may answer 409.
 */
async function sameAccountWrites(url: string, owner: string): Promise<LoadResult> {
  const { account } = await api<{ account: { id: string } }>(url, 'POST', '/api/accounts', {
    token: owner,
    body: { name: '同時書き込み' },
    expect: 201,
  });
  let n = 0;
  const seen = new Set<number>();
  return runLoad({
    route: `PATCH /api/accounts/{id}: ${SAME_ACCOUNT_WRITERS} writers on one account`,
    url,
    connections: SAME_ACCOUNT_WRITERS,
    amount: 10 * SAME_ACCOUNT_WRITERS,
    request: () => ({
      method: 'PATCH',
      path: `/api/accounts/${account.id}`,
      headers: { authorization: `Bearer ${owner}` },
      body: JSON.stringify({ name: `同時書き込み ${++n}` }),
    }),
    // What a refusal said, once per status: the count alone cannot tell a CONFLICT from an overload.
    onResponse: (status, body) => {
      if (status >= 300 && !seen.has(status)) {
        seen.add(status);
        progress(`api: same-account writes: ${status} ${body.slice(0, 300)}`);
      }
    },
  });
}
