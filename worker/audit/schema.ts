import { z } from 'zod';
import { AUDIT_ACTIONS } from './chain';

/** The cursor is opaque to clients; it carries the seq to continue below. */
export const auditQuery = z.object({
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'Use a nextCursor from a previous page')
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const personSchema = z.object({
  userId: z.string(),
  /** Null when the id names no user (an actor that is not a person). */
  displayName: z.string().nullable(),
});

export const auditEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  action: z.enum(AUDIT_ACTIONS),
  actor: personSchema,
  target: personSchema.nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string(),
  createdAt: z.iso.datetime(),
  hash: z.string(),
  prevHash: z.string(),
});

export const auditPageOutput = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});

export const verifyOutput = z.object({
  ok: z.boolean(),
  /** Events verified in order: all of them when ok. */
  events: z.number().int(),
  /** The seq of the first event that does not link to the one before it or does not match its hash. */
  brokenAt: z.number().int().optional(),
});
