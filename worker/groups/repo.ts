import type { Role } from '../authz/roles';
import { seatsSql } from '../resources/seats';

export function insertGroupAccount(
  db: D1Database,
  link: { groupId: string; accountId: string; addedBy: string; at: number },
): D1PreparedStatement {
  return db
    .prepare(
      'INSERT INTO group_accounts (group_id, account_id, added_by, created_at) VALUES (?1, ?2, ?3, ?4)',
    )
    .bind(link.groupId, link.accountId, link.addedBy, link.at);
}

export function deleteGroupAccount(db: D1Database, groupId: string, accountId: string): D1PreparedStatement {
  return db
    .prepare('DELETE FROM group_accounts WHERE group_id = ?1 AND account_id = ?2')
    .bind(groupId, accountId);
}

export interface GroupAccountRow {
  id: string;
  name: string;
  basic_id: string | null;
  admin_count: number;
  added_at: number;
}

/** The accounts of a group, with their direct admin counts (a single-admin account is flagged everywhere). */
export function selectGroupAccounts(db: D1Database, groupId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT r.id, r.name, r.basic_id, ga.created_at AS added_at,
              (SELECT count(*) FROM memberships a WHERE a.resource_id = r.id AND a.role = 'admin') AS admin_count
         FROM group_accounts ga JOIN resources r ON r.id = ga.account_id
        WHERE ga.group_id = ?1
        ORDER BY r.name`,
    )
    .bind(groupId);
}

export function selectGroupAccount(db: D1Database, groupId: string, accountId: string): D1PreparedStatement {
  return db
    .prepare('SELECT 1 FROM group_accounts WHERE group_id = ?1 AND account_id = ?2')
    .bind(groupId, accountId);
}

export interface AccountGroupRow {
  id: string;
  name: string;
  added_at: number;
  people: number;
  caller_role: Role | null;
}

/**
 * Every group holding account ?1, whoever can see the group: the account's admins must see every path into
 * it. `caller_role` is ?2's role in the group, which decides whether they may take the account out of it.
 */
export function selectAccountGroups(
  db: D1Database,
  accountId: string,
  callerId: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT g.id, g.name, ga.created_at AS added_at,
              (SELECT count(*) FROM memberships m WHERE m.resource_id = g.id) AS people,
              (SELECT c.role FROM memberships c WHERE c.resource_id = g.id AND c.user_id = ?2) AS caller_role
         FROM group_accounts ga JOIN resources g ON g.id = ga.group_id
        WHERE ga.account_id = ?1
        ORDER BY g.name, g.id`,
    )
    .bind(accountId, callerId);
}

/** Seats of account ?1 now, and once the members of group ?2 reach it too; ?3 = the clock. */
export function selectSeatsWithGroup(db: D1Database, accountId: string, groupId: string, now: number) {
  return db
    .prepare(
      `SELECT ${seatsSql('?1', '?3')} AS seats,
              ${seatsSql('?1', '?3', 'SELECT user_id FROM memberships WHERE resource_id = ?2')} AS after`,
    )
    .bind(accountId, groupId, now);
}

export function selectLinkNames(db: D1Database, groupId: string, accountId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT (SELECT name FROM resources WHERE id = ?1) AS "group",
              (SELECT name FROM resources WHERE id = ?2) AS account`,
    )
    .bind(groupId, accountId);
}
