import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../worker/lib/errors';
import { approveRequest } from '../../worker/requests/service';
import {
  call,
  createAccount,
  errorCode,
  issueInvite,
  json,
  type Session,
  signIn,
  useInvite,
} from '../support/api';
import { auditActions, createGroup, grantRole } from '../support/fixtures';
import { changeRole, remove } from '../support/members';

/**
 * Issue 11, tried as an attacker would: a removed admin must not keep access through a group of her own,
 * nor come back through her own invite (SPEC §4 rules 10–12). Every path here goes through the real Worker.
 */

async function accepted(session: Session, token: string) {
  const response = await useInvite(session, 'accept', token);
  expect(response.status, await response.clone().text()).toBe(200);
}

/** An owner with an account and a co-admin she invited, who accepted. */
async function ownerAndCoAdmin() {
  const owner = await signIn('owner', 'オーナー');
  const coAdmin = await signIn('coadmin', '共同管理者');
  const accountId = await createAccount(owner, '渋谷店');
  await accepted(coAdmin, (await issueInvite(owner, accountId, 'admin')).token);
  return { owner, coAdmin, accountId };
}

const linkAccount = (session: Session, groupId: string, accountId: string) =>
  call('POST', `/api/groups/${groupId}/accounts`, { token: session.token, body: { accountId } });
const unlinkAccount = (session: Session, groupId: string, accountId: string) =>
  call('DELETE', `/api/groups/${groupId}/accounts/${accountId}`, { token: session.token });
const accountOf = (session: Session, accountId: string) =>
  call('GET', `/api/accounts/${accountId}`, { token: session.token });
const offboard = (session: Session, userId: string) =>
  call('DELETE', `/api/access/${encodeURIComponent(userId)}`, { token: session.token });

interface OffboardAnswer {
  results: Array<{ resource: { id: string }; outcome: string; code: string | null; revokedInvites: number }>;
  cuts: Array<{ group: { id: string }; account: { id: string }; outcome: string; code: string | null }>;
}

