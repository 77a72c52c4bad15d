import type { Client } from './client';
import { read } from './errors';

export function meApi(client: Client) {
  return {
    me: () => read(client.api.me.$get()),
  };
}
