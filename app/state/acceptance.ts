import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { Acceptance, InviteAbout, InvitePreview } from '../api/invites';
import type { ResourceKind } from '../api/types';

export type AcceptanceDeps = {
  preview(token: string): Promise<InvitePreview>;
  /** Whose invite a dead link was (the preview refuses it with 410). */
  about(token: string): Promise<InviteAbout>;
  accept(token: string): Promise<Acceptance>;
  decline(token: string): Promise<void>;
};

/** Why an invite cannot be used, each with its own screen. */
export type Problem =
  | 'invalid'
  | 'expired'
  | 'revoked'
  | 'used'
  | 'already-member'
  | 'member-limit'
  | 'request-pending'
  /** SPEC rule 10: nobody accepts (or declines) an invite they issued; the issuer may only look at it. */
  | 'own-invite';

/** What the invitee sees. `now` tells an outcome reached on this visit from one found on a later visit. */
export type Screen =
  | { kind: 'loading' }
  /** The preview could not be fetched (network, server): retrying may help. */
  | { kind: 'error'; error: unknown }
  /** A pending invite: accept (承認) or decline (辞退). */
  | { kind: 'open' }
  | { kind: 'joined'; now: boolean }
  | { kind: 'awaiting'; now: boolean }
  | { kind: 'declined'; now: boolean }
  | { kind: 'rejected' }
  | { kind: 'problem'; problem: Problem };

export type ResourceRef = { kind: ResourceKind; id: string; name: string };

/** Whom the holder of a link can ask: the account or group it was for, and who sent it. */
export type Whose = { kind: ResourceKind; resourceName: string; inviterName: string };

/** The problems of a link that once worked: the screen says whose invite it was. */
const ASK_WHOM: ReadonlySet<Problem> = new Set(['expired', 'revoked', 'used']);

export type AcceptanceModel = {
  readonly screen: ReadonlySignal<Screen>;
  /** The invite as previewed; kept on the outcome screens, which name the account. */
  readonly preview: ReadonlySignal<InvitePreview | null>;
  /** The account or group to link to once the invitee is (or already was) a member. */
  readonly resource: ReadonlySignal<ResourceRef | null>;
  /** Whose invite it was, for the expired, revoked and used screens (null until known, or if unknowable). */
  readonly whose: ReadonlySignal<Whose | null>;
  readonly busy: ReadonlySignal<'accept' | 'decline' | null>;
  /** Why the last accept or decline failed, when retrying may help (the screen stays open). */
  readonly actionError: ReadonlySignal<unknown>;
  /** Shows the invite behind the token of the URL (missing or malformed: an invalid link). */
  open(token: string | undefined): Promise<void>;
  retry(): Promise<void>;
  accept(): Promise<void>;
  decline(): Promise<void>;
};

/** The invite token of the URL: 256 bits in unpadded base64url, as the Worker's tokenInput checks. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const PROBLEMS: Partial<Record<string, Problem>> = {
  NOT_FOUND: 'invalid',
  INVALID_INPUT: 'invalid',
  INVITE_EXPIRED: 'expired',
  INVITE_REVOKED: 'revoked',
  INVITE_USED: 'used',
  ALREADY_MEMBER: 'already-member',
  MEMBER_LIMIT: 'member-limit',
  REQUEST_PENDING: 'request-pending',
  OWN_INVITE: 'own-invite',
};

export function problemOf(error: unknown): Problem | null {
  return error instanceof ApiError ? (PROBLEMS[error.code] ?? null) : null;
}

/** Where an invite stands for the person who opened it. */
export function screenOf(preview: InvitePreview): Screen {
  // The issuer never uses their invite, so no outcome is theirs; and they are usually a member too: being
  // the issuer is what they need to hear.
  if (preview.ownInvite) return { kind: 'problem', problem: 'own-invite' };
  switch (preview.invite.status) {
    case 'pending':
      return preview.alreadyMember ? { kind: 'problem', problem: 'already-member' } : { kind: 'open' };
    case 'accepted':
      return { kind: 'joined', now: false };
    case 'awaiting_approval':
      return { kind: 'awaiting', now: false };
    case 'declined':
      return { kind: 'declined', now: false };
    case 'rejected':
      return { kind: 'rejected' };
    case 'expired':
      return { kind: 'problem', problem: 'expired' };
    case 'revoked':
      return { kind: 'problem', problem: 'revoked' };
  }
}

