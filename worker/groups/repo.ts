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
