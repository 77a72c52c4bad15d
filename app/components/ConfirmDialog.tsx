import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n';
import './manage.css';

type Props = {
  open: boolean;
  title: string;
  children?: ComponentChildren;
  /** Without it the dialog only informs (a refusal, say) and offers to close. */
  confirmLabel?: string;
  busyLabel?: string;
  busy?: boolean;
  cancelLabel: string;
  onConfirm?: () => void;
  onClose: () => void;
};

/**
 * A modal confirmation on the native <dialog>: the browser keeps the focus inside, closes it on Escape and
 * gives the focus back to the button that opened it. The confirming button is red: what it does is lasting.
 */
export function ConfirmDialog(props: Props) {
  const {
    open,
    title,
    children,
    confirmLabel,
    busyLabel,
    busy = false,
    cancelLabel,
    onConfirm,
    onClose,
  } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const latest = useRef({ busy, onClose });
  latest.current = { busy, onClose };

  // The phone's back button (or gesture) closes the dialog, not the screen under it: an open dialog is an
  // entry of the history of its own.
  useEffect(() => {
    if (!open) return;
    history.pushState({ dialog: titleId }, '');
    const ours = () => (history.state as { dialog?: string } | null)?.dialog === titleId;
    let popped = false;
    const onPopState = () => {
      // A request on its way keeps the dialog (its answer decides what it shows): take the entry back.
      if (latest.current.busy) history.pushState({ dialog: titleId }, '');
      else {
        popped = true;
        latest.current.onClose();
      }
    };
    addEventListener('popstate', onPopState);
    return () => {
      removeEventListener('popstate', onPopState);
      // Closed on screen: drop the entry, unless a navigation in the same task has already replaced it.
      if (!popped) setTimeout(() => ours() && history.back());
    };
  }, [open, titleId]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        // A request on its way is not cancelled by Escape: its answer decides what the dialog shows.
        if (busy) event.preventDefault();
      }}
    >
      <h2 id={titleId} class="dialog-title">
        {title}
      </h2>
      {children}
      <div class="actions">
        {onConfirm && confirmLabel && (
          <button
            type="button"
            class="button button-danger"
            onClick={onConfirm}
            disabled={busy}
            aria-busy={busy}
          >
            {busy ? (busyLabel ?? t.working) : confirmLabel}
          </button>
        )}
        <button type="button" class="button button-secondary" onClick={onClose} disabled={busy}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
