// SPEC §7 Scale: no request's cost depends on data the caller cannot see. 50,000 users of other companies
// are seeded straight into D1 (recursive CTEs: seconds, not minutes), each a member of an account the callers
// here do not administer. Timings are no evidence in a test, so the proof is the query plan: the SQL the
// access overview and its CSV run for a small admin and for someone who administers nothing reads no user
// and no membership outside the caller's reach (no full SCAN of users or memberships).
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessPageQuery,
  type AccessRow,
  type AccessStats,
  accessStrategy,
  selectAccessPage,
  selectAccessStats,
} from '../../worker/access/repo';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import { grantRole } from '../support/fixtures';

const OTHER_USERS = 50_000;
const PER_ACCOUNT = 50;
const OTHER_ACCOUNTS = OTHER_USERS / PER_ACCOUNT;
/** Accounts of other companies the big admin is also admin of: most of everyone, so walking the names pays. */
const BIG_ACCOUNTS = 700;

const otherAccount = (i: number) => `other-acct-${String(i).padStart(4, '0')}`;

let small: Session;
let nobody: Session;
let big: Session;

beforeAll(async () => {
  // Names interleave with the callers' people ('C …' sorts among them), the worst case for a name walk.
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO users (id, display_name, picture_url, created_at, updated_at)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${OTHER_USERS - 1})
       SELECT printf('Uother%06d', i), printf('C 他社 %06d', i), NULL, 0, 0 FROM n`,
    ),
    env.DB.prepare(
      `INSERT INTO resources (id, kind, name, basic_id, created_by, created_at)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${OTHER_ACCOUNTS - 1})
       SELECT printf('other-acct-%04d', i), 'account', printf('他社店 %04d', i), NULL,
              printf('Uother%06d', i * ${PER_ACCOUNT}), 0 FROM n`,
    ),
    env.DB.prepare(
      `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${OTHER_USERS - 1})
       SELECT printf('other-acct-%04d', i / ${PER_ACCOUNT}), printf('Uother%06d', i),
              CASE WHEN i % ${PER_ACCOUNT} = 0 THEN 'admin' ELSE 'operator' END, NULL, 0 FROM n`,
    ),
  ]);
  small = await signIn('small', 'C 小さな店の管理者');
  const shop = await createAccount(small, '小さな店');
  for (let i = 0; i < 3; i++) {
    const person = await signIn(`small-staff${i}`, `C 小さな店のスタッフ${i}`);
    await grantRole(shop, person.userId, 'operator', small.userId);
  }
  // A member of other companies' accounts, admin of none: there is nobody to show them.
  nobody = await signIn('nobody', 'C 管理していない人');
  await grantRole(otherAccount(0), nobody.userId, 'operator');
  await grantRole(otherAccount(1), nobody.userId, 'operator_no_stats');
  // Admin of most of everyone: the case the name walk is kept for.
  big = await signIn('big', 'C 大きな会社の管理者');
  await env.DB.prepare(
    `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at)
     WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${BIG_ACCOUNTS - 1})
     SELECT printf('other-acct-%04d', i), ?1, 'admin', NULL, 0 FROM n`,
  )
    .bind(big.userId)
    .run();
}, 120_000);

/** The SQL and parameters a repo function builds, caught instead of run, so that its plan can be asked for. */
function built(build: (db: D1Database) => D1PreparedStatement): { sql: string; params: unknown[] } {
  let sql = '';
  let params: unknown[] = [];
  const recorder = {
    prepare: (text: string) => {
      sql = text;
      return {
        bind: (...values: unknown[]) => {
          params = values;
          return {};
        },
      };
    },
  };
  build(recorder as unknown as D1Database);
  return { sql, params };
}

async function planOf(build: (db: D1Database) => D1PreparedStatement): Promise<string[]> {
  const { sql, params } = built(build);
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((row) => row.detail);
}

/**
 * Plan lines that read a whole table or index of stored data: a SCAN of anything but the statement's own
 * CTEs and subqueries (whose size is what they were built from).
 */
const STORED = /^SCAN (u|m|gm|ga|a|ag|r|grp|users|memberships|group_accounts|resources)\b/;
const fullScans = (plan: string[]) => plan.filter((line) => STORED.test(line));

async function stats(caller: Session): Promise<AccessStats> {
  const row = await selectAccessStats(env.DB, caller.userId).first<AccessStats>();
  if (!row) throw new Error('no stats row');
  return row;
}

const firstPage = (caller: Session): AccessPageQuery => ({
  callerId: caller.userId,
  after: null,
  userId: null,
  search: null,
  limit: 51,
});

describe('GET /api/access with 50,000 users of other companies', () => {
  it('measures the reach from the caller’s memberships, without reading other users', async () => {
    for (const caller of [small, nobody, big]) {
      expect(fullScans(await planOf((db) => selectAccessStats(db, caller.userId)))).toEqual([]);
    }
    expect(await stats(small)).toMatchObject({ resources: 1, reached: 4 });
    expect(await stats(nobody)).toMatchObject({ resources: 0, reached: 0 });
    expect((await stats(big)).users).toBeGreaterThanOrEqual(OTHER_USERS);
  });

  it('answers a small admin from their own people: no scan of users or memberships', async () => {
    const strategy = accessStrategy(await stats(small), firstPage(small));
    expect(strategy).toBe('members');
    const plan = await planOf((db) => selectAccessPage(db, firstPage(small), 'members'));
    expect(plan.some((line) => line.includes('USING'))).toBe(true);
    expect(fullScans(plan)).toEqual([]);
    // A search and a later page stay on the caller's people too.
    const searching = { ...firstPage(small), search: '%スタッフ%', after: { name: 'C', id: '' } };
    expect(accessStrategy(await stats(small), searching)).toBe('members');
    expect(fullScans(await planOf((db) => selectAccessPage(db, searching, 'members')))).toEqual([]);

    const response = await call('GET', '/api/access', { token: small.token });
    const body = await json<{ people: Array<{ displayName: string }>; nextCursor: string | null }>(response);
    expect(body.people.map((person) => person.displayName)).toEqual([
      'C 小さな店のスタッフ0',
      'C 小さな店のスタッフ1',
      'C 小さな店のスタッフ2',
      'C 小さな店の管理者',
    ]);
    expect(body.nextCursor).toBeNull();
  });

  it('answers someone who administers nothing with an empty page and no page query at all', async () => {
    expect(accessStrategy(await stats(nobody), firstPage(nobody))).toBe('none');
    const response = await call('GET', '/api/access', { token: nobody.token });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ people: [], resourceCount: 0, nextCursor: null });
  });

  it('exports the CSV from the caller’s memberships: no scan, even with nothing administered', async () => {
    for (const caller of [small, nobody]) {
      const query = { ...firstPage(caller), limit: null };
      expect(fullScans(await planOf((db) => selectAccessPage(db, query, 'members')))).toEqual([]);
    }
    const csv = await call('GET', '/api/access/export.csv', { token: nobody.token });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n')).toHaveLength(1);
    const smallCsv = await (await call('GET', '/api/access/export.csv', { token: small.token })).text();
    expect(smallCsv.trim().split('\n')).toHaveLength(5);
  });

  it('walks the names only for a caller whose people are a large share of everyone, with the same pages', async () => {
    expect(accessStrategy(await stats(big), firstPage(big))).toBe('walk');
    // Both ways give the same pages, in the same order, cursor after cursor.
    let after: AccessPageQuery['after'] = null;
    for (let pageNumber = 0; pageNumber < 3; pageNumber++) {
      const query: AccessPageQuery = { ...firstPage(big), after };
      const read = async (strategy: 'walk' | 'members'): Promise<AccessRow[]> =>
        (await selectAccessPage(env.DB, query, strategy).all<AccessRow>()).results;
      const [walked, collected] = await Promise.all([read('walk'), read('members')]);
      expect(walked).toEqual(collected);
      expect(walked.length).toBeGreaterThan(50);
      const last: AccessRow | undefined = walked.at(-1);
      after = last ? { name: last.display_name, id: last.user_id } : null;
    }
    const response = await call('GET', '/api/access?limit=50', { token: big.token });
    const body = await json<{ people: unknown[]; resourceCount: number; nextCursor: string | null }>(
      response,
    );
    expect(body.people).toHaveLength(50);
    expect(body.resourceCount).toBe(BIG_ACCOUNTS);
    expect(body.nextCursor).not.toBeNull();
  });
});
