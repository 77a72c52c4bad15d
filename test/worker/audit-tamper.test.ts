import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { canonicalEvent } from '../../worker/audit/chain';
import { type AuditEventRow, toSealedEvent } from '../../worker/audit/repo';
import { sha256Hex } from '../../worker/lib/crypto';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import { grantRole } from '../support/fixtures';

/**
 * Tampering needs the append-only trigger out of the way. This is the only file that drops it, and D1
 * storage (schema included) is isolated per test file, so no other test runs without it.
 */

async function accountWithHistory(owner: Session, changes: number): Promise<string> {
  const staff = await signIn('staff');
  const accountId = await createAccount(owner, '改ざんされる店');
  await grantRole(accountId, staff.userId, 'operator', owner.userId);
  for (let i = 0; i < changes; i++) {
    await call('PATCH', `/api/accounts/${accountId}/members/${staff.userId}`, {
      token: owner.token,
      body: { role: i % 2 === 0 ? 'admin' : 'operator' },
    });
  }
  return accountId;
}

async function verify(owner: Session, accountId: string) {
  const response = await call('GET', `/api/accounts/${accountId}/audit/verify`, { token: owner.token });
  expect(response.status).toBe(200);
  return json<{ ok: boolean; events: number; brokenAt?: number }>(response);
}

describe('GET /api/{kind}/{id}/audit/verify on a tampered chain', () => {
  it('finds an edited event, and an edited event whose hash was recomputed to match', async () => {
    const owner = await signIn('owner');
    const edited = await accountWithHistory(owner, 5);
    const resealed = await accountWithHistory(owner, 5);
    expect(await verify(owner, edited)).toEqual({ ok: true, events: 6 });
    expect(await verify(owner, resealed)).toEqual({ ok: true, events: 6 });

    await env.DB.exec('DROP TRIGGER audit_events_no_update');

    // Someone rewrites history: the promotion of the staff member to admin (event 2) now says operator.
    await env.DB.prepare(
      `UPDATE audit_events SET after = '{"role":"operator"}' WHERE resource_id = ?1 AND seq = 2`,
    )
      .bind(edited)
      .run();
    expect(await verify(owner, edited)).toEqual({ ok: false, events: 1, brokenAt: 2 });

    // A careful forger also recomputes that event's hash: the next event no longer links to it.
    const row = await env.DB.prepare('SELECT * FROM audit_events WHERE resource_id = ?1 AND seq = 2')
      .bind(resealed)
      .first<AuditEventRow>();
    if (!row) throw new Error('event 2 is missing');
    const { hash: _, ...forged } = { ...toSealedEvent(row), after: { role: 'operator' } };
    await env.DB.prepare(
      `UPDATE audit_events SET after = '{"role":"operator"}', hash = ?2 WHERE resource_id = ?1 AND seq = 2`,
    )
      .bind(resealed, await sha256Hex(canonicalEvent(forged)))
      .run();
    expect(await verify(owner, resealed)).toEqual({ ok: false, events: 2, brokenAt: 3 });
  });
});
