import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Offboarding, OffboardResult, Person, PersonAccess } from '../api/access';
import { ApiError } from '../api/errors';
import type { LoadStatus } from './load';

export type PersonDeps = {
  /** The person's access on what the caller administers; null when there is none. */
  person(userId: string): Promise<Person | null>;
  offboard(userId: string): Promise<Offboarding>;
};

/**
 * What 「すべての権限を削除」 will do, entry by entry. Offboarding removes the person's direct memberships on
 * what the user administers; access through a group ends only when that group membership is one of them.
 */
export type OffboardPlan = {
  /** Direct memberships: each is removed (unless a rule refuses it). */
  removed: PersonAccess[];
  /** Access through a group the person is removed from. */
  endsWithGroup: PersonAccess[];
  /** Access through a group the user does not administer: it stays; the group's admins can end it. */
  stays: PersonAccess[];
};

export function offboardPlan(person: Person | null): OffboardPlan {
  const plan: OffboardPlan = { removed: [], endsWithGroup: [], stays: [] };
  if (!person) return plan;
  const removedGroups = new Set(
    person.access
      .filter((entry) => entry.source === 'direct' && entry.resource.kind === 'group')
      .map((entry) => entry.resource.id),
  );
  for (const entry of person.access) {
    if (entry.source === 'direct') plan.removed.push(entry);
    else if (entry.group && removedGroups.has(entry.group.id)) plan.endsWithGroup.push(entry);
    else plan.stays.push(entry);
  }
  return plan;
}

/** How one resource's removal turned out, in the terms the result screen explains. */
export type ResultReason = 'removed' | 'last-admin' | 'gone' | 'other';

export function resultReason(result: OffboardResult): ResultReason {
  if (result.outcome === 'removed') return 'removed';
  if (result.code === 'LAST_ADMIN') return 'last-admin';
  // Removed meanwhile by someone else: nothing is left to remove.
  return result.code === 'NOT_FOUND' ? 'gone' : 'other';
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
  readonly plan: ReadonlySignal<OffboardPlan>;
  readonly offboardStatus: ReadonlySignal<OffboardStatus>;
  readonly results: ReadonlySignal<OffboardResult[]>;
  readonly removedCount: ReadonlySignal<number>;
  readonly refusedCount: ReadonlySignal<number>;
  readonly offboardError: ReadonlySignal<unknown>;
  load(userId: string): Promise<void>;
  /** Removes the person from everything the user administers, then reads what access is left. */
  offboard(): Promise<boolean>;
};

export function createPersonModel(deps: PersonDeps): PersonModel {
  const status = signal<PersonStatus>('idle');
  const error = signal<unknown>(null);
  const person = signal<Person | null>(null);
  const name = signal<string | null>(null);
  const offboardStatus = signal<OffboardStatus>('idle');
  const results = signal<OffboardResult[]>([]);
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
        results.value = [];
        offboardError.value = null;
      });
    }
    shown = userId;
    return fetchPerson(userId, same);
  }

  async function offboard(): Promise<boolean> {
    const userId = shown;
    if (userId === null || offboardStatus.peek() === 'sending') return false;
    batch(() => {
      offboardStatus.value = 'sending';
      offboardError.value = null;
    });
    try {
      const outcome = await deps.offboard(userId);
      if (shown !== userId) return true;
      batch(() => {
        results.value = outcome.results;
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
    // What is left: access through groups the user does not administer, and refused removals.
    await fetchPerson(userId, true);
    return true;
  }

  return {
    status,
    error,
    person,
    name,
    plan: computed(() => offboardPlan(person.value)),
    offboardStatus,
    results,
    removedCount: computed(() => results.value.filter((result) => result.outcome === 'removed').length),
    refusedCount: computed(() => results.value.filter((result) => result.outcome === 'refused').length),
    offboardError,
    load,
    offboard,
  };
}
