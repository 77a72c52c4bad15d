import { openAPIRouteHandler } from 'hono-openapi';
import { accessRoutes } from './access/routes';
import { createApp } from './app';
import { auditRoutes } from './audit/routes';
import { requireSession } from './auth/middleware';
import { sessionRoutes } from './auth/routes';
import { channelRoutes } from './channels/routes';
import { devRoutes } from './dev/routes';
import type { Bindings } from './env';
import { accountGroupRoutes, groupAccountRoutes } from './groups/routes';
import { expireInvites } from './invites/expiry';
import { inviteRoutes, resourceInviteRoutes } from './invites/routes';
import { meRoutes } from './me/routes';
import { memberRoutes } from './members/routes';
import { deliverNotifications } from './notifications/delivery';
import { enqueueNotifications, type NotificationBody, sweepNotifications } from './notifications/queue';
import { remindSingleAdmins } from './notifications/reminders';
import { resourceNotificationRoutes } from './notifications/routes';
import { requestRoutes } from './requests/routes';
import { resourceRoutes } from './resources/routes';
import { createAccountInput, createGroupInput } from './resources/schema';
import { remindOverdueReviews } from './reviews/overdue';
import { resourceReviewRoutes, reviewRoutes } from './reviews/routes';
import { openDueReviews } from './reviews/schedule';
import { webhookRoutes } from './webhook/routes';

const app = createApp();

const api = app
  .route('/api', sessionRoutes)
  .get(
    '/api/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Kengen API',
          version: '1.0.0',
          description: 'Who has access to which LINE Official Account, decided and shown in LINE.',
        },
        components: {
          securitySchemes: {
            session: { type: 'http', scheme: 'bearer', description: 'From POST /api/session' },
          },
        },
        security: [{ session: [] }],
      },
      exclude: [/^\/dev\//],
      // The CSV export's path ends in .csv; it is an API route, not a static file.
      excludeStaticFile: false,
    }),
  )
  .route('/dev', devRoutes)
  .route('/api/line', webhookRoutes)
  // Hono runs handlers in registration order: the public routes above answer before this middleware,
  // and every route mounted below it needs a session.
  .use('/api/*', requireSession)
  .route('/api/me', meRoutes)
  .route('/api/accounts', resourceRoutes('account', createAccountInput))
  .route('/api/groups', resourceRoutes('group', createGroupInput))
  .route('/api/accounts', memberRoutes('account'))
  .route('/api/groups', memberRoutes('group'))
  .route('/api/accounts', auditRoutes('account'))
  .route('/api/groups', auditRoutes('group'))
  .route('/api/accounts', resourceInviteRoutes('account'))
  .route('/api/groups', resourceInviteRoutes('group'))
  .route('/api/accounts', resourceNotificationRoutes('account'))
  .route('/api/groups', resourceNotificationRoutes('group'))
  .route('/api/groups', groupAccountRoutes)
  .route('/api/accounts', accountGroupRoutes)
  .route('/api/access', accessRoutes)
  .route('/api/invites', inviteRoutes)
  .route('/api/requests', requestRoutes)
  .route('/api/accounts', resourceReviewRoutes('account'))
  .route('/api/groups', resourceReviewRoutes('group'))
  .route('/api/reviews', reviewRoutes)
  .route('/api/accounts', channelRoutes);

/** The app's route types, for the front end's `hc<AppType>`. */
export type AppType = typeof api;

export default {
  fetch: api.fetch,
  async scheduled(controller, env, ctx) {
    const now = controller.scheduledTime;
    const enqueue = (ids: string[]) => enqueueNotifications(env.NOTIFICATIONS, ids);
    ctx.waitUntil(expireInvites(env.DB, now, `cron:${controller.cron}:${now}`).then(enqueue));
    ctx.waitUntil(remindSingleAdmins(env.DB, now).then(enqueue));
    ctx.waitUntil(openDueReviews(env.DB, now, `cron:${controller.cron}:${now}`).then(enqueue));
    ctx.waitUntil(remindOverdueReviews(env.DB, now).then(enqueue));
    ctx.waitUntil(sweepNotifications(env.DB, env.NOTIFICATIONS, now));
  },
  async queue(batch, env) {
    await deliverNotifications(batch, env);
  },
} satisfies ExportedHandler<Bindings, NotificationBody>;
