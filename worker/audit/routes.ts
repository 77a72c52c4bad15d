import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { idParam, type Kind } from '../resources/schema';
import { auditPageOutput, auditQuery, verifyOutput } from './schema';
import { listAuditEvents, verifyAuditChain } from './service';

/** A resource's history and its verification, written once and mounted for both kinds. */
export function auditRoutes(kind: Kind) {
  const tags = ['audit'];
  return new Hono<AppEnv>()
    .get(
      '/:id/audit',
      describeRoute({
        tags,
        summary: `The ${kind}'s history, newest first (admin)`,
        responses: {
          200: jsonResponse('One page of events; pass nextCursor as cursor for the next', auditPageOutput),
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
        },
      }),
      validate('param', idParam),
      validate('query', auditQuery),
      async (c) =>
        c.json(
          await listAuditEvents(c.env.DB, callerOf(c), kind, c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
    .get(
      '/:id/audit/verify',
      describeRoute({
        tags,
        summary: `Recompute the ${kind}'s hash chain (admin)`,
        responses: {
          200: jsonResponse('Whether every event links to the one before it', verifyOutput),
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
        },
      }),
      validate('param', idParam),
      async (c) => c.json(await verifyAuditChain(c.env.DB, callerOf(c), kind, c.req.valid('param').id), 200),
    );
}
