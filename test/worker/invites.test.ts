import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  call,
  createAccount,
  errorCode,
  issueInvite,
  json,
  signIn,
  signInAs,
  useInvite,
} from '../support/api';
import { auditActions, grantRole } from '../support/fixtures';

const DAY = 24 * 60 * 60 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

async function membersOf(token: string, accountId: string) {
  const body = await json<{
    members: Array<{ userId: string; role: string; grants: Array<{ role: string; source: string }> }>;
  }>(await call('GET', `/api/accounts/${accountId}/members`, { token }));
  return body.members;
}

describe('issuing an invite', () => {
  it('gives an admin a 256-bit token shown once, a local URL, and a 24-hour expiry; only the hash is stored', async () => {
    const admin = await signIn('issuer');
    const accountId = await createAccount(admin);
    const issued = await issueInvite(admin, accountId, 'operator_no_broadcast');
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.url).toBe(`${env.APP_ORIGIN}/invite?token=${issued.token}`);
    expect(Date.parse(issued.invite.expiresAt) - Date.parse(issued.invite.createdAt)).toBe(DAY);
    expect(issued.invite).toMatchObject({ role: 'operator_no_broadcast', status: 'pending' });
    const stored = await env.DB.prepare('SELECT * FROM invites WHERE id = ?1').bind(issued.invite.id).first();
    expect(JSON.stringify(stored)).not.toContain(issued.token);
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await auditActions(accountId)).toEqual(['resource.created', 'invite.issued']);
  });

  it('refuses an unknown role and a non-admin', async () => {
    const admin = await signIn('issuer2');
    const accountId = await createAccount(admin);
    const bad = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: admin.token,
      body: { role: 'owner' },
    });
    expect(bad.status).toBe(400);
    const operator = await signIn('op');
    const { token } = await issueInvite(admin, accountId, 'operator');
    await useInvite(operator, 'accept', token);
    const refused = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: operator.token,
      body: { role: 'admin' },
    });
    expect(refused.status).toBe(403);
  });

  it('lists open invites with who sent them; expired ones drop off', async () => {
    const admin = await signIn('lister');
    const accountId = await createAccount(admin);
    const issued = await issueInvite(admin, accountId, 'admin');
    const listed = await json<{
      invites: Array<{ id: string; createdBy: { userId: string } }>;
      requests: unknown[];
    }>(await call('GET', `/api/accounts/${accountId}/invites`, { token: admin.token }));
    expect(listed.invites.map((invite) => invite.id)).toEqual([issued.invite.id]);
    expect(listed.invites[0]?.createdBy.userId).toBe(admin.userId);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + DAY);
    const adminLater = await signInAs(admin.userId);
    const later = await json<{ invites: unknown[] }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: adminLater.token }),
    );
    expect(later.invites).toEqual([]);
  });
});

