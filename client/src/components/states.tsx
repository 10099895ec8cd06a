/** Loading, empty and error states, the same everywhere. */
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { errorCode, errorMessage } from '../lib/trpc';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('state.loading')}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <div className="state-icon" aria-hidden="true">
        ∅
      </div>
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const code = errorCode(error);
  const title =
    code === 'FORBIDDEN'
      ? t('error.forbidden')
      : code === 'NOT_FOUND'
        ? t('error.notFound')
        : code === null
          ? t('error.network')
          : t('error.generic');
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p className="state-detail">{errorMessage(error)}</p>
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** An inline notice (info, warning, error, success). */
export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: 'info' | 'warning' | 'error' | 'success';
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title ? <strong className="notice-title">{title}</strong> : null}
      {children ? <div className="notice-body">{children}</div> : null}
    </div>
  );
}