describe('a private group is no back door', () => {
  it('offboarding cuts the co-admin’s own group out of the account, and she reaches it no more', async () => {
    const { owner, coAdmin, accountId } = await ownerAndCoAdmin();
    const privateGroup = await createGroup(coAdmin, '私のグループ');
    expect((await linkAccount(coAdmin, privateGroup, accountId)).status).toBe(204);

    expect((await remove(owner, 'accounts', accountId, coAdmin.userId)).status).toBe(204);
    // Removed directly, she still reaches the account through her group: that is the back door.
    expect((await accountOf(coAdmin, accountId)).status).toBe(200);

    const answer = await offboard(owner, coAdmin.userId);
    expect(answer.status).toBe(200);
    const { cuts } = await json<OffboardAnswer>(answer);
    expect(cuts).toEqual([
      expect.objectContaining({
        group: expect.objectContaining({ id: privateGroup }),
        account: expect.objectContaining({ id: accountId }),
        outcome: 'cut',
        code: null,
      }),
    ]);
    expect((await accountOf(coAdmin, accountId)).status).toBe(404);
    // She can no longer invite a second LINE account of hers, nor remove the owner.
    const invite = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: coAdmin.token,
      body: { role: 'admin' },
    });
    expect(invite.status).toBe(404);
    expect((await remove(coAdmin, 'accounts', accountId, owner.userId)).status).toBe(404);
    // Both histories say the account left the group, in the account's the owner's name.
    expect(await auditActions(accountId)).toContain('group.account_removed');
    expect(await auditActions(privateGroup)).toContain('group.account_removed');
  });

  it('shows the owner every group the account is in, and lets her take it out of one she cannot see', async () => {
    const { owner, coAdmin, accountId } = await ownerAndCoAdmin();
    const privateGroup = await createGroup(coAdmin, '私のグループ');
    await grantRole(privateGroup, (await signIn('friend')).userId, 'operator', coAdmin.userId);
    expect((await linkAccount(coAdmin, privateGroup, accountId)).status).toBe(204);

    const listed = await call('GET', `/api/accounts/${accountId}/groups`, { token: owner.token });
    expect(listed.status).toBe(200);
    expect((await json<{ groups: unknown[] }>(listed)).groups).toEqual([
      expect.objectContaining({ id: privateGroup, name: '私のグループ', people: 2, canRemove: true }),
    ]);
    // The group itself stays invisible to her (rule 9); its path into her account does not.
    expect((await call('GET', `/api/groups/${privateGroup}`, { token: owner.token })).status).toBe(404);
    expect((await unlinkAccount(owner, privateGroup, accountId)).status).toBe(204);
    expect((await remove(owner, 'accounts', accountId, coAdmin.userId)).status).toBe(204);
    expect((await accountOf(coAdmin, accountId)).status).toBe(404);
  });

  it('refuses an admin only through a group what would unseat the direct admins (rule 11)', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const accountId = await createAccount(owner, '新宿店');
    const groupId = await createGroup(owner, '首都圏');
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    await grantRole(groupId, groupAdmin.userId, 'admin', owner.userId);
    const ownGroup = await createGroup(groupAdmin, '抜け道');

    expect((await remove(groupAdmin, 'accounts', accountId, owner.userId)).status).toBe(403);
    expect((await changeRole(groupAdmin, 'accounts', accountId, owner.userId, 'operator')).status).toBe(403);
    const adminInvite = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: groupAdmin.token,
      body: { role: 'admin' },
    });
    expect(adminInvite.status).toBe(403);
    expect((await linkAccount(groupAdmin, ownGroup, accountId)).status).toBe(403);
    // What any admin may do stays open to her: invite an operator, manage operators.
    const operatorInvite = await issueInvite(groupAdmin, accountId, 'operator');
    const staff = await signIn('staff');
    await accepted(staff, operatorInvite.token);
    expect(
      (await changeRole(groupAdmin, 'accounts', accountId, staff.userId, 'operator_no_stats')).status,
    ).toBe(200);
    // Nor can she promote anyone to direct admin.
    expect((await changeRole(groupAdmin, 'accounts', accountId, staff.userId, 'admin')).status).toBe(403);
    // The owner stays the account's direct admin through all of it.
    expect((await remove(owner, 'groups', groupId, groupAdmin.userId)).status).toBe(204);
  });

  it('refuses an admin request’s approval to an admin only through a group', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const accountId = await createAccount(owner, '池袋店');
    const groupId = await createGroup(owner, '首都圏');
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    await grantRole(groupId, groupAdmin.userId, 'admin', owner.userId);
    await call('PATCH', `/api/accounts/${accountId}`, {
      token: owner.token,
      body: { requireApproval: true },
    });
    const newcomer = await signIn('newcomer');
    expect(
      (await useInvite(newcomer, 'accept', (await issueInvite(owner, accountId, 'admin')).token)).status,
    ).toBe(202);
    const { requests } = await json<{ requests: Array<{ id: string }> }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: groupAdmin.token }),
    );
    const [request] = requests;
    expect(request).toBeDefined();
    const approve = (session: Session) =>
      call('POST', `/api/requests/${request?.id}/approve`, { token: session.token });
    expect((await approve(groupAdmin)).status).toBe(403);
    expect((await approve(owner)).status).toBe(200);
  });
});

