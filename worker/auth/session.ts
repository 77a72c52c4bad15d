import { jwtVerify, SignJWT } from 'jose';

// Short-lived: the app signs in again from the LINE ID token, so a stolen token is worth little.
export const SESSION_TTL_SECONDS = 60 * 60;
const SESSION_AUDIENCE = 'kengen-api';
const encoder = new TextEncoder();

function sessionKey(secret: string): Uint8Array {
  if (secret.length < 32) {
    throw new Error('SESSION_SECRET must be at least 32 characters');
  }
  return encoder.encode(secret);
}

export async function issueSession(
  userId: string,
  secret: string,
  nowMs: number,
): Promise<{ token: string; expiresAt: string }> {
  const issuedAt = Math.floor(nowMs / 1000);
  const expiresAt = issuedAt + SESSION_TTL_SECONDS;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(sessionKey(secret));
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The session's user, or null when the token is not one of ours or has expired. No storage read. */
export async function verifySession(token: string, secret: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, sessionKey(secret), {
      algorithms: ['HS256'],
      audience: SESSION_AUDIENCE,
      requiredClaims: ['sub', 'exp'],
    });
    return payload.sub ?? null;
  } catch {
    return null;
  }
}
