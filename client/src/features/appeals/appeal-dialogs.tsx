/** Filing an appeal (a unit operator: a finding or one figure, reason and evidence files) and deciding one (leadership). */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Dialog, DialogFooter } from '../../components/dialog';
import { uploadEvidence } from '../../lib/evidence';
import { useI18n } from '../../lib/i18n';
import { indicatorLabel } from '../../lib/indicators';
import { useMe } from '../../lib/me';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';

export type Appeal = RouterOutputs['appeals']['list'][number];

/** Uploads one evidence file to an appeal; resolves with the server's error or null. */
export const uploadAppealFile = (appealId: number, file: File) => uploadEvidence('appeal', appealId, file);

type Target =
  | { kind: 'finding'; findingId: number; period: string; description: string; deduction: number }
  | { kind: 'figure'; periods: string[] };

export function FileAppealDialog({
  target,
  onClose,
  onDone,
}: {
  target: Target;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const i = useI18n();
  const { t } = i;
  const me = useMe();
  const [reason, setReason] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [period, setPeriod] = useState(target.kind === 'figure' ? (target.periods[0] ?? '') : target.period);
  const [indicator, setIndicator] = useState('');
  const [uploadError, setUploadError] = useState<string | null>(null);
  const catalogue = useQuery({ ...trpc.meta.catalogue.queryOptions(), enabled: target.kind === 'figure' });
  const window = useQuery({ ...trpc.appeals.window.queryOptions({ period }), enabled: !!period });
  const reasonId = useId();
  const filesId = useId();
  const periodId = useId();
  const indicatorId = useId();
  const file = useMutation(trpc.appeals.file.mutationOptions());
  const closed = window.data ? window.data.closesOn < me.today : false;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    setUploadError(null);
    file.mutate(
      target.kind === 'finding'
        ? { findingId: target.findingId, reason: reason.trim() }
        : { period, indicator, reason: reason.trim() },
      {
        onSuccess: async (appeal) => {
          for (const f of files) {
            const err = await uploadAppealFile(appeal.id, f);
            if (err) {
              setUploadError(t('appeal.uploadFailed', { name: f.name, error: err }));
              return;
            }
          }
          onDone(t('appeal.filedOk', { date: i.date(appeal.closesOn) }));
        },
      },
    );
  };
  return (
    <Dialog title={t('appeal.fileTitle')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        {target.kind === 'finding' ? (
          <p className="dialog-message">
            {i.period(target.period)} · {target.description} · {t('finding.deduction')} {i.num(target.deduction)}
          </p>
        ) : (
          <>
            <div className="field">
              <label htmlFor={periodId}>{t('period.label')}</label>
              <select id={periodId} value={period} onChange={(e) => setPeriod(e.target.value)} required>
                {target.periods.map((p) => (
                  <option key={p} value={p}>
                    {i.period(p)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={indicatorId}>{t('appeal.indicator')}</label>
              <select id={indicatorId} value={indicator} onChange={(e) => setIndicator(e.target.value)} required>
                <option value="">{t('appeal.chooseIndicator')}</option>
                {(catalogue.data ?? []).map((d) => (
                  <option key={d.code} value={d.code}>
                    {indicatorLabel(d.code, i.lang, catalogue.data)}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        {window.data ? (
          <p className={closed ? 'small neg' : 'small muted'}>
            {closed
              ? t('appeal.windowClosed', { date: i.date(window.data.closesOn) })
              : t('appeal.windowOpen', { version: window.data.version, date: i.date(window.data.closesOn) })}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={reasonId}>{t('appeal.reason')}</label>
          <textarea
            id={reasonId}
            rows={4}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={4000}
          />
        </div>
        <div className="field">
          <label htmlFor={filesId}>{t('appeal.evidence')}</label>
          <input
            id={filesId}
            type="file"
            multiple
            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </div>
        {file.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(file.error)}
          </p>
        ) : null}
        {uploadError ? (
          <p className="field-error" role="alert">
            {uploadError}
          </p>
        ) : null}
        <DialogFooter
          primaryLabel={t('appeal.submit')}
          onCancel={onClose}
          busy={file.isPending}
          disabled={!reason.trim() || (target.kind === 'figure' && !indicator)}
        />
      </form>
    </Dialog>
  );
}

export function DecideAppealDialog({
  appeal,
  onClose,
  onDone,
}: {
  appeal: Appeal;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const i = useI18n();
  const { t } = i;
  const [outcome, setOutcome] = useState<'upheld' | 'partly_upheld' | 'rejected'>('upheld');
  const [reason, setReason] = useState('');
  const [deduction, setDeduction] = useState('');
  const outcomeId = useId();
  const reasonId = useId();
  const deductionId = useId();
  const decide = useMutation(trpc.appeals.decide.mutationOptions());
  const partly = outcome === 'partly_upheld' && appeal.target === 'finding';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    decide.mutate(
      {
        id: appeal.id,
        version: appeal.version,
        outcome,
        reason: reason.trim(),
        ...(partly ? { newDeduction: Number(deduction) } : {}),
      },
      {
        onSuccess: (res) =>
          onDone(res.reopened ? t('appeal.decidedReopened', { period: i.period(res.period) }) : t('appeal.decidedOk')),
      },
    );
  };
  return (
    <Dialog title={t('appeal.decideTitle')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="dialog-message">
          {appeal.unitName} · {i.period(appeal.period)} ·{' '}
          {appeal.finding
            ? `${appeal.finding.description}（${t('finding.deduction')} ${i.num(appeal.finding.deduction)}）`
            : indicatorLabel(appeal.indicatorCode ?? '', i.lang)}
        </p>
        <p className="small">
          {t('appeal.reason')}：{appeal.reason}
        </p>
        <div className="field">
          <label htmlFor={outcomeId}>{t('appeal.outcome')}</label>
          <select
            id={outcomeId}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as 'upheld' | 'partly_upheld' | 'rejected')}
          >
            <option value="upheld">{t('appeal.status.upheld')}</option>
            {appeal.target === 'finding' ? (
              <option value="partly_upheld">{t('appeal.status.partly_upheld')}</option>
            ) : null}
            <option value="rejected">{t('appeal.status.rejected')}</option>
          </select>
        </div>
        {partly ? (
          <div className="field">
            <label htmlFor={deductionId}>{t('appeal.newDeduction')}</label>
            <input
              id={deductionId}
              type="number"
              step="0.01"
              min="0.01"
              value={deduction}
              onChange={(e) => setDeduction(e.target.value)}
              required
            />
          </div>
        ) : null}
        <p className="small muted">
          {outcome === 'rejected'
            ? t('appeal.rejectHint')
            : appeal.target === 'finding'
              ? t('appeal.upholdHint')
              : t('appeal.upholdFigureHint')}
        </p>
        <div className="field">
          <label htmlFor={reasonId}>{t('appeal.decisionReason')}</label>
          <textarea
            id={reasonId}
            rows={4}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={4000}
          />
        </div>
        {decide.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(decide.error)}
          </p>
        ) : null}
        <DialogFooter
          primaryLabel={t('appeal.decide')}
          onCancel={onClose}
          busy={decide.isPending}
          disabled={!reason.trim() || (partly && !deduction)}
        />
      </form>
    </Dialog>
  );
}

/** "申诉" on a finding of a published quarter while its appeal window is open (one query per quarter, shared). */
export function AppealButton({ period, onClick }: { period: string; onClick: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const window = useQuery(trpc.appeals.window.queryOptions({ period }));
  if (!window.data || window.data.closesOn < me.today) return null;
  return (
    <button type="button" className="btn btn-small" onClick={onClick}>
      {t('appeal.file')}
    </button>
  );
}