describe('own invites are no way back (rule 10)', () => {
  it('refuses the issuer her own invite, with its own code', async () => {
    const { owner, accountId } = await ownerAndCoAdmin();
    const { token } = await issueInvite(owner, accountId, 'operator');
    const preview = await useInvite(owner, 'preview', token);
    expect(preview.status).toBe(200);
    expect(await json(preview)).toMatchObject({ ownInvite: true });
    for (const action of ['accept', 'decline'] as const) {
      const response = await useInvite(owner, action, token);
      expect(response.status).toBe(409);
      expect(await errorCode(response)).toBe('OWN_INVITE');
    }
    // The invite is still there for the person it was meant for.
    await accepted(await signIn('staff'), token);
  });

  it('revokes a removed admin’s invites in the removal’s batch, with an audit event each', async () => {
    const { owner, coAdmin, accountId } = await ownerAndCoAdmin();
    const first = await issueInvite(coAdmin, accountId, 'admin');
    const second = await issueInvite(coAdmin, accountId, 'operator');
    expect((await remove(owner, 'accounts', accountId, coAdmin.userId)).status).toBe(204);

    for (const { token } of [first, second]) {
      const response = await useInvite(coAdmin, 'accept', token);
      expect(response.status).toBe(410);
      expect(await errorCode(response)).toBe('INVITE_REVOKED');
    }
    const stranger = await useInvite(await signIn('stranger'), 'accept', second.token);
    expect(await errorCode(stranger)).toBe('INVITE_REVOKED');
    expect((await auditActions(accountId)).slice(-3)).toEqual([
      'member.removed',
      'invite.revoked',
      'invite.revoked',
    ]);
  });

  it('revokes a demoted admin’s invites, and ends a leaver’s', async () => {
    const { owner, coAdmin, accountId } = await ownerAndCoAdmin();
    const beforeDemotion = await issueInvite(coAdmin, accountId, 'operator');
    expect((await changeRole(owner, 'accounts', accountId, coAdmin.userId, 'operator')).status).toBe(200);
    expect(await errorCode(await useInvite(await signIn('a'), 'accept', beforeDemotion.token))).toBe(
      'INVITE_REVOKED',
    );

    const beforeLeaving = await issueInvite(owner, accountId, 'operator');
    const heir = await signIn('heir');
    await accepted(heir, (await issueInvite(owner, accountId, 'admin')).token);
    expect((await remove(owner, 'accounts', accountId, owner.userId)).status).toBe(204);
    expect(await errorCode(await useInvite(await signIn('b'), 'accept', beforeLeaving.token))).toBe(
      'INVITE_REVOKED',
    );
  });

  it('stops a group admin’s invites on an account once the group loses it, or loses her', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const accountId = await createAccount(owner, '横浜店');
    const groupId = await createGroup(owner, '神奈川');
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    await grantRole(groupId, groupAdmin.userId, 'admin', owner.userId);
    const viaGroup = await issueInvite(groupAdmin, accountId, 'operator');
    const onGroup = await issueInvite(groupAdmin, groupId, 'operator', 'groups');

    expect((await unlinkAccount(owner, groupId, accountId)).status).toBe(204);
    const invitee = await signIn('invitee');
    expect(await errorCode(await useInvite(invitee, 'preview', viaGroup.token))).toBe('INVITE_REVOKED');
    expect(await errorCode(await useInvite(invitee, 'accept', viaGroup.token))).toBe('INVITE_REVOKED');
    // Not listed, and it holds no seat.
    const listed = await json<{ invites: Array<{ id: string }> }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: owner.token }),
    );
    expect(listed.invites.map((invite) => invite.id)).not.toContain(viaGroup.invite.id);

    expect((await remove(owner, 'groups', groupId, groupAdmin.userId)).status).toBe(204);
    expect(await errorCode(await useInvite(invitee, 'accept', onGroup.token))).toBe('INVITE_REVOKED');
  });

  it('keeps a dead invite dead when its issuer gets the right back (rule 7)', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const accountId = await createAccount(owner, '札幌店');
    const groupId = await createGroup(owner, '北海道');
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    await accepted(groupAdmin, (await issueInvite(owner, groupId, 'admin', 'groups')).token);
    const demoted = await issueInvite(groupAdmin, accountId, 'operator');
    const unlinked = await issueInvite(groupAdmin, accountId, 'operator_no_stats');

    expect((await changeRole(owner, 'groups', groupId, groupAdmin.userId, 'operator')).status).toBe(200);
    expect((await changeRole(owner, 'groups', groupId, groupAdmin.userId, 'admin')).status).toBe(200);
    const invitee = await signIn('invitee');
    expect(await errorCode(await useInvite(invitee, 'accept', demoted.token))).toBe('INVITE_REVOKED');

    expect((await unlinkAccount(owner, groupId, accountId)).status).toBe(204);
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    expect(await errorCode(await useInvite(invitee, 'accept', unlinked.token))).toBe('INVITE_REVOKED');
    const members = await json<{ seats: number }>(
      await call('GET', `/api/accounts/${accountId}/members`, { token: owner.token }),
    );
    // The owner and the group admin; the dead invites hold no seat and never will again.
    expect(members.seats).toBe(2);
  });

  it('decides two people putting the same account in a group at once in SQL', async () => {
    const owner = await signIn('owner');
    const accountId = await createAccount(owner, '仙台店');
    const groupId = await createGroup(owner, '東北');
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => linkAccount(owner, groupId, accountId)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 409, 409, 409]);
  });
});

