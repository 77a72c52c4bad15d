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
