import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import { validator } from 'hono-openapi';
import { AppError } from './errors';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Every body is checked once, here, as strict UTF-8: the platform's own decoding (which the JSON validator
 * uses) would turn invalid bytes into U+FFFD and store "���". Hono caches the bytes read here, and bytes that
 * passed this check decode the same way leniently. Runs after the body limit, so the body is small.
 */
export const readUtf8Body = createMiddleware(async (c, next) => {
  if (c.req.raw.body) {
    try {
      utf8.decode(await c.req.arrayBuffer());
    } catch {
      throw new AppError('INVALID_INPUT', 'The request body is not valid UTF-8.');
    }
  }
  await next();
});

function describeIssues(issues: readonly StandardSchemaV1.Issue[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
      return path.length > 0 ? `${path.join('.')}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The one validator of the API: documents the schema in the OpenAPI document and turns every failure
 * into the common error body (400 INVALID_INPUT) instead of the library's own shape.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError('INVALID_INPUT', describeIssues(result.error));
    }
  });
}