describe('opening and accepting an invite', () => {
  it('shows who invites whom to what, then gives the role at once with the audit event', async () => {
    const admin = await signIn('admin', '山田 花子');
    const accountId = await createAccount(admin, 'カフェ花 渋谷店', '@cafehana');
    const invitee = await signIn('invitee', '鈴木 美咲');
    const { token, invite } = await issueInvite(admin, accountId, 'operator');

    const preview = await json<{ invite: Record<string, unknown>; alreadyMember: boolean }>(
      await useInvite(invitee, 'preview', token),
    );
    expect(preview.alreadyMember).toBe(false);
    expect(preview.invite).toMatchObject({
      id: invite.id,
      role: 'operator',
      status: 'pending',
      requiresApproval: false,
      resource: { kind: 'account', id: accountId, name: 'カフェ花 渋谷店', basicId: '@cafehana' },
      invitedBy: { userId: admin.userId, displayName: '山田 花子' },
    });

    const accepted = await useInvite(invitee, 'accept', token);
    expect(accepted.status).toBe(200);
    expect((await json<{ membership: { role: string } }>(accepted)).membership.role).toBe('operator');
    expect(await membersOf(admin.token, accountId)).toEqual(
      expect.arrayContaining([
        // SPEC §6: one entry per person, with each grant and its source.
        expect.objectContaining({
          userId: invitee.userId,
          role: 'operator',
          grants: [{ role: 'operator', source: 'direct' }],
        }),
      ]),
    );
    expect(await auditActions(accountId)).toEqual(['resource.created', 'invite.issued', 'invite.accepted']);
  });

  it('is used up by the first person: anyone else gets INVITE_USED, and it stays visible to its user', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const { token } = await issueInvite(admin, accountId);
    const first = await signIn('first');
    const second = await signIn('second');
    expect((await useInvite(first, 'accept', token)).status).toBe(200);
    const late = await useInvite(second, 'accept', token);
    expect(late.status).toBe(410);
    expect(await errorCode(late)).toBe('INVITE_USED');
    expect(await errorCode(await useInvite(second, 'preview', token))).toBe('INVITE_USED');
    const own = await json<{ invite: { status: string } }>(await useInvite(first, 'preview', token));
    expect(own.invite.status).toBe('accepted');
  });

  it('refuses a member (ALREADY_MEMBER) and stays usable for the person it was meant for', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const member = await signIn('member');
    await grantRole(accountId, member.userId, 'operator', admin.userId);
    const { token } = await issueInvite(admin, accountId);
    // Rule 10: the issuer is refused as OWN_INVITE before ALREADY_MEMBER, so another member stands in here.
    const response = await useInvite(member, 'accept', token);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('ALREADY_MEMBER');
    expect(await errorCode(await useInvite(member, 'decline', token))).toBe('ALREADY_MEMBER');
    const own = await useInvite(admin, 'accept', token);
    expect(own.status).toBe(409);
    expect(await errorCode(own)).toBe('OWN_INVITE');
    // The issuer may still look at it, and is told it is theirs.
    const looked = await json<{ ownInvite: boolean; alreadyMember: boolean }>(
      await useInvite(admin, 'preview', token),
    );
    expect(looked).toMatchObject({ ownInvite: true, alreadyMember: true });
    expect((await json<{ ownInvite: boolean }>(await useInvite(member, 'preview', token))).ownInvite).toBe(
      false,
    );
    const meant = await signIn('meant');
    expect((await useInvite(meant, 'accept', token)).status).toBe(200);
    expect(await auditActions(accountId)).toEqual(['resource.created', 'invite.issued', 'invite.accepted']);
  });

  it('expires at exactly 24 hours', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const { token, invite } = await issueInvite(admin, accountId);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(invite.expiresAt) - 1);
    const invitee = await signIn('late');
    expect((await useInvite(invitee, 'preview', token)).status).toBe(200);
    vi.setSystemTime(Date.parse(invite.expiresAt));
    const response = await useInvite(invitee, 'accept', token);
    expect(response.status).toBe(410);
    expect(await errorCode(response)).toBe('INVITE_EXPIRED');
    expect(await errorCode(await useInvite(invitee, 'preview', token))).toBe('INVITE_EXPIRED');
  });

  it('can be declined, and is then never usable again', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const { token } = await issueInvite(admin, accountId);
    const invitee = await signIn('decliner');
    expect((await useInvite(invitee, 'decline', token)).status).toBe(204);
    expect(await errorCode(await useInvite(invitee, 'accept', token))).toBe('INVITE_USED');
    expect(await errorCode(await useInvite(await signIn('other'), 'accept', token))).toBe('INVITE_USED');
    expect(await auditActions(accountId)).toEqual(['resource.created', 'invite.issued', 'invite.declined']);
  });

  it('answers an unknown token with 404 and a malformed one with 400', async () => {
    const someone = await signIn('guesser');
    expect((await useInvite(someone, 'preview', 'A'.repeat(43))).status).toBe(404);
    expect((await useInvite(someone, 'accept', 'short')).status).toBe(400);
  });
});

describe('revoking an invite', () => {
  it('makes it unusable (INVITE_REVOKED); revoking twice is INVITE_NOT_PENDING', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const { token, invite } = await issueInvite(admin, accountId);
    expect((await call('DELETE', `/api/invites/${invite.id}`, { token: admin.token })).status).toBe(204);
    const invitee = await signIn('too-late');
    expect(await errorCode(await useInvite(invitee, 'accept', token))).toBe('INVITE_REVOKED');
    const again = await call('DELETE', `/api/invites/${invite.id}`, { token: admin.token });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('INVITE_NOT_PENDING');
  });

  it('is refused to a member who is not admin (403) and hidden from an outsider (404)', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const operator = await signIn('operator');
    await useInvite(operator, 'accept', (await issueInvite(admin, accountId)).token);
    const { invite } = await issueInvite(admin, accountId);
    expect((await call('DELETE', `/api/invites/${invite.id}`, { token: operator.token })).status).toBe(403);
    const outsider = await signIn('outsider');
    expect((await call('DELETE', `/api/invites/${invite.id}`, { token: outsider.token })).status).toBe(404);
    expect((await call('DELETE', `/api/invites/${crypto.randomUUID()}`, { token: admin.token })).status).toBe(
      404,
    );
  });
});

