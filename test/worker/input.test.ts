import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BASE,
  call,
  createAccount,
  errorCode,
  issueInvite,
  json,
  type Session,
  signDevToken,
  signIn,
  uniqueUserId,
} from '../support/api';
import { createGroup, grantRole } from '../support/fixtures';

/** The input policy of SPEC §4 rule 13: hostile names, bodies and encodings never become a 500. */

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

async function send(
  method: string,
  path: string,
  body: BodyInit | undefined,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body }),
  });
}

const encoder = new TextEncoder();
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...encoder.encode(part)] : part)));

/** Strings a name or any other text field could carry. */
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u0007bell',
  '\u001b[31mred',
  'c1\u0085\u009b',
  '\u007f',
  'evil\u202Etxt.exe',
  '\u202Dforced',
  '\u2066isolated\u2069',
  '\u200F\u200E\u061C',
  '\u200B',
  '\u200B\u200C\u200D\u2060\uFEFF',
  '\u3164\u115F',
  '\u0301\u0308',
  '   ',
  '\u3000',
  'line\u2028break',
  '\ud800',
  'x\udc00y',
  '😀'.repeat(101),
  'x'.repeat(10_000),
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '',
];

const FIELDS = [
  'name',
  'basicId',
  'requireApproval',
  'role',
  'token',
  'idToken',
  'accountId',
  'userId',
  'withMe',
];

/** Raw bodies: hostile strings in every field, wrong types and shapes, invalid JSON and deep nesting. */
const HOSTILE_BODIES: Array<[string, BodyInit]> = [
  ...HOSTILE_STRINGS.map((value): [string, BodyInit] => [
    `every field ${JSON.stringify(value.slice(0, 12))}`,
    JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, value]))),
  ]),
  ['lone surrogate escape', '{"name":"\\ud800","role":"\\udfff","token":"\\ud800"}'],
  ['NUL escape', '{"name":"\\u0000","role":"admin\\u0000","token":"\\u0000"}'],
  ['numbers', JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, 1e308])))],
  ['nulls', JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, null])))],
  ['arrays in fields', JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, ['x']])))],
  ['objects in fields', JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, { x: 1 }])))],
  ['prototype keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{}},"name":"x"}'],
  ['an array', '[{"name":"店","role":"admin"}]'],
  ['an empty array', '[]'],
  ['null', 'null'],
  ['true', 'true'],
  ['a number', '42'],
  ['a string', '"name"'],
  ['empty', ''],
  ['truncated JSON', '{"name":'],
  ['single quotes', "{'name': 'x'}"],
  ['trailing comma', '{"name":"x",}'],
  ['garbage', 'x'.repeat(10_000)],
  ['deeply nested arrays', `${'['.repeat(30_000)}${']'.repeat(30_000)}`],
  ['deeply nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
  ['invalid UTF-8 in a string', bytes('{"name":"', [0xff, 0xfe], '","role":"admin"}')],
  ['overlong UTF-8 NUL', bytes('{"name":"', [0xc0, 0x80], '"}')],
  ['truncated UTF-8', bytes('{"name":"', [0xe3, 0x81], '"}')],
  ['encoded surrogate', bytes('{"name":"', [0xed, 0xa0, 0x80], '"}')],
];

/** Values for path parameters that must be refused or not found, never crash. */
const HOSTILE_SEGMENTS = [
  '%00',
  '%E2%80%AE',
  '%ED%A0%80',
  '%FF',
  '%',
  '%C0%80',
  '..%2F..%2Fme',
  "'%20OR%201=1",
  'U'.repeat(5_000),
];

const HOSTILE_QUERY = '?userId=%00&cursor=%FF&q=%E2%80%AE&limit=-1&cursor=%ED%A0%80&kind=%00';

interface Operation {
  method: string;
  path: string;
  /** The request body's fields, as the document lists them. */
  fields: string[];
}

