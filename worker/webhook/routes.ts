import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { errorResponses } from '../openapi/responses';
import { webhookInput } from './schema';
import { reachabilityStatements } from './service';
import { verifyLineSignature } from './signature';

const utf8 = new TextDecoder();

/**
 * LINE's calls to Kengen's bot. No session here: the caller is LINE, proven by the signature of the raw body,
 * which is why the body is read as bytes and parsed only once the signature holds.
 */
export const webhookRoutes = new Hono<AppEnv>().post(
  '/webhook',
  describeRoute({
    tags: ['line'],
    summary: "LINE's webhook for Kengen's bot: follow and unfollow record who notifications can reach",
    description:
      'Signed by LINE: `x-line-signature` is the base64 HMAC-SHA-256 of the raw body under the channel ' +
      "secret. A call without events (LINE's verify button) gets 200. Events of users Kengen does not know, " +
      'and event types it does not use, are ignored.',
    security: [],
    responses: {
      200: { description: 'Received' },
      ...errorResponses('UNAUTHENTICATED'),
    },
  }),
  async (c) => {
    const body = await c.req.arrayBuffer();
    if (!(await verifyLineSignature(c.env.LINE_BOT_CHANNEL_SECRET, body, c.req.header('x-line-signature')))) {
      throw new AppError('UNAUTHENTICATED', 'The webhook signature is missing or wrong.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(body));
    } catch {
      throw new AppError('INVALID_INPUT', 'The webhook body is not JSON.');
    }
    const input = webhookInput.safeParse(parsed);
    if (!input.success) {
      throw new AppError('INVALID_INPUT', 'The webhook body is not a LINE webhook body.');
    }
    const statements = reachabilityStatements(c.env.DB, input.data);
    if (statements.length > 0) await c.env.DB.batch(statements);
    return c.body(null, 200);
  },
);
