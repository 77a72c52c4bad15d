import { withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { stillAdministers } from '../authz/guard';
import type { Grant } from '../authz/roles';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, type ErrorCode, sqlAbortCode, translateAbort } from '../lib/errors';
import { PersonRefusal, removeMember } from '../members/service';
import { authorize } from '../resources/access';
import { completeReview, type ItemRow, recordRemoved, selectItems, setOutcomes } from './repo';
import { REVIEW_ABORTS, readReview } from './service';

interface Outcome {
  userId: string;
  outcome: 'kept' | 'removed' | 'refused';
  code: ErrorCode | null;
}

/** The aborts of `recordRemoved` on an item whose outcome is already written (migrations 0011, 0013). */
const OUTCOME_TAKEN = ['REVIEW_OUTCOME_SET', 'REVIEW_CLOSED'];

const grantsOf = (item: ItemRow) => JSON.parse(item.grants) as Grant[];
const person = (item: ItemRow) => ({ userId: item.user_id, displayName: item.display_name });

/** Marked remove on a completed review, and not removed (or refused) yet. */
export const isPendingRemoval = (item: ItemRow) => item.decision === 'remove' && item.outcome === null;

/**
 * Step 1, one read and one batch: the review becomes completed (the triggers refuse it when someone is
 * undecided, or when it already is), with its audit event listing every decision, and the outcomes known
 * without writing anything else: the people kept, and the people who reach the resource only through a
 * group (a grant through a group is changed on the group, rule 11). Decisions are on the same chain, so a
 * decision changed meanwhile makes this batch read again, and two admins completing at once: one wins, the
 * other reads again and finds the review completed. A completed review with removals still pending (a
 * completion cut off after this step) is answered as it is, for the removals to be finished; one with none
 * pending is REVIEW_CLOSED. Answers the items with the outcomes known so far.
 */
async function claim(db: D1Database, caller: Caller, reviewId: string, now: number) {
  return withChainRetry(async () => {
    const { access, review, items, head } = await readReview(db, caller, reviewId);
    authorize(access.access, 'members.manage');
    if (review.status === 'completed') {
      if (!items.some(isPendingRemoval)) throw new AppError('REVIEW_CLOSED');
      return { review, items };
    }
    if (items.some((item) => item.decision === null)) throw new AppError('REVIEW_INCOMPLETE');
    const known = new Map(
      items.flatMap((item): Array<[string, Outcome]> => {
        if (item.decision === 'keep')
          return [[item.user_id, { userId: item.user_id, outcome: 'kept', code: null }]];
        const direct = grantsOf(item).some((grant) => grant.source === 'direct');
        if (direct) return [];
        return [[item.user_id, { userId: item.user_id, outcome: 'refused', code: 'GRANT_VIA_GROUP' }]];
      }),
    );
    try {
      await commitWithAudit(
        db,
        head,
        {
          resourceId: review.resource_id,
          action: 'review.completed',
          actorId: caller.userId,
          targetUserId: null,
          before: { reviewId, status: 'open' },
          after: {
            reviewId,
            status: 'completed',
            decisions: items.map((item) => ({ userId: item.user_id, decision: item.decision })),
          },
          requestId: caller.requestId,
          at: now,
        },
        [
          // An admin through a group taken out of it after the read must not complete (as decide does).
          stillAdministers(db, review.resource_id, caller.userId, 'members.manage'),
          completeReview(db, reviewId, caller.userId, now),
          setOutcomes(db, reviewId, [...known.values()]),
        ],
      );
    } catch (error) {
      return translateAbort(error, REVIEW_ABORTS);
    }
    const outcomes = items.map((item) => {
      const outcome = known.get(item.user_id);
      return outcome ? { ...item, outcome: outcome.outcome, outcome_code: outcome.code } : item;
    });
    return { review, items: outcomes };
  });
}

