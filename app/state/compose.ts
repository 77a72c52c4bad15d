import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { ErrorCode } from '../../worker/lib/errors';
import type { Audience, SendBody, Sent } from '../api/channels';
import { ApiError, hasCode } from '../api/errors';
import { createLoadable, type Loadable } from './load';

// メッセージを作成 (SPEC §9): 1 to 5 text bubbles, a test send to oneself, and a broadcast behind a
// confirmation that says whom it reaches. A send is made once: its retry key is kept until it succeeded, so
// that tapping again after a failure (perhaps LINE got it and only the answer was lost) never sends twice.

/** As the Worker's sendInput. Lengths are UTF-16 code units, as it (and LINE) count them. */
export const MESSAGES_MAX = 5;
export const MESSAGE_MAX_LENGTH = 5000;

export type MessageError = 'empty' | 'too-long';

/** The length that counts, and that the counter shows: the text as sent, trimmed. */
export function messageLength(text: string): number {
  return text.trim().length;
}

export function messageError(text: string): MessageError | null {
  const length = messageLength(text);
  if (length === 0) return 'empty';
  return length > MESSAGE_MAX_LENGTH ? 'too-long' : null;
}

/** Passing troubles: the audience is unknown, but the broadcast itself may well go. */
const TRANSIENT: readonly string[] = ['LINE_UNAVAILABLE', 'LINE_RATE_LIMITED', 'NETWORK'];

/** Whether the audience's failure would refuse the broadcast too (a revoked token, the role, the quota…). */
export function audienceBlocked(error: unknown): boolean {
  return !(error instanceof ApiError && TRANSIENT.includes(error.code));
}

/** The server's refusals that mean "this retry key is spent": a new tap is a new send, with a new key. */
const SPENT_KEY: readonly ErrorCode[] = ['RETRY_KEY_REUSED', 'RETRY_KEY_EXPIRED'];

function spentKey(error: unknown): boolean {
  return SPENT_KEY.some((code) => hasCode(error, code));
}

/** Whether 「もう一度押しても二重に届くことはありません」 holds after this failure: not once the key is spent. */
export function retrySafe(error: unknown): boolean {
  return !spentKey(error);
}

export type ComposeDeps = {
  testSend(accountId: string, body: SendBody): Promise<Sent>;
  broadcast(accountId: string, body: SendBody): Promise<Sent>;
  audience(accountId: string): Promise<Audience>;
  /** A fresh retry key (crypto.randomUUID in the app). */
  newKey(): string;
};

export type SendOutcome =
  | { kind: 'sent'; sent: Sent }
  /** The first message to correct, for the focus. */
  | { kind: 'invalid'; index: number }
  /** Refused, or already on its way; the model's error says why. */
  | { kind: 'refused' };

export type ComposeModel = {
  readonly texts: ReadonlySignal<readonly string[]>;
  /** Each message's error, from the first attempt to send on. */
  readonly errors: ReadonlySignal<readonly (MessageError | null)[]>;
  readonly canAdd: ReadonlySignal<boolean>;
  readonly testing: ReadonlySignal<boolean>;
  readonly testError: ReadonlySignal<unknown>;
  /** The last test send of these very messages. */
  readonly tested: ReadonlySignal<Sent | null>;
  /** The broadcast confirmation is open, with its audience (asked when it opens). */
  readonly confirming: ReadonlySignal<boolean>;
  readonly audience: Pick<Loadable<Audience>, 'status' | 'data' | 'error'>;
  readonly broadcasting: ReadonlySignal<boolean>;
  readonly broadcastError: ReadonlySignal<unknown>;
  /** The broadcast made: the screen shows it instead of the composer. */
  readonly sent: ReadonlySignal<Sent | null>;
  setText(index: number, text: string): void;
  add(): void;
  remove(index: number): void;
  sendTest(accountId: string): Promise<SendOutcome>;
  openConfirm(accountId: string): SendOutcome | null;
  closeConfirm(): void;
  broadcast(accountId: string): Promise<SendOutcome>;
  /** A blank message: after a broadcast, or for another account. */
  reset(): void;
};

