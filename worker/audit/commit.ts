import {
  type AuditEventInput,
  type AuditHead,
  insertAuditEvent,
  type SealedAuditEvent,
  sealEvent,
} from './chain';
import { type AuditSigner, auditSigner } from './keys';

/** Seals events one after another onto a chain, each linked to the one before. */
export async function sealChain(
  head: AuditHead | null,
  events: readonly AuditEventInput[],
  signer: AuditSigner,
): Promise<SealedAuditEvent[]> {
  const sealed: SealedAuditEvent[] = [];
  let previous = head;
  for (const event of events) {
    const next = await sealEvent(previous, event, signer);
    sealed.push(next);
    previous = next;
  }
  return sealed;
}

/**
 * Writes a change and its audit events in one batch: all or nothing (rule 8). Answers the results of the
 * change's statements, in their order (e.g. the ids a notification insert returns).
 */
export async function commitWithAudit(
  db: D1Database,
  head: AuditHead | null,
  events: AuditEventInput | readonly AuditEventInput[],
  change: readonly D1PreparedStatement[],
): Promise<D1Result[]> {
  return commitOnChains(
    db,
    [{ head, events: Array.isArray(events) ? events : [events as AuditEventInput] }],
    change,
  );
}

/** A change recorded in the histories of several resources (a group and an account), still one batch. */
export async function commitOnChains(
  db: D1Database,
  chains: ReadonlyArray<{ head: AuditHead | null; events: readonly AuditEventInput[] }>,
  change: readonly D1PreparedStatement[],
): Promise<D1Result[]> {
  const signer = auditSigner();
  const sealed = await Promise.all(chains.map((chain) => sealChain(chain.head, chain.events, signer)));
  // A change that found nothing left to do (another request did it first) writes nothing; D1 refuses an
  // empty batch.
  if (change.length === 0 && sealed.every((events) => events.length === 0)) return [];
  const results = await db.batch([...change, ...sealed.flat().map((event) => insertAuditEvent(db, event))]);
  return results.slice(0, change.length);
}
