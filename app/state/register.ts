import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { NewAccount } from '../api/types';
import { createSender } from './sender';

export type RegisterDeps = { createAccount(input: NewAccount): Promise<{ id: string }> };

// The same rules as the Worker's createAccountInput (worker/resources/schema.ts), checked here so the form
// can say what is wrong before sending; the server stays the judge.
export const NAME_MAX = 100;
const BASIC_ID = /^@[0-9a-z._-]{1,20}$/;

export type NameError = 'required' | 'too-long';
export type BasicIdError = 'format';
export type Field = 'name' | 'basicId';

export function nameError(name: string): NameError | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'required';
  return trimmed.length > NAME_MAX ? 'too-long' : null;
}

/** The basic ID is optional; LINE shows it in upper or lower case, and the server stores it lower-case. */
export function basicIdError(basicId: string): BasicIdError | null {
  const normalized = basicId.trim().toLowerCase();
  return normalized === '' || BASIC_ID.test(normalized) ? null : 'format';
}

export type SubmitOutcome =
  | { kind: 'created'; id: string }
  /** The first field to correct, for the focus. */
  | { kind: 'invalid'; field: Field }
  /** The server refused, or the form is already being sent; `error` says why. */
  | { kind: 'refused' };

export type RegisterModel = {
  readonly name: ReadonlySignal<string>;
  readonly basicId: ReadonlySignal<string>;
  /**
   * Errors to show. They appear at the first submit and then follow the typing. Not when a field loses
   * focus: a message appearing then moves the submit button away from the finger that is tapping it.
   */
  readonly nameError: ReadonlySignal<NameError | null>;
  readonly basicIdError: ReadonlySignal<BasicIdError | null>;
  /** From a valid submit until the server refuses it or the form is reset. */
  readonly sending: ReadonlySignal<boolean>;
  /** The server's refusal of the last submission. */
  readonly error: ReadonlySignal<unknown>;
  setName(value: string): void;
  setBasicId(value: string): void;
  submit(): Promise<SubmitOutcome>;
  reset(): void;
};

export function createRegisterModel(deps: RegisterDeps): RegisterModel {
  const name = signal('');
  const basicId = signal('');
  const submitted = signal(false);
  const sender = createSender();

  async function submit(): Promise<SubmitOutcome> {
    if (sender.sending.peek()) return { kind: 'refused' };
    submitted.value = true;
    if (nameError(name.peek())) return { kind: 'invalid', field: 'name' };
    if (basicIdError(basicId.peek())) return { kind: 'invalid', field: 'basicId' };
    const input: NewAccount = { name: name.peek().trim() };
    const normalizedBasicId = basicId.peek().trim().toLowerCase();
    if (normalizedBasicId) input.basicId = normalizedBasicId;
    return sender.send(() => deps.createAccount(input));
  }

  return {
    name,
    basicId,
    nameError: computed(() => (submitted.value ? nameError(name.value) : null)),
    basicIdError: computed(() => (submitted.value ? basicIdError(basicId.value) : null)),
    sending: sender.sending,
    error: sender.error,
    setName: (value) => {
      name.value = value;
    },
    setBasicId: (value) => {
      basicId.value = value;
    },
    submit,
    reset: () => {
      batch(() => {
        name.value = '';
        basicId.value = '';
        submitted.value = false;
        sender.reset();
      });
    },
  };
}
