import { type AuditEventInput, type AuditHead, insertAuditEvent, sealEvent } from './chain';

/** Writes a change and its audit event in one batch: both or neither (rule 8). */
export async function commitWithAudit(
  db: D1Database,
  head: AuditHead | null,
  event: AuditEventInput,
  change: readonly D1PreparedStatement[],
): Promise<void> {
  const sealed = await sealEvent(head, event);
  await db.batch([...change, insertAuditEvent(db, sealed)]);
}
