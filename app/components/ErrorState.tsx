import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { describeError } from '../i18n/labels';

type Props = {
  title: string;
  error: unknown;
  /** Says more than the error's code can (a refusal explained by the screen's context). */
  message?: string;
  onRetry?: () => void;
  /** Replaces the retry button, for errors that retrying does not fix. */
  action?: ComponentChildren;
};

export function ErrorState({ title, error, message: explained, onRetry, action }: Props) {
  const described = describeError(error);
  const { requestId } = described;
  const message = explained ?? described.message;
  return (
    <div class="state" role="alert">
      <h2 class="state-title">{title}</h2>
      <p>{message}</p>
      {requestId && <p class="muted small">{t.errors.requestId(requestId)}</p>}
      {action ??
        (onRetry && (
          <button type="button" class="button" onClick={onRetry}>
            {t.retry}
          </button>
        ))}
    </div>
  );
}