interface DocumentedOperation {
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

let owner: Session;
let accountId: string;
let groupId: string;
let operations: Operation[];

/** Fills path parameters with things that exist and that the owner administers. */
async function realPath(path: string): Promise<string> {
  const inviteId = path.includes('{inviteId}') ? (await issueInvite(owner, accountId)).invite.id : '';
  return path
    .replace(/^\/api\/groups\/\{id\}/, `/api/groups/${groupId}`)
    .replace('{id}', accountId)
    .replace('{accountId}', accountId)
    .replace('{userId}', owner.userId)
    .replace('{inviteId}', inviteId)
    .replace('{requestId}', crypto.randomUUID());
}

function expectHandled(response: Response, label: string) {
  expect(response.status, label).toBeGreaterThanOrEqual(200);
  expect(response.status, label).toBeLessThan(500);
}

async function expectErrorBody(response: Response, label: string): Promise<ErrorBody> {
  expect(response.headers.get('Content-Type'), label).toContain('application/json');
  const body = await json<ErrorBody>(response);
  expect(typeof body.error.code, label).toBe('string');
  expect(typeof body.error.message, label).toBe('string');
  return body;
}

beforeAll(async () => {
  owner = await signIn('input-owner');
  accountId = await createAccount(owner, '入力検査の店');
  groupId = await createGroup(owner, '入力検査の系列');
  const document = await json<{ paths: Record<string, Record<string, DocumentedOperation>> }>(
    await call('GET', '/api/openapi.json'),
  );
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      fields: Object.keys(operation.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
    })),
  );
});