export function createComposeModel(deps: ComposeDeps): ComposeModel {
  const texts = signal<readonly string[]>(['']);
  const submitted = signal(false);
  const testing = signal(false);
  const testError = signal<unknown>(null);
  const tested = signal<Sent | null>(null);
  const confirming = signal(false);
  const audience = createLoadable<Audience>();
  const broadcasting = signal(false);
  const broadcastError = signal<unknown>(null);
  const sent = signal<Sent | null>(null);
  // One key per send of one content: a changed message is another send and gets its own.
  let testKey: string | null = null;
  let broadcastKey: string | null = null;
  // A reset makes the late answer of a send on its way stale.
  let generation = 0;

  const errors = computed(() =>
    submitted.value ? texts.value.map(messageError) : texts.value.map(() => null),
  );

  function edit(next: readonly string[]): void {
    testKey = null;
    broadcastKey = null;
    batch(() => {
      texts.value = next;
      tested.value = null;
      testError.value = null;
    });
  }

  function firstInvalid(): number | null {
    submitted.value = true;
    const index = texts.peek().findIndex((text) => messageError(text) !== null);
    return index === -1 ? null : index;
  }

  function body(key: string): SendBody {
    return { messages: texts.peek().map((text) => ({ type: 'text', text: text.trim() })), retryKey: key };
  }

  async function sendTest(accountId: string): Promise<SendOutcome> {
    if (testing.peek()) return { kind: 'refused' };
    const invalid = firstInvalid();
    if (invalid !== null) return { kind: 'invalid', index: invalid };
    testKey ??= deps.newKey();
    const key = testKey;
    const call = generation;
    batch(() => {
      testing.value = true;
      testError.value = null;
    });
    try {
      const result = await deps.testSend(accountId, body(key));
      if (call !== generation) return { kind: 'refused' };
      // An edit while it was on its way took the key away: what was tested is no longer what is written.
      const current = testKey === key;
      if (current) testKey = null;
      batch(() => {
        testing.value = false;
        if (current) tested.value = result;
      });
      return { kind: 'sent', sent: result };
    } catch (cause) {
      if (call !== generation) return { kind: 'refused' };
      if (spentKey(cause) && testKey === key) testKey = null;
      batch(() => {
        testing.value = false;
        testError.value = cause;
      });
      return { kind: 'refused' };
    }
  }

  function openConfirm(accountId: string): SendOutcome | null {
    const invalid = firstInvalid();
    if (invalid !== null) return { kind: 'invalid', index: invalid };
    // Made when the confirmation opens, kept if it is closed after a failure and opened again.
    broadcastKey ??= deps.newKey();
    batch(() => {
      confirming.value = true;
      broadcastError.value = null;
    });
    void audience.run(() => deps.audience(accountId), false);
    return null;
  }

  async function broadcast(accountId: string): Promise<SendOutcome> {
    if (broadcasting.peek() || !confirming.peek() || broadcastKey === null) return { kind: 'refused' };
    const key = broadcastKey;
    const call = generation;
    batch(() => {
      broadcasting.value = true;
      broadcastError.value = null;
    });
    try {
      const result = await deps.broadcast(accountId, body(key));
      if (call !== generation) return { kind: 'refused' };
      broadcastKey = null;
      batch(() => {
        broadcasting.value = false;
        confirming.value = false;
        sent.value = result;
      });
      return { kind: 'sent', sent: result };
    } catch (cause) {
      if (call !== generation) return { kind: 'refused' };
      // The server will not take this key again (too old, or another send's): the next tap makes a new one.
      if (spentKey(cause) && broadcastKey === key) broadcastKey = deps.newKey();
      batch(() => {
        broadcasting.value = false;
        broadcastError.value = cause;
      });
      return { kind: 'refused' };
    }
  }

  return {
    texts,
    errors,
    canAdd: computed(() => texts.value.length < MESSAGES_MAX),
    testing,
    testError,
    tested,
    confirming,
    audience,
    broadcasting,
    broadcastError,
    sent,
    setText: (index, text) => edit(texts.peek().map((old, at) => (at === index ? text : old))),
    add: () => {
      if (texts.peek().length < MESSAGES_MAX) edit([...texts.peek(), '']);
    },
    remove: (index) => {
      if (texts.peek().length > 1) edit(texts.peek().filter((_, at) => at !== index));
    },
    sendTest,
    openConfirm,
    closeConfirm: () => {
      if (!broadcasting.peek()) confirming.value = false;
    },
    broadcast,
    reset: () => {
      generation++;
      testKey = null;
      broadcastKey = null;
      audience.reset();
      batch(() => {
        texts.value = [''];
        submitted.value = false;
        testing.value = false;
        testError.value = null;
        tested.value = null;
        confirming.value = false;
        broadcasting.value = false;
        broadcastError.value = null;
        sent.value = null;
      });
    },
  };
}
