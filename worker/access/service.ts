import { ROLE_NAMES_JA } from '../authz/role-names';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { rowsOf } from '../lib/d1';
import { containing } from '../lib/search';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow as ResourceAccessRow, selectAccessOf } from '../resources/repo';
import { identifier, text, toCsv } from './csv';
import {
  type AccessRow,
  type OverdueReviewRow,
  selectAccessPage,
  selectAdministeredCount,
  selectOverdueReviews,
} from './repo';

interface Person {
  userId: string;
  displayName: string;
  pictureUrl: string | null;
  lastSeenAt: string | null;
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
      lastSeenAt: row.last_seen_at === null ? null : new Date(row.last_seen_at).toISOString(),
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

function toOverdue(rows: readonly OverdueReviewRow[]) {
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((row) => ({
      resource: { kind: row.kind, id: row.resource_id, name: row.name },
      dueAt: new Date(row.due_at).toISOString(),
      reviewId: row.review_id,
    })),
  };
}

/**
 * Everyone with access to what the caller administers, a page of people at a time, in one round trip whose
 * cost is the page (see `selectAccessPage`). The first page also brings the overdue reviews, in the same
 * round trip.
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
  now: number,
) {
  const query = {
    callerId,
    after: options.cursor ? decodeCursor(options.cursor) : null,
    userId: options.userId ?? null,
    search: options.q ? containing(options.q) : null,
    limit: options.limit + 1,
  };
  // One person's access (the person page) needs no overdue reviews.
  const first = !options.cursor && !options.userId;
  const [countResult, pageResult, overdueResult] = await db.batch([
    selectAdministeredCount(db, callerId),
    selectAccessPage(db, query),
    ...(first ? [selectOverdueReviews(db, callerId, now)] : []),
  ]);
  const people = groupByPerson(rowsOf<AccessRow>(pageResult));
  const page = people.slice(0, options.limit);
  const last = page.at(-1);
  return {
    people: page,
    resourceCount: rowsOf<{ resources: number }>(countResult)[0]?.resources ?? 0,
    overdueReviews: overdueResult ? toOverdue(rowsOf<OverdueReviewRow>(overdueResult)) : null,
    nextCursor:
      people.length > options.limit && last
        ? encodeCursor({ name: last.displayName, id: last.userId })
        : null,
  };
}

/** The export's columns, in Japanese: the file is read by people in Excel, not by programs. */
const CSV_HEADER = [
  '表示名',
  'ユーザーID',
  '種類',
  'アカウント・グループ名',
  'ベーシックID',
  '権限',
  '付与経路',
  '出力日時',
];

const KIND_NAMES_JA = { account: 'アカウント', group: 'グループ' } as const;

/** Japan's clock: the export says when it was made in the time its readers live in. */
function jstDateTime(at: number): string {
  const jst = new Date(at + 9 * 60 * 60_000).toISOString();
  return `${jst.slice(0, 10).replace(/-/g, '/')} ${jst.slice(11, 16)}`;
}

/**
 * The access overview as a CSV for Excel: everything the caller administers, or one account or group of it
 * (`resourceId`; 404 / 403 as for its members list when the caller may not see who is there). One round trip.
 */
export async function accessCsv(
  db: D1Database,
  callerId: string,
  options: { resourceId?: string | undefined; now: number },
): Promise<{ csv: string; filename: string }> {
  const rows = selectAccessPage(db, {
    callerId,
    after: null,
    userId: null,
    search: null,
    limit: null,
    resourceId: options.resourceId ?? null,
  });
  let scope = 'all';
  let grants: AccessRow[];
  if (options.resourceId) {
    const [accessResult, rowsResult] = await db.batch([
      selectAccessOf(db, options.resourceId, callerId),
      rows,
    ]);
    const { resource, access } = resourceAccess(rowsOf<ResourceAccessRow>(accessResult), callerId);
    authorize(access, 'permissions.read_others');
    scope = resource.basicId?.replace(/^@/, '') ?? resource.id;
    grants = rowsOf<AccessRow>(rowsResult);
  } else {
    grants = rowsOf<AccessRow>(await rows.all<AccessRow>());
  }
  const at = jstDateTime(options.now);
  const body = grants.map((row) => [
    text(row.display_name),
    text(row.user_id),
    text(KIND_NAMES_JA[row.kind]),
    text(row.name),
    row.basic_id === null ? text('') : identifier(row.basic_id),
    text(ROLE_NAMES_JA[row.kind][row.role]),
    text(row.group_id === null ? '直接' : `グループ「${row.group_name ?? ''}」経由`),
    text(at),
  ]);
  return {
    csv: toCsv(CSV_HEADER.map(text), body),
    filename: `kengen-access-${scope}-${at.slice(0, 10).replace(/\//g, '')}.csv`,
  };
}
