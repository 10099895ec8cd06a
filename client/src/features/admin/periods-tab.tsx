/** Quarter locks: lock, publish, or reopen with a reason (an audited act). */

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/dialog';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { sortPeriodsDesc } from '../../lib/periods';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';
import { PublishDialog } from '../rankings/publish-dialog';

type Period = RouterOutputs['meta']['periods'][number];
type Action = 'lock' | 'publish' | 'reopen';

export function PeriodsTab() {
  const i = useI18n();
  const { t } = i;
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const change = useMutation(trpc.admin.periodState.mutationOptions());
  const [acting, setActing] = useState<{ p: Period; action: Action } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  const quarters = sortPeriodsDesc(periods.data.filter((p) => p.quarter !== null).map((p) => p.code)).map(
    (c) => periods.data.find((p) => p.code === c)!,
  );
  return (
    <section className="card">
      <p className="muted small">{t('admin.periodsHint')}</p>
      {done ? <Notice kind="success" title={done} /> : null}
      {quarters.length === 0 ? (
        <Empty title={t('overview.noPeriods')} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('period.label')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('admin.lockedAt')}</th>
              <th scope="col">{t('admin.publishedAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {quarters.map((p) => (
              <tr key={p.code}>
                <th scope="row">{i.period(p.code)}</th>
                <td>
                  {p.published ? (
                    <span className="chip chip-ok">{t('period.published')}</span>
                  ) : p.locked ? (
                    <span className="chip chip-warn">{t('period.locked')}</span>
                  ) : (
                    <span className="chip">{t('period.open')}</span>
                  )}
                </td>
                <td>{i.dateTime(p.lockedAt)}</td>
                <td>{i.dateTime(p.publishedAt)}</td>
                <td className="actions">
                  {!p.locked ? (
                    <button type="button" className="btn btn-small" onClick={() => setActing({ p, action: 'lock' })}>
                      {t('admin.lock')}
                    </button>
                  ) : null}
                  {!p.published ? (
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      onClick={() => setActing({ p, action: 'publish' })}
                    >
                      {t('rankings.publish')}
                    </button>
                  ) : null}
                  {p.locked ? (
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      onClick={() => setActing({ p, action: 'reopen' })}
                    >
                      {t('admin.reopen')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {acting?.action === 'publish' ? (
        <PublishDialog
          period={acting.p.code}
          periodLabel={i.period(acting.p.code)}
          onDone={() => {
            setDone(t('admin.publishDone', { period: i.period(acting.p.code) }));
            setActing(null);
          }}
          onCancel={() => setActing(null)}
        />
      ) : acting ? (
        <ConfirmDialog
          title={t(`admin.${acting.action}Title`, { period: i.period(acting.p.code) })}
          message={<p>{t(`admin.${acting.action}Message`)}</p>}
          confirmLabel={acting.action === 'lock' ? t('admin.lock') : t('admin.reopen')}
          danger={acting.action === 'reopen'}
          reasonLabel={acting.action === 'reopen' ? t('admin.reopenReason') : undefined}
          busy={change.isPending}
          error={change.isError ? errorMessage(change.error) : null}
          onConfirm={(reason) =>
            change.mutate(
              { period: acting.p.code, action: acting.action, ...(reason ? { reason } : {}) },
              {
                onSuccess: () => {
                  setDone(t(`admin.${acting.action}Done`, { period: i.period(acting.p.code) }));
                  setActing(null);
                },
              },
            )
          }
          onCancel={() => {
            setActing(null);
            change.reset();
          }}
        />
      ) : null}
    </section>
  );
}
