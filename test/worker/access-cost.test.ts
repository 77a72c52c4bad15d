// SPEC §7 Scale: no request's cost depends on data the caller cannot see, nor grows with the caller's own
// people beyond a page. 50,000 users of other companies are seeded straight into D1 (recursive CTEs: seconds,
// not minutes), each a member of an account the callers here do not administer. Timings are no evidence in a
// test, so the proof is the query plan: the SQL of the access overview and its CSV reads no stored table
// whole (no full SCAN), and a page walks the caller's `sightings` in order instead of sorting them.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessPageQuery,
  type AccessRow,
  selectAccessPage,
  selectAdministeredCount,
} from '../../worker/access/repo';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import { grantRole } from '../support/fixtures';
import { planOf } from '../support/plans';

const OTHER_USERS = 50_000;
const PER_ACCOUNT = 50;
const OTHER_ACCOUNTS = OTHER_USERS / PER_ACCOUNT;
/** Accounts of other companies the big admin is also admin of: 35,000 people, far more than a page. */
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
  // Admin of most of everyone: sorting all their people for each page is the cost a page must not have.
  big = await signIn('big', 'C 大きな会社の管理者');
  await env.DB.prepare(
    `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at)
     WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${BIG_ACCOUNTS - 1})
     SELECT printf('other-acct-%04d', i), ?1, 'admin', NULL, 0 FROM n`,
  )
    .bind(big.userId)
    .run();
}, 120_000);

/**
 * Plan lines that read a whole table or index of stored data: a SCAN of anything but the statement's own
 * CTEs and subqueries (whose size is what they were built from).
 */
const STORED = /^SCAN (s|u|m|gm|ga|a|ag|r|grp|users|memberships|group_accounts|resources|sightings)\b/;
const fullScans = (plan: string[]) => plan.filter((line) => STORED.test(line));

/** The plan reads the page's people in order from the caller's rows, and sorts nothing but the page. */
function walksInOrder(plan: string[]): boolean {
  const people = plan.findIndex((line) =>
    line.includes('USING COVERING INDEX sightings_by_name (admin_id=?'),
  );
  const sortsPeople = plan.some(
    (line, index) => index > people && index < people + 2 && /TEMP B-TREE/.test(line),
  );
  return people >= 0 && !sortsPeople;
}

const firstPage = (caller: Session): AccessPageQuery => ({
  callerId: caller.userId,
  after: null,
  userId: null,
  search: null,
  limit: 51,
});

describe('GET /api/access with 50,000 users of other companies', () => {
  it('counts what the caller administers from their own memberships', async () => {
    for (const caller of [small, nobody, big]) {
      expect(fullScans(await planOf((db) => selectAdministeredCount(db, caller.userId)))).toEqual([]);
    }
    const count = async (caller: Session) =>
      (await selectAdministeredCount(env.DB, caller.userId).first<{ resources: number }>())?.resources;
    expect(await count(small)).toBe(1);
    expect(await count(nobody)).toBe(0);
    expect(await count(big)).toBe(BIG_ACCOUNTS);
  });

  it('answers a small admin from their own rows: no scan, the names walked in order', async () => {
    const plan = await planOf((db) => selectAccessPage(db, firstPage(small)));
    expect(walksInOrder(plan)).toBe(true);
    expect(fullScans(plan)).toEqual([]);
    // A search and a later page stay on the caller's rows too.
    const searching = { ...firstPage(small), search: '%スタッフ%', after: { name: 'C', id: '' } };
    const searchPlan = await planOf((db) => selectAccessPage(db, searching));
    expect(walksInOrder(searchPlan)).toBe(true);
    expect(fullScans(searchPlan)).toEqual([]);

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

  it('answers someone who administers nothing with an empty page, reading no one', async () => {
    expect(fullScans(await planOf((db) => selectAccessPage(db, firstPage(nobody))))).toEqual([]);
    const response = await call('GET', '/api/access', { token: nobody.token });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      people: [],
      resourceCount: 0,
      nextCursor: null,
      overdueReviews: { items: [], total: 0 },
    });
  });

  it('exports the CSV from the caller’s rows: no scan, even with nothing administered', async () => {
    for (const caller of [small, nobody, big]) {
      const query = { ...firstPage(caller), limit: null };
      expect(fullScans(await planOf((db) => selectAccessPage(db, query)))).toEqual([]);
    }
    const csv = await call('GET', '/api/access/export.csv', { token: nobody.token });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n')).toHaveLength(1);
    const smallCsv = await (await call('GET', '/api/access/export.csv', { token: small.token })).text();
    expect(smallCsv.trim().split('\n')).toHaveLength(5);
  });

  it('pages a big admin by walking their rows in order: the pages are everyone they reach, by name', async () => {
    const plan = await planOf((db) => selectAccessPage(db, firstPage(big)));
    expect(walksInOrder(plan)).toBe(true);
    // Each grant's "administered by the caller" is a seek from the resource, never a pass over the caller's
    // 700 admin memberships.
    expect(plan.filter((line) => /memberships_by_user \(user_id=\? AND role=\?\)$/.test(line))).toEqual([]);
    // The truth from the memberships themselves: everyone in an account the big admin administers.
    const expected = await env.DB.prepare(
      `SELECT DISTINCT u.id, u.display_name FROM memberships a
         JOIN memberships m ON m.resource_id = a.resource_id JOIN users u ON u.id = m.user_id
        WHERE a.user_id = ?1 AND a.role = 'admin'
        ORDER BY u.display_name, u.id LIMIT 150`,
    )
      .bind(big.userId)
      .all<{ id: string; display_name: string }>();
    const seen: string[] = [];
    let after: AccessPageQuery['after'] = null;
    for (let pageNumber = 0; pageNumber < 3; pageNumber++) {
      const rows: AccessRow[] = (
        await selectAccessPage(env.DB, { ...firstPage(big), limit: 50, after }).all<AccessRow>()
      ).results;
      for (const row of rows) if (seen.at(-1) !== row.user_id) seen.push(row.user_id);
      const last = rows.at(-1);
      after = last ? { name: last.display_name, id: last.user_id } : null;
    }
    expect(seen).toEqual(expected.results.map((row) => row.id));

    const response = await call('GET', '/api/access?limit=50', { token: big.token });
    const body = await json<{ people: unknown[]; resourceCount: number; nextCursor: string | null }>(
      response,
    );
    expect(body.people).toHaveLength(50);
    expect(body.resourceCount).toBe(BIG_ACCOUNTS);
    expect(body.nextCursor).not.toBeNull();
  });
});
