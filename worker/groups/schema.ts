import { z } from 'zod';

export const groupAccountInput = z.object({ accountId: z.uuid() });

export const groupAccountParam = z.object({ id: z.uuid(), accountId: z.uuid() });

export const groupAccountsOutput = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      basicId: z.string().nullable(),
      adminCount: z.number().int(),
      addedAt: z.iso.datetime(),
    }),
  ),
});

export const accountGroupsOutput = z.object({
  groups: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      people: z.number().int().describe('Members of the group: the people it brings to the account'),
      addedAt: z.iso.datetime(),
      canRemove: z.boolean(),
    }),
  ),
});
