/** A modal dialog on the native <dialog> element (focus stays inside, Escape closes), and a confirmation built on it. */
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../lib/i18n';

export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/**
 * The one footer of every dialog (class `dialog-actions`): optional content first (a download link), then
 * Cancel when `onCancel` is given, then the primary button — a submit of the dialog's form, or a plain
 * button when `onPrimary` is given — which reads 保存中… / Saving… while `busy`.
 */
export function DialogFooter({
  primaryLabel,
  onCancel,
  onPrimary,
  busy,
  disabled,
  danger,
  autoFocus,
  cancelDisabled,
  children,
}: {
  primaryLabel: string;
  onCancel?: () => void;
  onPrimary?: () => void;
  busy?: boolean;
  disabled?: boolean;
  danger?: boolean;
  autoFocus?: boolean;
  cancelDisabled?: boolean;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="dialog-actions">
      {children}
      {onCancel ? (
        <button type="button" className="btn" onClick={onCancel} disabled={cancelDisabled}>
          {t('action.cancel')}
        </button>
      ) : null}
      <button
        type={onPrimary ? 'button' : 'submit'}
        className={danger ? 'btn btn-danger' : 'btn btn-primary'}
        onClick={onPrimary}
        disabled={busy || disabled}
        autoFocus={autoFocus}
      >
        {busy ? t('state.saving') : primaryLabel}
      </button>
    </div>
  );
}

type ConfirmProps = {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Ask for a reason (required when true). */
  reasonLabel?: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
};

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger,
  reasonLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: ConfirmProps) {
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reasonLabel && !reason.trim()) return;
    onConfirm(reason.trim());
  };
  return (
    <Dialog title={title} onClose={onCancel}>
      <form onSubmit={submit} className="dialog-form">
        <div className="dialog-message">{message}</div>
        {reasonLabel ? (
          <div className="field">
            <label htmlFor={reasonId}>{reasonLabel}</label>
            <textarea
              id={reasonId}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={3}
              required
              autoFocus
              maxLength={2000}
            />
          </div>
        ) : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <DialogFooter
          primaryLabel={confirmLabel}
          onCancel={onCancel}
          cancelDisabled={busy}
          busy={busy}
          disabled={!!reasonLabel && !reason.trim()}
          danger={danger}
          autoFocus={!reasonLabel}
        />
      </form>
    </Dialog>
  );
}
