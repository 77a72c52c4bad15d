import type { Client } from './client';
import { read, readEmpty } from './errors';

/** What a send carries: 1–5 text messages, and the key that makes a retry of the same send a no-op. */
export type SendBody = { messages: { type: 'text'; text: string }[]; retryKey: string };

/** An account's Messaging API channel (SPEC §9): connection, statistics and sends. */
export function channelsApi(client: Client) {
  const account = client.api.accounts[':id'];
  return {
    connect: async (id: string, channelAccessToken: string) =>
      (await read(account.channel.$put({ param: { id }, json: { channelAccessToken } }))).channel,
    disconnect: (id: string) => readEmpty(account.channel.$delete({ param: { id } })),
    stats: (id: string) => read(account.stats.$get({ param: { id } })),
    audience: (id: string) => read(account.broadcasts.audience.$get({ param: { id } })),
    broadcast: async (id: string, body: SendBody) =>
      (await read(account.broadcasts.$post({ param: { id }, json: body }))).broadcast,
    testSend: async (id: string, body: SendBody) =>
      (await read(account.broadcasts.test.$post({ param: { id }, json: body }))).broadcast,
  };
}

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;
type Channels = ReturnType<typeof channelsApi>;

export type ConnectedChannel = Resolved<Channels['connect']>;
export type Stats = Resolved<Channels['stats']>;
export type Delivery = Stats['deliveries'][number];
export type Audience = Resolved<Channels['audience']>;
export type Sent = Resolved<Channels['broadcast']>;
