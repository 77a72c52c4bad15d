import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { EndedInvite, JoinRequest, OpenInvite, OpenInvites, ReissuedInvite } from '../api/invites';
import type { ResourceKind } from '../api/types';
import { createLoadable, type LoadStatus } from './load';

export type InvitesDeps = {
  list(kind: ResourceKind, id: string): Promise<OpenInvites>;
  revoke(inviteId: string): Promise<void>;
  /** POST /api/invites/{id}/reissue: a new link, same role and memo; a pending one it replaces is revoked. */
  reissue(inviteId: string): Promise<ReissuedInvite>;
  approve(requestId: string): Promise<unknown>;
  reject(requestId: string): Promise<void>;
  /** PATCH /api/{kind}/{id} {requireApproval}: resolves to the setting as the server stored it. */
  setRequireApproval(kind: ResourceKind, id: string, value: boolean): Promise<boolean>;
};

/** A failed action on one invite or request: the row says why. */
export type RowFailure = { id: string; error: unknown };

export type InvitesModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** Pending invites, newest first as the server lists them. */
  readonly invites: ReadonlySignal<OpenInvite[]>;
  /** Invites that expired or were declined in the last 7 days, each with 再発行. */
  readonly ended: ReadonlySignal<EndedInvite[]>;
  /** The link 再発行 just made: shown once, since only its hash is stored. */
  readonly reissued: ReadonlySignal<ReissuedInvite | null>;
  /** Join requests awaiting an admin's decision. */
  readonly requests: ReadonlySignal<JoinRequest[]>;
  /** Invites and requests with a revoke, approve or reject in flight: their buttons wait. */
  readonly busy: ReadonlySignal<ReadonlySet<string>>;
  readonly failure: ReadonlySignal<RowFailure | null>;
  /** "参加に管理者の承認を必要にする". */
  readonly requireApproval: ReadonlySignal<boolean>;
  readonly savingApproval: ReadonlySignal<boolean>;
  readonly approvalError: ReadonlySignal<unknown>;
  /** Loads the lists of a resource; `requireApproval` is the setting the resource page already has. */
  load(kind: ResourceKind, id: string, requireApproval: boolean): Promise<void>;
  /** Each resolves to true when the server did it; the row is then gone from its list. */
  revoke(inviteId: string): Promise<boolean>;
  /** Resolves to true when the new link is there (`reissued`); the old row then leaves its list. */
  reissue(inviteId: string): Promise<boolean>;
  /** Puts the new link away (閉じる). */
  dismissReissued(): void;
  approve(requestId: string): Promise<boolean>;
  reject(requestId: string): Promise<boolean>;
  setRequireApproval(value: boolean): Promise<void>;
};

export function createInvitesModel(deps: InvitesDeps): InvitesModel {
  const lists = createLoadable<OpenInvites>();
  const busy = signal<ReadonlySet<string>>(new Set());
  // Rows revoked or decided here, hidden at once rather than after a reload of the lists.
  const done = signal<ReadonlySet<string>>(new Set());
  const failure = signal<RowFailure | null>(null);
  const reissued = signal<ReissuedInvite | null>(null);
  const requireApproval = signal(false);
  const savingApproval = signal(false);
  const approvalError = signal<unknown>(null);
  let shown: { kind: ResourceKind; id: string } | null = null;
  let generation = 0;

  function toggle(set: typeof busy, id: string, on: boolean): void {
    const next = new Set(set.peek());
    if (on) next.add(id);
    else next.delete(id);
    set.value = next;
  }

  function load(kind: ResourceKind, id: string, approval: boolean): Promise<void> {
    const same = shown?.kind === kind && shown.id === id;
    if (!same) generation += 1;
    shown = { kind, id };
    batch(() => {
      if (!same) {
        busy.value = new Set();
        done.value = new Set();
        failure.value = null;
        reissued.value = null;
        approvalError.value = null;
        savingApproval.value = false;
      }
      if (!savingApproval.peek()) requireApproval.value = approval;
    });
    return lists.run(() => deps.list(kind, id), same);
  }

  /** Runs one row's action; on success the row leaves its list, on failure the lists are refreshed. */
  async function act(id: string, action: () => Promise<unknown>): Promise<boolean> {
    const target = shown;
    if (!target || busy.peek().has(id)) return false;
    const call = generation;
    batch(() => {
      toggle(busy, id, true);
      if (failure.peek()?.id === id) failure.value = null;
    });
    try {
      await action();
      if (call !== generation) return true;
      batch(() => {
        toggle(busy, id, false);
        toggle(done, id, true);
      });
      return true;
    } catch (cause) {
      if (call !== generation) return false;
      batch(() => {
        toggle(busy, id, false);
        failure.value = { id, error: cause };
      });
      // Someone else may have decided it meanwhile (409 …_NOT_PENDING): show what is true now.
      void lists.run(() => deps.list(target.kind, target.id), true);
      return false;
    }
  }

  async function reissue(inviteId: string): Promise<boolean> {
    const target = shown;
    const call = generation;
    const answer: { made: ReissuedInvite | null } = { made: null };
    const ok = await act(inviteId, async () => {
      answer.made = await deps.reissue(inviteId);
    });
    if (!ok || !answer.made || !target || call !== generation) return ok;
    reissued.value = answer.made;
    // The new invite joins the pending list as the server lists it.
    void lists.run(() => deps.list(target.kind, target.id), true);
    return true;
  }

  async function setApproval(value: boolean): Promise<void> {
    const target = shown;
    if (!target || savingApproval.peek()) return;
    const call = generation;
    const before = requireApproval.peek();
    batch(() => {
      requireApproval.value = value;
      savingApproval.value = true;
      approvalError.value = null;
    });
    try {
      const stored = await deps.setRequireApproval(target.kind, target.id, value);
      if (call !== generation) return;
      batch(() => {
        requireApproval.value = stored;
        savingApproval.value = false;
      });
    } catch (cause) {
      if (call !== generation) return;
      batch(() => {
        requireApproval.value = before;
        savingApproval.value = false;
        approvalError.value = cause;
      });
    }
  }

  return {
    status: lists.status,
    error: lists.error,
    invites: computed(() => (lists.data.value?.invites ?? []).filter((invite) => !done.value.has(invite.id))),
    ended: computed(() => (lists.data.value?.ended ?? []).filter((invite) => !done.value.has(invite.id))),
    reissued,
    requests: computed(() =>
      (lists.data.value?.requests ?? []).filter((request) => !done.value.has(request.id)),
    ),
    busy,
    failure,
    requireApproval,
    savingApproval,
    approvalError,
    load,
    revoke: (inviteId) => act(inviteId, () => deps.revoke(inviteId)),
    reissue,
    dismissReissued: () => {
      reissued.value = null;
    },
    approve: (requestId) => act(requestId, () => deps.approve(requestId)),
    reject: (requestId) => act(requestId, () => deps.reject(requestId)),
    setRequireApproval: setApproval,
  };
}

export type TimeLeft = { hours: number; minutes: number } | null;

/**
 * What is left of an invite's 24 hours, rounded down like a countdown (a fresh invite shows 23 hours):
 * whole hours while there is at least one, then whole minutes, at least 1 so "0 minutes" never shows;
 * null once expired.
 */
export function timeLeft(expiresAt: string, now: number): TimeLeft {
  const ms = Date.parse(expiresAt) - now;
  if (!(ms > 0)) return null;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? { hours, minutes: 0 } : { hours: 0, minutes: Math.max(1, Math.floor(ms / 60_000)) };
}
