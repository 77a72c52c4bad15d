import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createAccount, issueInvite, type Session, signIn, useInvite } from '../support/api';
import { grantRole } from '../support/fixtures';
import { adminCount, directRole } from '../support/storage';

/**
 * The rules the triggers guard hold for any SQL, not only the statements the services write: these run
 * what a careless script or a future service might, straight against D1, and expect the abort.
 */

const DUPLICATE_MEMBERSHIP = /UNIQUE constraint failed: memberships\.resource_id, memberships\.user_id/;

async function soleAdminAccount(): Promise<{ owner: Session; accountId: string }> {
  const owner = await signIn('sole-admin');
  return { owner, accountId: await createAccount(owner, 'ガードの店') };
}

function membershipSql(sql: string, ...params: unknown[]) {
  return env.DB.prepare(sql)
    .bind(...params)
    .run();
}

describe('memberships: the last admin cannot be bypassed', () => {
  it.each([
    ['user_id', 'UPDATE memberships SET user_id = ?3 WHERE resource_id = ?1 AND user_id = ?2'],
    ['resource_id', 'UPDATE memberships SET resource_id = ?3 WHERE resource_id = ?1 AND user_id = ?2'],
  ])('refuses to move a membership by changing its %s', async (column, sql) => {
    const { owner, accountId } = await soleAdminAccount();
    const other = await signIn('other');
    const elsewhere = column === 'user_id' ? other.userId : await createAccount(other, '別の店');
    await expect(membershipSql(sql, accountId, owner.userId, elsewhere)).rejects.toThrow(
      /MEMBERSHIP_IMMUTABLE/,
    );
    expect(await directRole(accountId, owner.userId)).toBe('admin');
    expect(await adminCount(accountId)).toBe(1);
  });

  it('refuses to move a membership that is not an admin one either', async () => {
    const { owner, accountId } = await soleAdminAccount();
    const staff = await signIn('staff');
    const other = await signIn('other');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    await expect(
      membershipSql(
        'UPDATE memberships SET user_id = ?3 WHERE resource_id = ?1 AND user_id = ?2',
        accountId,
        staff.userId,
        other.userId,
      ),
    ).rejects.toThrow(/MEMBERSHIP_IMMUTABLE/);
  });

  it.each([
    ['INSERT OR REPLACE', 'INSERT OR REPLACE INTO'],
    ['REPLACE', 'REPLACE INTO'],
  ])(
    'refuses %s over the last admin, which would drop the row without firing DELETE triggers',
    async (_, verb) => {
      const { owner, accountId } = await soleAdminAccount();
      await expect(
        membershipSql(
          `${verb} memberships (resource_id, user_id, role, added_by, created_at) VALUES (?1, ?2, 'operator', NULL, ?3)`,
          accountId,
          owner.userId,
          Date.now(),
        ),
      ).rejects.toThrow(DUPLICATE_MEMBERSHIP);
      expect(await directRole(accountId, owner.userId)).toBe('admin');
      expect(await adminCount(accountId)).toBe(1);
    },
  );

  it('refuses an upsert over a membership: a role change is an UPDATE', async () => {
    const { owner, accountId } = await soleAdminAccount();
    await expect(
      membershipSql(
        `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at) VALUES (?1, ?2, 'operator', NULL, ?3)
         ON CONFLICT (resource_id, user_id) DO UPDATE SET role = excluded.role`,
        accountId,
        owner.userId,
        Date.now(),
      ),
    ).rejects.toThrow(DUPLICATE_MEMBERSHIP);
    expect(await directRole(accountId, owner.userId)).toBe('admin');
  });

  it('still lets an admin be added beside the last one, and the demotion then pass', async () => {
    const { owner, accountId } = await soleAdminAccount();
    const second = await signIn('second');
    await grantRole(accountId, second.userId, 'admin', owner.userId);
    await membershipSql(
      `UPDATE memberships SET role = 'operator' WHERE resource_id = ?1 AND user_id = ?2`,
      accountId,
      owner.userId,
    );
    expect(await adminCount(accountId)).toBe(1);
  });
});

