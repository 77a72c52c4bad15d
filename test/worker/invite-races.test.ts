import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type SeatsRow, selectSeats } from '../../worker/resources/seats';
import { call, createAccount, errorCode, issueInvite, json, signIn, useInvite } from '../support/api';

async function seatsTaken(resourceId: string): Promise<number> {
  const row = await selectSeats(env.DB, resourceId, Date.now()).first<SeatsRow>();
  return row?.seats ?? 0;
}

describe('races decided in SQL', () => {
  it('gives an invite to exactly one of many people accepting it at the same moment', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const accepters = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(`racer${i}`)));
    for (let round = 0; round < 3; round++) {
      const { token } = await issueInvite(admin, accountId);
      const responses = await Promise.all(accepters.map((accepter) => useInvite(accepter, 'accept', token)));
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      const losers = responses.filter((response) => response.status !== 200);
      for (const response of losers) {
        expect([409, 410]).toContain(response.status);
        // A loser of an earlier round is a member by now, so it may hear ALREADY_MEMBER instead.
        expect(['INVITE_USED', 'ALREADY_MEMBER']).toContain(await errorCode(response));
      }
    }
    const { results } = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_events WHERE resource_id = ?1 AND action = 'invite.accepted'",
    )
      .bind(accountId)
      .all<{ n: number }>();
    expect(results[0]?.n).toBe(3);
  });

  it('never lets concurrent issuing pass 100 seats (members + open invites + join requests)', async () => {
    const admin = await signIn('limit');
    const accountId = await createAccount(admin);
    for (let i = 0; i < 94; i++) {
      await issueInvite(admin, accountId);
    }
    expect(await seatsTaken(accountId)).toBe(95);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        call('POST', `/api/accounts/${accountId}/invites`, {
          token: admin.token,
          body: { role: 'operator' },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(await errorCode(response)).toBe('MEMBER_LIMIT');
    }
    expect(await seatsTaken(accountId)).toBe(100);

    // Accepting keeps the count (an invite's seat becomes a member's); revoking frees a seat.
    const { invites } = await json<{ invites: Array<{ id: string }> }>(
      await call('GET', `/api/accounts/${accountId}/invites`, { token: admin.token }),
    );
    const [first] = invites;
    expect((await call('DELETE', `/api/invites/${first?.id}`, { token: admin.token })).status).toBe(204);
    expect(await seatsTaken(accountId)).toBe(99);
    expect(
      (
        await call('POST', `/api/accounts/${accountId}/invites`, {
          token: admin.token,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(201);
    const full = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: admin.token,
      body: { role: 'admin' },
    });
    expect(await errorCode(full)).toBe('MEMBER_LIMIT');
  });
});
