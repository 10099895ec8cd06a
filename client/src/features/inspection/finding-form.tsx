/** Records an inspection finding: unit, quarter, severity, deduction, description, rectification deadline. */

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Notice } from '../../components/states';
import { UnitPicker } from '../../components/unit-picker';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { entryQuarters } from '../../lib/periods';
import { Link, withParams } from '../../lib/router';
import { errorMessage, trpc } from '../../lib/trpc';
import { checkDeadline, checkPoints } from './validate-finding';

type Severity = 'minor' | 'major' | 'veto';

export function FindingForm() {
  const i = useI18n();
  const { t } = i;
  const me = useMe();
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const quarters = useMemo(() => entryQuarters(periods.data ?? [], me.today), [periods.data, me.today]);
  const [unit, setUnit] = useState<string | null>(null);
  const [quarter, setQuarter] = useState<string>('');
  const period = quarter || quarters[0] || '';
  const [severity, setSeverity] = useState<Severity>('minor');
  const [deduction, setDeduction] = useState('');
  const [description, setDescription] = useState('');
  const [deadline, setDeadline] = useState('');
  const [evidence, setEvidence] = useState('');
  const [roundId, setRoundId] = useState('');
  const [tried, setTried] = useState(false);
  const rounds = useQuery({ ...trpc.inspection.rounds.queryOptions({ period }), enabled: !!period });
  const create = useMutation(trpc.inspection.createFinding.mutationOptions());
  const ids = {
    quarter: useId(),
    severity: useId(),
    deduction: useId(),
    description: useId(),
    deadline: useId(),
    evidence: useId(),
    round: useId(),
  };

  const points = checkPoints(deduction);
  const deadlineProblem = period ? checkDeadline(deadline, period) : null;
  const errors = {
    unit: !unit ? t('finding.err.unit') : null,
    deduction: points.problem ? t(`finding.err.points.${points.problem}`) : null,
    description: !description.trim() ? t('finding.err.description') : null,
    deadline: deadlineProblem ? t('finding.err.deadline', { start: period }) : null,
  };
  const valid = !Object.values(errors).some(Boolean);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!valid || !unit || points.value === null) return;
    create.mutate(
      {
        unit,
        period,
        severity,
        deduction: points.value,
        description: description.trim(),
        deadline: deadline || null,
        ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
        roundId: roundId ? Number(roundId) : null,
      },
      {
        onSuccess: () => {
          setTried(false);
          setDeduction('');
          setDescription('');
          setDeadline('');
          setEvidence('');
        },
      },
    );
  };
  const show = (msg: string | null) => (tried && msg ? <span className="field-error">{msg}</span> : null);

  return (
    <section className="card narrow-form">
      {create.isSuccess ? (
        <Notice
          kind="success"
          title={t('finding.createdOk', { unit: create.data.unitName, points: i.score(create.data.deduction) })}
        >
          <Link
            to={withParams(`/scorecard/${encodeURIComponent(create.data.unit)}`, '', { period: create.data.period })}
          >
            {t('finding.seeScorecard')}
          </Link>
        </Notice>
      ) : null}
      {create.isError ? (
        <Notice kind="error" title={t('finding.createFailed')}>
          {errorMessage(create.error)}
        </Notice>
      ) : null}
      <form onSubmit={submit} noValidate className="form-grid">
        <div>
          <UnitPicker value={unit} onChange={(u) => setUnit(u || null)} required inline={false} />
          {show(errors.unit)}
        </div>
        <div className="field">
          <label htmlFor={ids.quarter}>{t('entry.quarter')}</label>
          <select id={ids.quarter} value={period} onChange={(e) => setQuarter(e.target.value)}>
            {quarters.map((q) => (
              <option key={q} value={q}>
                {i.period(q)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.severity}>{t('finding.severity')}</label>
          <select id={ids.severity} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {(['minor', 'major', 'veto'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
          {severity === 'veto' ? <span className="field-hint neg">{t('finding.vetoHint')}</span> : null}
        </div>
        <div className="field">
          <label htmlFor={ids.deduction}>{t('finding.deduction')}</label>
          <input
            id={ids.deduction}
            name="deduction"
            inputMode="decimal"
            value={deduction}
            onChange={(e) => setDeduction(e.target.value)}
            aria-invalid={tried && !!errors.deduction}
          />
          <span className="field-hint">{t('finding.deductionHint')}</span>
          {show(errors.deduction)}
        </div>
        <div className="field span-2">
          <label htmlFor={ids.description}>{t('finding.description')}</label>
          <textarea
            id={ids.description}
            name="description"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
            aria-invalid={tried && !!errors.description}
          />
          {show(errors.description)}
        </div>
        <div className="field">
          <label htmlFor={ids.deadline}>{t('finding.deadline')}</label>
          <input
            id={ids.deadline}
            name="deadline"
            type="date"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            aria-invalid={tried && !!errors.deadline}
          />
          <span className="field-hint">{t('finding.deadlineHint')}</span>
          {show(errors.deadline)}
        </div>
        <div className="field">
          <label htmlFor={ids.round}>{t('finding.round')}</label>
          <select id={ids.round} value={roundId} onChange={(e) => setRoundId(e.target.value)}>
            <option value="">{t('finding.noRound')}</option>
            {(rounds.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {i.date(r.date)} {r.offices.join('、')}
              </option>
            ))}
          </select>
        </div>
        <div className="field span-2">
          <label htmlFor={ids.evidence}>{t('finding.evidence')}</label>
          <input id={ids.evidence} value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={2000} />
        </div>
        <div className="span-2 btn-row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t('state.saving') : t('finding.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
