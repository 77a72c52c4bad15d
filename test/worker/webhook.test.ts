import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, errorCode, signIn } from '../support/api';
import { signWebhook } from '../support/line-standin';

/** SPEC §8, webhook: only LINE's signed calls change anything; follow / unfollow decide who can be reached. */

async function post(body: string, signature?: string) {
  return call('POST', '/api/line/webhook', {
    rawBody: body,
    headers: signature === undefined ? {} : { 'x-line-signature': signature },
  });
}

function event(type: string, userId: string, timestamp = Date.now()) {
  return {
    type,
    timestamp,
    mode: 'active',
    source: { type: 'user', userId },
    webhookEventId: crypto.randomUUID(),
  };
}

function body(...events: unknown[]): string {
  return JSON.stringify({ destination: 'Ubot', events });
}

async function friend(userId: string): Promise<number | undefined> {
  const row = await env.DB.prepare('SELECT line_friend FROM users WHERE id = ?1')
    .bind(userId)
    .first<{ line_friend: number }>();
  return row?.line_friend;
}

describe('POST /api/line/webhook', () => {
  it("answers LINE's verify request (no events) with 200", async () => {
    const verify = body();
    const response = await post(verify, await signWebhook(verify));
    expect(response.status).toBe(200);
  });

  it('makes a known user reachable on follow and unreachable on unfollow', async () => {
    const person = await signIn('follower');
    expect(await friend(person.userId)).toBe(0);
    const follow = body(event('follow', person.userId));
    expect((await post(follow, await signWebhook(follow))).status).toBe(200);
    expect(await friend(person.userId)).toBe(1);
    const unfollow = body(event('unfollow', person.userId));
    expect((await post(unfollow, await signWebhook(unfollow))).status).toBe(200);
    expect(await friend(person.userId)).toBe(0);
  });

  it('keeps the newest state when LINE redelivers an older event late', async () => {
    const person = await signIn('late');
    const now = Date.now();
    const newer = body(event('unfollow', person.userId, now), event('follow', person.userId, now + 1000));
    expect((await post(newer, await signWebhook(newer))).status).toBe(200);
    const older = body(event('unfollow', person.userId, now + 500));
    expect((await post(older, await signWebhook(older))).status).toBe(200);
    expect(await friend(person.userId)).toBe(1);
  });

  it('ignores events of users Kengen does not know, and event types it does not use', async () => {
    const stranger = 'U-never-signed-in-0000000000000000';
    const person = await signIn('chatter');
    const events = body(event('follow', stranger), {
      ...event('message', person.userId),
      message: { type: 'text', text: 'hi' },
    });
    expect((await post(events, await signWebhook(events))).status).toBe(200);
    const row = await env.DB.prepare('SELECT id FROM users WHERE id = ?1').bind(stranger).first();
    expect(row).toBeNull();
    expect(await friend(person.userId)).toBe(0);
  });

  describe('refuses a call LINE did not sign, with 401 and no change', () => {
    const cases: Array<[string, (payload: string) => Promise<[string, string | undefined]>]> = [
      ['no signature', async (payload) => [payload, undefined]],
      ['an empty signature', async (payload) => [payload, '']],
      ['a signature that is not base64', async (payload) => [payload, '%%%not-base64%%%']],
      [
        'a signature under another secret',
        async (payload) => [payload, await signWebhook(payload, 'not-the-secret')],
      ],
      [
        'the body altered after signing',
        async (payload) => [payload.replace('"follow"', '"follow" '), await signWebhook(payload)],
      ],
      ['the signature of another body', async (payload) => [payload, await signWebhook(body())]],
    ];
    it.each(cases)('%s', async (_name, forge) => {
      const person = await signIn('target');
      const [sent, signature] = await forge(body(event('follow', person.userId)));
      const response = await post(sent, signature);
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('UNAUTHENTICATED');
      expect(await friend(person.userId)).toBe(0);
    });
  });

  it('answers a signed body that is not a webhook body with 400, changing nothing', async () => {
    for (const payload of ['not json', '{"events": "nope"}', '[]']) {
      const response = await post(payload, await signWebhook(payload));
      expect(response.status, payload).toBe(400);
      expect(await errorCode(response)).toBe('INVALID_INPUT');
    }
  });

  it('needs no session, and a session does not stand in for the signature', async () => {
    const person = await signIn('session-holder');
    const payload = body(event('follow', person.userId));
    const response = await call('POST', '/api/line/webhook', { token: person.token, rawBody: payload });
    expect(response.status).toBe(401);
    expect(await friend(person.userId)).toBe(0);
  });
});

describe('the demo seed', () => {
  it('makes every demo person a friend of the bot, so the local stand-in of LINE shows their messages', async () => {
    const seeded = await call('POST', '/dev/seed');
    expect(seeded.status).toBe(200);
    const { results } = await env.DB.prepare(
      "SELECT line_friend FROM users WHERE id LIKE 'Udemo%' ORDER BY id",
    ).all<{ line_friend: number }>();
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((row) => row.line_friend === 1)).toBe(true);
  });
});
