import { importJWK, type JWK, SignJWT } from 'jose';
import { LINE_ISSUER } from '../lib/line/id-token';

/** The local stand-in for LINE's ID token issuer: same claims and algorithm, a development key. */
export interface DevIssuer {
  publicJwks: { keys: JWK[] };
  sign(claims: { userId: string; displayName: string; pictureUrl?: string | undefined }): Promise<string>;
}

export function devIssuer(privateJwkJson: string, channelId: string): DevIssuer {
  const { d: _private, ...publicJwk } = JSON.parse(privateJwkJson) as JWK;
  return {
    publicJwks: { keys: [publicJwk] },
    async sign({ userId, displayName, pictureUrl }) {
      const key = await importJWK(JSON.parse(privateJwkJson) as JWK, 'ES256');
      return new SignJWT({ name: displayName, ...(pictureUrl ? { picture: pictureUrl } : {}) })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: publicJwk.kid ?? 'dev' })
        .setIssuer(LINE_ISSUER)
        .setAudience(channelId)
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
    },
  };
}
