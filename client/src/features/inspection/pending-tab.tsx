/** Submissions waiting for verification: verify, or return to the unit with a reason. */

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/dialog';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { Link, withParams } from '../../lib/router';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';

type Pending = RouterOutputs['entry']['pending'][number];

export function PendingTab() {
  const i = useI18n();
  const { t } = i;
  const pending = useQuery(trpc.entry.pending.queryOptions({}));
  const review = useMutation(trpc.entry.review.mutationOptions());
  const [acting, setActing] = useState<{ row: Pending; action: 'verify' | 'return' } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  return (
    <section className="card">
      <p className="muted small">{t('inspection.pendingHint')}</p>
      {done ? <Notice kind="success" title={done} /> : null}
      {pending.isPending ? (
        <Loading />
      ) : pending.isError ? (
        <ErrorState error={pending.error} onRetry={() => void pending.refetch()} />
      ) : pending.data.length === 0 ? (
        <Empty title={t('inspection.noPending')} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('unit.unit')}</th>
              <th scope="col">{t('unit.group')}</th>
              <th scope="col">{t('period.label')}</th>
              <th scope="col">{t('inspection.submittedAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {pending.data.map((r) => (
              <tr key={`${r.unit}|${r.period}`}>
                <td>
                  {r.name} <span className="muted small">{r.unit}</span>
                </td>
                <td>{t(`group.${r.group}`)}</td>
                <td>{i.period(r.period)}</td>
                <td>{i.dateTime(r.submittedAt)}</td>
                <td className="actions">
                  <Link className="btn btn-small" to={withParams('/entry', '', { unit: r.unit, period: r.period })}>
                    {t('inspection.viewValues')}
                  </Link>
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    onClick={() => setActing({ row: r, action: 'verify' })}
                  >
                    {t('inspection.verify')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => setActing({ row: r, action: 'return' })}
                  >
                    {t('inspection.return')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {acting ? (
        <ConfirmDialog
          title={acting.action === 'verify' ? t('inspection.verifyTitle') : t('inspection.returnTitle')}
          message={
            <p>
              {t('common.nameCode', { name: acting.row.name, code: acting.row.unit })} · {i.period(acting.row.period)}
            </p>
          }
          confirmLabel={acting.action === 'verify' ? t('inspection.verify') : t('inspection.return')}
          reasonLabel={acting.action === 'return' ? t('inspection.returnReason') : undefined}
          busy={review.isPending}
          error={review.isError ? errorMessage(review.error) : null}
          onConfirm={(reason) =>
            review.mutate(
              {
                unit: acting.row.unit,
                period: acting.row.period,
                version: acting.row.version,
                action: acting.action,
                ...(reason ? { reason } : {}),
              },
              {
                onSuccess: () => {
                  setDone(
                    acting.action === 'verify'
                      ? t('inspection.verifiedOk', { unit: acting.row.name })
                      : t('inspection.returnedOk', { unit: acting.row.name }),
                  );
                  setActing(null);
                },
              },
            )
          }
          onCancel={() => {
            setActing(null);
            review.reset();
          }}
        />
      ) : null}
    </section>
  );
}
