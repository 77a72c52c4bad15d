// Growth data: generated SQL applied with `wrangler d1 execute --local` to a fresh local D1 that has the
// real migrations, before `wrangler dev` starts on it. Rows are written directly (no audit events: the
// chain of a resource starts empty, which the Worker accepts), so every constraint and trigger of the
// schema still runs, including the 100-seat limit.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations } from '../scripts/local-server.ts';
import { root, runNode, wranglerBin } from './util.ts';

export interface DataSize {
  /** Accounts holding `members` seats each (the owner plus members - 1 staff, directly or through groups). */
  accounts: number;
  members: number;
  /**
   * Users of other companies besides (SPEC §7: 1k → 100k → 500k), each in an account of their own company
   * that the bench owner does not administer; none when absent.
   */
  others?: number;
}

/** Accounts kept apart with only the owner as member, so invites can be issued and accepted in them. */
export const SPARE_ACCOUNTS = 3;
const GROUPS = 3;
const ACCOUNTS_PER_GROUP = 10;
const GROUP_STAFF = 5;
/** Each staff member belongs to about this many accounts, so an access page has the same shape at every size. */
const ACCOUNTS_PER_PERSON = 10;
const ROWS_PER_INSERT = 400;
const STATEMENTS_PER_FILE = 1000;

export const BENCH_OWNER = { userId: 'Ubench00000000000000000000000000', displayName: 'ベンチ オーナー' };

/** People per account of another company: admin of the first is the growth's small admin. */
export const OTHER_ACCOUNT_PEOPLE = 50;
const otherUserSql = (i: string) => `printf('Uother%026d', ${i})`;
/** The first user of other companies: admin of one account of 50 people, and of nothing else. */
export const OTHER_ADMIN = { userId: `Uother${'0'.repeat(26)}`, displayName: 'スタッフ 00001 他社 0' };

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
export const accountId = (i: number) => `5b000000-0000-4000-8000-${hex(i, 12)}`;
export const spareAccountId = (i: number) => `5b000000-0000-4000-9000-${hex(i, 12)}`;
const groupId = (i: number) => `5b000000-0000-4000-a000-${hex(i, 12)}`;
export const staffId = (i: number) => `Ubench${hex(i + 1, 26)}`;
const staffName = (i: number) => `スタッフ ${String(i + 1).padStart(5, '0')}`;

/** How many staff people the data has: every account has members - 1 of them, each in ~10 accounts. */
export function staffCount(size: DataSize): number {
  const perAccount = size.members - 1;
  return Math.max(perAccount, Math.ceil((size.accounts * perAccount) / ACCOUNTS_PER_PERSON));
}

const ROLES = ['operator', 'operator_no_broadcast', 'operator_no_stats'] as const;

const quote = (value: string | number | null) =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;

function inserts(table: string, columns: string, rows: Array<Array<string | number | null>>): string[] {
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows
      .slice(i, i + ROWS_PER_INSERT)
      .map((row) => `(${row.map(quote).join(',')})`)
      .join(',\n');
    statements.push(`INSERT INTO ${table} (${columns}) VALUES\n${values};`);
  }
  return statements;
}

export interface RowCounts {
  users: number;
  resources: number;
  memberships: number;
  groupAccounts: number;
}

/** The SQL statements of one data size, in dependency order, and how many rows they write. */
export function growthSql(size: DataSize, now = Date.now()): { statements: string[]; rows: RowCounts } {
  const owner = BENCH_OWNER.userId;
  const staff = staffCount(size);
  const users: Array<Array<string | number | null>> = [[owner, BENCH_OWNER.displayName, null, now, now]];
  for (let i = 0; i < staff; i++) users.push([staffId(i), staffName(i), null, now, now]);

  const resources: Array<Array<string | number | null>> = [];
  const memberships: Array<Array<string | number | null>> = [];
  const groupAccounts: Array<Array<string | number | null>> = [];
  const perAccount = size.members - 1;
  const heldBy = (k: number, g: number) => (g * ACCOUNTS_PER_GROUP + k) % size.accounts;
  // Rule 12 counts the people a group brings to each account it holds: those accounts leave room for them.
  const groupsHolding = new Map<number, number>();
  for (let g = 0; g < GROUPS; g++) {
    for (let k = 0; k < Math.min(ACCOUNTS_PER_GROUP, size.accounts); k++) {
      groupsHolding.set(heldBy(k, g), (groupsHolding.get(heldBy(k, g)) ?? 0) + 1);
    }
  }
  for (let a = 0; a < size.accounts; a++) {
    resources.push([
      accountId(a),
      'account',
      `ベンチ店 ${String(a + 1).padStart(4, '0')}`,
      `@bench${a}`,
      owner,
      now,
    ]);
    memberships.push([accountId(a), owner, 'admin', null, now]);
    const direct = perAccount - GROUP_STAFF * (groupsHolding.get(a) ?? 0);
    for (let j = 0; j < direct; j++) {
      const person = (a * perAccount + j) % staff;
      // One staff member in 25 is a second admin; the rest are operators of the three kinds.
      const role = j % 25 === 0 ? 'admin' : (ROLES[j % ROLES.length] ?? 'operator');
      memberships.push([accountId(a), staffId(person), role, owner, now]);
    }
  }
  for (let s = 0; s < SPARE_ACCOUNTS; s++) {
    resources.push([spareAccountId(s), 'account', `ベンチ招待用 ${s + 1}`, null, owner, now]);
    memberships.push([spareAccountId(s), owner, 'admin', null, now]);
  }
  for (let g = 0; g < GROUPS; g++) {
    resources.push([groupId(g), 'group', `ベンチグループ ${g + 1}`, null, owner, now]);
    memberships.push([groupId(g), owner, 'admin', null, now]);
    for (let k = 0; k < GROUP_STAFF; k++) {
      memberships.push([groupId(g), staffId((g * GROUP_STAFF + k) % staff), 'operator', owner, now]);
    }
    for (let k = 0; k < Math.min(ACCOUNTS_PER_GROUP, size.accounts); k++) {
      groupAccounts.push([groupId(g), accountId(heldBy(k, g)), owner, now]);
    }
  }
  return {
    statements: [
      ...inserts('users', 'id, display_name, picture_url, created_at, updated_at', users),
      ...inserts('resources', 'id, kind, name, basic_id, created_by, created_at', resources),
      ...inserts('memberships', 'resource_id, user_id, role, added_by, created_at', memberships),
      ...inserts('group_accounts', 'group_id, account_id, added_by, created_at', groupAccounts),
    ],
    rows: {
      users: users.length,
      resources: resources.length,
      memberships: memberships.length,
      groupAccounts: groupAccounts.length,
    },
  };
}