describe('a hostile corpus sent to every route of the OpenAPI document', () => {
  it('documents enough routes for the sweep to mean something', () => {
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.filter((operation) => operation.method !== 'GET').length).toBeGreaterThan(10);
  });

  it('answers every route × hostile body with a 2xx or a 4xx JSON error, never a 500', async () => {
    let sent = 0;
    for (const { method, path } of operations.filter((operation) => operation.method !== 'GET')) {
      for (const [label, body] of HOSTILE_BODIES) {
        const response = await send(method, await realPath(path), body, owner.token);
        const where = `${method} ${path} ← ${label}: ${response.status}`;
        expectHandled(response, where);
        if (response.status >= 400) {
          const error = await expectErrorBody(response, where);
          if (label.includes('UTF-8') || label === 'encoded surrogate') {
            expect(error.error.code, where).toBe('INVALID_INPUT');
          }
        } else {
          await response.body?.cancel();
        }
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThan(500);
  });

  it('answers every documented body field × hostile string, one field at a time, never with a 500', async () => {
    const withBodies = operations.filter((operation) => operation.fields.length > 0);
    expect(withBodies.length).toBeGreaterThan(8);
    for (const { method, path, fields } of withBodies) {
      for (const field of fields) {
        for (const value of HOSTILE_STRINGS) {
          const response = await send(
            method,
            await realPath(path),
            JSON.stringify({ [field]: value }),
            owner.token,
          );
          const where = `${method} ${path} ← ${field}: ${JSON.stringify(value.slice(0, 12))}: ${response.status}`;
          expectHandled(response, where);
          if (response.status >= 400) {
            await expectErrorBody(response, where);
          } else {
            await response.body?.cancel();
          }
        }
      }
    }
  });

  it('answers every route × hostile path parameter and query with a 2xx or a 4xx JSON error', async () => {
    for (const { method, path } of operations) {
      const base = await realPath(path);
      const variants = [
        `${base}${HOSTILE_QUERY}`,
        ...(/\{\w+\}/.test(path) ? HOSTILE_SEGMENTS.map((segment) => path.replace(/\{\w+\}/g, segment)) : []),
      ];
      for (const target of variants) {
        const response = await send(method, target, method === 'GET' ? undefined : '{}', owner.token);
        const where = `${method} ${target.slice(0, 80)}: ${response.status}`;
        expectHandled(response, where);
        if (response.status >= 400) {
          await expectErrorBody(response, where);
        } else {
          await response.body?.cancel();
        }
      }
    }
  });

  it('refuses a 10 MB body on every route that takes one with 413 PAYLOAD_TOO_LARGE, before reading it', async () => {
    const huge = `{"name":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    for (const { method, path } of operations.filter((operation) => operation.method !== 'GET')) {
      for (const token of [owner.token, undefined]) {
        const response = await send(method, await realPath(path), huge, token);
        const where = `${method} ${path}${token ? '' : ' (anonymous)'}`;
        expect(response.status, where).toBe(413);
        expect((await expectErrorBody(response, where)).error.code).toBe('PAYLOAD_TOO_LARGE');
      }
    }
  });
});

describe('names (account, group, rename)', () => {
  async function createAccountNamed(name: string) {
    return send('POST', '/api/accounts', JSON.stringify({ name }), owner.token);
  }

  it.each([
    ['a NUL', 'カフェ\u0000花', 'U+0000', 'control'],
    ['a C1 control', 'カフェ\u0085花', 'U+0085', 'control'],
    ['an escape sequence', '\u001b[2J花', 'U+001B', 'control'],
    ['a right-to-left override', 'evil\u202Etxt', 'U+202E', 'bidirectional'],
    ['an isolate', '\u2066花\u2069', 'U+2066', 'bidirectional'],
    ['a right-to-left mark', '花\u200F', 'U+200F', 'bidirectional'],
    ['a lone surrogate', 'x\ud800', 'U+D800', 'surrogate'],
    ['only a zero-width space', '\u200B', 'visible', 'visible'],
    ['only invisible characters', ' \u200C\u200D\u2060\uFEFF\u3164 ', 'visible', 'visible'],
    ['only combining marks', '\u0301\u0308', 'visible', 'visible'],
    ['nothing', '', 'visible', 'visible'],
  ])('refuses an account name with %s (400 INVALID_INPUT saying which)', async (_case, name, what, why) => {
    const response = await createAccountNamed(name);
    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('name');
    expect(body.error.message).toContain(what);
    expect(body.error.message).toContain(why);
  });

  it('refuses the same in a group name and in a rename', async () => {
    const group = await send('POST', '/api/groups', JSON.stringify({ name: '系列\u0000' }), owner.token);
    expect(group.status).toBe(400);
    expect((await json<ErrorBody>(group)).error.message).toContain('U+0000');
    for (const kind of ['accounts', 'groups']) {
      const id = kind === 'accounts' ? accountId : groupId;
      const rename = await send(
        'PATCH',
        `/api/${kind}/${id}`,
        JSON.stringify({ name: 'a\u202Eb' }),
        owner.token,
      );
      expect(rename.status).toBe(400);
      expect((await json<ErrorBody>(rename)).error.message).toContain('U+202E');
    }
    const blank = await send(
      'PATCH',
      `/api/accounts/${accountId}`,
      JSON.stringify({ name: '\u200B' }),
      owner.token,
    );
    expect(await errorCode(blank)).toBe('INVALID_INPUT');
  });

  it.each([
    ['decomposed kana to NFC', 'か\u3099ふぇ', 'がふぇ'],
    ['decomposed Latin to NFC', 'Cafe\u0301', 'Café'],
    ['half-width kana as typed (NFC, not NFKC)', 'ｶﾞｽﾄ', 'ｶﾞｽﾄ'],
    ['surrounding spaces, ideographic ones too', '\u3000 渋谷店 \u3000', '渋谷店'],
    ['emoji joined by ZWJ', '👨‍👩‍👧 家族の店', '👨‍👩‍👧 家族の店'],
    ['100 characters outside the BMP (200 UTF-16 units)', '😀'.repeat(100), '😀'.repeat(100)],
  ])('stores an account name with %s', async (_case, name, stored) => {
    const created = await createAccountNamed(name);
    expect(created.status).toBe(201);
    const { account } = await json<{ account: { id: string; name: string } }>(created);
    expect(account.name).toBe(stored);
    const read = await json<{ account: { name: string } }>(
      await call('GET', `/api/accounts/${account.id}`, { token: owner.token }),
    );
    expect(read.account.name).toBe(stored);
  });

  it('normalises a rename the same way', async () => {
    const response = await send(
      'PATCH',
      `/api/groups/${groupId}`,
      JSON.stringify({ name: ' か\u3099 ' }),
      owner.token,
    );
    expect(response.status).toBe(200);
    const read = await json<{ group: { name: string } }>(
      await call('GET', `/api/groups/${groupId}`, { token: owner.token }),
    );
    expect(read.group.name).toBe('が');
  });

  it('documents the bounds of a name in the OpenAPI document', async () => {
    const document = await json<{
      paths: Record<string, Record<string, DocumentedOperation>>;
    }>(await call('GET', '/api/openapi.json'));
    const schema = document.paths['/api/accounts']?.post?.requestBody?.content?.['application/json']?.schema;
    expect(schema?.properties?.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 100 });
  });

  it('counts the length in characters, as the database does: 101 is one too many', async () => {
    const response = await createAccountNamed('😀'.repeat(101));
    expect(response.status).toBe(400);
    expect((await json<ErrorBody>(response)).error.message).toContain('100');
  });
});

describe('display names from LINE', () => {
  it('signs in a user whose display name is "\\u0000Taro\\u202E" and stores a clean name', async () => {
    const sub = uniqueUserId('taro');
    const idToken = await signDevToken({ sub, name: '\u0000Taro\u202E' });
    const response = await call('POST', '/api/session', { body: { idToken } });
    expect(response.status).toBe(200);
    const session = await json<{ token: string; user: { displayName: string } }>(response);
    expect(session.user.displayName).toBe('Taro');
    // Where others see it: in the members list of an account the user belongs to.
    await grantRole(accountId, sub, 'operator', owner.userId);
    const members = await json<{ members: Array<{ userId: string; displayName: string }> }>(
      await call('GET', `/api/accounts/${accountId}/members`, { token: owner.token }),
    );
    expect(members.members.find((member) => member.userId === sub)?.displayName).toBe('Taro');
  });
});

describe('request bodies', () => {
  it('refuses a 70 KB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await send(
      'POST',
      '/api/accounts',
      JSON.stringify({ name: 'x'.repeat(70 * 1024) }),
      owner.token,
    );
    expect(response.status).toBe(413);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.requestId).toBe(response.headers.get('X-Request-Id'));
  });

  it('counts a body sent without Content-Length as it streams in', async () => {
    const chunk = encoder.encode(`{"name":"${'x'.repeat(16 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) {
          controller.close();
          return;
        }
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await send('POST', '/api/accounts', stream, owner.token);
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts a body just under the limit and judges it on its content', async () => {
    const body = JSON.stringify({ name: '店', padding: 'x'.repeat(60 * 1024) });
    const response = await send('POST', '/api/accounts', body, owner.token);
    expect(response.status).toBe(201);
  });

  it('refuses invalid UTF-8 with 400 INVALID_INPUT instead of storing replacement characters', async () => {
    const response = await send('POST', '/api/accounts', bytes('{"name":"caf', [0xe9], '"}'), owner.token);
    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('UTF-8');
  });

  it('refuses invalid JSON with 400 INVALID_INPUT', async () => {
    const response = await send('POST', '/api/accounts', '{"name": "店"', owner.token);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_INPUT');
  });

  it('accepts a UTF-8 byte order mark before the JSON', async () => {
    const response = await send(
      'POST',
      '/api/accounts',
      bytes([0xef, 0xbb, 0xbf], '{"name":"BOM店"}'),
      owner.token,
    );
    expect(response.status).toBe(201);
  });
});
