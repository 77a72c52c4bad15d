import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { channelSchema } from '../channels/schema';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import type { Resource } from './repo';
import {
  accessSchema,
  type createAccountInput,
  type createGroupInput,
  idParam,
  type Kind,
  membersOutput,
  permissionsOutput,
  permissionsQuery,
  resourceSchema,
  updateResourceInput,
} from './schema';
import { createResource, getResource, listMembers, permissionsOf, updateResourceSettings } from './service';

export /** `{ account: … }` or `{ group: … }`: the body names the resource by its kind (SPEC §6). */
function named<K extends Kind>(kind: K, resource: Resource): Record<K, Resource> {
  return { [kind]: resource } as Record<K, Resource>;
}

function resourceOutput(kind: Kind) {
  return z.object({ [kind]: resourceSchema }).extend(accessSchema.shape);
}

/** What the resource's page reads: an account also carries its Messaging API channel; groups have none. */
function resourcePageOutput(kind: Kind) {
  return kind === 'account' ? resourceOutput(kind).extend({ channel: channelSchema }) : resourceOutput(kind);
}

/** The routes of one resource, written once and mounted for both kinds. */
export function resourceRoutes<
  K extends Kind,
  Input extends typeof createAccountInput | typeof createGroupInput,
>(kind: K, createInput: Input) {
  const tags = [kind === 'account' ? 'accounts' : 'groups'];
  return new Hono<AppEnv>()
    .post(
      '/',
      describeRoute({
        tags,
        summary: `Create the ${kind}; the caller becomes its first admin`,
        responses: {
          201: jsonResponse(`The ${kind}`, z.object({ [kind]: resourceSchema })),
          ...sessionErrorResponses(),
        },
      }),
      validate('json', createInput),
      async (c) => {
        const resource = await createResource(c.env.DB, callerOf(c), kind, c.req.valid('json'), Date.now());
        return c.json(named(kind, resource), 201);
      },
    )
    .get(
      '/:id',
      describeRoute({
        tags,
        summary: `The ${kind}, the caller's effective role and capabilities`,
        responses: {
          200: jsonResponse(`The ${kind}`, resourcePageOutput(kind)),
          ...sessionErrorResponses('NOT_FOUND'),
        },
      }),
      validate('param', idParam),
      async (c) => {
        const { resource, ...access } = await getResource(
          c.env.DB,
          callerOf(c),
          kind,
          c.req.valid('param').id,
        );
        return c.json({ ...named(kind, resource), ...access }, 200);
      },
    )
    .patch(
      '/:id',
      describeRoute({
        tags,
        summary: `Change the ${kind}'s settings (admin)`,
        responses: {
          200: jsonResponse(`The ${kind}`, resourceOutput(kind)),
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'CONFLICT'),
        },
      }),
      validate('param', idParam),
      validate('json', updateResourceInput),
      async (c) => {
        const { resource, ...access } = await updateResourceSettings(
          c.env.DB,
          callerOf(c),
          kind,
          c.req.valid('param').id,
          c.req.valid('json'),
          Date.now(),
        );
        return c.json({ ...named(kind, resource), ...access }, 200);
      },
    )
    .get(
      '/:id/members',
      describeRoute({
        tags,
        summary: 'Members, one entry per person with the combined role and its sources; seats held',
        responses: { 200: jsonResponse('The members', membersOutput), ...sessionErrorResponses('NOT_FOUND') },
      }),
      validate('param', idParam),
      async (c) =>
        c.json(await listMembers(c.env.DB, callerOf(c), kind, c.req.valid('param').id, Date.now()), 200),
    )
    .get(
      '/:id/permissions',
      describeRoute({
        tags,
        summary: 'Effective capabilities of a person (admin, or the person themself)',
        responses: {
          200: jsonResponse('The permissions', permissionsOutput),
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
        },
      }),
      validate('param', idParam),
      validate('query', permissionsQuery),
      async (c) => {
        const caller = callerOf(c);
        const target = c.req.valid('query').userId ?? caller.userId;
        return c.json(await permissionsOf(c.env.DB, caller, kind, c.req.valid('param').id, target), 200);
      },
    );
}
