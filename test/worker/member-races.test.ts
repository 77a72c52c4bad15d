import { describe, expect, it } from 'vitest';
import type { Caller } from '../../worker/lib/caller';
import { AppError } from '../../worker/lib/errors';
import { changeMemberRole, type MemberRef, removeMember } from '../../worker/members/service';
import type { Session } from '../support/api';
import { accountWithAdmins } from '../support/fixtures';
import { readsTogether } from '../support/interleave';
import { changeRole, remove } from '../support/members';
import { adminCount, auditEvents } from '../support/storage';

function callerOf(session: Session): Caller {
  return { userId: session.userId, requestId: crypto.randomUUID() };
}

function memberOf(accountId: string, session: Session): MemberRef {
  return { kind: 'account', resourceId: accountId, userId: session.userId };
}

/** 'ok', or the API error code a service call was refused with. */
function outcomeOf(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === 'fulfilled') return 'ok';
  return outcome.reason instanceof AppError ? outcome.reason.code : String(outcome.reason);
}

describe('rule 3 under concurrency: decided in SQL', () => {
  it('two admins demoting each other at the same moment: exactly one wins, every time', async () => {
    for (let round = 0; round < 20; round++) {
      const { accountId, admins } = await accountWithAdmins(2);
      const [a, b] = admins as [Session, Session];
      const responses = await Promise.all([
        changeRole(a, 'accounts', accountId, b.userId, 'operator'),
        changeRole(b, 'accounts', accountId, a.userId, 'operator'),
      ]);
      const statuses = responses.map((response) => response.status).sort();
      await Promise.all(responses.map((response) => response.body?.cancel()));
      expect(statuses[0], `round ${round}`).toBe(200);
      // The loser is refused by the trigger (409) when both read before either wrote, or by no longer
      // being an admin (403) when it read after the winner wrote.
      expect([403, 409], `round ${round}`).toContain(statuses[1]);
      expect(await adminCount(accountId)).toBe(1);
      expect(await auditEvents(accountId)).toHaveLength(2);
    }
  });

  it('two admins demoting each other after both have read: SQL refuses the second, every time', async () => {
    for (let round = 0; round < 10; round++) {
      const { accountId, admins } = await accountWithAdmins(2);
      const [a, b] = admins as [Session, Session];
      const db = readsTogether(2);
      const outcomes = await Promise.allSettled([
        changeMemberRole(db, callerOf(a), memberOf(accountId, b), 'operator', Date.now()),
        changeMemberRole(db, callerOf(b), memberOf(accountId, a), 'operator', Date.now()),
      ]);
      // The second batch finds its author no longer an admin (the authority check in the batch) and is read
      // again: refused as a serial order would refuse it. Without that check the last-admin trigger would.
      expect(outcomes.map(outcomeOf).sort()).toEqual(['FORBIDDEN', 'ok']);
      expect(await adminCount(accountId)).toBe(1);
      expect(await auditEvents(accountId)).toHaveLength(2);
    }
  });

  it('every admin leaving after all have read: exactly one admin remains', async () => {
    const { accountId, admins } = await accountWithAdmins(3);
    const db = readsTogether(admins.length);
    const outcomes = await Promise.allSettled(
      admins.map((admin) => removeMember(db, callerOf(admin), memberOf(accountId, admin), Date.now())),
    );
    const codes = outcomes.map(outcomeOf);
    for (const code of codes) {
      expect(['ok', 'LAST_ADMIN', 'CONFLICT']).toContain(code);
    }
    const left = codes.filter((code) => code === 'ok').length;
    expect(await adminCount(accountId)).toBe(admins.length - left);
    expect(await adminCount(accountId)).toBeGreaterThanOrEqual(1);
  });

  it('every admin leaving at once: at least one admin always remains', async () => {
    for (let round = 0; round < 5; round++) {
      const { accountId, admins } = await accountWithAdmins(4);
      const responses = await Promise.all(
        admins.map((admin) => remove(admin, 'accounts', accountId, admin.userId)),
      );
      const statuses = responses.map((response) => response.status);
      await Promise.all(responses.map((response) => response.body?.cancel()));
      for (const status of statuses) {
        expect([204, 409]).toContain(status);
      }
      const left = statuses.filter((status) => status === 204).length;
      expect(left).toBeGreaterThan(0);
      expect(await adminCount(accountId)).toBe(admins.length - left);
      expect(await adminCount(accountId)).toBeGreaterThanOrEqual(1);
      // Both or neither: one member.left event per admin who left, none for a refusal.
      expect((await auditEvents(accountId)).filter((event) => event.action === 'member.left')).toHaveLength(
        left,
      );
    }
  });
});
