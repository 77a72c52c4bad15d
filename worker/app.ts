import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env';
import { AppError, errorBody } from './lib/errors';
import { readUtf8Body } from './lib/validation';

const bodyLimitOf = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE');
    },
  });

/**
 * No request of the API comes near 64 KB (rule 13); anything larger is refused before it is parsed. Hono
 * checks Content-Length first, and counts a body sent without one as it streams in, stopping at the limit.
 * The message sends are the one exception: LINE's own limit, five texts of 5,000 characters, is up to 150 KB
 * once JSON escapes every UTF-16 unit as six bytes, and a valid message must never be refused for its size;
 * the local stand-in of LINE receives the same messages.
 */
const limitBody = bodyLimitOf(64 * 1024);
const limitSendBody = bodyLimitOf(160 * 1024);
const SEND_PATH =
  /^\/(?:api\/accounts\/[^/]+\/broadcasts(?:\/test)?|dev\/line\/v2\/bot\/message\/(?:broadcast|push))$/;

/**
 * The base of every Worker response: a request id, strict security headers, and one error shape.
 * API responses are JSON, so their CSP denies everything; the app's own CSP is in public/_headers.
 */
export function createApp() {
  return new Hono<AppEnv>()
    .use(requestId({ headerName: 'X-Request-Id' }))
    .use(
      secureHeaders({
        contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        strictTransportSecurity: 'max-age=63072000; includeSubDomains',
        referrerPolicy: 'no-referrer',
        crossOriginResourcePolicy: 'same-origin',
      }),
    )
    .use((c, next) => (SEND_PATH.test(c.req.path) ? limitSendBody : limitBody)(c, next))
    .use(readUtf8Body)
    .notFound((c) => c.json(errorBody('NOT_FOUND', 'Not found.', c.get('requestId')), 404))
    .onError((error, c) => {
      const id = c.get('requestId');
      if (error instanceof AppError) {
        return c.json(errorBody(error.code, error.message, id, error.details), error.status);
      }
      // Malformed JSON and other framework-level refusals are the client's mistake, not a 500.
      if (error instanceof HTTPException && error.status < 500) {
        return c.json(errorBody('INVALID_INPUT', error.message || 'The request is not valid.', id), 400);
      }
      console.error(
        JSON.stringify({ requestId: id, error: error instanceof Error ? error.stack : String(error) }),
      );
      return c.json(errorBody('INTERNAL', 'Something went wrong on our side.', id), 500);
    });
}