describe('invites: who used a finished invite, and when, cannot change', () => {
  async function inviteIn(status: 'accepted' | 'declined' | 'revoked' | 'expired' | 'awaiting_approval') {
    const { owner, accountId } = await soleAdminAccount();
    if (status === 'awaiting_approval') {
      await call('PATCH', `/api/accounts/${accountId}`, {
        token: owner.token,
        body: { requireApproval: true },
      });
    }
    const { invite, token } = await issueInvite(owner, accountId);
    const invitee = await signIn('invitee');
    if (status === 'accepted' || status === 'awaiting_approval') await useInvite(invitee, 'accept', token);
    if (status === 'declined') await useInvite(invitee, 'decline', token);
    if (status === 'revoked' || status === 'expired') {
      await env.DB.prepare('UPDATE invites SET status = ?2, decided_at = ?3 WHERE id = ?1')
        .bind(invite.id, status, Date.now())
        .run();
    }
    const row = await env.DB.prepare('SELECT status FROM invites WHERE id = ?1')
      .bind(invite.id)
      .first<{ status: string }>();
    expect(row?.status).toBe(status);
    return { inviteId: invite.id, stranger: (await signIn('stranger')).userId };
  }

  // Each final state refuses with its own code, the one its status trigger gives, whichever fires first.
  const FINAL_CODE = {
    accepted: /INVITE_USED/,
    declined: /INVITE_USED/,
    revoked: /INVITE_REVOKED/,
    expired: /INVITE_EXPIRED/,
  } as const;

  it.each(['accepted', 'declined'] as const)('refuses to change used_by of a %s invite', async (status) => {
    const { inviteId, stranger } = await inviteIn(status);
    await expect(
      env.DB.prepare('UPDATE invites SET used_by = ?2 WHERE id = ?1').bind(inviteId, stranger).run(),
    ).rejects.toThrow(FINAL_CODE[status]);
  });

  it.each(['accepted', 'declined', 'revoked', 'expired'] as const)(
    'refuses to change decided_at of a %s invite',
    async (status) => {
      const { inviteId } = await inviteIn(status);
      await expect(
        env.DB.prepare('UPDATE invites SET decided_at = decided_at + 1 WHERE id = ?1').bind(inviteId).run(),
      ).rejects.toThrow(FINAL_CODE[status]);
      // Rewriting a value with itself changes nothing, so it is not refused.
      await env.DB.prepare('UPDATE invites SET decided_at = decided_at WHERE id = ?1').bind(inviteId).run();
    },
  );

  it('leaves an invite awaiting approval open to its decision', async () => {
    const { inviteId } = await inviteIn('awaiting_approval');
    await env.DB.prepare(`UPDATE invites SET status = 'rejected', decided_at = decided_at + 1 WHERE id = ?1`)
      .bind(inviteId)
      .run();
    await expect(
      env.DB.prepare('UPDATE invites SET decided_at = decided_at + 1 WHERE id = ?1').bind(inviteId).run(),
    ).rejects.toThrow(/INVITE_USED/);
  });
});

describe('the authority check every admin change carries (rule 11 in SQL)', () => {
  it('passes a direct admin, passes an admin through a group only where a direct grant is not needed', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const operator = await signIn('operator');
    const accountId = await createAccount(owner, '権限チェックの店');
    const groupRes = await call('POST', '/api/groups', { token: owner.token, body: { name: 'チェック' } });
    const groupId = ((await groupRes.json()) as { group: { id: string } }).group.id;
    await env.DB.prepare(
      'INSERT INTO group_accounts (group_id, account_id, added_by, created_at) VALUES (?1, ?2, ?3, ?4)',
    )
      .bind(groupId, accountId, owner.userId, Date.now())
      .run();
    await grantRole(groupId, groupAdmin.userId, 'admin', owner.userId);
    await grantRole(accountId, operator.userId, 'operator', owner.userId);
    const check = (userId: string, direct: 0 | 1) =>
      membershipSql(
        'INSERT INTO admin_check (resource_id, user_id, direct) VALUES (?1, ?2, ?3)',
        accountId,
        userId,
        direct,
      );

    await check(owner.userId, 1);
    await check(groupAdmin.userId, 0);
    await expect(check(groupAdmin.userId, 1)).rejects.toThrow(/AUTHORITY_CHANGED/);
    await expect(check(operator.userId, 0)).rejects.toThrow(/AUTHORITY_CHANGED/);
    // A check writes nothing: the view is one constant row, whatever was inserted into it.
    const { results } = await env.DB.prepare('SELECT resource_id, user_id FROM admin_check').all();
    expect(results).toEqual([{ resource_id: null, user_id: null }]);
  });
});

