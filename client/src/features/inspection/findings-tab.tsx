/** Findings lists: all (with filters), overdue rectifications, rectifications waiting for an inspector's confirmation. */

import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { OverdueNote, RectificationBadge, SeverityBadge } from '../../components/badges';
import { ConfirmDialog, Dialog, DialogFooter } from '../../components/dialog';
import { EvidenceList } from '../../components/evidence-list';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { UnitPicker } from '../../components/unit-picker';
import { WarningBadge } from '../../components/warning-badge';
import { EVIDENCE_ACCEPT, refreshEvidence, uploadEvidence } from '../../lib/evidence';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { sortPeriodsDesc } from '../../lib/periods';
import { Link, useSearchParam, withParams } from '../../lib/router';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';
import { AppealButton, FileAppealDialog } from '../appeals/appeal-dialogs';

type Finding = RouterOutputs['inspection']['findings'][number];
type EvidenceFile = RouterOutputs['evidence']['list'][number];
type Mode = 'all' | 'overdue' | 'confirm';

export function FindingsTab({ mode }: { mode: Mode }) {
  const { t, period: fmtPeriod } = useI18n();
  const me = useMe();
  const isCity = me.role !== 'unit';
  const [unit, setUnit] = useSearchParam('unit');
  const [period, setPeriod] = useSearchParam('fperiod');
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const periodId = useId();
  const input =
    mode === 'overdue'
      ? { overdueOnly: true, ...(unit && isCity ? { unit } : {}) }
      : { ...(period && mode === 'all' ? { period } : {}), ...(unit && isCity ? { unit } : {}) };
  const findings = useQuery(trpc.inspection.findings.queryOptions(input));
  const rows = (findings.data ?? []).filter((f) => (mode === 'confirm' ? f.rectificationStatus === 'pending' : true));
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section className="card">
      <div className="toolbar">
        {isCity ? (
          <UnitPicker value={unit} onChange={(u) => setUnit(u || null)} allowNone={t('filter.allUnits')} />
        ) : null}
        {mode === 'all' ? (
          <div className="field field-inline">
            <label htmlFor={periodId}>{t('period.label')}</label>
            <select id={periodId} value={period ?? ''} onChange={(e) => setPeriod(e.target.value || null)}>
              <option value="">{t('filter.allPeriods')}</option>
              {sortPeriodsDesc((periods.data ?? []).map((p) => p.code)).map((c) => (
                <option key={c} value={c}>
                  {fmtPeriod(c)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <span className="muted small">{findings.data ? t('inspection.count', { n: rows.length }) : null}</span>
      </div>
      {mode === 'overdue' ? <p className="muted small">{t('inspection.overdueHint')}</p> : null}
      {mode === 'confirm' ? <p className="muted small">{t('inspection.confirmHint')}</p> : null}
      {notice ? <Notice kind="success" title={notice} /> : null}
      {findings.isPending ? (
        <Loading />
      ) : findings.isError ? (
        <ErrorState error={findings.error} onRetry={() => void findings.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          title={
            mode === 'overdue'
              ? t('inspection.noOverdue')
              : mode === 'confirm'
                ? t('inspection.noConfirm')
                : t('inspection.noFindings')
          }
        />
      ) : (
        <FindingsTable rows={rows} mode={mode} onDone={setNotice} />
      )}
    </section>
  );
}

function FindingsTable({
  rows,
  mode,
  onDone,
}: {
  /** Findings as listed: each carries its warning colour (the finding's, or its pending claim's). */
  rows: Finding[];
  mode: Mode;
  onDone: (msg: string) => void;
}) {
  const i = useI18n();
  const { t, signed } = i;
  const me = useMe();
  const isInspector = me.role === 'inspector' || me.role === 'admin';
  const [rectifying, setRectifying] = useState<Finding | null>(null);
  const [reviewing, setReviewing] = useState<{ f: Finding; confirm: boolean } | null>(null);
  const [deleting, setDeleting] = useState<Finding | null>(null);
  const [appealing, setAppealing] = useState<Finding | null>(null);
  const appeals = useQuery({ ...trpc.appeals.list.queryOptions({}), enabled: me.role === 'unit' });
  const openAppeal = new Set((appeals.data ?? []).filter((a) => a.status === 'open').map((a) => a.findingId));
  const review = useMutation(trpc.inspection.reviewRectification.mutationOptions());
  const remove = useMutation(trpc.inspection.deleteFinding.mutationOptions());
  const evidence = useClaimEvidence(rows);

  return (
    <div className="table-scroll">
      <table className="table findings-table">
        <thead>
          <tr>
            {me.role !== 'unit' ? <th scope="col">{t('unit.unit')}</th> : null}
            <th scope="col">{t('period.label')}</th>
            <th scope="col">{t('finding.severity')}</th>
            <th scope="col">{t('finding.description')}</th>
            <th scope="col" className="num">
              {t('finding.deduction')}
            </th>
            <th scope="col">{t('finding.deadline')}</th>
            <th scope="col">{t('finding.rectification')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.id} className={f.overdue && !f.rectifiedAt ? 'row-alert' : undefined}>
              {me.role !== 'unit' ? (
                <td>
                  <Link to={withParams(`/scorecard/${encodeURIComponent(f.unit)}`, '', { period: f.period })}>
                    {f.unitName}
                  </Link>
                  <div className="muted small">{f.unit}</div>
                </td>
              ) : null}
              <td>{i.period(f.period)}</td>
              <td>
                <SeverityBadge severity={f.severity} />
              </td>
              <td>
                {f.description}
                {f.evidence ? (
                  <div className="small muted">
                    {t('finding.evidence')}: {f.evidence}
                  </div>
                ) : null}
                {f.rejectionReason ? (
                  <div className="small neg">{t('finding.rejected', { reason: f.rejectionReason })}</div>
                ) : null}
              </td>
              <td className="num neg">{signed(-f.deduction)}</td>
              <td>
                {i.date(f.deadline)}
                {f.overdue ? <OverdueNote days={f.daysOverdue} deadline={f.deadline} /> : null}
              </td>
              <td>
                <RectificationBadge status={f.rectificationStatus} overdue={f.overdue} />
                {f.warning ? (
                  <div>
                    <WarningBadge {...f.warning} />
                  </div>
                ) : null}
                {(f.rectifiedAt ?? f.claim?.rectifiedAt) ? (
                  <div className="small muted">
                    {i.date((f.rectifiedAt ?? f.claim?.rectifiedAt)!)}
                    {(f.rectificationNote ?? f.claim?.note) ? `：${f.rectificationNote ?? f.claim?.note}` : ''}
                  </div>
                ) : null}
                {f.claim ? (
                  <EvidenceList
                    ownerKind="claim"
                    ownerId={f.claim.id}
                    files={evidence.get(f.claim.id) ?? null}
                    canAdd={me.role === 'unit' && f.claim.status === 'pending'}
                    canWithdraw={me.role === 'unit' && f.claim.status === 'pending'}
                  />
                ) : null}
              </td>
              <td className="actions">
                {me.role === 'unit' && (f.rectificationStatus === 'open' || f.rectificationStatus === 'rejected') ? (
                  <button type="button" className="btn btn-small btn-primary" onClick={() => setRectifying(f)}>
                    {t('finding.rectify')}
                  </button>
                ) : null}
                {me.role === 'unit' ? (
                  openAppeal.has(f.id) ? (
                    <span className="badge appeal-open">{t('appeal.openAlready')}</span>
                  ) : (
                    <AppealButton period={f.period} onClick={() => setAppealing(f)} />
                  )
                ) : null}
                {isInspector && f.rectificationStatus === 'pending' ? (
                  <>
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      onClick={() => setReviewing({ f, confirm: true })}
                    >
                      {t('finding.confirm')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setReviewing({ f, confirm: false })}>
                      {t('finding.reject')}
                    </button>
                  </>
                ) : null}
                {isInspector && mode === 'all' ? (
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setDeleting(f)}>
                    {t('action.delete')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rectifying ? (
        <RectifyDialog
          finding={rectifying}
          onClose={() => setRectifying(null)}
          onDone={() => {
            setRectifying(null);
            onDone(t('finding.rectifiedOk'));
          }}
        />
      ) : null}
      {reviewing ? (
        <ConfirmDialog
          title={reviewing.confirm ? t('finding.confirmTitle') : t('finding.rejectTitle')}
          message={
            <p>
              {reviewing.f.unitName} · {reviewing.f.description}
              <br />
              {t('finding.rectifiedAt')}: {i.date((reviewing.f.claim?.rectifiedAt ?? reviewing.f.rectifiedAt)!)}{' '}
              {reviewing.f.rectificationNote}
            </p>
          }
          confirmLabel={reviewing.confirm ? t('finding.confirm') : t('finding.reject')}
          reasonLabel={reviewing.confirm ? undefined : t('finding.rejectReason')}
          busy={review.isPending}
          error={review.isError ? errorMessage(review.error) : null}
          onConfirm={(reason) =>
            review.mutate(
              {
                id: reviewing.f.id,
                version: reviewing.f.version,
                confirm: reviewing.confirm,
                ...(reason ? { reason } : {}),
              },
              {
                onSuccess: () => {
                  onDone(reviewing.confirm ? t('finding.confirmedOk') : t('finding.rejectedOk'));
                  setReviewing(null);
                },
              },
            )
          }
          onCancel={() => {
            setReviewing(null);
            review.reset();
          }}
        />
      ) : null}
      {appealing ? (
        <FileAppealDialog
          target={{
            kind: 'finding',
            findingId: appealing.id,
            period: appealing.period,
            description: appealing.description,
            deduction: appealing.deduction,
          }}
          onClose={() => setAppealing(null)}
          onDone={(msg) => {
            setAppealing(null);
            onDone(msg);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('finding.deleteTitle')}
          message={
            <p>
              {deleting.unitName} · {deleting.description}
            </p>
          }
          confirmLabel={t('action.delete')}
          danger
          busy={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() =>
            remove.mutate(
              { id: deleting.id, version: deleting.version },
              {
                onSuccess: () => {
                  onDone(t('finding.deletedOk'));
                  setDeleting(null);
                },
              },
            )
          }
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
        />
      ) : null}
    </div>
  );
}

/** The evidence files of every claim in the table: one evidence.listMany per 200 claims, not one list per claim. */
function useClaimEvidence(rows: Finding[]): Map<number, EvidenceFile[]> {
  const ids = rows.flatMap((f) => (f.claim ? [f.claim.id] : []));
  const pages: number[][] = [];
  for (let k = 0; k < ids.length; k += 200) pages.push(ids.slice(k, k + 200));
  const lists = useQueries({
    queries: pages.map((ownerIds) => trpc.evidence.listMany.queryOptions({ ownerKind: 'claim', ownerIds })),
  });
  const out = new Map<number, EvidenceFile[]>();
  for (const l of lists) for (const o of l.data ?? []) out.set(o.ownerId, o.files);
  return out;
}

function RectifyDialog({ finding, onClose, onDone }: { finding: Finding; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [date, setDate] = useState(me.today);
  const [note, setNote] = useState('');
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const dateId = useId();
  const noteId = useId();
  const filesId = useId();
  const rectify = useMutation(
    trpc.inspection.rectify.mutationOptions({
      onSuccess: async (f) => {
        // The claim exists now: its evidence files go up one by one (each streamed, type checked by the server).
        const claimId = f.claim?.id;
        if (claimId && files.length) {
          setUploading(true);
          const failures: string[] = [];
          for (const file of files) {
            const err = await uploadEvidence('claim', claimId, file);
            if (err) failures.push(t('evidence.uploadFailed', { name: file.name, error: err }));
          }
          setUploading(false);
          await refreshEvidence(queryClient);
          if (failures.length) {
            setUploadError(failures.join('；'));
            return;
          }
        }
        onDone();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim() || !date) return;
    rectify.mutate({ id: finding.id, version: finding.version, rectifiedAt: date, note: note.trim() });
  };
  return (
    <Dialog title={t('finding.rectifyTitle')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="dialog-message">{finding.description}</p>
        <div className="field">
          <label htmlFor={dateId}>{t('finding.rectifiedAt')}</label>
          <input
            id={dateId}
            type="date"
            value={date}
            max={me.today}
            onChange={(e) => setDate(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={noteId}>{t('finding.rectifyNote')}</label>
          <textarea
            id={noteId}
            rows={4}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            required
            maxLength={2000}
          />
        </div>
        <div className="field">
          <label htmlFor={filesId}>{t('evidence.files')}</label>
          <input
            id={filesId}
            type="file"
            multiple
            accept={EVIDENCE_ACCEPT}
            disabled={rectify.isSuccess}
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          />
        </div>
        {rectify.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(rectify.error)}
          </p>
        ) : null}
        {uploadError ? (
          <p className="field-error" role="alert">
            {t('finding.claimSavedUploadFailed')} {uploadError}
          </p>
        ) : null}
        {uploadError ? (
          <DialogFooter primaryLabel={t('action.close')} onPrimary={onDone} />
        ) : (
          <DialogFooter
            primaryLabel={t('finding.rectifySubmit')}
            onCancel={onClose}
            busy={rectify.isPending || uploading}
            disabled={rectify.isSuccess || !note.trim() || !date}
          />
        )}
      </form>
    </Dialog>
  );
}
