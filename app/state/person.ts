import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type {
  OffboardCut,
  Offboarding,
  OffboardingPlan,
  OffboardResult,
  Person,
  PersonAccess,
  PlannedCut,
  PlannedRemoval,
} from '../api/access';
import { ApiError } from '../api/errors';
import { createLoadable, type LoadStatus } from './load';

export type PersonDeps = {
  /** The person's access on what the caller administers; null when there is none. */
  person(userId: string): Promise<Person | null>;
  /** GET /api/access/{userId}/offboarding: what the DELETE would do, nothing written. */
  offboardingPlan(userId: string): Promise<OffboardingPlan>;
  offboard(userId: string): Promise<Offboarding>;
};

/** Why something cannot be removed or cut, in the terms the screens explain. */
export type Refusal = 'last-admin' | 'forbidden' | 'gone' | 'other';

export function refusalOf(code: string | null): Refusal {
  if (code === 'LAST_ADMIN') return 'last-admin';
  // Rule 11: the caller is not a direct admin (of the account, or of neither the account nor the group).
  if (code === 'FORBIDDEN') return 'forbidden';
  // Removed meanwhile by someone else: nothing is left to remove.
  return code === 'NOT_FOUND' ? 'gone' : 'other';
}

/** The server's plan, sorted the way the confirmation says it. */
export type PlanView = {
  /** Memberships removed, or pending invites and join requests ended where there is no membership. */
  removals: PlannedRemoval[];
  /** Access through a group the person is removed from: it ends with that membership. */
  endsWithGroup: PersonAccess[];
  /** Group links taken out of accounts, so that the group no longer reaches them. */
  cuts: PlannedCut[];
  refusedRemovals: PlannedRemoval[];
  refusedCuts: PlannedCut[];
  /** Nothing would change: the confirmation only informs. */
  empty: boolean;
};

export function planView(plan: OffboardingPlan, person: Person | null): PlanView {
  const removals = plan.removals.filter((removal) => removal.refusal === null);
  const cuts = plan.cuts.filter((cut) => cut.refusal === null);
  const leftGroups = new Set(
    removals.flatMap((removal) =>
      removal.resource.kind === 'group' && removal.role !== null ? [removal.resource.id] : [],
    ),
  );
  const endsWithGroup = (person?.access ?? []).filter(
    (entry) => entry.source === 'group' && entry.group !== null && leftGroups.has(entry.group.id),
  );
  return {
    removals,
    endsWithGroup,
    cuts,
    refusedRemovals: plan.removals.filter((removal) => removal.refusal !== null),
    refusedCuts: plan.cuts.filter((cut) => cut.refusal !== null),
    empty: removals.length === 0 && cuts.length === 0,
  };
}

/** How one resource's part turned out. */
export type ResultReason = 'removed' | 'withdrawn' | Refusal;

export function resultReason(result: OffboardResult): ResultReason {
  return result.outcome === 'refused' ? refusalOf(result.code) : result.outcome;
}

/**
 * What the offboarding did, for the summary: roles removed, the invites and join requests ended with them
 * (counted one by one, not per resource), group links cut, parts already gone, and what was refused.
 */
export type OffboardCounts = {
  removed: number;
  revokedInvites: number;
  withdrawnRequests: number;
  cut: number;
  gone: number;
  refused: number;
};

