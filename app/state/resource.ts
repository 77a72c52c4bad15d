import { computed, type ReadonlySignal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { MemberList, ResourceDetail, ResourceKind } from '../api/types';
import { createLoadable, type LoadStatus } from './load';

export type ResourceDeps = {
  detail(kind: ResourceKind, id: string): Promise<ResourceDetail>;
  members(kind: ResourceKind, id: string): Promise<MemberList>;
};

/**
 * `not-found` covers "no access" too: the API answers 404 for both so that IDs reveal nothing. A malformed
 * ID from a mistyped link (400 INVALID_INPUT: the path is the only input) is just as absent.
 */
export type ResourceStatus = LoadStatus | 'not-found';

export type ResourceModel = {
  readonly status: ReadonlySignal<ResourceStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly detail: ReadonlySignal<ResourceDetail | null>;
  readonly members: ReadonlySignal<MemberList | null>;
  /** Exactly one admin: the screen warns and offers to add a second one. */
  readonly singleAdmin: ReadonlySignal<boolean>;
  readonly canManageMembers: ReadonlySignal<boolean>;
  load(kind: ResourceKind, id: string): Promise<void>;
};

type Page = { detail: ResourceDetail; members: MemberList };

export function createResourceModel(deps: ResourceDeps): ResourceModel {
  const page = createLoadable<Page>();
  let shown = '';

  const status = computed<ResourceStatus>(() => {
    const error = page.error.value;
    const absent = error instanceof ApiError && (error.status === 404 || error.code === 'INVALID_INPUT');
    return absent ? 'not-found' : page.status.value;
  });
  const detail = computed(() => page.data.value?.detail ?? null);
  const members = computed(() => page.data.value?.members ?? null);

  async function fetchPage(kind: ResourceKind, id: string): Promise<Page> {
    const [detail, members] = await Promise.all([deps.detail(kind, id), deps.members(kind, id)]);
    return { detail, members };
  }

  function load(kind: ResourceKind, id: string): Promise<void> {
    const key = `${kind}/${id}`;
    // Another resource's data must not flash on screen; the same resource's may, while it refreshes.
    const same = key === shown;
    shown = key;
    return page.run(() => fetchPage(kind, id), same);
  }

  return {
    status,
    error: page.error,
    detail,
    members,
    singleAdmin: computed(() => (members.value?.adminCount ?? detail.value?.adminCount) === 1),
    canManageMembers: computed(() => detail.value?.capabilities.includes('manage_members') ?? false),
    load,
  };
}
