/**
 * Appeals (申诉复核): a unit operator's own appeals with their outcome and its published standing before and
 * after; the queue of every unit's appeals for inspectors and leadership, where leadership decides.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { TabPanel, Tabs } from '../../components/tabs';
import { useI18n } from '../../lib/i18n';
import { indicatorLabel } from '../../lib/indicators';
import { useMe } from '../../lib/me';
import { sortPeriodsDesc } from '../../lib/periods';
import { useSearchParam } from '../../lib/router';
import { trpc } from '../../lib/trpc';
import { type Appeal, DecideAppealDialog, FileAppealDialog, uploadAppealFile } from './appeal-dialogs';

type TabKey = 'open' | 'decided';

export default function AppealsPage() {
  const { t } = useI18n();
  const me = useMe();
  const isUnit = me.role === 'unit';
  const [tabParam, setTab] = useSearchParam('tab');
  const tab: TabKey = tabParam === 'decided' ? 'decided' : 'open';
  const appeals = useQuery(trpc.appeals.list.queryOptions(isUnit ? {} : { status: tab }));
  const periods = useQuery({ ...trpc.meta.periods.queryOptions(), enabled: isUnit });
  const published = sortPeriodsDesc(
    (periods.data ?? []).filter((p) => p.quarter !== null && p.version !== null).map((p) => p.code),
  );
  const [filing, setFiling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const list = appeals.isPending ? (
    <Loading />
  ) : appeals.isError ? (
    <ErrorState error={appeals.error} onRetry={() => void appeals.refetch()} />
  ) : appeals.data.length === 0 ? (
    <Empty title={isUnit ? t('appeal.noneMine') : tab === 'open' ? t('appeal.noneOpen') : t('appeal.noneDecided')} />
  ) : (
    <AppealsTable rows={appeals.data} onDone={setNotice} />
  );

  return (
    <div className="page">
      <PageHeader title={t('appeal.title')} subtitle={isUnit ? t('appeal.unitSubtitle') : t('appeal.citySubtitle')}>
        {isUnit ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={published.length === 0}
            onClick={() => setFiling(true)}
          >
            {t('appeal.fileFigure')}
          </button>
        ) : null}
      </PageHeader>
      {notice ? <Notice kind="success" title={notice} /> : null}
      {isUnit ? (
        <section className="card">{list}</section>
      ) : (
        <>
          <Tabs
            idBase="appeals"
            label={t('appeal.title')}
            value={tab}
            onChange={(k) => setTab(k)}
            items={[
              { key: 'open', label: t('appeal.queue') },
              { key: 'decided', label: t('appeal.decided') },
            ]}
          />
          <TabPanel idBase="appeals" active={tab}>
            <section className="card">{list}</section>
          </TabPanel>
        </>
      )}
      {filing ? (
        <FileAppealDialog
          target={{ kind: 'figure', periods: published }}
          onClose={() => setFiling(false)}
          onDone={(msg) => {
            setFiling(false);
            setNotice(msg);
          }}
        />
      ) : null}
    </div>
  );
}

function AppealsTable({ rows, onDone }: { rows: Appeal[]; onDone: (msg: string) => void }) {
  const i = useI18n();
  const { t } = i;
  const me = useMe();
  const mayDecide = me.role === 'leadership' || me.role === 'admin';
  const [deciding, setDeciding] = useState<Appeal | null>(null);
  return (
    <div className="table-scroll">
      <table className="table appeals-table">
        <thead>
          <tr>
            <th scope="col">{t('appeal.number')}</th>
            {me.role !== 'unit' ? <th scope="col">{t('unit.unit')}</th> : null}
            <th scope="col">{t('period.label')}</th>
            <th scope="col">{t('appeal.target')}</th>
            <th scope="col">{t('appeal.reason')}</th>
            <th scope="col">{t('appeal.outcome')}</th>
            <th scope="col">{t('appeal.standing')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-appeal={a.id}>
              <td>#{a.id}</td>
              {me.role !== 'unit' ? (
                <td>
                  {a.unitName}
                  <div className="muted small">{a.unit}</div>
                </td>
              ) : null}
              <td>
                {i.period(a.period)}
                <div className="muted small">{t('appeal.againstVersion', { version: a.appealedVersion })}</div>
              </td>
              <td>
                {a.finding ? (
                  <>
                    {a.finding.description}
                    <div className="small muted">
                      {t('finding.deduction')} {i.num(a.standing.publishedDeduction ?? a.finding.deduction)}
                    </div>
                  </>
                ) : (
                  t('appeal.figure', { name: indicatorLabel(a.indicatorCode ?? '', i.lang) })
                )}
              </td>
              <td>
                {a.reason}
                <div className="small muted">{i.dateTime(a.filedAt)}</div>
                <AppealEvidence appealId={a.id} canAdd={me.role === 'unit' && a.status === 'open'} />
              </td>
              <td>
                <span className={`badge appeal-${a.status}`}>{t(`appeal.status.${a.status}`)}</span>
                {a.decisionReason ? <div className="small">{a.decisionReason}</div> : null}
                {a.newDeduction !== null ? (
                  <div className="small muted">{t('appeal.deductionNow', { points: i.num(a.newDeduction) })}</div>
                ) : null}
              </td>
              <td>
                {a.standing.appealed ? (
                  <div className="small">
                    {t('appeal.standingLine', {
                      version: a.standing.appealed.version,
                      score: i.score(a.standing.appealed.score),
                      rank: a.standing.appealed.rank ?? '—',
                    })}
                  </div>
                ) : null}
                {a.standing.latest ? (
                  <div className="small strong">
                    {t('appeal.standingLine', {
                      version: a.standing.latest.version,
                      score: i.score(a.standing.latest.score),
                      rank: a.standing.latest.rank ?? '—',
                    })}
                  </div>
                ) : a.status === 'upheld' || a.status === 'partly_upheld' ? (
                  <div className="small muted">{t('appeal.waitsForVersion')}</div>
                ) : null}
              </td>
              <td className="actions">
                {mayDecide && a.status === 'open' ? (
                  <button type="button" className="btn btn-small btn-primary" onClick={() => setDeciding(a)}>
                    {t('appeal.decide')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deciding ? (
        <DecideAppealDialog
          appeal={deciding}
          onClose={() => setDeciding(null)}
          onDone={(msg) => {
            setDeciding(null);
            onDone(msg);
          }}
        />
      ) : null}
    </div>
  );
}

/** The appeal's evidence files (links that open them) and, for the unit while it is open, one more. */
function AppealEvidence({ appealId, canAdd }: { appealId: number; canAdd: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const options = trpc.evidence.list.queryOptions({ ownerKind: 'appeal', ownerId: appealId });
  const files = useQuery(options);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = (files.data ?? []).filter((f) => f.withdrawnAt === null);
  const add = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const err = await uploadAppealFile(appealId, file);
    setBusy(false);
    if (err) setError(t('appeal.uploadFailed', { name: file.name, error: err }));
    await queryClient.invalidateQueries({ queryKey: options.queryKey });
  };
  return (
    <div className="small">
      {live.map((f) => (
        <div key={f.id}>
          <a href={`/api/evidence/${f.id}`} target="_blank" rel="noreferrer">
            {f.name}
          </a>
        </div>
      ))}
      {canAdd ? (
        <label className="btn btn-small btn-ghost">
          {busy ? t('state.saving') : t('appeal.addEvidence')}
          <input
            type="file"
            hidden
            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
            disabled={busy}
            onChange={(e) => void add(e.target.files?.[0])}
          />
        </label>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
