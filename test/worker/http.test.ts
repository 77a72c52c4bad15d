import { beforeAll, describe, expect, it } from 'vitest';
import { call, createAccount, json, type Session, signIn } from '../support/api';

let owner: Session;
let accountId: string;
beforeAll(async () => {
  owner = await signIn('http');
  accountId = await createAccount(owner);
});

describe('malformed input never becomes a 500', () => {
  const garbage = ['{', 'null', '[]', '"text"', '{"name": {"nested": true}}', 'x'.repeat(10_000)];
  const routes = (id: string) => [
    ['POST', '/api/session'],
    ['POST', '/api/accounts'],
    ['POST', '/api/groups'],
    ['PATCH', `/api/accounts/${id}`],
    ['PATCH', '/api/accounts/not-a-uuid'],
    ['GET', '/api/accounts/not-a-uuid'],
    ['GET', '/api/groups/%00'],
    ['GET', `/api/accounts/${id}/members/../../me`],
    ['GET', `/api/accounts/${id}/permissions?userId=`],
    ['GET', '/api/accounts/not-a-uuid/groups'],
    ['POST', `/api/groups/not-a-uuid/accounts`],
    ['GET', `/api/access/${'U'.repeat(65)}/offboarding`],
    ['POST', '/dev/id-token'],
  ];

  it('answers every route × garbage body with a 4xx JSON error', async () => {
    for (const [method, path] of routes(accountId)) {
      for (const rawBody of garbage) {
        const response = await call(method as string, path as string, {
          token: owner.token,
          ...(method === 'GET' ? {} : { rawBody }),
        });
        expect(response.status, `${method} ${path} ${rawBody.slice(0, 20)}`).toBeGreaterThanOrEqual(200);
        expect(response.status, `${method} ${path} ${rawBody.slice(0, 20)}`).toBeLessThan(500);
        if (response.status >= 400) {
          const body = await json<{ error: { code: string; message: string } }>(response);
          expect(typeof body.error.code).toBe('string');
          expect(typeof body.error.message).toBe('string');
        } else {
          await response.body?.cancel();
        }
      }
    }
  });

  it('answers an unknown API path with a 404 JSON error', async () => {
    const response = await call('GET', '/api/nothing-here', { token: owner.token });
    expect(response.status).toBe(404);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('NOT_FOUND');
  });
});

describe('every response', () => {
  it('carries a request id and strict security headers', async () => {
    const response = await call('GET', '/api/me', { token: owner.token });
    expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Strict-Transport-Security')).toContain('max-age=');
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document generated from the route schemas, without the local-only routes', async () => {
    const doc = await json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
        >
      >;
    }>(await call('GET', '/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/me',
        '/api/accounts',
        '/api/accounts/{id}',
        '/api/accounts/{id}/members',
        '/api/accounts/{id}/permissions',
        '/api/groups',
        '/api/groups/{id}',
        '/api/groups/{id}/members',
        '/api/groups/{id}/permissions',
        '/api/accounts/{id}/invites',
        '/api/invites/{inviteId}',
        '/api/invites/preview',
        '/api/invites/accept',
        '/api/invites/decline',
        '/api/requests/{requestId}/approve',
        '/api/requests/{requestId}/reject',
        '/api/accounts/{id}/members/{userId}',
        '/api/accounts/{id}/audit',
        '/api/accounts/{id}/audit/verify',
        '/api/groups/{id}/accounts',
        '/api/groups/{id}/accounts/{accountId}',
        '/api/access',
        '/api/access/export.csv',
        '/api/access/{userId}',
      ]),
    );
    expect(paths.some((path) => path.startsWith('/dev'))).toBe(false);
    const createBody = doc.paths['/api/accounts']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(createBody?.properties ?? {})).toEqual(['name', 'basicId']);
  });
});
