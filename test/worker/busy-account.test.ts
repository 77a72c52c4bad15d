import { describe, expect, it } from 'vitest';
import { acceptInvite } from '../../worker/invites/service';
import type { Caller } from '../../worker/lib/caller';
import { changeMemberRole } from '../../worker/members/service';
import { updateResourceSettings } from '../../worker/resources/service';
import { call, createAccount, issueInvite, json, type Session, signIn, useInvite } from '../support/api';
import { grantRole } from '../support/fixtures';
import { readsTogether } from '../support/interleave';
import { changeRole } from '../support/members';

/**
 * SPEC §7, reliability: thirty people writing to one account at the same moment (renames, invites, accepts,
 * role changes of different people) all succeed. Every change appends to the account's audit chain, so
 * they contend for its head; none of them conflicts with another in meaning, so none may fail.
 */
describe('thirty writers on one account at once', () => {
  it('applies every write, and the chain still verifies', async () => {
    const owner = await signIn('owner');
    const accountId = await createAccount(owner, '繁忙店');
    const admins: Session[] = [];
    for (let i = 0; i < 8; i++) {
      const admin = await signIn(`admin${i}`);
      await grantRole(accountId, admin.userId, 'admin', owner.userId);
      admins.push(admin);
    }
    const staff: Session[] = [];
    for (let i = 0; i < 7; i++) {
      const person = await signIn(`staff${i}`);
      await grantRole(accountId, person.userId, 'operator', owner.userId);
      staff.push(person);
    }
    const accepters = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(`accepter${i}`)));
    const tokens: string[] = [];
    for (const _ of accepters) tokens.push((await issueInvite(owner, accountId)).token);

    const writes: Array<() => Promise<Response>> = [
      ...admins.slice(0, 7).map(
        (admin, i) => () =>
          call('PATCH', `/api/accounts/${accountId}`, {
            token: admin.token,
            body: { name: `繁忙店 ${i}` },
          }),
      ),
      ...admins.map(
        (admin) => () =>
          call('POST', `/api/accounts/${accountId}/invites`, {
            token: admin.token,
            body: { role: 'operator' },
          }),
      ),
      ...accepters.map((accepter, i) => () => useInvite(accepter, 'accept', tokens[i] as string)),
      ...staff.map(
        (person, i) => () =>
          changeRole(admins[i] as Session, 'accounts', accountId, person.userId, 'operator_no_stats'),
      ),
    ];
    expect(writes).toHaveLength(30);

    const answers = await Promise.all(writes.map((write) => write()));
    const statuses = await Promise.all(answers.map(async (a) => `${a.status} ${a.ok ? '' : await a.text()}`));
    expect(statuses.filter((status) => !/^2\d\d /.test(status))).toEqual([]);

    const verify = await json<{ ok: boolean; events: number }>(
      await call('GET', `/api/accounts/${accountId}/audit/verify`, { token: owner.token }),
    );
    // Created, 8 + 7 grants are fixtures (no events), 8 invites issued before, and the 30 writes.
    expect(verify).toEqual({ ok: true, events: 1 + 8 + 30 });
  });
});

describe('thirty writers who all read before any of them writes', () => {
  it('still applies every write: each retries on the new head until it is its turn', async () => {
    const owner = await signIn('owner');
    const accountId = await createAccount(owner, '混雑店');
    const staff: Session[] = [];
    for (let i = 0; i < 10; i++) {
      const person = await signIn(`staff${i}`);
      await grantRole(accountId, person.userId, 'operator', owner.userId);
      staff.push(person);
    }
    const accepters = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(`accepter${i}`)));
    const tokens: string[] = [];
    for (const _ of accepters) tokens.push((await issueInvite(owner, accountId)).token);

    // Every request's first read is held until all thirty have read: round 1 has one winner and 29 losers.
    const db = readsTogether(30);
    const by = (session: Session): Caller => ({ userId: session.userId, requestId: crypto.randomUUID() });
    const now = Date.now();
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) =>
        updateResourceSettings(db, by(owner), 'account', accountId, { name: `混雑店 ${i}` }, now),
      ),
      ...accepters.map((accepter, i) => acceptInvite(db, by(accepter), tokens[i] as string, now)),
      ...staff.map((person) =>
        changeMemberRole(
          db,
          by(owner),
          { kind: 'account', resourceId: accountId, userId: person.userId },
          'operator_no_stats',
          now,
        ),
      ),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    const verify = await json<{ ok: boolean; events: number }>(
      await call('GET', `/api/accounts/${accountId}/audit/verify`, { token: owner.token }),
    );
    expect(verify).toEqual({ ok: true, events: 1 + 10 + 30 });
  });
});
