import type { AccessPage, Offboarding, OffboardResult, Person, PersonAccess } from '../../app/api/access';
import type { GroupAccount } from '../../app/api/groups';

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
    access: [accessEntry()],
    ...overrides,
  };
}

export function accessPage(
  people: Person[],
  nextCursor: string | null = null,
  resourceCount = 3,
): AccessPage {
  return { people, resourceCount, nextCursor };
}

type ResultBase = Pick<OffboardResult, 'resource' | 'role'>;
type Refusal = Extract<OffboardResult, { outcome: 'refused' }>;

const shibuyaOperator: ResultBase = {
  resource: { kind: 'account', id: 'a-1', name: '渋谷店' },
  role: 'operator',
};

export function removed(overrides: Partial<ResultBase> = {}): OffboardResult {
  return { ...shibuyaOperator, ...overrides, outcome: 'removed', code: null, message: null };
}

export function refused(code: Refusal['code'], overrides: Partial<ResultBase> = {}): OffboardResult {
  return { ...shibuyaOperator, ...overrides, outcome: 'refused', code, message: `refused: ${code}` };
}

export function offboarding(results: OffboardResult[], userId = 'Ustaff'): Offboarding {
  return { userId, results };
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
