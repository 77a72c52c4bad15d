import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { idParam, type Kind } from '../resources/schema';
import { failedNotificationsOutput } from './schema';
import { listFailedNotifications } from './service';

/** A resource's undelivered notifications, written once and mounted for both kinds. */
export function resourceNotificationRoutes(kind: Kind) {
  return new Hono<AppEnv>().get(
    '/:id/notifications',
    describeRoute({
      tags: ['notifications'],
      summary: `The LINE notifications about the ${kind} that could not be delivered, newest first (admin)`,
      responses: {
        200: jsonResponse('The failed notifications', failedNotificationsOutput),
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
      },
    }),
    validate('param', idParam),
    async (c) =>
      c.json(await listFailedNotifications(c.env.DB, callerOf(c), kind, c.req.valid('param').id), 200),
  );
}