/**
 * The users of other companies: a few INSERT … SELECT statements over a recursive CTE, so that 500,000 rows
 * need no 500,000-row SQL file. Their names interleave with the staff's ('スタッフ 00001 他社 …' sorts
 * right after 'スタッフ 00001'), the worst case for walking the names: the bench owner's people are spread
 * among them. Each is in one account of their company; its first person is its admin.
 */
export function otherUsersSql(size: DataSize, now = Date.now()): string[] {
  const others = size.others ?? 0;
  if (others < 1) return [];
  const staff = staffCount(size);
  const accounts = Math.ceil(others / OTHER_ACCOUNT_PEOPLE);
  const numbers = (count: number) =>
    `WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1})`;
  const account = (i: string) => `printf('5b000000-0000-4000-b000-%012x', ${i})`;
  return [
    `INSERT INTO users (id, display_name, picture_url, created_at, updated_at)
     ${numbers(others)}
     SELECT ${otherUserSql('i')}, printf('スタッフ %05d 他社 %d', i % ${staff} + 1, i), NULL, ${now}, ${now} FROM n;`,
    `INSERT INTO resources (id, kind, name, basic_id, created_by, created_at)
     ${numbers(accounts)}
     SELECT ${account('i')}, 'account', printf('他社の店 %d', i), NULL,
            ${otherUserSql(`i * ${OTHER_ACCOUNT_PEOPLE}`)}, ${now} FROM n;`,
    `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at)
     ${numbers(others)}
     SELECT ${account(`i / ${OTHER_ACCOUNT_PEOPLE}`)}, ${otherUserSql('i')},
            CASE WHEN i % ${OTHER_ACCOUNT_PEOPLE} = 0 THEN 'admin' ELSE 'operator' END, NULL, ${now} FROM n;`,
  ];
}

/** A fresh local D1 under `persistTo` with the real migrations and the generated data. */
export function seedGrowthData(persistTo: string, size: DataSize): RowCounts {
  rmSync(persistTo, { recursive: true, force: true });
  applyMigrations(persistTo);
  const dir = join(root, persistTo, 'sql');
  mkdirSync(dir, { recursive: true });
  const { statements, rows } = growthSql(size);
  for (let i = 0, part = 0; i < statements.length; i += STATEMENTS_PER_FILE, part++) {
    const file = join(dir, `part-${part}.sql`);
    writeFileSync(file, `${statements.slice(i, i + STATEMENTS_PER_FILE).join('\n')}\n`);
    runNode(
      [wranglerBin, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes'],
      `wrangler d1 execute (${size.accounts}×${size.members}, part ${part})`,
    );
  }
  // One statement per file: each writes up to 500,000 rows by itself.
  otherUsersSql(size).forEach((statement, part) => {
    const file = join(dir, `others-${part}.sql`);
    writeFileSync(file, `${statement}\n`);
    runNode(
      [wranglerBin, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes'],
      `wrangler d1 execute (${size.others} other users, part ${part})`,
    );
  });
  rmSync(dir, { recursive: true, force: true });
  const others = size.others ?? 0;
  const otherAccounts = Math.ceil(others / OTHER_ACCOUNT_PEOPLE);
  return {
    users: rows.users + others,
    resources: rows.resources + otherAccounts,
    memberships: rows.memberships + others,
    groupAccounts: rows.groupAccounts,
  };
}
