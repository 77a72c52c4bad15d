import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { IssuedInvite, JoinRequest, OpenInvite, OpenInvites } from '../api/invites';
import type { Grant, Member, MemberList, ResourceDetail, ResourceKind, Role } from '../api/types';
import { isDirectAdmin } from './grants';
import { createLeaveModel, type LeaveDeps, type LeaveModel } from './leave';
import { createLoadable } from './load';
import type { ResourceStatus } from './resource';

export type HandoverDeps = LeaveDeps & {
  detail(kind: ResourceKind, id: string): Promise<ResourceDetail>;
  members(kind: ResourceKind, id: string): Promise<MemberList>;
  invites(kind: ResourceKind, id: string): Promise<OpenInvites>;
  issueInvite(kind: ResourceKind, id: string, role: Role): Promise<IssuedInvite>;
};

/**
 * The safe order of a handover (権限付与 → 動作確認 → 旧担当の権限削除): ① invite the successor as admin,
 * ② wait until they accepted, ③ remove yourself. Each step opens only when the one before is done.
 */
export type HandoverStep = 1 | 2 | 3;

/** The invite this page issued: pending, turned into a join request, or used up without a new admin. */
export type IssuedStatus = 'pending' | 'awaiting-approval' | 'accepted' | 'gone';

export type HandoverModel = {
  readonly status: ReadonlySignal<ResourceStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly detail: ReadonlySignal<ResourceDetail | null>;
  /** The caller may invite (admin); otherwise no handover is needed, only leaving. */
  readonly canManage: ReadonlySignal<boolean>;
  /** The caller is a direct member: only a direct membership can be left. */
  readonly isDirect: ReadonlySignal<boolean>;
  /** Direct admins other than the caller: once there is one, the caller may go. */
  readonly successors: ReadonlySignal<Member[]>;
  /** Open admin invites: 未承認. */
  readonly pendingInvites: ReadonlySignal<OpenInvite[]>;
  /** Admin invites accepted where approval is required: an admin still has to approve. */
  readonly pendingRequests: ReadonlySignal<JoinRequest[]>;
  /** The link issued on this page; its token is shown only once, by the server's answer. */
  readonly issued: ReadonlySignal<IssuedInvite | null>;
  readonly issuedStatus: ReadonlySignal<IssuedStatus | null>;
  readonly issuing: ReadonlySignal<boolean>;
  readonly issueError: ReadonlySignal<unknown>;
  readonly step: ReadonlySignal<HandoverStep>;
  readonly refreshing: ReadonlySignal<boolean>;
  /** Step ③. */
  readonly leaving: LeaveModel;
  /** What leaving will change and leave in place, from what the page knows now. */
  readonly summary: ReadonlySignal<HandoverSummary | null>;
  /** Set once the caller left: the handover's closing summary, as it was just before the tap. */
  readonly finished: ReadonlySignal<HandoverSummary | null>;
  /** The server removed the caller: keep the summary for the closing screen. */
  markLeft(): void;
  load(kind: ResourceKind, id: string, selfId: string | null): Promise<void>;
  /** Reads the members and invites again (polled while waiting for the successor). */
  refresh(): Promise<void>;
  /** Step ①: a new 24-hour admin invite. */
  invite(): Promise<boolean>;
};

type Page = { detail: ResourceDetail; members: MemberList; invites: OpenInvites | null };

/**
 * How the handover ends, said before the last tap and kept after it (issue 14): what changes — no longer a
 * direct admin, who the successors are, the caller's unused invites that stop working — and what remains:
 * access through groups (with the group to open), and invites that stay usable because the caller still
 * administers the account through a group (rule 10 keeps them live; an admin invite never survives).
 */
export type HandoverSummary = {
  resource: { kind: ResourceKind; id: string; name: string };
  /** Direct admins other than the caller: who manages it now. */
  successors: string[];
  /** The caller's role there after leaving, and each group it comes through. */
  keptThroughGroups: Array<{ group: { id: string; name: string }; role: Role }>;
  /** The caller's pending invites that die with the direct membership. */
  invitesEnded: number;
  /** The caller's pending invites still usable afterwards. */
  invitesKept: OpenInvite[];
};

export function handoverSummary(page: Page, selfId: string | null): HandoverSummary {
  const { resource, grants } = page.detail;
  const keptThroughGroups = grants.flatMap((grant: Grant) =>
    grant.source === 'group'
      ? [{ group: { id: grant.group.id, name: grant.group.name }, role: grant.role }]
      : [],
  );
  // Rule 10: after leaving, an invite stays live only where the caller still administers the account through
  // a group, and only for a role other than admin (rules 10 and 11).
  const adminThroughGroup =
    resource.kind === 'account' && keptThroughGroups.some((kept) => kept.role === 'admin');
  const mine = (page.invites?.invites ?? []).filter(
    (invite) => invite.status === 'pending' && invite.createdBy.userId === selfId,
  );
  const invitesKept = mine.filter((invite) => adminThroughGroup && invite.role !== 'admin');
  return {
    resource: { kind: resource.kind, id: resource.id, name: resource.name },
    successors: page.members.members
      .filter((member) => isDirectAdmin(member.grants) && member.userId !== selfId)
      .map((member) => member.displayName),
    keptThroughGroups,
    invitesEnded: mine.length - invitesKept.length,
    invitesKept,
  };
}

