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