/**
 * The D1 binding of one request whose write (its second batch) waits for `gate`; `read` settles once its
 * first batch, the read, has returned.
 */
function writeWaitsFor(gate: Promise<void>) {
  let batches = 0;
  let readDone: () => void = () => {};
  const read = new Promise<void>((resolve) => {
    readDone = resolve;
  });
  const db = new Proxy(env.DB, {
    get(target, property) {
      if (property !== 'batch') {
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (statements: D1PreparedStatement[]) => {
        batches += 1;
        if (batches === 2) await gate;
        const results = await target.batch(statements);
        if (batches === 1) readDone();
        return results;
      };
    },
  });
  return { db, read };
}

describe('authority through a group ends at once', () => {
  it('refuses a decision read while she was a group admin and written after she was removed', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const accountId = await createAccount(owner, '福岡店');
    const groupId = await createGroup(owner, '九州');
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    await grantRole(groupId, groupAdmin.userId, 'admin', owner.userId);
    await call('PATCH', `/api/accounts/${accountId}`, {
      token: owner.token,
      body: { requireApproval: true },
    });
    const accomplice = await signIn('accomplice');
    expect((await useInvite(accomplice, 'accept', (await issueInvite(owner, accountId)).token)).status).toBe(
      202,
    );
    const { requests } = await json<{ requests: Array<{ id: string }> }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: owner.token }),
    );
    const requestId = requests[0]?.id as string;

    let removed: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      removed = resolve;
    });
    const { db, read } = writeWaitsFor(gate);
    const deciding = approveRequest(
      db,
      { userId: groupAdmin.userId, requestId: crypto.randomUUID() },
      requestId,
      Date.now(),
    ).then(
      () => 'approved',
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    );
    await read;
    // Her removal from the group is written on the group's chain, which the approval does not touch.
    expect((await remove(owner, 'groups', groupId, groupAdmin.userId)).status).toBe(204);
    removed();
    expect(await deciding).toBe('NOT_FOUND');
    const stillOpen = await json<{ requests: unknown[] }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: owner.token }),
    );
    expect(stillOpen.requests).toHaveLength(1);
  });
});

