import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { Session, User } from '../api/types';

export type SessionDeps = {
  /** A fresh LINE ID token (LIFF). */
  idToken(): Promise<string>;
  /** The LINE app's language (LIFF), sent at sign-in: the server writes the person's LINE messages in it. */
  language?(): string;
  /** POST /api/session. */
  exchange(idToken: string, withMe: boolean, language: string | undefined): Promise<Session>;
  /**
   * Called with each new session inside the batch that signs in, so state set from it (the home screen's
   * data) reaches the screen in the same render.
   */
  onSignedIn?(session: Session): void;
};

export type SignInOptions = {
  /** Ask for the home screen's data along with the session (the first sign-in on ホーム). */
  withMe?: boolean;
};

export type SessionStatus = 'signed-out' | 'signing-in' | 'signed-in' | 'failed';

export type SessionModel = {
  readonly status: ReadonlySignal<SessionStatus>;
  readonly user: ReadonlySignal<User | null>;
  readonly error: ReadonlySignal<unknown>;
  /** The bearer token for the API; kept in memory only. */
  readonly token: ReadonlySignal<string | null>;
  /**
   * Exchanges a LINE ID token for an API session. Concurrent callers share one attempt, with the options
   * of the first.
   */
  signIn(options?: SignInOptions): Promise<boolean>;
};

export function createSessionModel(deps: SessionDeps): SessionModel {
  const status = signal<SessionStatus>('signed-out');
  const user = signal<User | null>(null);
  const error = signal<unknown>(null);
  const token = signal<string | null>(null);
  let attempt: Promise<boolean> | null = null;

  // Only a hint for the server: never a reason for signing in to fail.
  function lineLanguage(): string | undefined {
    try {
      return deps.language?.() || undefined;
    } catch {
      return undefined;
    }
  }

  async function exchange(withMe: boolean): Promise<boolean> {
    status.value = 'signing-in';
    try {
      const session = await deps.exchange(await deps.idToken(), withMe, lineLanguage());
      batch(() => {
        token.value = session.token;
        user.value = session.user;
        error.value = null;
        status.value = 'signed-in';
        deps.onSignedIn?.(session);
      });
      return true;
    } catch (cause) {
      batch(() => {
        token.value = null;
        error.value = cause;
        status.value = 'failed';
      });
      return false;
    }
  }

  function signIn(options: SignInOptions = {}): Promise<boolean> {
    attempt ??= exchange(options.withMe ?? false).finally(() => {
      attempt = null;
    });
    return attempt;
  }

  return { status, user, error, token, signIn };
}
