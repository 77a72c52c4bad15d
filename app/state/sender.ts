import { batch, signal } from '@preact/signals';

export type SendOutcome = { kind: 'created'; id: string } | { kind: 'refused' };

/**
 * Sends a form that creates something: one request at a time, and none after success, since the page
 * then leaves for what was created. A refusal unlocks the form and says why in `error`.
 */
export function createSender() {
  const sending = signal(false);
  const error = signal<unknown>(null);

  async function send(create: () => Promise<{ id: string }>): Promise<SendOutcome> {
    batch(() => {
      sending.value = true;
      error.value = null;
    });
    try {
      return { kind: 'created', id: (await create()).id };
    } catch (cause) {
      batch(() => {
        error.value = cause;
        sending.value = false;
      });
      return { kind: 'refused' };
    }
  }

  function reset(): void {
    batch(() => {
      sending.value = false;
      error.value = null;
    });
  }

  return { sending, error, send, reset };
}

/**
 * A form's request that may outlive the form: one at a time, and an answer that arrives after `reset` (the
 * person left the page, or started over) is dropped rather than shown on the next visit. `onAnswer` runs in
 * the same signal batch that ends `sending`, so the screen never shows the answer and the spinner together.
 */
export function createFormRequest() {
  const sending = signal(false);
  const error = signal<unknown>(null);
  let generation = 0;

  /** The answer, or null when it was refused (see `error`) or came too late. */
  async function run<T>(request: () => Promise<T>, onAnswer: (answer: T) => void): Promise<T | null> {
    const call = generation;
    batch(() => {
      sending.value = true;
      error.value = null;
    });
    try {
      const answer = await request();
      if (call !== generation) return null;
      batch(() => {
        onAnswer(answer);
        sending.value = false;
      });
      return answer;
    } catch (cause) {
      if (call !== generation) return null;
      batch(() => {
        error.value = cause;
        sending.value = false;
      });
      return null;
    }
  }

  /** Forgets any answer on its way; call inside the form's own reset batch. */
  function reset(): void {
    generation += 1;
    sending.value = false;
    error.value = null;
  }

  return { sending, error, run, reset };
}
