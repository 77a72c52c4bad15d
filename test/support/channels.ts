import { env } from 'cloudflare:test';
import { STANDIN_CHANNEL_TOKEN_PREFIX } from '../../worker/dev/line-channels';
import { call, createAccount, json, type Session } from './api';

let counter = 0;
/** A basic ID no other test of the file uses: one channel connects to one account. */
export function uniqueBasicId(label = 'shop'): string {
  counter += 1;
  return `@${label}-${counter}-${crypto.randomUUID().slice(0, 6)}`;
}

/** The channel access token the local stand-in of LINE accepts for the bot with this basic ID. */
export function tokenFor(basicId: string): string {
  return `${STANDIN_CHANNEL_TOKEN_PREFIX}${basicId}`;
}

export function connect(session: Session, accountId: string, token: string) {
  return call('PUT', `/api/accounts/${accountId}/channel`, {
    token: session.token,
    body: { channelAccessToken: token },
  });
}

/** An account of `admin` with its channel connected: its id, basic ID and token. */
export async function connectedAccount(admin: Session, name = '接続済みの店') {
  const basicId = uniqueBasicId();
  const accountId = await createAccount(admin, name, basicId);
  const token = tokenFor(basicId);
  const response = await connect(admin, accountId, token);
  if (response.status !== 200) throw new Error(`connect failed: ${response.status} ${await response.text()}`);
  return { accountId, basicId, token };
}

export function text(...texts: string[]) {
  return texts.map((t) => ({ type: 'text', text: t }));
}

export function broadcast(
  session: Session,
  accountId: string,
  body: unknown,
  kind: 'broadcast' | 'test' = 'broadcast',
) {
  const path = `/api/accounts/${accountId}/broadcasts${kind === 'test' ? '/test' : ''}`;
  return call('POST', path, { token: session.token, body });
}

export interface SentDelivery {
  broadcast: {
    id: string;
    kind: 'broadcast' | 'test';
    messageCount: number;
    preview: string;
    sentAt: string;
    sentBy: { userId: string; displayName: string };
    lineRequestId: string | null;
  };
}

/** What the stand-in of LINE received as broadcasts from a bot. */
export async function standinBroadcasts(basicId: string) {
  const response = await call('GET', `/dev/line/broadcasts?basicId=${encodeURIComponent(basicId)}`);
  return (
    await json<{
      broadcasts: Array<{
        requestId: string;
        retryKey: string;
        messages: unknown[];
        basicId: string;
        displayName: string;
        pictureUrl: string;
      }>;
    }>(response)
  ).broadcasts;
}

/** Every value of every table of the database, as one text: to prove a secret is nowhere in it. */
export async function databaseDump(): Promise<string> {
  const { results: tables } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
  ).all<{ name: string }>();
  const dumps = await Promise.all(
    tables.map(async ({ name }) =>
      JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results),
    ),
  );
  return dumps.join('\n');
}
