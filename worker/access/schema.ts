import { z } from 'zod';
import { groupRefSchema, kindSchema, roleSchema, userIdSchema } from '../resources/schema';

export const accessQuery = z.object({
  cursor: z.string().max(400).optional(),
  userId: userIdSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const userParam = z.object({ userId: userIdSchema });

const resourceRef = z.object({
  kind: kindSchema,
  id: z.string(),
  name: z.string(),
  basicId: z.string().nullable(),
});

export const accessOutput = z.object({
  people: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      pictureUrl: z.string().nullable(),
      access: z.array(
        z.object({
          resource: resourceRef,
          role: roleSchema,
          source: z.enum(['direct', 'group']),
          group: groupRefSchema.nullable(),
        }),
      ),
    }),
  ),
  resourceCount: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const offboardOutput = z.object({
  userId: z.string(),
  results: z.array(
    z.object({
      resource: resourceRef.omit({ basicId: true }),
      role: roleSchema,
      outcome: z.enum(['removed', 'refused']),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