export function createAcceptanceModel(deps: AcceptanceDeps): AcceptanceModel {
  const screen = signal<Screen>({ kind: 'loading' });
  const preview = signal<InvitePreview | null>(null);
  const joined = signal<ResourceRef | null>(null);
  const busy = signal<'accept' | 'decline' | null>(null);
  const actionError = signal<unknown>(null);
  const about = signal<Whose | null>(null);
  let token: string | null = null;
  // Opening another link while an answer is on its way makes that answer stale.
  let generation = 0;

  async function open(next: string | undefined): Promise<void> {
    const call = ++generation;
    token = next && TOKEN.test(next) ? next : null;
    batch(() => {
      preview.value = null;
      about.value = null;
      joined.value = null;
      busy.value = null;
      actionError.value = null;
      screen.value = token ? { kind: 'loading' } : { kind: 'problem', problem: 'invalid' };
    });
    if (!token) return;
    try {
      const found = await deps.preview(token);
      if (call !== generation) return;
      batch(() => {
        preview.value = found;
        screen.value = screenOf(found);
      });
    } catch (cause) {
      if (call !== generation) return;
      const problem = problemOf(cause);
      screen.value = problem ? { kind: 'problem', problem } : { kind: 'error', error: cause };
      if (problem && ASK_WHOM.has(problem)) await learnWhose(token, call);
    }
  }

  /** The names behind a dead link; the screen says its problem without them if they cannot be had. */
  async function learnWhose(current: string, call: number): Promise<void> {
    try {
      const { invite } = await deps.about(current);
      if (call !== generation) return;
      about.value = {
        kind: invite.resource.kind,
        resourceName: invite.resource.name,
        inviterName: invite.invitedBy.displayName,
      };
    } catch {
      // Nothing more to say than the problem itself.
    }
  }

  async function act(kind: 'accept' | 'decline'): Promise<void> {
    const current = token;
    if (!current || busy.peek() || screen.peek().kind !== 'open') return;
    const call = generation;
    batch(() => {
      busy.value = kind;
      actionError.value = null;
    });
    try {
      if (kind === 'decline') {
        await deps.decline(current);
        if (call !== generation) return;
        batch(() => {
          busy.value = null;
          screen.value = { kind: 'declined', now: true };
        });
        return;
      }
      const result = await deps.accept(current);
      if (call !== generation) return;
      batch(() => {
        busy.value = null;
        if ('membership' in result) {
          joined.value = result.membership.resource;
          screen.value = { kind: 'joined', now: true };
        } else {
          screen.value = { kind: 'awaiting', now: true };
        }
      });
    } catch (cause) {
      if (call !== generation) return;
      const problem = problemOf(cause);
      batch(() => {
        busy.value = null;
        if (problem) screen.value = { kind: 'problem', problem };
        else actionError.value = cause;
      });
    }
  }

  return {
    screen,
    preview,
    resource: computed(() => {
      const invite = preview.value?.invite;
      return (
        joined.value ??
        (invite ? { kind: invite.resource.kind, id: invite.resource.id, name: invite.resource.name } : null)
      );
    }),
    whose: computed(() => {
      const invite = preview.value?.invite;
      if (invite) {
        return {
          kind: invite.resource.kind,
          resourceName: invite.resource.name,
          inviterName: invite.invitedBy.displayName,
        };
      }
      return about.value;
    }),
    busy,
    actionError,
    open,
    retry: () => open(token ?? undefined),
    accept: () => act('accept'),
    decline: () => act('decline'),
  };
}
