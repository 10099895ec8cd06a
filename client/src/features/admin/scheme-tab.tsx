/** The scoring scheme of a year: a form or JSON editor with validation, a preview of changed scores, and saving a new version. */

import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { availablePoints, type Scheme, validateScheme } from '../../../../server/domain/scoring/scheme';
import { GradeBadge } from '../../components/badges';
import { ConfirmDialog } from '../../components/dialog';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { TabPanel, Tabs } from '../../components/tabs';
import { useI18n } from '../../lib/i18n';
import { indicatorLabel } from '../../lib/indicators';
import { useMe } from '../../lib/me';
import { yearsOf } from '../../lib/periods';
import { serverSentence } from '../../lib/server-errors';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';
import { changedRows, type DraftScheme, isFormEditable, numberOrNull, setIn } from './scheme-draft';

type SchemeData = RouterOutputs['admin']['scheme'];

export function SchemeTab() {
  const { t } = useI18n();
  const me = useMe();
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const thisYear = Number(me.today.slice(0, 4));
  const years = [...new Set([...yearsOf(periods.data ?? []), thisYear])].sort((a, b) => b - a);
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen ?? yearsOf(periods.data ?? [])[0] ?? thisYear;
  const scheme = useQuery(trpc.admin.scheme.queryOptions({ year }));
  const yearId = useId();

  return (
    <section className="card">
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor={yearId}>{t('admin.schemeYear')}</label>
          <select id={yearId} value={year} onChange={(e) => setChosen(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {scheme.data ? (
          <span className="muted small">
            {scheme.data.isDefault ? t('admin.schemeDefault') : t('admin.schemeVersion', { v: scheme.data.version })}
          </span>
        ) : null}
      </div>
      {scheme.isPending ? (
        <Loading />
      ) : scheme.isError ? (
        <ErrorState error={scheme.error} onRetry={() => void scheme.refetch()} />
      ) : (
        <SchemeEditor
          key={`${year}|${scheme.data.version}`}
          data={scheme.data}
          periods={(periods.data ?? []).filter((p) => p.year === year).map((p) => p.code)}
        />
      )}
    </section>
  );
}

function SchemeEditor({ data, periods }: { data: SchemeData; periods: string[] }) {
  const i = useI18n();
  const { t } = i;
  const catalogue = useQuery(trpc.meta.catalogue.queryOptions());
  const codes = useMemo(() => (catalogue.data ?? []).map((d) => d.code), [catalogue.data]);
  const [draft, setDraft] = useState<unknown>(() => structuredClone(data.scheme));
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState(() => JSON.stringify(data.scheme, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [previewPeriod, setPreviewPeriod] = useState(periods.find((p) => /Q4$/.test(p)) ?? periods[0] ?? '');
  const [previewFor, setPreviewFor] = useState<{ period: string; scheme: unknown } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const previewId = useId();

  const validation = useMemo(
    () => (catalogue.data ? validateScheme(draft, codes) : null),
    [draft, codes, catalogue.data],
  );
  const dirty = JSON.stringify(draft) !== JSON.stringify(data.scheme);
  const preview = useQuery({
    ...trpc.admin.previewScheme.queryOptions(previewFor ?? { period: previewPeriod, scheme: null }),
    enabled: !!previewFor,
  });
  const save = useMutation(
    trpc.admin.setScheme.mutationOptions({
      onSuccess: (r) => {
        setSaving(false);
        setSaved(r.version);
      },
    }),
  );
  const units = useQuery(trpc.meta.units.queryOptions());
  const unitName = (code: string) => units.data?.find((u) => u.code === code)?.name ?? code;

  const update = (path: (string | number)[], value: unknown) => {
    const next = setIn(draft, path, value);
    setDraft(next);
    setJsonText(JSON.stringify(next, null, 2));
    setPreviewFor(null);
  };
  /** Where JSON.parse stopped (the browser's own sentence is English and differs by browser), in the page language. */
  const jsonProblemAt = (err: unknown) => {
    const at = /line (\d+) column (\d+)/.exec(err instanceof Error ? err.message : '');
    return at ? t('errors.jsonInvalidAt', { line: at[1]!, column: at[2]! }) : t('errors.jsonInvalid');
  };
  const onJson = (text: string) => {
    setJsonText(text);
    setPreviewFor(null);
    try {
      setDraft(JSON.parse(text));
      setJsonError(null);
    } catch (err) {
      setJsonError(jsonProblemAt(err));
    }
  };
  const reset = () => {
    setDraft(structuredClone(data.scheme));
    setJsonText(JSON.stringify(data.scheme, null, 2));
    setJsonError(null);
    setPreviewFor(null);
  };
  const valid = validation?.ok === true && !jsonError;
  const totals = validation?.ok ? availablePoints(validation.scheme as Scheme) : null;

  return (
    <>
      {saved !== null ? <Notice kind="success" title={t('admin.schemeSaved', { v: saved })} /> : null}
      <Tabs
        idBase="scheme"
        label={t('admin.scheme')}
        value={mode}
        onChange={setMode}
        items={[
          { key: 'form', label: t('admin.schemeForm') },
          { key: 'json', label: 'JSON' },
        ]}
      />
      <div className="scheme-layout">
        <TabPanel idBase="scheme" active={mode}>
          {mode === 'json' ? (
            <div className="field">
              <label htmlFor="scheme-json">{t('admin.schemeJson')}</label>
              <textarea
                id="scheme-json"
                className="code-area"
                spellCheck={false}
                rows={28}
                value={jsonText}
                onChange={(e) => onJson(e.target.value)}
                aria-invalid={!!jsonError}
              />
              {jsonError ? <span className="field-error">{jsonError}</span> : null}
            </div>
          ) : isFormEditable(draft) ? (
            <SchemeForm draft={draft} update={update} catalogue={catalogue.data} />
          ) : (
            <Empty title={t('admin.schemeNotForm')} />
          )}
        </TabPanel>
        <aside className="scheme-side">
          <div className="card inner">
            <h3 className="small-title">{t('admin.validation')}</h3>
            {!validation ? (
              <Loading />
            ) : jsonError ? (
              <p className="neg">{jsonError}</p>
            ) : validation.ok ? (
              <>
                <p className="pos">{t('admin.schemeValid')}</p>
                {totals ? (
                  <ul className="plain small">
                    {(['grassroots', 'organs'] as const).map((g) => (
                      <li key={g}>
                        {t('admin.groupPoints', { group: t(`group.${g}`), n: totals[g] })}
                        {totals[g] !== 100 ? <span className="muted"> {t('admin.rescaleNote')}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </>
            ) : (
              <ul className="error-list" role="alert">
                {validation.problems.map((p, idx) => (
                  <li key={validation.errors[idx]}>{serverSentence({ messageKey: p.key, params: p.params })}</li>
                ))}
              </ul>
            )}
            <div className="btn-row">
              <button type="button" className="btn" onClick={reset} disabled={!dirty}>
                {t('admin.schemeReset')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!valid || !dirty}
                onClick={() => setSaving(true)}
              >
                {t('admin.schemeSave')}
              </button>
            </div>
          </div>
          <div className="card inner">
            <h3 className="small-title">{t('admin.preview')}</h3>
            {periods.length === 0 ? (
              <p className="muted small">{t('admin.previewNoPeriods')}</p>
            ) : (
              <>
                <div className="field field-inline">
                  <label htmlFor={previewId}>{t('period.label')}</label>
                  <select id={previewId} value={previewPeriod} onChange={(e) => setPreviewPeriod(e.target.value)}>
                    {periods.map((p) => (
                      <option key={p} value={p}>
                        {i.period(p)}
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={!valid}
                  onClick={() => setPreviewFor({ period: previewPeriod, scheme: draft })}
                >
                  {t('admin.runPreview')}
                </button>
                {previewFor ? (
                  preview.isPending ? (
                    <Loading />
                  ) : preview.isError ? (
                    <ErrorState error={preview.error} />
                  ) : (
                    <PreviewTable
                      rows={changedRows(preview.data.rows)}
                      total={preview.data.rows.length}
                      unitName={unitName}
                    />
                  )
                ) : null}
              </>
            )}
          </div>
          {data.versions.length ? (
            <div className="card inner">
              <h3 className="small-title">{t('admin.versions')}</h3>
              <ul className="plain small">
                {data.versions.map((v) => (
                  <li key={v.version}>
                    v{v.version} · {i.dateTime(v.createdAt)} {v.note ? `· ${v.note}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </aside>
      </div>
      {saving ? (
        <ConfirmDialog
          title={t('admin.schemeSaveTitle', { year: data.year })}
          message={<p>{t('admin.schemeSaveMessage')}</p>}
          confirmLabel={t('admin.schemeSave')}
          reasonLabel={t('admin.schemeNote')}
          busy={save.isPending}
          error={save.isError ? errorMessage(save.error) : null}
          onConfirm={(note) => save.mutate({ year: data.year, scheme: draft, note })}
          onCancel={() => {
            setSaving(false);
            save.reset();
          }}
        />
      ) : null}
    </>
  );
}

function PreviewTable({
  rows,
  total,
  unitName,
}: {
  rows: RouterOutputs['admin']['previewScheme']['rows'];
  total: number;
  unitName: (code: string) => string;
}) {
  const { t, score, signed } = useI18n();
  if (rows.length === 0) return <p className="small">{t('admin.previewNone', { n: total })}</p>;
  return (
    <>
      <p className="small">{t('admin.previewChanged', { n: rows.length, total })}</p>
      <div className="table-scroll preview-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('unit.unit')}</th>
              <th scope="col" className="num">
                {t('admin.current')}
              </th>
              <th scope="col" className="num">
                {t('admin.proposed')}
              </th>
              <th scope="col" className="num">
                Δ
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.unit}>
                <td>
                  {unitName(r.unit)}
                  {r.currentGrade !== r.proposedGrade ? (
                    <div>
                      {r.currentGrade ? <GradeBadge grade={r.currentGrade} /> : '—'} →{' '}
                      <GradeBadge grade={r.proposedGrade} />
                    </div>
                  ) : null}
                </td>
                <td className="num">{score(r.current)}</td>
                <td className="num">{score(r.proposed)}</td>
                <td className={r.proposed - (r.current ?? 0) < 0 ? 'num neg' : 'num pos'}>
                  {signed(Math.round((r.proposed - (r.current ?? 0)) * 100) / 100)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function NumberInput({
  label,
  value,
  onChange,
  step = 'any',
}: {
  label: string;
  value: number | null | undefined;
  onChange: (v: number | null) => void;
  step?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        value={value ?? ''}
        onChange={(e) => onChange(numberOrNull(e.target.value))}
      />
    </div>
  );
}

function SchemeForm({
  draft,
  update,
  catalogue,
}: {
  draft: DraftScheme;
  update: (path: (string | number)[], value: unknown) => void;
  catalogue: RouterOutputs['meta']['catalogue'] | undefined;
}) {
  const i = useI18n();
  const { t } = i;
  return (
    <div className="scheme-form">
      <h3 className="small-title">{t('admin.targets')}</h3>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('admin.target')}</th>
            <th scope="col">{t('group.grassroots')}</th>
            <th scope="col">{t('group.organs')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(draft.targets).map(([name, v]) => (
            <tr key={name}>
              <th scope="row">
                {indicatorLabel(name, i.lang, catalogue)} <span className="muted small">{t('admin.perYear')}</span>
              </th>
              {(['grassroots', 'organs'] as const).map((g) => (
                <td key={g}>
                  <input
                    type="number"
                    step="any"
                    min={0}
                    aria-label={`${indicatorLabel(name, i.lang, catalogue)} · ${t(`group.${g}`)}`}
                    value={v[g] ?? ''}
                    onChange={(e) => update(['targets', name, g], numberOrNull(e.target.value))}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <h3 className="small-title">{t('admin.rules')}</h3>
      <div className="table-scroll">
        <table className="table table-compact scheme-rules">
          <thead>
            <tr>
              <th scope="col">{t('scorecard.rule')}</th>
              <th scope="col">{t('admin.points')}</th>
              <th scope="col">{t('admin.appliesTo')}</th>
              <th scope="col">{t('admin.ruleKind')}</th>
              <th scope="col">{t('admin.params')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.rules.map((r, idx) => (
              <tr key={`${r.code}-${idx}`}>
                <th scope="row">
                  {i.lang === 'zh' ? r.nameZh : r.nameEn}
                  <div className="muted small">
                    <code translate="no">{r.code}</code>
                  </div>
                </th>
                <td>
                  <input
                    type="number"
                    step="any"
                    min={0}
                    aria-label={`${(i.lang === 'zh' ? r.nameZh : r.nameEn) || r.code} · ${t('admin.points')}`}
                    value={r.points ?? ''}
                    onChange={(e) => update(['rules', idx, 'points'], numberOrNull(e.target.value))}
                  />
                </td>
                <td>
                  {(['grassroots', 'organs'] as const).map((g) => (
                    <label key={g} className="check">
                      <input
                        type="checkbox"
                        checked={r.groups.includes(g)}
                        onChange={(e) =>
                          update(
                            ['rules', idx, 'groups'],
                            e.target.checked
                              ? [...r.groups.filter((x) => x !== g), g]
                              : r.groups.filter((x) => x !== g),
                          )
                        }
                      />
                      {t(`group.${g}`)}
                    </label>
                  ))}
                </td>
                <td>{t(`ruleKind.${r.kind as 'ratio'}`)}</td>
                <td className="small">
                  {r.kind === 'ratio' ? (
                    <>
                      <div>
                        {indicatorLabel(r.numerator ?? '', i.lang, catalogue)} ÷{' '}
                        {r.denominator?.target !== undefined
                          ? indicatorLabel(`target:${r.denominator.target}`, i.lang, catalogue)
                          : indicatorLabel(r.denominator?.indicator ?? '', i.lang, catalogue)}
                      </div>
                      <NumberInput
                        label={t('admin.whenZero')}
                        value={r.whenZero}
                        onChange={(v) => update(['rules', idx, 'whenZero'], v)}
                      />
                    </>
                  ) : r.kind === 'threshold' ? (
                    <>
                      <div>{indicatorLabel(r.indicator ?? '', i.lang, catalogue)} ≥</div>
                      <NumberInput
                        label={t('admin.thresholdMin')}
                        value={r.min}
                        onChange={(v) => update(['rules', idx, 'min'], v)}
                      />
                    </>
                  ) : r.kind === 'timeliness' ? (
                    <div>{t('admin.timelinessRule')}</div>
                  ) : r.kind === 'per_count' ? (
                    <>
                      <div>{indicatorLabel(r.indicator ?? '', i.lang, catalogue)}</div>
                      <NumberInput
                        label={t('admin.perCount')}
                        value={r.perCount}
                        onChange={(v) => update(['rules', idx, 'perCount'], v)}
                      />
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('admin.rulesHint')}</p>

      <div className="form-grid">
        <div>
          <h3 className="small-title">{t('admin.capsTitle')}</h3>
          <NumberInput
            label={t('admin.deductionCap')}
            value={draft.deductions.cap}
            onChange={(v) => update(['deductions', 'cap'], v)}
          />
          <NumberInput
            label={t('admin.overduePoint')}
            value={draft.deductions.overduePoint}
            onChange={(v) => update(['deductions', 'overduePoint'], v)}
          />
          <NumberInput
            label={t('admin.bonusCap')}
            value={draft.bonus.cap}
            onChange={(v) => update(['bonus', 'cap'], v)}
          />
        </div>
        <div>
          <h3 className="small-title">{t('admin.bands')}</h3>
          {draft.grades.map((b, idx) => (
            <NumberInput
              key={`${b.grade}-${idx}`}
              label={t('admin.bandMin', { grade: t(`grade.${b.grade as 'excellent'}`) })}
              value={b.min}
              onChange={(v) => update(['grades', idx, 'min'], v)}
            />
          ))}
          <p className="muted small">{t('admin.bandsHint')}</p>
        </div>
      </div>
    </div>
  );
}
