import { z } from 'zod';
import { grantSchema, kindSchema, roleSchema } from '../resources/schema';
import { userSchema } from '../users/schema';

export const meOutput = z.object({
  user: userSchema,
  resources: z.array(
    z.object({
      kind: kindSchema,
      id: z.string(),
      name: z.string(),
      basicId: z.string().nullable(),
      role: roleSchema,
      source: z.enum(['direct', 'group']),
      grants: z.array(grantSchema),
      adminCount: z.number().int(),
    }),
  ),
  pendingRequests: z.array(
    z.object({
      id: z.string(),
      role: roleSchema,
      createdAt: z.iso.datetime(),
      resource: z.object({ kind: kindSchema, id: z.string(), name: z.string() }),
    }),
  ),
});
