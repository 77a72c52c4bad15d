import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  type AuditEventInput,
  type AuditHead,
  type SealedAuditEvent,
  sealEvent,
} from '../../worker/audit/chain';
import {
  type AuditKeyBindings,
  type AuditSigner,
  auditDigest,
  auditSigner,
  UNKEYED,
} from '../../worker/audit/keys';
import { checkLinks, UNCHECKED } from '../../worker/audit/verify';
import { sha256Hex } from '../../worker/lib/crypto';

const KEY_A = 'first-audit-key-0123456789abcdef0123456789';
const KEY_B = 'second-audit-key-0123456789abcdef012345678';

/** How events were sealed before the chain was keyed. */
const unkeyedSigner: AuditSigner = { keyId: UNKEYED, seal: sha256Hex };

function input(n: number): AuditEventInput {
  return {
    resourceId: 'r-keys',
    action: 'resource.updated',
    actorId: 'Uactor',
    targetUserId: null,
    before: { name: `name ${n - 1}` },
    after: { name: `name ${n}` },
    requestId: `req-${n}`,
    at: 1_700_000_000_000 + n,
  };
}

/** Appends events sealed by each signer in turn, as successive requests would. */
async function chain(...signers: AuditSigner[]): Promise<SealedAuditEvent[]> {
  const events: SealedAuditEvent[] = [];
  let head: AuditHead | null = null;
  for (const signer of signers) {
    const event = await sealEvent(head, input(events.length + 1), signer);
    events.push(event);
    head = event;
  }
  return events;
}

async function check(events: SealedAuditEvent[], bindings: Partial<AuditKeyBindings>) {
  const { head: _, keyed: __, ...result } = await checkLinks(UNCHECKED, events, auditDigest(bindings));
  return result;
}

describe('audit keys', () => {
  it('seals with the current key and stores its id', async () => {
    const [event] = await chain(auditSigner());
    expect(event?.keyId).toBe(env.AUDIT_KEY_ID);
    expect(event?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies events sealed before a rotation with the retired key, and only with it', async () => {
    const a = { AUDIT_KEY: KEY_A, AUDIT_KEY_ID: 'a' };
    const b = { AUDIT_KEY: KEY_B, AUDIT_KEY_ID: 'b' };
    const events = await chain(auditSigner(a), auditSigner(a), auditSigner(b), auditSigner(b));
    expect(events.map((event) => event.keyId)).toEqual(['a', 'a', 'b', 'b']);
    expect(await check(events, { ...b, AUDIT_KEYS_RETIRED: JSON.stringify({ a: KEY_A }) })).toEqual({
      events: 4,
    });
    // Forgetting the retired key leaves the old events unverifiable, not silently accepted.
    expect(await check(events, b)).toEqual({ events: 0, brokenAt: 1 });
    // The current key listed again among the retired ones is harmless.
    expect(await check(events, { ...b, AUDIT_KEYS_RETIRED: JSON.stringify({ a: KEY_A, b: KEY_B }) })).toEqual(
      { events: 4 },
    );
  });

  it('refuses events sealed before keys existed unless told to accept them, and never after a keyed one', async () => {
    const key = { AUDIT_KEY: KEY_A, AUDIT_KEY_ID: 'a' };
    const legacy = await chain(unkeyedSigner, unkeyedSigner, auditSigner(key));
    expect(await check(legacy, key)).toEqual({ events: 0, brokenAt: 1 });
    expect(await check(legacy, { ...key, AUDIT_ACCEPT_UNKEYED: 'true' })).toEqual({ events: 3 });

    const downgraded = await chain(unkeyedSigner, auditSigner(key), unkeyedSigner);
    expect(await check(downgraded, { ...key, AUDIT_ACCEPT_UNKEYED: 'true' })).toEqual({
      events: 2,
      brokenAt: 3,
    });
  });

  it('gives rows written before migration 0003 the unkeyed id', async () => {
    const column = await env.DB.prepare(
      `SELECT dflt_value, "notnull" FROM pragma_table_info('audit_events') WHERE name = 'key_id'`,
    ).first<{ dflt_value: string; notnull: number }>();
    expect(column).toEqual({ dflt_value: `'${UNKEYED}'`, notnull: 1 });
  });

  it.each([
    ['no key at all', {}],
    ['a key without an id', { AUDIT_KEY: KEY_A }],
    ['a short key', { AUDIT_KEY: 'short', AUDIT_KEY_ID: 'a' }],
    ['the id reserved for unkeyed events', { AUDIT_KEY: KEY_A, AUDIT_KEY_ID: UNKEYED }],
    [
      'retired keys that are not a JSON object',
      { AUDIT_KEY: KEY_A, AUDIT_KEY_ID: 'a', AUDIT_KEYS_RETIRED: '[]' },
    ],
    ['a retired key too short', { AUDIT_KEY: KEY_A, AUDIT_KEY_ID: 'a', AUDIT_KEYS_RETIRED: '{"old":"x"}' }],
    [
      'another key retired under the current id (one of them would be silently ignored)',
      { AUDIT_KEY: KEY_A, AUDIT_KEY_ID: 'a', AUDIT_KEYS_RETIRED: JSON.stringify({ a: KEY_B }) },
    ],
  ] as const)('refuses to seal or verify with %s', (_, bindings: Partial<AuditKeyBindings>) => {
    expect(() => auditSigner(bindings)).toThrow(/Audit key configuration/);
    expect(() => auditDigest(bindings)).toThrow(/Audit key configuration/);
  });
});