/** The answer: who was removed, kept and refused, by the outcomes as stored. */
function summarize(items: readonly ItemRow[], messages: ReadonlyMap<string, string>) {
  const having = (wanted: Outcome['outcome']) => items.filter((item) => item.outcome === wanted);
  return {
    removed: having('removed').map((item) => ({
      ...person(item),
      throughGroups: grantsOf(item).flatMap((grant) => (grant.source === 'group' ? [grant.group] : [])),
    })),
    kept: having('kept').map(person),
    refused: having('refused').map((item) => {
      const code = item.outcome_code ?? 'INTERNAL';
      return { ...person(item), code, message: messages.get(item.user_id) ?? new AppError(code).message };
    }),
  };
}

/**
 * POST /api/reviews/{reviewId}/complete. After the claim, each "remove" goes through the members' own removal
 * (worker/members/service.ts `removeMember`): its own read and batch, the last-admin trigger, rule 11's
 * direct-admin check in `can()` and in SQL, rule 10's ends of the person's invites and join requests, the
 * `member.removed` event and the person's LINE notification. The person's outcome is written in that same
 * batch, so a Worker stopped between two removals leaves the rest pending, never an applied removal
 * unrecorded, and completing again (any admin) finishes exactly the pending ones. Refusals about the person
 * (LAST_ADMIN, rule 11's FORBIDDEN, NOT_FOUND when the membership reviewed is gone or was added again,
 * CONFLICT when its role changed) are recorded and reported, not thrown; any other error (the caller's own
 * rights gone, a chain that stayed busy) stops the loop after writing the refusals found so far, leaving the
 * rest pending. The caller comes last, so that removing themself (leaving) does not take away the authority the
 * others need. Then one batch writes the refusals and reads every outcome back: an admin finishing the same
 * removals at the same time is told what happened, not what it tried. Round trips: 2 + 2 per person
 * removed + 1.
 */
export async function completeAndApply(db: D1Database, caller: Caller, reviewId: string, now: number) {
  const { review, items } = await claim(db, caller, reviewId, now);
  const pending = items
    .filter(isPendingRemoval)
    .sort((a, b) => Number(a.user_id === caller.userId) - Number(b.user_id === caller.userId));
  if (pending.length === 0) return { ...summarize(items, new Map()), notifications: [] };
  const refusals: Outcome[] = [];
  const messages = new Map<string, string>();
  const notifications: string[] = [];
  for (const item of pending) {
    const ref = { kind: review.kind, resourceId: review.resource_id, userId: item.user_id };
    const direct = grantsOf(item).find((grant) => grant.source === 'direct');
    try {
      const done = await removeMember(db, caller, ref, now, {
        // Only the membership the review looked at: one added again or changed since is nobody's decision.
        reviewed: { notAddedAfter: review.started_at, role: direct?.role ?? item.role },
        // Aborts the removal when the outcome is already written: another admin finishing the same review
        // removed (or refused) them first, and a second removal would be recorded nowhere.
        alongside: [recordRemoved(db, reviewId, item.user_id)],
      });
      notifications.push(...done.notifications);
    } catch (error) {
      if (sqlAbortCode(error, OUTCOME_TAKEN)) continue; // the final read reports what the other admin did
      if (error instanceof PersonRefusal || (error instanceof AppError && error.code === 'LAST_ADMIN')) {
        refusals.push({ userId: item.user_id, outcome: 'refused', code: error.code });
        messages.set(item.user_id, error.message);
        continue;
      }
      // About the caller (their rights gone mid-way) or the chain (CONFLICT): not an outcome of this person.
      // The refusals found so far are kept; the rest stay pending, for this or another admin to finish.
      if (refusals.length > 0) await setOutcomes(db, reviewId, refusals).run();
      throw error;
    }
  }
  const [, stored] = await db.batch([setOutcomes(db, reviewId, refusals), selectItems(db, reviewId)]);
  return { ...summarize(rowsOf<ItemRow>(stored), messages), notifications };
}
