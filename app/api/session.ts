import type { Client } from './client';
import { read } from './errors';

export function sessionApi(client: Client) {
  return {
    /**
     * With `withMe`, the answer also carries what GET /api/me would (the first screen's data). The LINE
     * language, when known, is stored for the language of the person's LINE messages.
     */
    exchange: (idToken: string, withMe: boolean, language?: string) =>
      read(client.api.session.$post({ json: { idToken, withMe, language } })),
  };
}
