import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, type ErrorCode } from '../../worker/lib/errors';
import { call, json } from '../support/api';

type Schema = { properties?: Record<string, Schema>; enum?: string[] };
type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

/** The public routes answer before the session check; every other route can answer 401. */
const PUBLIC = new Set(['GET /api/openapi.json', 'POST /api/session']);

describe('error responses in the OpenAPI document', () => {
  it('documents, for every route, each error status with the error body and the codes it carries', async () => {
    const doc = await json<{ paths: Record<string, Record<string, Operation>> }>(
      await call('GET', '/api/openapi.json'),
    );
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    expect(routes.length).toBeGreaterThan(25);
    for (const { route, operation } of routes) {
      if (route === 'GET /api/openapi.json') continue;
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect(errors.length, route).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        const codes =
          response.content?.['application/json']?.schema.properties?.error?.properties?.code?.enum;
        expect(codes, `${route} ${status}`).toBeDefined();
        // Each documented code belongs to the status it is documented under: one table decides both.
        for (const code of codes ?? [])
          expect(ERROR_STATUS[code as ErrorCode], `${route} ${code}`).toBe(Number(status));
      }
      if (!PUBLIC.has(route)) {
        expect(operation.responses['401'], route).toBeDefined();
      }
    }
  });
});
