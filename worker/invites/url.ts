import type { Bindings } from '../env';

/**
 * Where an invite opens. In production it is the LIFF URL, so LINE opens the app in LINE and carries the
 * path and query through `liff.state`; locally it is the app's own origin.
 */
export function inviteUrl(env: Pick<Bindings, 'APP_ENV' | 'LIFF_ID' | 'APP_ORIGIN'>, token: string): string {
  const path = `/invite?token=${encodeURIComponent(token)}`;
  return env.APP_ENV === 'production'
    ? `https://liff.line.me/${env.LIFF_ID}${path}`
    : `${env.APP_ORIGIN}${path}`;
}
