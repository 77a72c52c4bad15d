import { createRemoteJWKSet, jwtVerify } from 'jose';
import { AppError } from '../errors';

export const LINE_ISSUER = 'https://access.line.me';

export interface LineIdentity {
  userId: string;
  displayName: string;
  pictureUrl: string | null;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

// Module scope outlives a request: one isolate fetches LINE's keys once and reuses them (jose refreshes
// them on an unknown `kid` and after its cache age), so signing in costs no key fetch in the common case.
const keySets = new Map<string, KeySet>();

function lineKeySet(apiBase: string): KeySet {
  let keySet = keySets.get(apiBase);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(`${apiBase.replace(/\/+$/, '')}/oauth2/v2.1/certs`));
    keySets.set(apiBase, keySet);
  }
  return keySet;
}

function claimString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Verifies a LINE ID token (ES256 against LINE's published keys, iss, aud, exp) and reads the identity. */
export async function verifyLineIdToken(
  idToken: string,
  config: { channelId: string; apiBase: string },
): Promise<LineIdentity> {
  if (!config.channelId) {
    throw new Error('LINE_CHANNEL_ID is not configured');
  }
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(idToken, lineKeySet(config.apiBase), {
      algorithms: ['ES256'],
      issuer: LINE_ISSUER,
      audience: config.channelId,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch {
    throw new AppError('INVALID_TOKEN');
  }
  const userId = claimString(payload.sub);
  if (!userId || userId.length > 64) {
    throw new AppError('INVALID_TOKEN');
  }
  const picture = claimString(payload.picture);
  return {
    userId,
    displayName: (claimString(payload.name) ?? 'LINEユーザー').slice(0, 100),
    pictureUrl: picture?.startsWith('https://') ? picture : null,
  };
}
