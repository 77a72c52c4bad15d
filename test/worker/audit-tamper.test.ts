import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalEvent } from '../../worker/audit/chain';
import { UNKEYED } from '../../worker/audit/keys';
import { type AuditEventRow, toSealedEvent } from '../../worker/audit/repo';
import { hmacSha256Hex, sha256Hex } from '../../worker/lib/crypto';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import { grantRole } from '../support/fixtures';

/**
 * Tampering needs the append-only trigger out of the way, as it would be for anyone with write access to
 * D1. This is the only file that drops it, and D1 storage (schema included) is isolated per test file, so no
 * other test runs without it.
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

/** How a forger seals an event: the key id to store, and the hash for the canonical bytes. */
interface Forgery {
  keyId: (stored: string) => string;
  hash: (canonical: string) => Promise<string>;
}

const plainSha256: Forgery = { keyId: (stored) => stored, hash: sha256Hex };
const plainSha256AsUnkeyed: Forgery = { keyId: () => UNKEYED, hash: sha256Hex };
const wrongKey: Forgery = {
  keyId: (stored) => stored,
  hash: (canonical) => hmacSha256Hex('a guess at the key, as long as the real one', canonical),
};
const realKey: Forgery = {
  keyId: (stored) => stored,
  hash: (canonical) => hmacSha256Hex(env.AUDIT_KEY, canonical),
};

/**
 * Rewrites what event `from` says and re-seals it and every event after it, each linked to the forged one
 * before: what someone with write access to D1 would do to make an edit pass a plain hash chain.
 */
async function rewriteFrom(accountId: string, from: number, forgery: Forgery): Promise<void> {
  const { results } = await env.DB.prepare('SELECT * FROM audit_events WHERE resource_id = ?1 ORDER BY seq')
    .bind(accountId)
    .all<AuditEventRow>();
  let prevHash = results.find((row) => row.seq === from - 1)?.hash ?? '0'.repeat(64);
  const updates: D1PreparedStatement[] = [];
  for (const row of results.filter((event) => event.seq >= from)) {
    const event = { ...toSealedEvent(row), prevHash };
    if (row.seq === from) event.after = { role: 'operator', forged: true };
    const { hash: _, keyId, ...unsealed } = event;
    const hash = await forgery.hash(canonicalEvent(unsealed));
    updates.push(
      env.DB.prepare(
        `UPDATE audit_events SET after = ?3, prev_hash = ?4, hash = ?5, key_id = ?6
          WHERE resource_id = ?1 AND seq = ?2`,
      ).bind(accountId, row.seq, JSON.stringify(event.after), prevHash, hash, forgery.keyId(keyId)),
    );
    prevHash = hash;
  }
  await env.DB.batch(updates);
}

let owner: Session;

beforeAll(async () => {
  owner = await signIn('owner');
  await env.DB.exec('DROP TRIGGER audit_events_no_update');
});

describe('GET /api/{kind}/{id}/audit/verify on a tampered chain', () => {
  it('finds an edited event, and an edited event whose hash was recomputed with plain SHA-256', async () => {
    const edited = await accountWithHistory(owner, 5);
    const resealed = await accountWithHistory(owner, 5);
    expect(await verify(owner, edited)).toEqual({ ok: true, events: 6 });
    expect(await verify(owner, resealed)).toEqual({ ok: true, events: 6 });

    // Someone rewrites history: the promotion of the staff member to admin (event 2) now says operator.
    await env.DB.prepare(
      `UPDATE audit_events SET after = '{"role":"operator"}' WHERE resource_id = ?1 AND seq = 2`,
    )
      .bind(edited)
      .run();
    expect(await verify(owner, edited)).toEqual({ ok: false, events: 1, brokenAt: 2 });

    // A forger recomputes that event's hash the public way: without the key it matches nothing.
    const row = await env.DB.prepare('SELECT * FROM audit_events WHERE resource_id = ?1 AND seq = 2')
      .bind(resealed)
      .first<AuditEventRow>();
    if (!row) throw new Error('event 2 is missing');
    const { hash: _, keyId: __, ...forged } = { ...toSealedEvent(row), after: { role: 'operator' } };
    await env.DB.prepare(
      `UPDATE audit_events SET after = '{"role":"operator"}', hash = ?2 WHERE resource_id = ?1 AND seq = 2`,
    )
      .bind(resealed, await sha256Hex(canonicalEvent(forged)))
      .run();
    expect(await verify(owner, resealed)).toEqual({ ok: false, events: 1, brokenAt: 2 });
  });

  it.each([
    ['plain SHA-256, key ids kept', plainSha256, 2],
    ['plain SHA-256, marked as sealed before keys existed', plainSha256AsUnkeyed, 2],
    ['HMAC-SHA-256 under a wrong key', wrongKey, 2],
  ] as const)(
    'finds an edit re-sealed to the end of the chain with %s, at the edited event',
    async (_, forgery, at) => {
      const accountId = await accountWithHistory(owner, 5);
      await rewriteFrom(accountId, at, forgery);
      expect(await verify(owner, accountId)).toEqual({ ok: false, events: at - 1, brokenAt: at });
    },
  );

  it('finds a whole chain rewritten as if sealed before keys existed, at its first event', async () => {
    const accountId = await accountWithHistory(owner, 3);
    await rewriteFrom(accountId, 1, plainSha256AsUnkeyed);
    expect(await verify(owner, accountId)).toEqual({ ok: false, events: 0, brokenAt: 1 });
  });

  it('passes the same rewrite re-sealed with the real key: the key is the whole protection', async () => {
    const accountId = await accountWithHistory(owner, 5);
    await rewriteFrom(accountId, 2, realKey);
    expect(await verify(owner, accountId)).toEqual({ ok: true, events: 6 });
    const response = await call('GET', `/api/accounts/${accountId}/audit?limit=100`, { token: owner.token });
    const { events } = await json<{ events: Array<{ seq: number; after: unknown }> }>(response);
    expect(events.find((event) => event.seq === 2)?.after).toEqual({ role: 'operator', forged: true });
  });

  it('does not notice the newest events cut off: truncation needs an anchor outside D1', async () => {
    const accountId = await accountWithHistory(owner, 5);
    await env.DB.exec('DROP TRIGGER IF EXISTS audit_events_no_delete');
    await env.DB.prepare('DELETE FROM audit_events WHERE resource_id = ?1 AND seq > 4').bind(accountId).run();
    expect(await verify(owner, accountId)).toEqual({ ok: true, events: 4 });
  });
});
