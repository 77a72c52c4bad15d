import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { IssuedInvite } from '../api/invites';
import type { ResourceKind, Role } from '../api/types';
import { createFormRequest } from './sender';

export type IssueDeps = {
  /** POST /api/{kind}/{id}/invites. */
  issue(kind: ResourceKind, id: string, role: Role, memo: string | null): Promise<IssuedInvite>;
};

export type IssueOutcome =
  | { kind: 'issued'; invite: IssuedInvite }
  /** No role chosen: the picker shows why. */
  | { kind: 'invalid' }
  /** The server refused, or an invite is already being issued; `error` says why. */
  | { kind: 'refused' };

/** The server's limit of a memo, in characters (code points, as it counts them). */
export const MEMO_MAX_LENGTH = 50;

export type IssueModel = {
  /** Whom the invite is for, as typed (optional; only admins see it). */
  readonly memo: ReadonlySignal<string>;
  /** The memo's length in characters when it is over the limit, else null. */
  readonly memoTooLong: ReadonlySignal<number | null>;
  readonly role: ReadonlySignal<Role | null>;
  /** Shown from the first submit on, while no role is chosen. */
  readonly roleMissing: ReadonlySignal<boolean>;
  readonly sending: ReadonlySignal<boolean>;
  /** The server's refusal of the last attempt (MEMBER_LIMIT, say). */
  readonly error: ReadonlySignal<unknown>;
  /** The invite just issued, with its URL: the only time the token is ever shown. */
  readonly issued: ReadonlySignal<IssuedInvite | null>;
  selectRole(role: Role): void;
  setMemo(memo: string): void;
  issue(kind: ResourceKind, id: string): Promise<IssueOutcome>;
  /** A fresh form, with `role` chosen in advance ("add a second admin" preselects admin). */
  reset(role?: Role | null): void;
};

export function createIssueModel(deps: IssueDeps): IssueModel {
  const role = signal<Role | null>(null);
  const memo = signal('');
  const memoTooLong = computed(() => {
    const length = Array.from(memo.value.trim()).length;
    return length > MEMO_MAX_LENGTH ? length : null;
  });
  const submitted = signal(false);
  const request = createFormRequest();
  const issued = signal<IssuedInvite | null>(null);

  async function issue(kind: ResourceKind, id: string): Promise<IssueOutcome> {
    if (request.sending.peek()) return { kind: 'refused' };
    submitted.value = true;
    const chosen = role.peek();
    if (!chosen || memoTooLong.peek() !== null) return { kind: 'invalid' };
    const note = memo.peek().trim();
    const invite = await request.run(
      () => deps.issue(kind, id, chosen, note === '' ? null : note),
      (answer) => {
        issued.value = answer;
      },
    );
    return invite ? { kind: 'issued', invite } : { kind: 'refused' };
  }

  return {
    memo,
    memoTooLong,
    role,
    roleMissing: computed(() => submitted.value && role.value === null),
    sending: request.sending,
    error: request.error,
    issued,
    selectRole: (value) => {
      role.value = value;
    },
    setMemo: (value) => {
      memo.value = value;
    },
    issue,
    reset: (preselected = null) => {
      batch(() => {
        request.reset();
        role.value = preselected;
        memo.value = '';
        submitted.value = false;
        issued.value = null;
      });
    },
  };
}
