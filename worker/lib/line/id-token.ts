import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { AppError } from '../errors';
import { hasForbiddenCharacter } from '../text';

export const LINE_ISSUER = 'https://access.line.me';

export interface LineIdentity {
  userId: string;
  /** As LINE sent it, which may break the input policy: users/repo cleans it where it is stored. */
  displayName: string;
  pictureUrl: string | null;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

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

/** Clock skew allowed between LINE and the Worker before a token issued "in the future" is refused. */
export const MAX_IAT_SKEW_SECONDS = 5 * 60;

/**
 * The checks jose leaves to us (SPEC §7): a token cannot be issued in the future (a token minted with a
 * far-future iat stays fresh forever for anyone judging age by it), and a token meant for several audiences
 * is ours only when its authorized party is this channel (OpenID Connect Core 3.1.3.7).
 */
function claimsAcceptable(payload: JWTPayload, channelId: string, nowSeconds: number): boolean {
  if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + MAX_IAT_SKEW_SECONDS) {
    return false;
  }
  const audiences = new Set(Array.isArray(payload.aud) ? payload.aud : [payload.aud]);
  if (payload.azp !== undefined && payload.azp !== channelId) {
    return false;
  }
  return audiences.size === 1 || payload.azp === channelId;
}

/** Only an https URL without control or bidi characters is kept; anything else shows as no picture. */
function pictureUrl(value: unknown): string | null {
  const picture = claimString(value);
  if (!picture || picture.length > 2048 || !picture.startsWith('https://') || !URL.canParse(picture)) {
    return null;
  }
  return hasForbiddenCharacter(picture) || /\s/.test(picture) ? null : picture;
}

/**
 * Verifies a LINE ID token (ES256 against LINE's published keys, iss, aud, azp, iat, exp) and reads the
 * identity.
 */
export async function verifyLineIdToken(
  idToken: string,
  config: { channelId: string; apiBase: string },
): Promise<LineIdentity> {
  if (!config.channelId) {
    throw new Error('LINE_CHANNEL_ID is not configured');
  }
  let payload: JWTPayload;
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
  if (!userId || userId.length > 64 || !claimsAcceptable(payload, config.channelId, nowSeconds())) {
    throw new AppError('INVALID_TOKEN');
  }
  return {
    userId,
    displayName: typeof payload.name === 'string' ? payload.name : '',
    pictureUrl: pictureUrl(payload.picture),
  };
}
