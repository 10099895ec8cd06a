/** Publishing a period: what is incomplete and what changed since the last version, then a reason where one is needed. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { IncompleteKind } from '../../../../server/domain/publication';
import { ConfirmDialog } from '../../components/dialog';
import { ErrorState, Loading } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { errorMessage, trpc } from '../../lib/trpc';

const SHOWN = 30;

export function PublishDialog({
  period,
  periodLabel,
  onDone,
  onCancel,
}: {
  period: string;
  periodLabel: string;
  onDone: (version: number | null) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const checks = useQuery(trpc.admin.publishChecks.queryOptions({ period }));
  const publish = useMutation(trpc.admin.periodState.mutationOptions({ onSuccess: (r) => onDone(r.version) }));
  const data = checks.data;
  const needsReason = !!data && (data.incomplete.length > 0 || data.latestVersion !== null);
  const message = !data ? (
    checks.isError ? (
      <ErrorState error={checks.error} onRetry={() => void checks.refetch()} />
    ) : (
      <Loading />
    )
  ) : (
    <div className="publish-checks">
      <p>
        {data.latestVersion === null
          ? t('publish.firstVersion')
          : t('publish.nextVersion', {
              version: String(data.latestVersion + 1),
              count: String(data.differences.length),
            })}
      </p>
      {data.incomplete.length === 0 ? (
        <p className="chip chip-ok">{t('publish.complete')}</p>
      ) : (
        <>
          <p>{t('publish.incomplete', { count: String(data.incomplete.length) })}</p>
          <ul>
            {Object.entries(data.counts)
              .filter(([, n]) => n > 0)
              .map(([kind, n]) => (
                <li key={kind}>
                  {t(`publish.kind.${kind as IncompleteKind}`)}：{n}
                </li>
              ))}
          </ul>
          <details>
            <summary>{t('publish.details')}</summary>
            <ul className="publish-items">
              {data.incomplete.slice(0, SHOWN).map((i) => (
                <li key={`${i.kind}|${i.period}|${i.unit ?? ''}|${i.findingId ?? ''}|${i.appealId ?? ''}`}>
                  {t(`publish.kind.${i.kind}`)} · {i.period}
                  {i.name ? ` · ${i.name}` : ''}
                  {i.findingId ? ` · #${i.findingId}` : ''}
                  {i.until ? ` · ${t('publish.until', { date: i.until })}` : ''}
                </li>
              ))}
              {data.incomplete.length > SHOWN ? (
                <li>{t('publish.more', { count: String(data.incomplete.length - SHOWN) })}</li>
              ) : null}
            </ul>
          </details>
        </>
      )}
      {data.differences.length > 0 ? (
        <details>
          <summary>{t('publish.differences', { count: String(data.differences.length) })}</summary>
          <ul className="publish-items">
            {data.differences.slice(0, SHOWN).map((d) => (
              <li key={`${d.unit}|${d.kind}|${d.kind === 'changed' ? d.field : ''}`}>
                {d.name} ·{' '}
                {d.kind === 'changed'
                  ? `${d.field}: ${String(d.published)} → ${String(d.live)}`
                  : t(`publish.${d.kind}`)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
  return (
    <ConfirmDialog
      title={t('rankings.publishTitle', { period: periodLabel })}
      message={
        <>
          <p>{t('rankings.publishMessage')}</p>
          {message}
        </>
      }
      confirmLabel={t('rankings.publish')}
      reasonLabel={needsReason ? t('publish.reason') : undefined}
      busy={publish.isPending || checks.isPending}
      error={publish.isError ? errorMessage(publish.error) : null}
      onConfirm={(reason) => publish.mutate({ period, action: 'publish', ...(reason ? { reason } : {}) })}
      onCancel={onCancel}
    />
  );
}
