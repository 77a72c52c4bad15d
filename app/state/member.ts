import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { Capability, Member, MemberList, ResourceDetail, ResourceKind, Role } from '../api/types';
import { capabilitiesLost } from './capabilities';
import { adminOnlyThroughGroup, directRole, type GroupGrant, groupGrants } from './grants';
import { isLastAdminError } from './leave';
import { createLoadable } from './load';
import type { ResourceStatus } from './resource';

export type MemberDeps = {
  detail(kind: ResourceKind, id: string): Promise<ResourceDetail>;
  members(kind: ResourceKind, id: string): Promise<MemberList>;
  changeRole(kind: ResourceKind, id: string, userId: string, role: Role): Promise<Member>;
  remove(kind: ResourceKind, id: string, userId: string): Promise<void>;
};

/** One person on one resource, as seen by the signed-in user (`selfId`). */
export type MemberTarget = { kind: ResourceKind; id: string; userId: string; selfId: string | null };

export type MemberAction = 'role' | 'remove';
export type MemberOutcome = 'done' | 'last-admin' | 'refused';

export type MemberModel = {
  /** `not-found` also when the person holds no access to the resource (any more). */
  readonly status: ReadonlySignal<ResourceStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly detail: ReadonlySignal<ResourceDetail | null>;
  /** The person's one entry: their combined role and every grant. */
  readonly person: ReadonlySignal<Member | null>;
  /** The role of the person's direct grant: the only one changed here. Null when they hold access only via groups. */
  readonly directRole: ReadonlySignal<Role | null>;
  /** The person's grants through groups, each changed on its group's page. */
  readonly viaGroups: ReadonlySignal<GroupGrant[]>;
  readonly isSelf: ReadonlySignal<boolean>;
  /** The signed-in user may change roles and remove members (the server decides again). */
  readonly canManage: ReadonlySignal<boolean>;
  /** The signed-in user manages the resource only through a group (SPEC rule 11). */
  readonly managesThroughGroupOnly: ReadonlySignal<boolean>;
  /**
   * The person is a direct admin and the signed-in user manages only through a group: their role cannot be
   * changed and they cannot be removed by this user (the server answers 403).
   */
  readonly protectedAdmin: ReadonlySignal<boolean>;
  /** Direct admins of the resource. */
  readonly adminCount: ReadonlySignal<number>;
  readonly singleAdmin: ReadonlySignal<boolean>;
  /** The person is the only direct admin: the server refuses to demote or remove them (LAST_ADMIN). */
  readonly isLastAdmin: ReadonlySignal<boolean>;
  /** The role chosen in the picker; the present role until the user picks another. */
  readonly chosen: ReadonlySignal<Role | null>;
  /** What the person could no longer do with the chosen role (their group grants stay). */
  readonly lossOnChange: ReadonlySignal<Capability[]>;
  /** What the person could no longer do once removed (their group grants stay). */
  readonly lossOnRemove: ReadonlySignal<Capability[]>;
  readonly sending: ReadonlySignal<MemberAction | null>;
  /** The server answered LAST_ADMIN to the last action. */
  readonly lastAdminRefusal: ReadonlySignal<MemberAction | null>;
  /** Any other refusal of the last action, and which action it was. */
  readonly actionError: ReadonlySignal<{ action: MemberAction; error: unknown } | null>;
  /** The role was changed by the last action: the screen confirms it. */
  readonly changed: ReadonlySignal<boolean>;
  load(target: MemberTarget): Promise<void>;
  choose(role: Role): void;
  /** PATCHes the chosen role and refreshes the page; `sending` lasts until both are done. */
  saveRole(): Promise<MemberOutcome>;
  remove(): Promise<MemberOutcome>;
};

type Page = { detail: ResourceDetail; members: MemberList };

