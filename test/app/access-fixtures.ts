import type {
  AccessPage,
  OffboardCut,
  Offboarding,
  OffboardingPlan,
  OffboardResult,
  Person,
  PersonAccess,
  PlannedCut,
  PlannedRemoval,
} from '../../app/api/access';
import type { AccountGroup, GroupAccount } from '../../app/api/groups';

// Fake answers of the group and access routes, in the Worker's shapes (the types come from its AppType).

export function accessEntry(overrides: Partial<PersonAccess> = {}): PersonAccess {
  return {
    resource: { kind: 'account', id: 'a-1', name: '渋谷店', basicId: '@shibuya' },
    role: 'operator',
    source: 'direct',
    group: null,
    ...overrides,
  };
}

export function viaGroup(account: { id: string; name: string }, group: { id: string; name: string }) {
  return accessEntry({
    resource: { kind: 'account', id: account.id, name: account.name, basicId: null },
    source: 'group',
    group,
  });
}

export function groupEntry(group: { id: string; name: string }, overrides: Partial<PersonAccess> = {}) {
  return accessEntry({ resource: { kind: 'group', ...group, basicId: null }, ...overrides });
}

export function person(overrides: Partial<Person> = {}): Person {
  return {
    userId: 'Ustaff',
    displayName: '佐藤 健',
    pictureUrl: null,
    lastSeenAt: '2026-11-30T09:00:00.000Z',
    access: [accessEntry()],
    ...overrides,
  };
}

export function accessPage(
  people: Person[],
  nextCursor: string | null = null,
  resourceCount = 3,
  overdueReviews: AccessPage['overdueReviews'] = null,
): AccessPage {
  return { people, resourceCount, nextCursor, overdueReviews };
}

type ResultBase = Pick<OffboardResult, 'resource' | 'role'>;
type Code = NonNullable<OffboardResult['code']>;
const untouched = { revokedInvites: 0, withdrawnRequests: 0 };

const shibuyaOperator: ResultBase = {
  resource: { kind: 'account', id: 'a-1', name: '渋谷店' },
  role: 'operator',
};

export function removed(overrides: Partial<OffboardResult> = {}): OffboardResult {
  return { ...shibuyaOperator, ...untouched, outcome: 'removed', code: null, message: null, ...overrides };
}

export function refused(code: Code, overrides: Partial<ResultBase> = {}): OffboardResult {
  return {
    ...shibuyaOperator,
    ...untouched,
    ...overrides,
    outcome: 'refused',
    code,
    message: `refused: ${code}`,
  };
}

export function cutResult(
  group: { id: string; name: string },
  account: { id: string; name: string },
  code: Code | null = null,
): OffboardCut {
  return code === null
    ? { group, account, outcome: 'cut', code: null, message: null }
    : { group, account, outcome: 'refused', code, message: `refused: ${code}` };
}

export function offboarding(
  results: OffboardResult[],
  cuts: OffboardCut[] = [],
  userId = 'Ustaff',
): Offboarding {
  return { userId, results, cuts };
}

type Refusal = { code: Code; message: string } | null;
const refusal = (code: Code | null): Refusal =>
  code === null ? null : { code, message: `refused: ${code}` };

export function plannedRemoval(
  overrides: Partial<PlannedRemoval> = {},
  code: Code | null = null,
): PlannedRemoval {
  return { ...shibuyaOperator, ...untouched, refusal: refusal(code), ...overrides };
}

export function plannedCut(
  group: { id: string; name: string },
  account: { id: string; name: string },
  code: Code | null = null,
): PlannedCut {
  return { group, account, refusal: refusal(code) };
}

export function plan(
  removals: PlannedRemoval[],
  cuts: PlannedCut[] = [],
  userId = 'Ustaff',
): OffboardingPlan {
  return { userId, displayName: '佐藤 健', removals, cuts };
}

export function groupAccount(overrides: Partial<GroupAccount> = {}): GroupAccount {
  return {
    id: 'a-1',
    name: '渋谷店',
    basicId: '@shibuya',
    adminCount: 2,
    addedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function accountGroup(overrides: Partial<AccountGroup> = {}): AccountGroup {
  return {
    id: 'g-1',
    name: '関東エリア',
    people: 3,
    addedAt: '2026-01-01T00:00:00.000Z',
    canRemove: true,
    ...overrides,
  };
}