describe('approval required (four eyes)', () => {
  async function accountRequiringApproval() {
    const admin = await signIn('approver');
    const accountId = await createAccount(admin);
    await call('PATCH', `/api/accounts/${accountId}`, {
      token: admin.token,
      body: { requireApproval: true },
    });
    return { admin, accountId };
  }

  it('turns acceptance into a join request that an admin approves', async () => {
    const { admin, accountId } = await accountRequiringApproval();
    const { token } = await issueInvite(admin, accountId, 'operator_no_stats');
    const invitee = await signIn('requester');
    const accepted = await useInvite(invitee, 'accept', token);
    expect(accepted.status).toBe(202);
    const { request } = await json<{ request: { id: string; status: string } }>(accepted);
    expect(request.status).toBe('pending');
    expect((await membersOf(admin.token, accountId)).some((m) => m.userId === invitee.userId)).toBe(false);
    const me = await json<{ pendingRequests: Array<{ id: string }> }>(
      await call('GET', '/api/me', { token: invitee.token }),
    );
    expect(me.pendingRequests.map((r) => r.id)).toEqual([request.id]);
    const listed = await json<{ requests: Array<{ id: string; user: { userId: string } }> }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: admin.token }),
    );
    expect(listed.requests.map((r) => r.user.userId)).toEqual([invitee.userId]);

    const approved = await call('POST', `/api/requests/${request.id}/approve`, { token: admin.token });
    expect(approved.status).toBe(200);
    expect(await membersOf(admin.token, accountId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: invitee.userId, role: 'operator_no_stats' }),
      ]),
    );
    const twice = await call('POST', `/api/requests/${request.id}/approve`, { token: admin.token });
    expect(await errorCode(twice)).toBe('REQUEST_NOT_PENDING');
    expect(await auditActions(accountId)).toEqual([
      'resource.created',
      'resource.updated',
      'invite.issued',
      'request.created',
      'request.approved',
    ]);
  });

  it('lets an admin reject: no access, the invite is finished', async () => {
    const { admin, accountId } = await accountRequiringApproval();
    const { token } = await issueInvite(admin, accountId);
    const invitee = await signIn('rejected');
    const { request } = await json<{ request: { id: string } }>(await useInvite(invitee, 'accept', token));
    const outsider = await signIn('outsider');
    expect((await call('POST', `/api/requests/${request.id}/reject`, { token: outsider.token })).status).toBe(
      404,
    );
    expect((await call('POST', `/api/requests/${request.id}/reject`, { token: invitee.token })).status).toBe(
      404,
    );
    expect((await call('POST', `/api/requests/${request.id}/reject`, { token: admin.token })).status).toBe(
      204,
    );
    expect((await membersOf(admin.token, accountId)).some((m) => m.userId === invitee.userId)).toBe(false);
    const own = await json<{ invite: { status: string } }>(await useInvite(invitee, 'preview', token));
    expect(own.invite.status).toBe('rejected');
  });

  it('allows one undecided request per person (REQUEST_PENDING)', async () => {
    const { admin, accountId } = await accountRequiringApproval();
    const invitee = await signIn('eager');
    await useInvite(invitee, 'accept', (await issueInvite(admin, accountId)).token);
    const second = await issueInvite(admin, accountId);
    const response = await useInvite(invitee, 'accept', second.token);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('REQUEST_PENDING');
    expect((await useInvite(await signIn('meant'), 'accept', second.token)).status).toBe(202);
  });
});