export function createMemberModel(deps: MemberDeps): MemberModel {
  const page = createLoadable<Page>();
  let target: MemberTarget | null = null;
  const picked = signal<Role | null>(null);
  const sending = signal<MemberAction | null>(null);
  const lastAdminRefusal = signal<MemberAction | null>(null);
  const actionError = signal<{ action: MemberAction; error: unknown } | null>(null);
  const changed = signal(false);
  const userId = signal<string | null>(null);
  const selfId = signal<string | null>(null);

  const person = computed(
    () => page.data.value?.members.members.find((m) => m.userId === userId.value) ?? null,
  );
  const direct = computed(() => (person.value ? directRole(person.value.grants) : null));
  const viaGroups = computed(() => (person.value ? groupGrants(person.value.grants) : []));
  const groupRoles = computed(() => viaGroups.value.map((grant) => grant.role));
  const detail = computed(() => page.data.value?.detail ?? null);
  const adminCount = computed(() => page.data.value?.members.adminCount ?? 0);
  const throughGroupOnly = computed(() => (detail.value ? adminOnlyThroughGroup(detail.value) : false));

  const status = computed<ResourceStatus>(() => {
    const error = page.error.value;
    if (error instanceof ApiError && (error.status === 404 || error.code === 'INVALID_INPUT'))
      return 'not-found';
    if (page.status.value === 'ready' && !person.value) return 'not-found';
    return page.status.value;
  });
  const chosen = computed(() => picked.value ?? direct.value);

  function fetchPage(kind: ResourceKind, id: string): Promise<Page> {
    return Promise.all([deps.detail(kind, id), deps.members(kind, id)]).then(([detail, members]) => ({
      detail,
      members,
    }));
  }

  function load(next: MemberTarget): Promise<void> {
    const same =
      target !== null && target.kind === next.kind && target.id === next.id && target.userId === next.userId;
    target = next;
    batch(() => {
      userId.value = next.userId;
      selfId.value = next.selfId;
      if (!same) {
        picked.value = null;
        changed.value = false;
        lastAdminRefusal.value = null;
        actionError.value = null;
      }
    });
    return page.run(() => fetchPage(next.kind, next.id), same);
  }

  async function act(
    action: MemberAction,
    send: (t: MemberTarget) => Promise<unknown>,
  ): Promise<MemberOutcome> {
    const current = target;
    if (!current || sending.peek()) return 'refused';
    batch(() => {
      sending.value = action;
      lastAdminRefusal.value = null;
      actionError.value = null;
      changed.value = false;
    });
    try {
      await send(current);
    } catch (cause) {
      const last = isLastAdminError(cause);
      batch(() => {
        sending.value = null;
        lastAdminRefusal.value = last ? action : null;
        actionError.value = last ? null : { action, error: cause };
      });
      // The page may be stale (someone else changed the members): show the present state with the refusal.
      if (target === current) void page.run(() => fetchPage(current.kind, current.id), true);
      return last ? 'last-admin' : 'refused';
    }
    sending.value = null;
    return 'done';
  }

  async function saveRole(): Promise<MemberOutcome> {
    const role = chosen.peek();
    const present = direct.peek();
    if (!role || role === present) return 'refused';
    // Still sending while the page refreshes: the picker keeps the new role instead of flashing the old one.
    const outcome = await act('role', async (t) => {
      await deps.changeRole(t.kind, t.id, t.userId, role);
      await page.run(() => fetchPage(t.kind, t.id), true);
    });
    if (outcome === 'done') {
      batch(() => {
        picked.value = null;
        changed.value = true;
      });
    }
    return outcome;
  }

  return {
    status,
    error: page.error,
    detail,
    person,
    directRole: direct,
    viaGroups,
    isSelf: computed(() => userId.value !== null && userId.value === selfId.value),
    canManage: computed(() => detail.value?.capabilities.includes('manage_members') ?? false),
    managesThroughGroupOnly: throughGroupOnly,
    protectedAdmin: computed(() => throughGroupOnly.value && direct.value === 'admin'),
    adminCount,
    singleAdmin: computed(() => adminCount.value === 1),
    isLastAdmin: computed(() => direct.value === 'admin' && adminCount.value <= 1),
    chosen,
    lossOnChange: computed(() => {
      const from = direct.value;
      const to = chosen.value;
      if (!from || !to) return [];
      return capabilitiesLost([from, ...groupRoles.value], [to, ...groupRoles.value]);
    }),
    lossOnRemove: computed(() => {
      const from = direct.value;
      return from ? capabilitiesLost([from, ...groupRoles.value], groupRoles.value) : [];
    }),
    sending,
    lastAdminRefusal,
    actionError,
    changed,
    load,
    choose: (role) => {
      batch(() => {
        picked.value = role;
        changed.value = false;
      });
    },
    saveRole,
    remove: () => act('remove', (t) => deps.remove(t.kind, t.id, t.userId)),
  };
}
