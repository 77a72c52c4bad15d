import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { idParam } from '../resources/schema';
import { accountGroupsOutput, groupAccountInput, groupAccountParam, groupAccountsOutput } from './schema';
import { changeGroupAccount, listAccountGroups, listGroupAccounts } from './service';

const tags = ['groups'];

/** The accounts of a group: a group role reaches each of them for as long as it stays in the group. */
export const groupAccountRoutes = new Hono<AppEnv>()
  .get(
    '/:id/accounts',
    describeRoute({
      tags,
      summary: 'The accounts in the group',
      responses: {
        200: jsonResponse('Accounts', groupAccountsOutput),
        ...sessionErrorResponses('NOT_FOUND'),
      },
    }),
    validate('param', idParam),
    async (c) => c.json(await listGroupAccounts(c.env.DB, callerOf(c), c.req.valid('param').id), 200),
  )
  .post(
    '/:id/accounts',
    describeRoute({
      tags,
      summary: 'Add an account to the group (admin of the group and direct admin of the account)',
      responses: {
        204: { description: 'Added' },
        // FORBIDDEN: not a direct admin of the account (rule 11); MEMBER_LIMIT carries details.
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'ALREADY_IN_GROUP', 'MEMBER_LIMIT', 'CONFLICT'),
      },
    }),
    validate('param', idParam),
    validate('json', groupAccountInput),
    async (c) => {
      const link = { groupId: c.req.valid('param').id, accountId: c.req.valid('json').accountId };
      await changeGroupAccount(c.env.DB, callerOf(c), link, 'add', Date.now());
      return c.body(null, 204);
    },
  )
  .delete(
    '/:id/accounts/:accountId',
    describeRoute({
      tags,
      summary: 'Take an account out of the group (admin of the group, or any direct admin of the account)',
      responses: {
        204: { description: 'Removed' },
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'CONFLICT'),
      },
    }),
    validate('param', groupAccountParam),
    async (c) => {
      const { id, accountId } = c.req.valid('param');
      await changeGroupAccount(c.env.DB, callerOf(c), { groupId: id, accountId }, 'remove', Date.now());
      return c.body(null, 204);
    },
  );

/** The groups holding an account, seen from the account: every path into it, for its admins. */
export const accountGroupRoutes = new Hono<AppEnv>().get(
  '/:id/groups',
  describeRoute({
    tags,
    summary: "Every group holding the account, with the people each brings (the account's admins)",
    responses: {
      200: jsonResponse('Groups', accountGroupsOutput),
      ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
    },
  }),
  validate('param', idParam),
  async (c) => c.json(await listAccountGroups(c.env.DB, callerOf(c), c.req.valid('param').id), 200),
);
