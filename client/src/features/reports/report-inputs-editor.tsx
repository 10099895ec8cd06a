/** The report's edited parts: its free-text sections and the figures the quarterly data does not hold (blank = 未统计). */

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import {
  EXTRA_FIGURES,
  EXTRA_FIGURES_BY_KEY,
  type ExtraFigureGroup,
  TABLE3_COLUMNS,
  TABLE3_ROWS,
  TABLE4_BLOCKS,
  TABLE4_OUTCOMES,
  table3Key,
  table4Key,
} from '../../../../server/domain/report/extra-figures';
import { ErrorState, Loading, Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { measureLabel } from '../../lib/indicators';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';

type Inputs = RouterOutputs['reports']['inputs'];
const TRAINING_BATCHES = 'training.batches';
// The report's free-text sections (server/domain/report/annual-report.ts REPORT_TEXT_KEYS; not imported, to keep zod out of this chunk).
const REPORT_TEXT_KEYS = ['organisation', 'problems', 'other', 'gazette'] as const;
const LIST_GROUPS: ExtraFigureGroup[] = ['table2', 'fees', 'legacy'];

export function ReportInputsEditor({ year, unit, readOnly }: { year: number; unit: string | null; readOnly: boolean }) {
  const inputs = useQuery(trpc.reports.inputs.queryOptions({ year, unit }));
  if (inputs.isPending) return <Loading />;
  if (inputs.isError) return <ErrorState error={inputs.error} onRetry={() => void inputs.refetch()} />;
  return (
    <InputsForm key={`${year}|${unit ?? 'city'}`} data={inputs.data} year={year} unit={unit} readOnly={readOnly} />
  );
}

/** A figure's text as a number: blank → null (not recorded); NaN when not a number ≥ 0. */
function figureValue(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

function InputsForm({
  data,
  year,
  unit,
  readOnly,
}: {
  data: Inputs;
  year: number;
  unit: string | null;
  readOnly: boolean;
}) {
  const i = useI18n();
  const { t } = i;
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(REPORT_TEXT_KEYS.map((k) => [k, data.texts[k] ?? ''])),
  );
  const [figures, setFigures] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(data.figures).map(([k, v]) => [k, String(v)])),
  );
  const save = useMutation(trpc.reports.saveInputs.mutationOptions());
  const textIds = Object.fromEntries(REPORT_TEXT_KEYS.map((k) => [k, `report-text-${k}`]));
  const batchesId = useId();

  const invalid = useMemo(
    () =>
      Object.entries(figures).filter(([k, v]) => {
        const n = figureValue(v);
        if (n === null) return false;
        if (Number.isNaN(n)) return true;
        const def = EXTRA_FIGURES_BY_KEY.get(k);
        return (def ? !def.allowsDecimals : true) && !Number.isInteger(n);
      }),
    [figures],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid.length) return;
    const changedTexts = Object.fromEntries(
      REPORT_TEXT_KEYS.filter((k) => (data.texts[k] ?? '') !== texts[k]).map((k) => [k, texts[k] ?? '']),
    );
    const keys = new Set([...Object.keys(figures), ...Object.keys(data.figures)]);
    const changedFigures: Record<string, number | null> = {};
    for (const k of keys) {
      const next = figureValue(figures[k] ?? '');
      const prev = data.figures[k] ?? null;
      if (next !== prev) changedFigures[k] = next;
    }
    save.mutate({ year, unit, texts: changedTexts, figures: changedFigures });
  };

  const figureInput = (key: string, label: string) => {
    const v = figures[key] ?? '';
    const n = figureValue(v);
    const bad =
      n !== null && (Number.isNaN(n) || (!EXTRA_FIGURES_BY_KEY.get(key)?.allowsDecimals && !Number.isInteger(n)));
    return (
      <input
        type="text"
        inputMode="decimal"
        aria-label={label}
        title={label}
        value={v}
        placeholder={t('report.notRecorded')}
        aria-invalid={bad}
        className={bad ? 'input-error' : undefined}
        readOnly={readOnly}
        onChange={(e) => setFigures((prev) => ({ ...prev, [key]: e.target.value }))}
      />
    );
  };

  return (
    <form className="card report-inputs" onSubmit={submit} noValidate>
      <p className="muted small">{readOnly ? t('report.readOnlyHint') : t('report.inputsHint')}</p>
      {save.isSuccess ? <Notice kind="success" title={t('report.savedOk')} /> : null}
      {save.isError ? (
        <Notice kind="error" title={t('report.saveFailed')}>
          {errorMessage(save.error)}
        </Notice>
      ) : null}
      <h2 className="small-title">{t('report.texts')}</h2>
      {REPORT_TEXT_KEYS.map((k) => (
        <div className="field" key={k}>
          <label htmlFor={textIds[k]}>{t(`report.section.${k}`)}</label>
          <textarea
            id={textIds[k]}
            rows={5}
            value={texts[k] ?? ''}
            readOnly={readOnly}
            onChange={(e) => setTexts((prev) => ({ ...prev, [k]: e.target.value }))}
            placeholder={t('report.generatedPlaceholder')}
            maxLength={20000}
          />
        </div>
      ))}

      <h2 className="small-title">{t('report.figures')}</h2>
      <div className="field field-inline">
        <label htmlFor={batchesId}>{t('report.trainingBatches')}</label>
        <input
          id={batchesId}
          type="text"
          inputMode="numeric"
          value={figures[TRAINING_BATCHES] ?? ''}
          placeholder={t('report.notRecorded')}
          readOnly={readOnly}
          onChange={(e) => setFigures((prev) => ({ ...prev, [TRAINING_BATCHES]: e.target.value }))}
        />
      </div>

      <details className="figure-group">
        <summary>{t('report.group.table3')}</summary>
        <div className="table-scroll">
          <table className="table table-compact figure-grid">
            <thead>
              <tr>
                <th scope="col" />
                {TABLE3_COLUMNS.map((c) => (
                  <th scope="col" key={c.key}>
                    {i.lang === 'zh' ? c.labelZh : c.labelEn}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {TABLE3_ROWS.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="small">
                    {i.lang === 'zh' ? r.labelZh : r.labelEn}
                  </th>
                  {TABLE3_COLUMNS.map((c) => {
                    const key = table3Key(r.key, c.key);
                    const def = EXTRA_FIGURES_BY_KEY.get(key);
                    return (
                      <td key={c.key}>
                        {def ? (
                          figureInput(key, i.lang === 'zh' ? def.labelZh : def.labelEn)
                        ) : (
                          <span className="muted small">{t('report.computed')}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <details className="figure-group">
        <summary>{t('report.group.table4')}</summary>
        <table className="table table-compact figure-grid">
          <thead>
            <tr>
              <th scope="col" />
              {TABLE4_OUTCOMES.map((o) => (
                <th scope="col" key={o.key}>
                  {i.lang === 'zh' ? o.labelZh : o.labelEn}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TABLE4_BLOCKS.map((b) => (
              <tr key={b.key}>
                <th scope="row" className="small">
                  {i.lang === 'zh' ? b.labelZh : b.labelEn}
                </th>
                {TABLE4_OUTCOMES.map((o) => {
                  const key = table4Key(b.key, o.key);
                  const def = EXTRA_FIGURES_BY_KEY.get(key);
                  return (
                    <td key={o.key}>{def ? figureInput(key, i.lang === 'zh' ? def.labelZh : def.labelEn) : null}</td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      {LIST_GROUPS.map((g) => (
        <details className="figure-group" key={g}>
          <summary>{t(`report.group.${g}`)}</summary>
          <div className="figure-list">
            {EXTRA_FIGURES.filter((d) => d.group === g).map((d) => (
              <div className="figure-item" key={d.key}>
                <span className="small">
                  {i.lang === 'zh' ? d.labelZh : d.labelEn}{' '}
                  <span className="muted">{t('common.paren', { text: measureLabel(d.measure, i.lang) })}</span>
                </span>
                {figureInput(d.key, i.lang === 'zh' ? d.labelZh : d.labelEn)}
              </div>
            ))}
          </div>
        </details>
      ))}

      {invalid.length ? <p className="field-error">{t('report.invalidFigures', { n: invalid.length })}</p> : null}
      {!readOnly ? (
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending || invalid.length > 0}>
            {save.isPending ? t('state.saving') : t('action.save')}
          </button>
        </div>
      ) : null}
    </form>
  );
}
