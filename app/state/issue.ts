import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { IssuedInvite } from '../api/invites';
import type { ResourceKind, Role } from '../api/types';

export type IssueDeps = {
  /** POST /api/{kind}/{id}/invites. */
  issue(kind: ResourceKind, id: string, role: Role): Promise<IssuedInvite>;
};

export type IssueOutcome =
  | { kind: 'issued'; invite: IssuedInvite }
  /** No role chosen: the picker shows why. */
  | { kind: 'invalid' }
  /** The server refused, or an invite is already being issued; `error` says why. */
  | { kind: 'refused' };

export type IssueModel = {
  readonly role: ReadonlySignal<Role | null>;
  /** Shown from the first submit on, while no role is chosen. */
  readonly roleMissing: ReadonlySignal<boolean>;
  readonly sending: ReadonlySignal<boolean>;
  /** The server's refusal of the last attempt (MEMBER_LIMIT, say). */
  readonly error: ReadonlySignal<unknown>;
  /** The invite just issued, with its URL: the only time the token is ever shown. */
  readonly issued: ReadonlySignal<IssuedInvite | null>;
  selectRole(role: Role): void;
  issue(kind: ResourceKind, id: string): Promise<IssueOutcome>;
  /** A fresh form, with `role` chosen in advance ("add a second admin" preselects admin). */
  reset(role?: Role | null): void;
};

export function createIssueModel(deps: IssueDeps): IssueModel {
  const role = signal<Role | null>(null);
  const submitted = signal(false);
  const sending = signal(false);
  const error = signal<unknown>(null);
  const issued = signal<IssuedInvite | null>(null);
  // A reset while an invite is on its way (the admin left the page) makes its late answer stale.
  let generation = 0;

  async function issue(kind: ResourceKind, id: string): Promise<IssueOutcome> {
    if (sending.peek()) return { kind: 'refused' };
    submitted.value = true;
    const chosen = role.peek();
    if (!chosen) return { kind: 'invalid' };
    const call = generation;
    batch(() => {
      sending.value = true;
      error.value = null;
    });
    try {
      const invite = await deps.issue(kind, id, chosen);
      if (call !== generation) return { kind: 'refused' };
      batch(() => {
        issued.value = invite;
        sending.value = false;
      });
      return { kind: 'issued', invite };
    } catch (cause) {
      if (call !== generation) return { kind: 'refused' };
      batch(() => {
        error.value = cause;
        sending.value = false;
      });
      return { kind: 'refused' };
    }
  }

  return {
    role,
    roleMissing: computed(() => submitted.value && role.value === null),
    sending,
    error,
    issued,
    selectRole: (value) => {
      role.value = value;
    },
    issue,
    reset: (preselected = null) => {
      generation += 1;
      batch(() => {
        role.value = preselected;
        submitted.value = false;
        sending.value = false;
        error.value = null;
        issued.value = null;
      });
    },
  };
}