function adminsOnly<T extends { role: Role }>(items: readonly T[]): T[] {
  return items.filter((item) => item.role === 'admin');
}

export function createHandoverModel(deps: HandoverDeps): HandoverModel {
  const page = createLoadable<Page>();
  const issued = signal<IssuedInvite | null>(null);
  const issuing = signal(false);
  const issueError = signal<unknown>(null);
  const refreshing = signal(false);
  const self = signal<string | null>(null);
  const finished = signal<HandoverSummary | null>(null);
  const leaving = createLeaveModel(deps);
  let shown: { kind: ResourceKind; id: string } | null = null;

  const detail = computed(() => page.data.value?.detail ?? null);
  const canManage = computed(() => detail.value?.capabilities.includes('manage_members') ?? false);
  const successors = computed(() =>
    (page.data.value?.members.members ?? []).filter(
      (m) => isDirectAdmin(m.grants) && m.userId !== self.value,
    ),
  );
  const pendingInvites = computed(() =>
    adminsOnly(page.data.value?.invites?.invites ?? []).filter((invite) => invite.status === 'pending'),
  );
  const pendingRequests = computed(() => adminsOnly(page.data.value?.invites?.requests ?? []));

  const issuedStatus = computed<IssuedStatus | null>(() => {
    const mine = issued.value?.invite.id;
    if (!mine) return null;
    if (pendingInvites.value.some((invite) => invite.id === mine)) return 'pending';
    if (pendingRequests.value.some((request) => request.inviteId === mine)) return 'awaiting-approval';
    // Used up: accepted when an admin other than the caller now exists, else declined, expired or revoked.
    return successors.value.length > 0 ? 'accepted' : 'gone';
  });

  const step = computed<HandoverStep>(() => {
    if (successors.value.length > 0) return 3;
    const waiting = pendingInvites.value.length > 0 || pendingRequests.value.length > 0;
    return waiting || issuedStatus.value === 'pending' ? 2 : 1;
  });

  // The invites are read before the members: an invite gone from the list was accepted before the
  // members are read, so the new admin is in them and the page never shows "gone" for an accepted invite.
  async function fetchPage(kind: ResourceKind, id: string): Promise<Page> {
    const [detail, invites] = await Promise.all([
      deps.detail(kind, id),
      deps.invites(kind, id).catch((error: unknown) => {
        // Non-admins may not list invites; they see the page without them.
        if (error instanceof ApiError && error.status === 403) return null;
        throw error;
      }),
    ]);
    return { detail, invites, members: await deps.members(kind, id) };
  }

  function load(kind: ResourceKind, id: string, selfId: string | null): Promise<void> {
    const same = shown?.kind === kind && shown.id === id;
    shown = { kind, id };
    batch(() => {
      self.value = selfId;
      if (!same) {
        issued.value = null;
        issueError.value = null;
        finished.value = null;
        leaving.reset();
      }
    });
    return page.run(() => fetchPage(kind, id), same);
  }

  async function refresh(): Promise<void> {
    const current = shown;
    if (!current || refreshing.peek() || page.status.peek() === 'loading') return;
    refreshing.value = true;
    try {
      await page.run(() => fetchPage(current.kind, current.id), true);
    } finally {
      refreshing.value = false;
    }
  }

  async function invite(): Promise<boolean> {
    const current = shown;
    if (!current || issuing.peek()) return false;
    batch(() => {
      issuing.value = true;
      issueError.value = null;
    });
    try {
      const result = await deps.issueInvite(current.kind, current.id, 'admin');
      if (shown !== current) return false;
      batch(() => {
        issued.value = result;
        issuing.value = false;
      });
      await refresh();
      return true;
    } catch (cause) {
      batch(() => {
        issueError.value = cause;
        issuing.value = false;
      });
      return false;
    }
  }

  return {
    status: computed<ResourceStatus>(() => {
      const error = page.error.value;
      const absent = error instanceof ApiError && (error.status === 404 || error.code === 'INVALID_INPUT');
      return absent ? 'not-found' : page.status.value;
    }),
    error: page.error,
    detail,
    canManage,
    isDirect: computed(() => detail.value?.grants.some((grant) => grant.source === 'direct') ?? false),
    successors,
    pendingInvites,
    pendingRequests,
    issued,
    issuedStatus,
    issuing,
    issueError,
    step,
    refreshing,
    leaving,
    summary: computed(() => (page.data.value ? handoverSummary(page.data.value, self.value) : null)),
    finished,
    markLeft: () => {
      const data = page.data.peek();
      if (data) finished.value = handoverSummary(data, self.peek());
    },
    load,
    refresh,
    invite,
  };
}
