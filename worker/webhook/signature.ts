import { base64ToBytes } from '../lib/crypto';

const encoder = new TextEncoder();

// One channel secret per deployment: import its key once per isolate.
const keys = new Map<string, Promise<CryptoKey>>();

function verifyKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}

/**
 * LINE signs each webhook call: `x-line-signature` is the base64 HMAC-SHA-256 of the raw body under the
 * channel secret. WebCrypto's `verify` compares in constant time, so a forger learns nothing from timing.
 */
export async function verifyLineSignature(
  secret: string,
  body: ArrayBuffer,
  signature: string | undefined,
): Promise<boolean> {
  const bytes = signature ? base64ToBytes(signature) : null;
  if (!secret || !bytes || bytes.length !== 32) return false;
  return crypto.subtle.verify('HMAC', await verifyKey(secret), bytes, body);
}
