import { withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import type { Grant } from '../authz/roles';
import type { Caller } from '../lib/caller';
import { AppError, type ErrorCode, translateAbort } from '../lib/errors';
import { removeMember } from '../members/service';
import { completeReview, type ItemRow, setOutcomes } from './repo';
import { REVIEW_ABORTS, readOpenReview } from './service';

interface Person {
  userId: string;
  displayName: string;
}

interface Outcome {
  userId: string;
  outcome: 'kept' | 'removed' | 'refused';
  code: ErrorCode | null;
}

const grantsOf = (item: ItemRow) => JSON.parse(item.grants) as Grant[];
const person = (item: ItemRow): Person => ({ userId: item.user_id, displayName: item.display_name });

/**
 * Step 1, one read and one batch: the review becomes completed (the triggers refuse it when someone is
 * undecided, or when it already is), with its audit event listing every decision, and the outcomes known
 * without writing anything else: the people kept, and the people who reach the resource only through a
 * group (a grant through a group is changed on the group, rule 11). Decisions are on the same chain, so a
 * decision changed meanwhile makes this batch read again, and two admins completing at once: one wins, the
 * other reads again and is told REVIEW_CLOSED.
 */
async function claim(db: D1Database, caller: Caller, reviewId: string, now: number) {
  return withChainRetry(async () => {
    const { review, items, head } = await readOpenReview(db, caller, reviewId);
    if (items.some((item) => item.decision === null)) throw new AppError('REVIEW_INCOMPLETE');
    const known: Outcome[] = items.flatMap((item): Outcome[] => {
      if (item.decision === 'keep') return [{ userId: item.user_id, outcome: 'kept', code: null }];
      const direct = grantsOf(item).some((grant) => grant.source === 'direct');
      return direct ? [] : [{ userId: item.user_id, outcome: 'refused', code: 'GRANT_VIA_GROUP' }];
    });
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
        [completeReview(db, reviewId, caller.userId, now), setOutcomes(db, reviewId, known)],
      );
    } catch (error) {
      return translateAbort(error, REVIEW_ABORTS);
    }
    return { review, items, known };
  });
}

/**
 * POST /api/reviews/{reviewId}/complete. After the claim, each "remove" goes through the members' own removal
 * (worker/members/service.ts `removeMember`): its own read and batch, the last-admin trigger, rule 11's
 * direct-admin check in `can()` and in SQL, rule 10's ends of the person's invites and join requests, the
 * `member.removed` event and the person's LINE notification. Refusals are reported, not thrown. The caller
 * comes last, so that removing themself (leaving) does not take away the authority the others need. Then
 * one statement writes the outcomes. Round trips: 2 + 2 per person removed + 1.
 */
export async function completeAndApply(db: D1Database, caller: Caller, reviewId: string, now: number) {
  const { review, items, known } = await claim(db, caller, reviewId, now);
  const settled = new Set(known.map((outcome) => outcome.userId));
  const toRemove = items
    .filter((item) => item.decision === 'remove' && !settled.has(item.user_id))
    .sort((a, b) => Number(a.user_id === caller.userId) - Number(b.user_id === caller.userId));
  const applied: Outcome[] = [];
  const messages = new Map<string, string>();
  const notifications: string[] = [];
  for (const item of toRemove) {
    const ref = { kind: review.kind, resourceId: review.resource_id, userId: item.user_id };
    try {
      const done = await removeMember(db, caller, ref, now);
      notifications.push(...done.notifications);
      applied.push({ userId: item.user_id, outcome: 'removed', code: null });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      applied.push({ userId: item.user_id, outcome: 'refused', code: error.code });
      messages.set(item.user_id, error.message);
    }
  }
  if (applied.length > 0) await setOutcomes(db, reviewId, applied).run();
  const outcomes = new Map([...known, ...applied].map((outcome) => [outcome.userId, outcome]));
  const byOutcome = (wanted: Outcome['outcome']) =>
    items.filter((item) => outcomes.get(item.user_id)?.outcome === wanted);
  return {
    removed: byOutcome('removed').map((item) => ({
      ...person(item),
      throughGroups: grantsOf(item).flatMap((grant) => (grant.source === 'group' ? [grant.group] : [])),
    })),
    kept: byOutcome('kept').map(person),
    refused: byOutcome('refused').map((item) => {
      const code = outcomes.get(item.user_id)?.code ?? 'INTERNAL';
      return { ...person(item), code, message: messages.get(item.user_id) ?? new AppError(code).message };
    }),
    notifications,
  };
}
