import { sha256Hex } from '../lib/crypto';

/** 256 random bits, URL-safe. Shown once to the issuer; only its hash is stored, and it is never logged. */
export function newInviteToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function hashInviteToken(token: string): Promise<string> {
  return sha256Hex(token);
}
