import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { expect } from 'vitest';
import worker from '../../worker/index';
import type { NotificationBody } from '../../worker/notifications/queue';
import { BASE, call, createAccount, issueInvite, json, type Session, signDevToken, signIn } from './api';
import { linePushes, type SentPush, signWebhook } from './line-standin';

/**
 * Driving notifications from a test (SPEC §8): requests go to the Worker's fetch handler with a queue that
 * only records what was sent, and the test hands those ids to the consumer itself, so every push and retry
 * happens when the test says.
 */
const QUEUE = 'kengen-notifications';

export interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: string;
  resource_id: string;
  subject_id: string | null;
  retry_key: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  delivered_at: number | null;
}

/** A queue binding that only records the notification ids sent to it (the Worker sends with sendBatch). */
export function recordingQueue(enqueued: string[]): typeof env.NOTIFICATIONS {
  return {
    sendBatch: async (messages: Iterable<{ body: NotificationBody }>) => {
      for (const message of messages) enqueued.push(message.body.notificationId);
    },
  } as unknown as typeof env.NOTIFICATIONS;
}

/** The Worker's fetch handler, with a queue that records the notification ids the request sent. */
export async function request(method: string, path: string, token: string, body?: unknown) {
  const enqueued: string[] = [];
  const queue = recordingQueue(enqueued);
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    { ...env, NOTIFICATIONS: queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, enqueued };
}

/** Hands notification ids to the queue consumer, as the queue would on its `attempts`-th delivery. */
export async function deliver(ids: readonly string[], attempts = 1) {
  const batch = createMessageBatch<NotificationBody>(
    QUEUE,
    ids.map((notificationId) => ({
      id: crypto.randomUUID(),
      timestamp: Date.now(),
      attempts,
      body: { notificationId },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

export async function webhook(type: 'follow' | 'unfollow', userId: string) {
  const body = JSON.stringify({
    destination: 'Ubot',
    events: [{ type, timestamp: Date.now(), source: { type: 'user', userId } }],
  });
  const response = await call('POST', '/api/line/webhook', {
    rawBody: body,
    headers: { 'x-line-signature': await signWebhook(body) },
  });
  expect(response.status).toBe(200);
}

/**
 * Signs someone in who has added the Kengen bot as a friend; with a language, as the app signs in from a LINE
 * in that language (POST /api/session `language`, LIFF's getAppLanguage).
 */
export async function friend(label: string, displayName?: string, language?: string): Promise<Session> {
  const name = displayName ?? `${label} さん`;
  const session = await signIn(label, name);
  if (language !== undefined) expect((await signInSpeaking(session.userId, language, name)).status).toBe(200);
  await webhook('follow', session.userId);
  return session;
}

/** POST /api/session with a `language`, whatever it is; the answer of the sign-in. */
export async function signInSpeaking(userId: string, language: unknown, displayName = 'テスト ユーザー') {
  const idToken = await signDevToken({ sub: userId, name: displayName });
  return call('POST', '/api/session', { body: { idToken, language } });
}

/** The LINE language stored for a person (migration 0009). */
export async function storedLanguage(userId: string): Promise<string | null | undefined> {
  return env.DB.prepare('SELECT language FROM users WHERE id = ?1')
    .bind(userId)
    .first<string | null>('language');
}

export async function rows(where: string, ...values: unknown[]): Promise<NotificationRow[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM notifications WHERE ${where} ORDER BY recipient_id`)
    .bind(...values)
    .all<NotificationRow>();
  return results;
}

export async function row(id: string): Promise<NotificationRow> {
  const [found] = await rows('id = ?1', id);
  if (!found) throw new Error(`no notification ${id}`);
  return found;
}

/** What the Worker sent to LINE from now on. */
export function watchPushes() {
  const start = linePushes.length;
  return () => linePushes.slice(start);
}

/** What the stand-in of LINE accepted for a person (the demo's view of their LINE). */
export async function receivedBy(userId: string) {
  const response = await call('GET', `/dev/line/pushes?to=${encodeURIComponent(userId)}`);
  expect(response.status).toBe(200);
  return (await json<{ pushes: Array<{ retryKey: string; messages: unknown[] }> }>(response)).pushes;
}

interface Flex {
  type: string;
  altText: string;
  contents: { footer: { contents: Array<{ action: { label: string; uri: string } }> } };
}

export function shown(push: SentPush) {
  const [message] = push.messages as Flex[];
  return {
    to: push.to,
    type: message?.type,
    altText: message?.altText,
    buttons: message?.contents.footer.contents.map((button) => [button.action.label, button.action.uri]),
  };
}

export const liff = (path: string) => `https://liff.line.me/${env.LIFF_ID}${path}`;

/** An account that requires approval, with an open invite issued by its first admin. */
export async function approvalAccount(owner: Session, name: string) {
  const accountId = await createAccount(owner, name);
  const patched = await call('PATCH', `/api/accounts/${accountId}`, {
    token: owner.token,
    body: { requireApproval: true },
  });
  expect(patched.status).toBe(200);
  return accountId;
}

/** A join request on the account, by a new person: the request's id and what was enqueued. */
export async function joinRequest(owner: Session, accountId: string, requester: Session, role = 'operator') {
  const { token } = await issueInvite(owner, accountId, role);
  const { response, enqueued } = await request('POST', '/api/invites/accept', requester.token, { token });
  expect(response.status).toBe(202);
  const { request: created } = await json<{ request: { id: string } }>(response);
  return { requestId: created.id, enqueued };
}

/** A run of the cron at `now`, with a queue that records what it sent. */
export async function cron(now: number): Promise<string[]> {
  const enqueued: string[] = [];
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: now, cron: '*/15 * * * *' }),
    { ...env, NOTIFICATIONS: recordingQueue(enqueued) },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return enqueued;
}
