import type { Client } from './client';
import { read } from './errors';

export function sessionApi(client: Client) {
  return {
    exchange: (idToken: string) => read(client.api.session.$post({ json: { idToken } })),
  };
}
