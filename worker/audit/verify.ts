import { sha256Hex } from '../lib/crypto';
import { type AuditHead, canonicalEvent, GENESIS_HASH, type SealedAuditEvent } from './chain';

/** How far a chain has been checked: the last good link, or the first event that breaks it. */
export interface ChainCheck {
  head: AuditHead | null;
  events: number;
  brokenAt?: number;
}

export const UNCHECKED: ChainCheck = { head: null, events: 0 };

/**
 * Checks the next events (oldest first) against what came before: gap-free seq, each event linking the
 * previous one's hash, and each hash matching its content. Pages are fed in one after another, so a long
 * chain never has to be held in memory. Stops at the first break.
 */
export async function checkLinks(
  check: ChainCheck,
  events: readonly SealedAuditEvent[],
): Promise<ChainCheck> {
  let { head, events: count } = check;
  for (const event of events) {
    const { hash, ...unsealed } = event;
    const linked =
      event.seq === (head?.seq ?? 0) + 1 &&
      event.prevHash === (head?.hash ?? GENESIS_HASH) &&
      hash === (await sha256Hex(canonicalEvent(unsealed)));
    if (!linked) {
      return { head, events: count, brokenAt: event.seq };
    }
    head = { seq: event.seq, hash };
    count += 1;
  }
  return { head, events: count };
}
