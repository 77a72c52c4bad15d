import { type AuditHead, canonicalEvent, GENESIS_HASH, type SealedAuditEvent } from './chain';
import { type AuditDigest, UNKEYED } from './keys';

/** How far a chain has been checked: the last good link, or the first event that breaks it. */
export interface ChainCheck {
  head: AuditHead | null;
  events: number;
  /** Whether a keyed event has been seen: after one, an unkeyed event can only be a forgery. */
  keyed: boolean;
  brokenAt?: number;
}

export const UNCHECKED: ChainCheck = { head: null, events: 0, keyed: false };

/**
 * Checks the next events (oldest first) against what came before: gap-free seq, each event linking the
 * previous one's hash, and each hash matching its content under the key that sealed it. Pages are fed in
 * one after another, so a long chain never has to be held in memory. Stops at the first break.
 */
export async function checkLinks(
  check: ChainCheck,
  events: readonly SealedAuditEvent[],
  digest: AuditDigest,
): Promise<ChainCheck> {
  let { head, events: count, keyed } = check;
  for (const event of events) {
    const { hash, keyId, ...unsealed } = event;
    const downgraded = keyed && keyId === UNKEYED;
    const linked =
      !downgraded &&
      event.seq === (head?.seq ?? 0) + 1 &&
      event.prevHash === (head?.hash ?? GENESIS_HASH) &&
      hash === (await digest(keyId, canonicalEvent(unsealed)));
    if (!linked) {
      return { head, events: count, keyed, brokenAt: event.seq };
    }
    head = { seq: event.seq, hash };
    count += 1;
    keyed ||= keyId !== UNKEYED;
  }
  return { head, events: count, keyed };
}
