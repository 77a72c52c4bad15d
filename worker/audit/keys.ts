import { env } from 'cloudflare:workers';
import type { Bindings } from '../env';
import { hmacSha256Hex, sha256Hex } from '../lib/crypto';
import { readKeyring } from '../lib/keyring';

/**
 * The key id of events sealed before the chain was keyed (migration 0003): plain SHA-256, which anyone can
 * recompute, so anyone able to write to D1 could rewrite a whole chain in it. Verification refuses such
 * events unless AUDIT_ACCEPT_UNKEYED is "true" (a deployment with history from before the key), and even
 * then only before the first keyed event of a chain.
 */
export const UNKEYED = 'sha256';

export type AuditKeyBindings = Pick<
  Bindings,
  'AUDIT_KEY' | 'AUDIT_KEY_ID' | 'AUDIT_KEYS_RETIRED' | 'AUDIT_ACCEPT_UNKEYED'
>;

/** Seals new events with the current key. */
export interface AuditSigner {
  keyId: string;
  seal(text: string): Promise<string>;
}

/** The hash an event sealed under `keyId` must carry; null when no configured key has that id. */
export type AuditDigest = (keyId: string, text: string) => Promise<string | null>;

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_SECRET_LENGTH = 32;

function misconfigured(problem: string): Error {
  return new Error(`Audit key configuration: ${problem} (see README, "Audit key")`);
}

function checkedSecret(id: string, secret: unknown): string {
  if (!KEY_ID.test(id) || id === UNKEYED) throw misconfigured(`key id "${id}" is not usable`);
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw misconfigured(
      `the secret of key "${id}" is missing or shorter than ${MIN_SECRET_LENGTH} characters`,
    );
  }
  return secret;
}

function keyring(bindings: Partial<AuditKeyBindings>) {
  return readKeyring({
    currentId: bindings.AUDIT_KEY_ID,
    current: bindings.AUDIT_KEY,
    retired: bindings.AUDIT_KEYS_RETIRED,
    retiredName: 'AUDIT_KEYS_RETIRED',
    check: checkedSecret,
    misconfigured,
  });
}

// The key is configuration like the database binding, but services receive only `db`; reading it from the
// Worker's env here keeps every service signature as it is (a departure from STYLE rule 1, on purpose).
const workerBindings = env as Partial<AuditKeyBindings>;

export function auditSigner(bindings: Partial<AuditKeyBindings> = workerBindings): AuditSigner {
  const { currentId, keys } = keyring(bindings);
  const secret = keys.get(currentId) ?? '';
  return { keyId: currentId, seal: (text) => hmacSha256Hex(secret, text) };
}

export function auditDigest(bindings: Partial<AuditKeyBindings> = workerBindings): AuditDigest {
  const { keys: secrets } = keyring(bindings);
  const acceptUnkeyed = bindings.AUDIT_ACCEPT_UNKEYED === 'true';
  return async (keyId, text) => {
    if (keyId === UNKEYED) return acceptUnkeyed ? sha256Hex(text) : null;
    const secret = secrets.get(keyId);
    return secret === undefined ? null : hmacSha256Hex(secret, text);
  };
}
