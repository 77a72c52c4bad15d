import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
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
            {busy ? (busyLabel ?? confirmLabel) : confirmLabel}
          </button>
        )}
        <button type="button" class="button button-secondary" onClick={onClose} disabled={busy}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