describe('offboarding ends everything the person left open', () => {
  it('withdraws their pending join requests and says so per resource', async () => {
    const owner = await signIn('owner');
    const applicant = await signIn('applicant');
    const accountId = await createAccount(owner, '梅田店');
    await call('PATCH', `/api/accounts/${accountId}`, {
      token: owner.token,
      body: { requireApproval: true },
    });
    expect((await useInvite(applicant, 'accept', (await issueInvite(owner, accountId)).token)).status).toBe(
      202,
    );

    const plan = await call('GET', `/api/access/${applicant.userId}/offboarding`, { token: owner.token });
    expect(await json(plan)).toMatchObject({
      removals: [{ resource: { id: accountId }, role: null, withdrawnRequests: 1, refusal: null }],
      cuts: [],
    });
    const answer = await json<OffboardAnswer>(await offboard(owner, applicant.userId));
    expect(answer.results).toEqual([
      expect.objectContaining({ resource: expect.objectContaining({ id: accountId }), outcome: 'withdrawn' }),
    ]);
    const open = await json<{ requests: unknown[] }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: owner.token }),
    );
    expect(open.requests).toEqual([]);
    expect((await auditActions(accountId)).at(-1)).toBe('request.withdrawn');
    const members = await json<{ seats: number }>(
      await call('GET', `/api/accounts/${accountId}/members`, { token: owner.token }),
    );
    expect(members.seats).toBe(1);
  });

  it('leaves alone what the caller does not administer', async () => {
    const owner = await signIn('owner');
    const otherOwner = await signIn('otherowner');
    const person = await signIn('person');
    const theirs = await createAccount(owner, '本店');
    await call('PATCH', `/api/accounts/${theirs}`, { token: owner.token, body: { requireApproval: true } });
    expect((await useInvite(person, 'accept', (await issueInvite(owner, theirs)).token)).status).toBe(202);
    const mine = await createAccount(otherOwner, '支店');
    await accepted(person, (await issueInvite(otherOwner, mine, 'admin')).token);
    const kept = await issueInvite(person, mine, 'operator');

    // The other owner administers only 支店: 本店's request is not theirs to end.
    const answer = await json<OffboardAnswer>(await offboard(otherOwner, person.userId));
    expect(answer.results).toEqual([
      expect.objectContaining({ resource: expect.objectContaining({ id: mine }), revokedInvites: 1 }),
    ]);
    const open = await json<{ requests: unknown[] }>(
      await call('GET', `/api/accounts/${theirs}/invites`, { token: owner.token }),
    );
    expect(open.requests).toHaveLength(1);
    expect(await errorCode(await useInvite(await signIn('x'), 'accept', kept.token))).toBe('INVITE_REVOKED');
  });

  it('says before the tap what it cannot cut, and why', async () => {
    const owner = await signIn('owner');
    const regional = await signIn('regional');
    const leaver = await signIn('leaver');
    const accountId = await createAccount(owner, '名古屋店');
    const managed = await createGroup(owner, '中部');
    expect((await linkAccount(owner, managed, accountId)).status).toBe(204);
    await grantRole(managed, regional.userId, 'admin', owner.userId);
    const leaversGroup = await createGroup(owner, '東海');
    expect((await linkAccount(owner, leaversGroup, accountId)).status).toBe(204);
    await grantRole(leaversGroup, leaver.userId, 'admin', owner.userId);
    await grantRole(accountId, leaver.userId, 'operator', owner.userId);

    // The regional admin reaches the account only through 中部: she may remove the leaver's direct grant,
    // but not cut 東海 (she administers neither it nor the account directly).
    const plan = await json<{ removals: unknown[]; cuts: unknown[] }>(
      await call('GET', `/api/access/${leaver.userId}/offboarding`, { token: regional.token }),
    );
    expect(plan.removals).toEqual([expect.objectContaining({ role: 'operator', refusal: null })]);
    expect(plan.cuts).toEqual([
      expect.objectContaining({
        group: { id: leaversGroup, name: '東海' },
        refusal: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    const answer = await json<OffboardAnswer>(await offboard(regional, leaver.userId));
    expect(answer.results.map((r) => r.outcome)).toEqual(['removed']);
    expect(answer.cuts.map((c) => [c.outcome, c.code])).toEqual([['refused', 'FORBIDDEN']]);

    // The owner administers 東海: offboarding removes the leaver from it, which ends that path without a cut.
    const ownerAnswer = await json<OffboardAnswer>(await offboard(owner, leaver.userId));
    expect(ownerAnswer.results.map((r) => [r.resource.id, r.outcome])).toEqual([[leaversGroup, 'removed']]);
    expect(ownerAnswer.cuts).toEqual([]);
    expect((await accountOf(leaver, accountId)).status).toBe(404);
  });
});

/** `count` people who exist only in storage, members of `resourceId`: seats without 100 sign-ins. */
async function seedMembers(resourceId: string, count: number, label: string) {
  const now = Date.now();
  const ids = Array.from({ length: count }, (_, i) => `U-${label}-${i}-${crypto.randomUUID().slice(0, 8)}`);
  await env.DB.batch(
    ids.flatMap((id) => [
      env.DB.prepare(
        'INSERT INTO users (id, display_name, picture_url, created_at, updated_at) VALUES (?1, ?2, NULL, ?3, ?3)',
      ).bind(id, `${label} ${id.slice(-4)}`, now),
      env.DB.prepare(
        `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at) VALUES (?1, ?2, 'operator', NULL, ?3)`,
      ).bind(resourceId, id, now),
    ]),
  );
  return ids;
}

describe('seats count people, however they reach the account (rule 12)', () => {
  it('refuses a group link that would pass 100 people, and says by how much', async () => {
    const owner = await signIn('owner');
    const accountId = await createAccount(owner, '大阪店');
    const groupId = await createGroup(owner, '関西');
    // 59 + the owner on the account; 50 + the owner (already counted) in the group.
    await seedMembers(accountId, 59, 'direct');
    await seedMembers(groupId, 50, 'group');

    const refused = await linkAccount(owner, groupId, accountId);
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({
      error: { code: 'MEMBER_LIMIT', details: { seats: 60, adding: 50, limit: 100 } },
    });
  });

  it('counts people through a group, once each, and refuses an invite past 100', async () => {
    const owner = await signIn('owner');
    const accountId = await createAccount(owner, '京都店');
    const groupId = await createGroup(owner, '京阪');
    // The owner and 99 more in the group: 100 people.
    const groupPeople = await seedMembers(groupId, 99, 'group');
    // Someone both direct and through the group is one seat.
    const [both] = groupPeople;
    await grantRole(accountId, both as string, 'operator_no_stats', owner.userId);
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);

    const members = await json<{
      members: Array<{ userId: string; role: string; grants: unknown[] }>;
      seats: number;
      limit: number;
    }>(await call('GET', `/api/accounts/${accountId}/members`, { token: owner.token }));
    expect(members.seats).toBe(100);
    expect(members.limit).toBe(100);
    expect(members.members).toHaveLength(100);
    expect(members.members.find((m) => m.userId === both)).toMatchObject({
      role: 'operator',
      grants: [
        { role: 'operator_no_stats', source: 'direct' },
        { role: 'operator', source: 'group', group: { id: groupId, name: '京阪' } },
      ],
    });

    const invite = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: owner.token,
      body: { role: 'operator' },
    });
    expect(invite.status).toBe(409);
    expect(await json(invite)).toMatchObject({
      error: { code: 'MEMBER_LIMIT', details: { seats: 100, adding: 1, limit: 100 } },
    });
  });

  it('refuses a new group member who would take a full account of the group past 100', async () => {
    const owner = await signIn('owner');
    const accountId = await createAccount(owner, '神戸店');
    const groupId = await createGroup(owner, '兵庫');
    await seedMembers(accountId, 98, 'direct');
    expect((await linkAccount(owner, groupId, accountId)).status).toBe(204);
    // 98 + the owner = 99 seats on the account: one invite to the group fits, and its accept is refused
    // only when the account is full by then.
    const { token } = await issueInvite(owner, groupId, 'operator', 'groups');
    await seedMembers(accountId, 1, 'late');
    const late = await useInvite(await signIn('newcomer'), 'accept', token);
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('MEMBER_LIMIT');
  });
});
