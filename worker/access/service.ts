import { commitWithAudit } from '../audit/commit';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, sqlAbortCode, translateAbort } from '../lib/errors';
import { deleteMember } from '../members/repo';
import { removeMember } from '../members/service';
import { decodeCursor, encodeCursor } from './cursor';
import {
  type AccessRow,
  countAdministered,
  type DirectGrantRow,
  selectAccessPage,
  selectDirectGrants,
} from './repo';

interface Person {
  userId: string;
  displayName: string;
  pictureUrl: string | null;
  access: Array<{
    resource: { kind: AccessRow['kind']; id: string; name: string; basicId: string | null };
    role: AccessRow['role'];
    source: 'direct' | 'group';
    group: { id: string; name: string } | null;
  }>;
}

function groupByPerson(rows: readonly AccessRow[]): Person[] {
  const people = new Map<string, Person>();
  for (const row of rows) {
    const person = people.get(row.user_id) ?? {
      userId: row.user_id,
      displayName: row.display_name,
      pictureUrl: row.picture_url,
      access: [],
    };
    person.access.push({
      resource: { kind: row.kind, id: row.resource_id, name: row.name, basicId: row.basic_id },
      role: row.role,
      source: row.group_id === null ? 'direct' : 'group',
      group: row.group_id === null ? null : { id: row.group_id, name: row.group_name ?? '' },
    });
    people.set(row.user_id, person);
  }
  return [...people.values()];
}

/** LIKE pattern for a name search; the user's % and _ are literal. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Everyone with access to what the caller administers, a page of people at a time: one round trip. */
export async function accessOverview(
  db: D1Database,
  callerId: string,
  options: {
    cursor?: string | undefined;
    userId?: string | undefined;
    q?: string | undefined;
    limit: number;
  },
) {
  const [pageResult, countResult] = await db.batch([
    selectAccessPage(db, {
      callerId,
      after: options.cursor ? decodeCursor(options.cursor) : null,
      userId: options.userId ?? null,
      search: options.q ? containing(options.q) : null,
      limit: options.limit + 1,
    }),
    countAdministered(db, callerId),
  ]);
  const people = groupByPerson(rowsOf<AccessRow>(pageResult));
  const page = people.slice(0, options.limit);
  const last = page.at(-1);
  return {
    people: page,
    resourceCount: rowsOf<{ n: number }>(countResult)[0]?.n ?? 0,
    nextCursor:
      people.length > options.limit && last
        ? encodeCursor({ name: last.displayName, id: last.userId })
        : null,
  };
}

export async function accessCsvRows(db: D1Database, callerId: string): Promise<string[][]> {
  const rows = await selectAccessPage(db, {
    callerId,
    after: null,
    userId: null,
    search: null,
    limit: 1_000_000,
  }).all<AccessRow>();
  return rows.results.map((row) => [
    row.display_name,
    row.user_id,
    row.kind,
    row.name,
    row.basic_id ?? '',
    row.role,
    row.group_id === null ? 'direct' : `group:${row.group_name ?? ''}`,
  ]);
}

/** Removes one direct membership from a resource the caller administers, with its audit event. */
async function removeGrant(
  db: D1Database,
  caller: Caller,
  userId: string,
  grant: DirectGrantRow,
  now: number,
) {
  const head =
    grant.head_seq === null || grant.head_hash === null
      ? null
      : { seq: grant.head_seq, hash: grant.head_hash };
  await commitWithAudit(
    db,
    head,
    {
      resourceId: grant.resource_id,
      action: userId === caller.userId ? 'member.left' : 'member.removed',
      actorId: caller.userId,
      targetUserId: userId,
      before: { role: grant.role },
      after: null,
      requestId: caller.requestId,
      at: now,
    },
    [deleteMember(db, grant.resource_id, userId)],
  );
}

/**
 * Offboarding: removes the person from every resource the caller administers where they are a direct
 * member, one atomic change per resource (the last-admin trigger decides each), and reports each outcome.
 * Access through a group ends with their group membership, which is one of these. One read for all, then
 * one batch per resource; a resource whose history moved meanwhile is done again the ordinary way.
 */
export async function offboard(db: D1Database, caller: Caller, userId: string, now: number) {
  const grants = (await selectDirectGrants(db, caller.userId, userId).all<DirectGrantRow>()).results;
  const results = await Promise.all(
    grants.map(async (grant) => {
      const resource = { kind: grant.kind, id: grant.resource_id, name: grant.name };
      try {
        await removeGrant(db, caller, userId, grant, now).catch(async (error: unknown) => {
          if (!sqlAbortCode(error, ['AUDIT_CHAIN_CONFLICT']))
            translateAbort(error, { LAST_ADMIN: 'LAST_ADMIN' });
          await removeMember(db, caller, { kind: grant.kind, resourceId: grant.resource_id, userId }, now);
        });
        return { resource, role: grant.role, outcome: 'removed' as const, code: null, message: null };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return {
          resource,
          role: grant.role,
          outcome: 'refused' as const,
          code: error.code,
          message: error.message,
        };
      }
    }),
  );
  return { userId, results };
}
