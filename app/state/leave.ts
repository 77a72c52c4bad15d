import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { ResourceKind } from '../api/types';

export type LeaveDeps = {
  /** DELETE /api/{kind}/{id}/members/{the caller}: leaving is removing oneself. */
  leave(kind: ResourceKind, id: string): Promise<void>;
};

export type LeaveOutcome = 'left' | 'last-admin' | 'refused';

export type LeaveModel = {
  readonly sending: ReadonlySignal<boolean>;
  /** The server refused with LAST_ADMIN: the screen explains why and offers the ways out. */
  readonly lastAdmin: ReadonlySignal<boolean>;
  /** Any other refusal or failure of the last attempt. */
  readonly error: ReadonlySignal<unknown>;
  leave(kind: ResourceKind, id: string): Promise<LeaveOutcome>;
  /** Forgets the last attempt (the dialog closed, or another resource is shown). */
  reset(): void;
};

export function isLastAdminError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'LAST_ADMIN';
}

export function createLeaveModel(deps: LeaveDeps): LeaveModel {
  const sending = signal(false);
  const lastAdmin = signal(false);
  const error = signal<unknown>(null);

  async function leave(kind: ResourceKind, id: string): Promise<LeaveOutcome> {
    if (sending.peek()) return 'refused';
    batch(() => {
      sending.value = true;
      lastAdmin.value = false;
      error.value = null;
    });
    try {
      await deps.leave(kind, id);
      sending.value = false;
      return 'left';
    } catch (cause) {
      const refusedAsLast = isLastAdminError(cause);
      batch(() => {
        sending.value = false;
        lastAdmin.value = refusedAsLast;
        error.value = refusedAsLast ? null : cause;
      });
      return refusedAsLast ? 'last-admin' : 'refused';
    }
  }

  return {
    sending,
    lastAdmin,
    error,
    leave,
    reset: () => {
      batch(() => {
        lastAdmin.value = false;
        error.value = null;
      });
    },
  };
}
