import type { Client } from './client';
import { read } from './errors';

export function sessionApi(client: Client) {
  return {
    /** With `withMe`, the answer also carries what GET /api/me would (the first screen's data). */
    exchange: (idToken: string, withMe: boolean) =>
      read(client.api.session.$post({ json: { idToken, withMe } })),
  };
}
