import type { StandardSchemaV1 } from '@standard-schema/spec';
import { resolver } from 'hono-openapi';

/** A documented JSON response whose schema is the same zod schema the code uses. */
export function jsonResponse(description: string, schema: StandardSchemaV1) {
  return { description, content: { 'application/json': { schema: resolver(schema) } } };
}