describe('the scheduled expiry job', () => {
  it('marks invites past 24 hours as expired, each with its audit event', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const stale = await issueInvite(admin, accountId);
    const { default: worker } = await import('../../worker/index');
    const { createScheduledController, createExecutionContext, waitOnExecutionContext } = await import(
      'cloudflare:test'
    );
    const ctx = createExecutionContext();
    worker.scheduled(
      createScheduledController({ scheduledTime: Date.now() + DAY, cron: '*/15 * * * *' }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const row = await env.DB.prepare('SELECT status FROM invites WHERE id = ?1')
      .bind(stale.invite.id)
      .first();
    expect(row?.status).toBe('expired');
    expect(await auditActions(accountId)).toEqual(['resource.created', 'invite.issued', 'invite.expired']);
    const again = await call('DELETE', `/api/invites/${stale.invite.id}`, { token: admin.token });
    expect(await errorCode(again)).toBe('INVITE_NOT_PENDING');
  });
});

describe('invites an admin can act on (issue 14)', () => {
  type Listed = {
    invites: Array<{ id: string; role: string; memo: string | null }>;
    ended: Array<{
      id: string;
      role: string;
      status: string;
      memo: string | null;
      endedAt: string;
      declinedBy: { displayName: string } | null;
    }>;
  };
  const list = async (token: string, accountId: string) =>
    json<Listed>(await call('GET', `/api/accounts/${accountId}/invites`, { token }));
  const reissue = (token: string, inviteId: string) =>
    call('POST', `/api/invites/${inviteId}/reissue`, { token });
  const issueWithMemo = async (token: string, accountId: string, memo: unknown, role = 'operator') =>
    call('POST', `/api/accounts/${accountId}/invites`, { token, body: { role, memo } });

  it('stores a memo of whom the invite is for, normalised, shown to admins and never to the link holder', async () => {
    const admin = await signIn('memo-admin');
    const accountId = await createAccount(admin);
    const issued = await json<{ invite: { id: string; memo: string | null }; token: string }>(
      await issueWithMemo(admin.token, accountId, '  新宿店の田中さん  '),
    );
    expect(issued.invite.memo).toBe('新宿店の田中さん');
    expect((await list(admin.token, accountId)).invites[0]?.memo).toBe('新宿店の田中さん');
    const holder = await signIn('memo-holder');
    const preview = await json<{ invite: Record<string, unknown> }>(
      await useInvite(holder, 'preview', issued.token),
    );
    expect(preview.invite).not.toHaveProperty('memo');
    expect(JSON.stringify(preview)).not.toContain('田中');
    // A blank memo is no memo; the input policy of names otherwise.
    const blank = await json<{ invite: { memo: string | null } }>(
      await issueWithMemo(admin.token, accountId, '  '),
    );
    expect(blank.invite.memo).toBeNull();
    for (const bad of ['あ'.repeat(51), 'a\u202Eb', 'x\u0000', 42]) {
      const refused = await issueWithMemo(admin.token, accountId, bad);
      expect(refused.status, String(bad)).toBe(400);
      expect(await errorCode(refused)).toBe('INVALID_INPUT');
    }
    expect((await issueWithMemo(admin.token, accountId, '😀'.repeat(50))).status).toBe(201);
  });

  it('keeps expired and declined invites listed for 7 days; 再発行 gives a new link with the same role and memo', async () => {
    const admin = await signIn('ended-admin');
    const accountId = await createAccount(admin);
    const expiring = await json<{ invite: { id: string } }>(
      await issueWithMemo(admin.token, accountId, '田中さん', 'operator_no_stats'),
    );
    const declined = await issueInvite(admin, accountId, 'operator');
    const decliner = await signIn('ended-decliner', '辞退 さん');
    expect((await useInvite(decliner, 'decline', declined.token)).status).toBe(204);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + DAY + 1000);
    // Sessions are short-lived: sign in again a day later.
    const { token } = await signInAs(admin.userId, 'ended-admin さん');
    const listed = await list(token, accountId);
    expect(listed.invites).toEqual([]);
    expect(listed.ended.map((invite) => [invite.id, invite.status])).toEqual(
      expect.arrayContaining([
        [expiring.invite.id, 'expired'],
        [declined.invite.id, 'declined'],
      ]),
    );
    expect(listed.ended.find((invite) => invite.status === 'declined')?.declinedBy?.displayName).toBe(
      '辞退 さん',
    );

    const again = await reissue(token, expiring.invite.id);
    expect(again.status).toBe(201);
    const body = await json<{
      invite: { id: string; role: string; memo: string; status: string };
      token: string;
      url: string;
      replaced: { id: string; status: string };
    }>(again);
    expect(body.invite).toMatchObject({ role: 'operator_no_stats', memo: '田中さん', status: 'pending' });
    expect(body.replaced).toEqual({ id: expiring.invite.id, status: 'expired' });
    expect(body.url).toContain(body.token);
    // The old one is marked expired in the same batch, and it leaves the list: its successor is there.
    const after = await list(token, accountId);
    expect(after.invites.map((invite) => invite.id)).toEqual([body.invite.id]);
    expect(after.ended.map((invite) => invite.id)).toEqual([declined.invite.id]);
    expect((await auditActions(accountId)).slice(-2)).toEqual(['invite.expired', 'invite.issued']);
    // Once only: a second tap (or another admin) is refused, and nothing is written.
    const twice = await reissue(token, expiring.invite.id);
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe('INVITE_NOT_PENDING');
    // The new link works.
    const invitee = await signIn('ended-invitee');
    expect((await useInvite(invitee, 'accept', body.token)).status).toBe(200);

    // After 7 days the declined one is gone from the list.
    vi.setSystemTime(Date.now() + 7 * DAY);
    const later = await signInAs(admin.userId, 'ended-admin さん');
    expect((await list(later.token, accountId)).ended).toEqual([]);
  });

  it('re-issues a pending invite by revoking it in the same batch: the old link stops working', async () => {
    const admin = await signIn('again-admin');
    const accountId = await createAccount(admin);
    const first = await issueInvite(admin, accountId, 'admin');
    const again = await reissue(admin.token, first.invite.id);
    expect(again.status).toBe(201);
    const body = await json<{ token: string; invite: { role: string }; replaced: { status: string } }>(again);
    expect(body.invite.role).toBe('admin');
    expect(body.replaced.status).toBe('pending');
    expect((await auditActions(accountId)).slice(-3)).toEqual([
      'invite.issued',
      'invite.revoked',
      'invite.issued',
    ]);
    const holder = await signIn('again-holder');
    expect(await errorCode(await useInvite(holder, 'accept', first.token))).toBe('INVITE_REVOKED');
    expect((await useInvite(holder, 'accept', body.token)).status).toBe(200);
    // Used, or revoked: nothing to issue again.
    expect(await errorCode(await reissue(admin.token, first.invite.id))).toBe('INVITE_NOT_PENDING');
  });

  it('refuses 再発行 to operators (403) and outsiders (404)', async () => {
    const admin = await signIn('again-owner');
    const accountId = await createAccount(admin);
    const operator = await signIn('again-op');
    await useInvite(operator, 'accept', (await issueInvite(admin, accountId, 'operator')).token);
    const invite = await issueInvite(admin, accountId, 'operator');
    expect((await reissue(operator.token, invite.invite.id)).status).toBe(403);
    expect((await reissue((await signIn('again-outsider')).token, invite.invite.id)).status).toBe(404);
    expect((await reissue(admin.token, crypto.randomUUID())).status).toBe(404);
  });

  it('tells the holder of a dead link whose invite it was: the name and the inviter, nothing more', async () => {
    const admin = await signIn('about-admin', '招待 する人');
    const accountId = await createAccount(admin, '尋ねる店');
    const holder = await signIn('about-holder');
    const revoked = await issueInvite(admin, accountId, 'operator');
    await call('DELETE', `/api/invites/${revoked.invite.id}`, { token: admin.token });
    expect(await errorCode(await useInvite(holder, 'preview', revoked.token))).toBe('INVITE_REVOKED');
    const about = await call('POST', '/api/invites/about', {
      token: holder.token,
      body: { token: revoked.token },
    });
    expect(about.status).toBe(200);
    expect(await json(about)).toEqual({
      invite: {
        status: 'revoked',
        resource: { kind: 'account', name: '尋ねる店' },
        invitedBy: { displayName: '招待 する人' },
      },
    });
    const used = await issueInvite(admin, accountId, 'operator');
    await useInvite(await signIn('about-user'), 'accept', used.token);
    const usedAbout = await json<{ invite: { status: string } }>(
      await call('POST', '/api/invites/about', { token: holder.token, body: { token: used.token } }),
    );
    expect(usedAbout.invite.status).toBe('accepted');
    const unknown = await call('POST', '/api/invites/about', {
      token: holder.token,
      body: { token: 'A'.repeat(43) },
    });
    expect(unknown.status).toBe(404);
  });
});
