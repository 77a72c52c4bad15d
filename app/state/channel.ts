import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { ChannelMismatchDetails } from '../../worker/lib/errors';
import { ApiError } from '../api/errors';
import { createFormRequest } from './sender';

// The connection of an account's Messaging API channel (SPEC §9): the admin's token form, and 接続を解除.

/**
 * As the Worker's connectInput: after a trim, 1 to 1,000 printable ASCII characters and no space (LINE's
 * tokens have none). The server judges.
 */
const TOKEN = /^[\x21-\x7e]{1,1000}$/;

export type TokenError = 'required' | 'format';

export function tokenError(token: string): TokenError | null {
  const trimmed = token.trim();
  if (trimmed === '') return 'required';
  return TOKEN.test(trimmed) ? null : 'format';
}

/** The basic IDs of a CHANNEL_MISMATCH refusal, when the Worker sent them in its details. */
export type Mismatch = ChannelMismatchDetails;

export function mismatchOf(error: unknown): Mismatch | null {
  if (!(error instanceof ApiError) || error.code !== 'CHANNEL_MISMATCH') return null;
  const { details } = error;
  if (typeof details !== 'object' || details === null) return null;
  if (!('accountBasicId' in details) || !('channelBasicId' in details)) return null;
  const { accountBasicId, channelBasicId } = details;
  return typeof accountBasicId === 'string' && typeof channelBasicId === 'string'
    ? { accountBasicId, channelBasicId }
    : null;
}

export type ConnectDeps<C> = { connect(accountId: string, token: string): Promise<C> };

export type ConnectOutcome<C> =
  | { kind: 'connected'; channel: C }
  | { kind: 'invalid' }
  /** LINE or the Worker refused, or a connection is already on its way; `error` says why. */
  | { kind: 'refused' };

export type ConnectModel<C> = {
  readonly token: ReadonlySignal<string>;
  /** Shown from the first submit on, then following the typing. */
  readonly tokenError: ReadonlySignal<TokenError | null>;
  readonly sending: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<unknown>;
  setToken(value: string): void;
  submit(accountId: string): Promise<ConnectOutcome<C>>;
  reset(): void;
};

export function createConnectModel<C>(deps: ConnectDeps<C>): ConnectModel<C> {
  const token = signal('');
  const submitted = signal(false);
  const request = createFormRequest();

  async function submit(accountId: string): Promise<ConnectOutcome<C>> {
    if (request.sending.peek()) return { kind: 'refused' };
    submitted.value = true;
    if (tokenError(token.peek()) !== null) return { kind: 'invalid' };
    const channel = await request.run(
      () => deps.connect(accountId, token.peek().trim()),
      // The token is not kept once LINE accepted it: the page leaves, and it must not be there on return.
      () => {
        token.value = '';
        submitted.value = false;
      },
    );
    return channel === null ? { kind: 'refused' } : { kind: 'connected', channel };
  }

  return {
    token,
    tokenError: computed(() => (submitted.value ? tokenError(token.value) : null)),
    sending: request.sending,
    error: request.error,
    setToken: (value) => {
      token.value = value;
    },
    submit,
    reset: () => {
      batch(() => {
        request.reset();
        token.value = '';
        submitted.value = false;
      });
    },
  };
}

export type DisconnectDeps = { disconnect(accountId: string): Promise<void> };

/** 接続を解除 behind its confirmation: open, confirm (busy until the answer), and a refusal to show. */
export function createDisconnectModel(deps: DisconnectDeps) {
  const open = signal(false);
  const busy = signal(false);
  const error = signal<unknown>(null);

  async function confirm(accountId: string): Promise<boolean> {
    if (busy.peek()) return false;
    batch(() => {
      busy.value = true;
      error.value = null;
    });
    try {
      await deps.disconnect(accountId);
      batch(() => {
        busy.value = false;
        open.value = false;
      });
      return true;
    } catch (cause) {
      batch(() => {
        busy.value = false;
        error.value = cause;
      });
      return false;
    }
  }

  return {
    open: computed(() => open.value),
    busy: computed(() => busy.value),
    error: computed(() => error.value),
    show: () => {
      batch(() => {
        open.value = true;
        error.value = null;
      });
    },
    close: () => {
      if (!busy.peek()) open.value = false;
    },
    confirm,
  };
}