export function countOutcomes(
  results: readonly OffboardResult[],
  cuts: readonly OffboardCut[],
): OffboardCounts {
  const reasons = results.map(resultReason);
  const sum = (pick: (result: OffboardResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    removed: reasons.filter((reason) => reason === 'removed').length,
    revokedInvites: sum((result) => result.revokedInvites),
    withdrawnRequests: sum((result) => result.withdrawnRequests),
    cut: cuts.filter((cut) => cut.outcome === 'cut').length,
    // Removed meanwhile by someone else: not a failure, and said apart.
    gone: reasons.filter((reason) => reason === 'gone').length,
    refused:
      reasons.filter((reason) => reason !== 'removed' && reason !== 'withdrawn' && reason !== 'gone').length +
      cuts.filter((cut) => cut.outcome === 'refused').length,
  };
}

/** `not-found`: a malformed user id in a typed URL; someone without access is `ready` with no person. */
export type PersonStatus = LoadStatus | 'not-found';
export type OffboardStatus = 'idle' | 'sending' | 'done' | 'error';

export type PersonModel = {
  readonly status: ReadonlySignal<PersonStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly person: ReadonlySignal<Person | null>;
  /** The person's name, still known once offboarding has left them no access (and so no entry). */
  readonly name: ReadonlySignal<string | null>;
  /** The plan of the confirmation, read each time it opens: what the tap will do, now. */
  readonly planStatus: ReadonlySignal<LoadStatus>;
  readonly planError: ReadonlySignal<unknown>;
  readonly plan: ReadonlySignal<PlanView | null>;
  readonly offboardStatus: ReadonlySignal<OffboardStatus>;
  readonly results: ReadonlySignal<OffboardResult[]>;
  readonly cuts: ReadonlySignal<OffboardCut[]>;
  readonly counts: ReadonlySignal<OffboardCounts>;
  readonly offboardError: ReadonlySignal<unknown>;
  load(userId: string): Promise<void>;
  /** Reads the plan for the confirmation. */
  preparePlan(): Promise<void>;
  /** Removes the person from everything the user administers, then reads what access is left. */
  offboard(): Promise<boolean>;
};

export function createPersonModel(deps: PersonDeps): PersonModel {
  const status = signal<PersonStatus>('idle');
  const error = signal<unknown>(null);
  const person = signal<Person | null>(null);
  const name = signal<string | null>(null);
  const planned = createLoadable<OffboardingPlan>();
  const offboardStatus = signal<OffboardStatus>('idle');
  const outcome = signal<Offboarding | null>(null);
  const offboardError = signal<unknown>(null);
  let shown: string | null = null;
  let generation = 0;

  async function fetchPerson(userId: string, keep: boolean): Promise<void> {
    const mine = ++generation;
    batch(() => {
      if (!keep) {
        person.value = null;
        name.value = null;
        status.value = 'loading';
      }
      error.value = null;
    });
    try {
      const found = await deps.person(userId);
      if (mine !== generation) return;
      batch(() => {
        person.value = found;
        if (found) name.value = found.displayName;
        status.value = 'ready';
      });
    } catch (cause) {
      if (mine !== generation) return;
      const malformed = cause instanceof ApiError && cause.code === 'INVALID_INPUT';
      batch(() => {
        error.value = cause;
        status.value = malformed ? 'not-found' : 'error';
      });
    }
  }

  function load(userId: string): Promise<void> {
    const same = shown === userId && status.peek() === 'ready';
    if (!same) {
      batch(() => {
        offboardStatus.value = 'idle';
        outcome.value = null;
        offboardError.value = null;
      });
      // Another person's plan must never show in this person's confirmation.
      planned.reset();
    }
    shown = userId;
    return fetchPerson(userId, same);
  }

  function preparePlan(): Promise<void> {
    const userId = shown;
    if (userId === null) return Promise.resolve();
    // Not kept from an earlier opening: a plan on screen is the one the tap will carry out.
    return planned.run(() => deps.offboardingPlan(userId), false);
  }

  async function offboard(): Promise<boolean> {
    const userId = shown;
    if (userId === null || offboardStatus.peek() === 'sending') return false;
    batch(() => {
      offboardStatus.value = 'sending';
      offboardError.value = null;
    });
    try {
      const done = await deps.offboard(userId);
      if (shown !== userId) return true;
      batch(() => {
        outcome.value = done;
        offboardStatus.value = 'done';
      });
    } catch (cause) {
      if (shown !== userId) return false;
      batch(() => {
        offboardError.value = cause;
        offboardStatus.value = 'error';
      });
      return false;
    }
    // What is left: access the user could not end, and refused removals.
    await fetchPerson(userId, true);
    return true;
  }

  const results = computed(() => outcome.value?.results ?? []);
  const cuts = computed(() => outcome.value?.cuts ?? []);
  return {
    status,
    error,
    person,
    name,
    planStatus: planned.status,
    planError: planned.error,
    plan: computed(() => (planned.data.value ? planView(planned.data.value, person.value) : null)),
    offboardStatus,
    results,
    cuts,
    counts: computed(() => countOutcomes(results.value, cuts.value)),
    offboardError,
    load,
    preparePlan,
    offboard,
  };
}

/**
 * What the offboarding would refuse, known before the tap (issue 14): each refused removal with its reason,
 * last admins first, since those need someone to act (a second direct admin) before anything else.
 */
export function refusalsAhead(plan: PlanView | null): Array<{ removal: PlannedRemoval; reason: Refusal }> {
  if (!plan) return [];
  const ahead = plan.refusedRemovals.map((removal) => ({
    removal,
    reason: refusalOf(removal.refusal?.code ?? null),
  }));
  return [
    ...ahead.filter((entry) => entry.reason === 'last-admin'),
    ...ahead.filter((entry) => entry.reason !== 'last-admin'),
  ];
}
