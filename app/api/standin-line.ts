import type { Client } from './client';
import { read } from './errors';

/** The local stand-in of LINE (/dev/line, demo and development builds only): what it received for a person. */
export function standinLineApi(client: Client) {
  return {
    pushes: async (to: string) => (await read(client.dev.line.pushes.$get({ query: { to } }))).pushes,
    /** What a shop's bot broadcast to all its friends (the demo's people are all its friends). */
    broadcasts: async (basicId: string) =>
      (await read(client.dev.line.broadcasts.$get({ query: { basicId } }))).broadcasts,
  };
}
