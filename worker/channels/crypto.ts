import type { Bindings } from '../env';
import { base64ToBytes, bytesToBase64 } from '../lib/crypto';
import { readKeyring } from '../lib/keyring';

export type ChannelKeyBindings = Pick<
  Bindings,
  'CHANNEL_TOKEN_KEY' | 'CHANNEL_TOKEN_KEY_ID' | 'CHANNEL_TOKEN_KEYS_RETIRED'
>;

/** A channel access token as stored: AES-GCM ciphertext and IV (base64) and the id of the key. */
export interface SealedToken {
  ciphertext: string;
  iv: string;
  keyId: string;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function misconfigured(problem: string): Error {
  return new Error(`Channel token key configuration: ${problem} (see README, "Connected accounts")`);
}

/** A key is base64 of 32 random bytes (AES-256): a passphrase would be a weaker key than it looks. */
function checkedKey(id: string, secret: unknown): string {
  if (!KEY_ID.test(id)) throw misconfigured(`key id "${id}" is not usable`);
  const bytes = typeof secret === 'string' ? base64ToBytes(secret) : null;
  if (typeof secret !== 'string' || bytes?.length !== 32) {
    throw misconfigured(`the key "${id}" is missing or not base64 of 32 bytes`);
  }
  return secret;
}

function keyring(bindings: ChannelKeyBindings) {
  return readKeyring({
    currentId: bindings.CHANNEL_TOKEN_KEY_ID,
    current: bindings.CHANNEL_TOKEN_KEY,
    retired: bindings.CHANNEL_TOKEN_KEYS_RETIRED,
    retiredName: 'CHANNEL_TOKEN_KEYS_RETIRED',
    check: checkedKey,
    misconfigured,
  });
}

// Importing a key costs more than encrypting a token; a deployment has one or two keys.
const imported = new Map<string, Promise<CryptoKey>>();

function aesKey(secret: string): Promise<CryptoKey> {
  let key = imported.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', base64ToBytes(secret) ?? new Uint8Array(), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    imported.set(secret, key);
  }
  return key;
}

/**
 * The account id is the additional authenticated data: a ciphertext copied onto another account's row does
 * not decrypt, so write access to D1 alone cannot make one account send with another's channel.
 */
function params(iv: Uint8Array<ArrayBuffer>, accountId: string) {
  return { name: 'AES-GCM', iv, additionalData: encoder.encode(accountId) };
}

/** Encrypts with the current key and a fresh random IV (never reused under one key). */
export async function encryptToken(
  bindings: ChannelKeyBindings,
  accountId: string,
  token: string,
): Promise<SealedToken> {
  const { currentId, keys } = keyring(bindings);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await aesKey(keys.get(currentId) ?? '');
  const ciphertext = await crypto.subtle.encrypt(params(iv, accountId), key, encoder.encode(token));
  return { ciphertext: bytesToBase64(new Uint8Array(ciphertext)), iv: bytesToBase64(iv), keyId: currentId };
}

/**
 * A stored token that the configured keys do not open: its key was dropped from CHANNEL_TOKEN_KEYS_RETIRED,
 * a key was replaced under the same id, or the row was damaged. Only this one account is affected, and a
 * reconnect (a new token, encrypted with the current key) mends it; the message names the key id, never
 * anything of the token.
 */
export class UnreadableTokenError extends Error {
  override readonly name = 'UnreadableTokenError';

  constructor(
    readonly keyId: string,
    reason: string,
  ) {
    super(`The stored channel token (key "${keyId}") cannot be decrypted: ${reason}`);
  }
}

/**
 * Decrypts with the key the token was encrypted under, current or retired. A configuration that cannot be
 * trusted throws as when encrypting; a token these keys do not open throws UnreadableTokenError.
 */
export async function decryptToken(
  bindings: ChannelKeyBindings,
  accountId: string,
  sealed: SealedToken,
): Promise<string> {
  const secret = keyring(bindings).keys.get(sealed.keyId);
  if (secret === undefined) {
    throw new UnreadableTokenError(sealed.keyId, 'no such key (add it to CHANNEL_TOKEN_KEYS_RETIRED)');
  }
  const iv = base64ToBytes(sealed.iv);
  const ciphertext = base64ToBytes(sealed.ciphertext);
  if (!iv || !ciphertext) throw new UnreadableTokenError(sealed.keyId, 'the stored value is not base64');
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(params(iv, accountId), await aesKey(secret), ciphertext);
  } catch {
    // AES-GCM says only that the tag does not match: another key, another account's row, or damage.
    throw new UnreadableTokenError(sealed.keyId, 'the key does not open it');
  }
  return decoder.decode(plain);
}
