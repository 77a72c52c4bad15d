import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { AppError } from './errors';

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
