import { decodeCursor, encodeCursor } from '../lib/cursor';
import { rowsOf } from '../lib/d1';
import { containing } from '../lib/search';
import { type AccessRow, selectAccessPage, selectAdministeredCount } from './repo';

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

/**
 * Everyone with access to what the caller administers, a page of people at a time, in one round trip whose
 * cost is the page (see `selectAccessPage`).
 */
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
  const query = {
    callerId,
    after: options.cursor ? decodeCursor(options.cursor) : null,
    userId: options.userId ?? null,
    search: options.q ? containing(options.q) : null,
    limit: options.limit + 1,
  };
  const [countResult, pageResult] = await db.batch([
    selectAdministeredCount(db, callerId),
    selectAccessPage(db, query),
  ]);
  const people = groupByPerson(rowsOf<AccessRow>(pageResult));
  const page = people.slice(0, options.limit);
  const last = page.at(-1);
  return {
    people: page,
    resourceCount: rowsOf<{ resources: number }>(countResult)[0]?.resources ?? 0,
    nextCursor:
      people.length > options.limit && last
        ? encodeCursor({ name: last.displayName, id: last.userId })
        : null,
  };
}

/** Every grant on what the caller administers, in the overview's order: one round trip. */
export async function accessCsvRows(db: D1Database, callerId: string): Promise<string[][]> {
  const rows = await selectAccessPage(db, {
    callerId,
    after: null,
    userId: null,
    search: null,
    limit: null,
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
