import type {
  Me,
  Member,
  MemberGrant,
  MemberList,
  MyResource,
  MyResourcesPage,
  ResourceDetail,
  Role,
  Session,
} from '../../app/api/types';

// Fake API answers in the Worker's shapes (the types come from its AppType), for model tests.

export const owner = { id: 'Uowner', displayName: '山田 花子', pictureUrl: null };

export function session(overrides: Partial<Session> = {}): Session {
  return { token: 'session-token', expiresAt: '2030-01-01T00:00:00.000Z', user: owner, ...overrides };
}

export function myResource(overrides: Partial<MyResource> = {}): MyResource {
  return {
    kind: 'account',
    id: 'a-1',
    name: '渋谷店',
    basicId: '@shibuya',
    role: 'admin',
    source: 'direct',
    grants: [{ role: 'admin', source: 'direct' }],
    adminCount: 2,
    ...overrides,
  };
}

/**
 * ホーム's first answer for someone who reaches no more than a page of each kind (the totals follow the
 * lists); `more` gives the totals and cursors of someone who reaches more.
 */
export function me(
  resources: MyResource[] = [],
  pendingRequests: Me['pendingRequests'] = [],
  more: Partial<Pick<Me, 'summary' | 'nextCursor' | 'notifications' | 'waiting'>> = {},
): Me {
  return {
    user: owner,
    notifications: { enabled: true, reachable: true },
    summary: {
      accounts: resources.filter((resource) => resource.kind === 'account').length,
      groups: resources.filter((resource) => resource.kind === 'group').length,
      administered: resources.filter((resource) => resource.role === 'admin').length,
      pendingRequests: pendingRequests.length,
    },
    resources,
    nextCursor: { account: null, group: null },
    pendingRequests,
    waiting: {
      reviews: { total: 0, items: [] },
      requests: { total: 0, items: [] },
      expiringInvites: { total: 0, items: [] },
    },
    ...more,
  };
}

/** A page of GET /api/me/resources. */
export function resourcePage(resources: MyResource[], nextCursor: string | null = null): MyResourcesPage {
  return { resources, nextCursor };
}

export function detail(overrides: Partial<ResourceDetail> = {}): ResourceDetail {
  return {
    resource: {
      id: 'a-1',
      kind: 'account',
      name: '渋谷店',
      basicId: '@shibuya',
      requireApproval: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    role: 'admin',
    source: 'direct',
    grants: [{ role: 'admin', source: 'direct' }],
    capabilities: ['manage_members', 'manage_settings', 'broadcast', 'edit_messages', 'view_stats', 'chat'],
    adminCount: 2,
    review: null,
    channel: { connected: false },
    ...overrides,
  };
}

export function member(overrides: Partial<Member> = {}): Member {
  return {
    userId: owner.id,
    displayName: owner.displayName,
    pictureUrl: null,
    role: 'admin',
    grants: [{ role: 'admin', source: 'direct' }],
    since: '2026-01-01T00:00:00.000Z',
    addedBy: null,
    ...overrides,
  };
}

/** A grant through a group, for a member's `grants`. */
export function throughGroup(role: Role, group: { id: string; name: string }): MemberGrant {
  return { role, source: 'group', group };
}

/** Seats default to the people listed (no pending invites or join requests). */
export function memberList(
  members: Member[] = [member()],
  adminCount = 1,
  seats = members.length,
): MemberList {
  return { members, adminCount, seats, limit: 100 };
}

/** A promise the test settles when it wants, to observe the states in between. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
