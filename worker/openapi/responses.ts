import type { StandardSchemaV1 } from '@standard-schema/spec';
import { resolver } from 'hono-openapi';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../lib/errors';

/** A documented JSON response whose schema is the same zod schema the code uses. */
export function jsonResponse(description: string, schema: StandardSchemaV1) {
  return { description, content: { 'application/json': { schema: resolver(schema) } } };
}

/** The one error body of the API (SPEC §6), for the codes a route can answer with. */
function errorBodySchema(codes: readonly [ErrorCode, ...ErrorCode[]]) {
  return z.object({
    error: z.object({
      code: z.enum(codes),
      message: z.string(),
      requestId: z.string(),
      details: z
        .union([
          z
            .object({ seats: z.number().int(), adding: z.number().int(), limit: z.number().int() })
            .describe('MEMBER_LIMIT: by how much the change would pass the limit'),
          z
            .object({ accountBasicId: z.string(), channelBasicId: z.string() })
            .describe("CHANNEL_MISMATCH: the account's basic ID and the one of the token's channel"),
        ])
        .optional(),
    }),
  });
}

/**
 * The error responses of a route, grouped by status, each with the error body and the codes it may carry.
 * Every route can also answer 400 INVALID_INPUT, 413 PAYLOAD_TOO_LARGE and 500 INTERNAL, and the routes behind
 * the session check 401 UNAUTHENTICATED.
 */
export function errorResponses(...codes: ErrorCode[]) {
  const all: ErrorCode[] = [
    ...new Set<ErrorCode>(['INVALID_INPUT', ...codes, 'PAYLOAD_TOO_LARGE', 'INTERNAL']),
  ];
  const byStatus = Map.groupBy(all, (code) => ERROR_STATUS[code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => {
      const list = group as [ErrorCode, ...ErrorCode[]];
      return [status, jsonResponse(list.join(', '), errorBodySchema(list))];
    }),
  );
}

/** `errorResponses` for a route behind the session check. */
export function sessionErrorResponses(...codes: ErrorCode[]) {
  return errorResponses('UNAUTHENTICATED', ...codes);
}
