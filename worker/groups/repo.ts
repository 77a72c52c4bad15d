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
