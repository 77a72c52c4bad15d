import { openAPIRouteHandler } from 'hono-openapi';
import { createApp } from './app';
import { sessionRoutes } from './auth/routes';
import { devRoutes } from './dev/routes';
import { meRoutes } from './me/routes';
import { resourceRoutes } from './resources/routes';
import { createAccountInput, createGroupInput } from './resources/schema';

const api = createApp()
  .route('/api', sessionRoutes)
  .route('/api/me', meRoutes)
  .route('/api/accounts', resourceRoutes('account', createAccountInput))
  .route('/api/groups', resourceRoutes('group', createGroupInput))
  .route('/dev', devRoutes);

/** The app's route types, for the front end's `hc<AppType>`. */
export type AppType = typeof api;

const app = api.get(
  '/api/openapi.json',
  openAPIRouteHandler(api, {
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
  }),
);

export default app;