describe('access reviews: one open per resource, every person decided, a completed review frozen (migration 0011)', () => {
  /** A review opened through the API on a fresh account of an admin and one operator: its id and people. */
  async function openReview() {
    const owner = await signIn('review-owner');
    const staff = await signIn('review-staff');
    const accountId = await createAccount(owner, '棚卸しガードの店');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    const response = await call('POST', `/api/accounts/${accountId}/reviews`, { token: owner.token });
    const { review } = (await response.json()) as { review: { id: string } };
    return { owner, staff, accountId, reviewId: review.id };
  }

  const sql = (statement: string, ...params: unknown[]) =>
    env.DB.prepare(statement)
      .bind(...params)
      .run();

  async function completedReview() {
    const opened = await openReview();
    await sql(
      `UPDATE review_items SET decision = 'keep', decided_by = ?2, decided_at = 1 WHERE review_id = ?1`,
      opened.reviewId,
      opened.owner.userId,
    );
    await sql(
      `UPDATE reviews SET status = 'completed', completed_by = ?2, completed_at = ?3 WHERE id = ?1`,
      opened.reviewId,
      opened.owner.userId,
      Date.now(),
    );
    return opened;
  }

  it('refuses a second open review of a resource', async () => {
    const { accountId } = await openReview();
    await expect(
      sql(
        `INSERT INTO reviews (id, resource_id, status, due_at, started_at) VALUES (?1, ?2, 'open', 2, 1)`,
        crypto.randomUUID(),
        accountId,
      ),
    ).rejects.toThrow(/UNIQUE constraint failed: reviews\.resource_id/);
  });

  it('refuses to complete a review with someone undecided, and to undo a decision', async () => {
    const { owner, staff, reviewId } = await openReview();
    await expect(
      sql(
        `UPDATE reviews SET status = 'completed', completed_by = ?2, completed_at = 1 WHERE id = ?1`,
        reviewId,
        owner.userId,
      ),
    ).rejects.toThrow(/REVIEW_INCOMPLETE/);
    await sql(
      `UPDATE review_items SET decision = 'remove', decided_by = ?3, decided_at = 1 WHERE review_id = ?1 AND user_id = ?2`,
      reviewId,
      staff.userId,
      owner.userId,
    );
    await expect(
      sql(
        `UPDATE review_items SET decision = NULL, decided_by = NULL, decided_at = NULL WHERE review_id = ?1 AND user_id = ?2`,
        reviewId,
        staff.userId,
      ),
    ).rejects.toThrow(/REVIEW_IMMUTABLE/);
  });

  it('refuses an outcome before completion', async () => {
    const { staff, reviewId } = await openReview();
    await expect(
      sql(
        `UPDATE review_items SET decision = 'keep', decided_by = 'x', decided_at = 1, outcome = 'kept' WHERE review_id = ?1 AND user_id = ?2`,
        reviewId,
        staff.userId,
      ),
    ).rejects.toThrow(/REVIEW_CLOSED/);
  });

  it.each([
    [
      'reopening it',
      `UPDATE reviews SET status = 'open', completed_by = NULL, completed_at = NULL WHERE id = ?1`,
    ],
    ['changing who completed it', `UPDATE reviews SET completed_by = 'someone-else' WHERE id = ?1`],
    ['deleting it', 'DELETE FROM reviews WHERE id = ?1'],
    ['changing a decision', `UPDATE review_items SET decision = 'remove' WHERE review_id = ?1`],
    ['changing who decided', `UPDATE review_items SET decided_by = 'someone-else' WHERE review_id = ?1`],
    ['deleting a person', 'DELETE FROM review_items WHERE review_id = ?1'],
    [
      'adding a person',
      `INSERT INTO review_items (review_id, user_id, display_name, role, grants, since) VALUES (?1, 'U-late', 'x', 'operator', '[]', 1)`,
    ],
  ])('freezes a completed review: refuses %s', async (_, statement) => {
    const { reviewId } = await completedReview();
    await expect(sql(statement, reviewId)).rejects.toThrow(/REVIEW_CLOSED/);
  });

  it('freezes what the reviewer saw, open or completed', async () => {
    const { reviewId } = await openReview();
    await expect(
      sql(`UPDATE review_items SET role = 'admin', display_name = '別人' WHERE review_id = ?1`, reviewId),
    ).rejects.toThrow(/REVIEW_IMMUTABLE/);
  });

  it('writes an outcome once, after completion, and one that answers the decision', async () => {
    const { staff, reviewId } = await completedReview();
    const write = (outcome: string, code: string | null = null) =>
      sql(
        `UPDATE review_items SET outcome = ?3, outcome_code = ?4 WHERE review_id = ?1 AND user_id = ?2`,
        reviewId,
        staff.userId,
        outcome,
        code,
      );
    // Kept by the decision: neither removed nor refused (migration 0013).
    await expect(write('removed')).rejects.toThrow(/REVIEW_OUTCOME_MISMATCH/);
    await expect(write('refused', 'LAST_ADMIN')).rejects.toThrow(/REVIEW_OUTCOME_MISMATCH/);
    await write('kept');
    await expect(write('removed')).rejects.toThrow(
      /REVIEW_CLOSED|REVIEW_OUTCOME_SET|REVIEW_OUTCOME_MISMATCH/,
    );
    // The same value again is refused too: a removal recording its outcome aborts when it is already there.
    await expect(write('kept')).rejects.toThrow(/REVIEW_OUTCOME_SET/);
  });

  it('schedules the next review a cadence after completion, and none while one is open', async () => {
    const { accountId, reviewId } = await openReview();
    const due = () =>
      env.DB.prepare('SELECT review_due_at FROM resources WHERE id = ?1')
        .bind(accountId)
        .first<number | null>('review_due_at');
    expect(await due()).toBeNull();
    await sql(
      `UPDATE review_items SET decision = 'keep', decided_by = 'x', decided_at = 1 WHERE review_id = ?1`,
      reviewId,
    );
    await sql(
      `UPDATE reviews SET status = 'completed', completed_by = 'x', completed_at = 1000 WHERE id = ?1`,
      reviewId,
    );
    expect(await due()).toBe(1000 + 90 * 86_400_000);
    await sql('UPDATE resources SET review_every_days = 30 WHERE id = ?1', accountId);
    expect(await due()).toBe(1000 + 30 * 86_400_000);
    await expect(sql('UPDATE resources SET review_every_days = 3 WHERE id = ?1', accountId)).rejects.toThrow(
      /CHECK constraint failed/,
    );
  });
});
