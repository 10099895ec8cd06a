/** Records a commendation (bonus points for a unit in a quarter, with a reason). */

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Notice } from '../../components/states';
import { UnitPicker } from '../../components/unit-picker';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { entryQuarters } from '../../lib/periods';
import { errorMessage, trpc } from '../../lib/trpc';
import { checkPoints } from './validate-finding';

export function CommendationForm() {
  const i = useI18n();
  const { t } = i;
  const me = useMe();
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const quarters = useMemo(() => entryQuarters(periods.data ?? [], me.today), [periods.data, me.today]);
  const [unit, setUnit] = useState<string | null>(null);
  const [quarter, setQuarter] = useState('');
  const period = quarter || quarters[0] || '';
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const create = useMutation(trpc.inspection.createCommendation.mutationOptions());
  const ids = { quarter: useId(), points: useId(), reason: useId() };
  const p = checkPoints(points, { exclusiveMin: true });
  const errors = {
    unit: !unit ? t('finding.err.unit') : null,
    points: p.problem ? t(`finding.err.points.${p.problem}`) : null,
    reason: !reason.trim() ? t('commend.err.reason') : null,
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(errors).some(Boolean) || !unit || p.value === null) return;
    create.mutate(
      { unit, period, points: p.value, reason: reason.trim() },
      {
        onSuccess: () => {
          setTried(false);
          setPoints('');
          setReason('');
        },
      },
    );
  };
  const show = (msg: string | null) => (tried && msg ? <span className="field-error">{msg}</span> : null);
  return (
    <section className="card narrow-form">
      <p className="muted small">{t('commend.hint')}</p>
      {create.isSuccess ? <Notice kind="success" title={t('commend.createdOk')} /> : null}
      {create.isError ? (
        <Notice kind="error" title={t('commend.failed')}>
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
          <label htmlFor={ids.points}>{t('commend.points')}</label>
          <input id={ids.points} inputMode="decimal" value={points} onChange={(e) => setPoints(e.target.value)} />
          {show(errors.points)}
        </div>
        <div className="field span-2">
          <label htmlFor={ids.reason}>{t('commend.reason')}</label>
          <textarea
            id={ids.reason}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={2000}
          />
          {show(errors.reason)}
        </div>
        <div className="span-2 btn-row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t('state.saving') : t('commend.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
