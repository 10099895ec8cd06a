/** Quarterly data entry: the form by category with inline validation, draft/submit, conflicts, template download/upload. */

import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { CATEGORY_LABELS, type IndicatorCategory } from '../../../../server/domain/catalogue';
import { decodeCsvBytes } from '../../../../server/domain/text-encoding';
import { StatusBadge } from '../../components/badges';
import { ConfirmDialog } from '../../components/dialog';
import { PageHeader } from '../../components/page-header';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { UnitPicker } from '../../components/unit-picker';
import { type I18n, useI18n } from '../../lib/i18n';
import { indicatorLabel, measureLabel } from '../../lib/indicators';
import { useMe } from '../../lib/me';
import { defaultEntryQuarter, entryQuarters } from '../../lib/periods';
import { Link, navigate, useLocation, withParams } from '../../lib/router';
import { rowProblemLines } from '../../lib/server-errors';
import { errorCode, errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';
import { parseCsv, type TemplateProblem, type TemplateRead, templateCsv, valuesFromTable } from './parse-template';
import { type Conflict, type Entry, useEntryForm } from './use-entry-form';
import { differences, type FieldProblem } from './validate-entry';

type Indicator = Entry['catalogue'][number];

export default function EntryPage() {
  const { t } = useI18n();
  const me = useMe();
  const loc = useLocation();
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const isUnit = me.role === 'unit';
  const unit = isUnit ? me.unitCode : loc.search.get('unit');
  const quarters = useMemo(() => entryQuarters(periods.data ?? [], me.today), [periods.data, me.today]);
  const period = defaultEntryQuarter(quarters, loc.search.get('period'), me.today);
  const entry = useQuery({ ...trpc.entry.get.queryOptions({ unit: unit ?? '', period }), enabled: !!unit });
  const periodId = useId();
  // The form keeps its own state across the refetch that follows a save; a reload (after a conflict) starts it afresh.
  const [generation, setGeneration] = useState(0);
  // What an upload saved, shown above the form it reloaded.
  const [flash, setFlash] = useState<string | null>(null);
  const set = (changes: Record<string, string | null>) =>
    navigate(withParams(loc.pathname, loc.search, changes), { replace: true });

  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;

  return (
    <div className="page entry">
      <PageHeader title={t('entry.title')} subtitle={entry.data ? <EntrySubtitle data={entry.data} /> : undefined}>
        {!isUnit ? <UnitPicker value={unit} onChange={(u) => set({ unit: u })} /> : null}
        <div className="field field-inline">
          <label htmlFor={periodId}>{t('entry.quarter')}</label>
          <PeriodSelect id={periodId} quarters={quarters} value={period} onChange={(p) => set({ period: p })} />
        </div>
      </PageHeader>
      {!unit ? (
        <Empty title={t('entry.chooseUnit')} />
      ) : entry.isPending ? (
        <Loading />
      ) : entry.isError ? (
        <ErrorState error={entry.error} onRetry={() => void entry.refetch()} />
      ) : (
        <>
          {flash ? <Notice kind="success">{flash}</Notice> : null}
          <EntryForm
            key={`${entry.data.unit.code}|${entry.data.period}|${generation}`}
            data={entry.data}
            reload={(message?: string) =>
              void entry.refetch().then(() => {
                setFlash(message ?? null);
                setGeneration((g) => g + 1);
              })
            }
          />
        </>
      )}
    </div>
  );
}

function PeriodSelect({
  id,
  quarters,
  value,
  onChange,
}: {
  id: string;
  quarters: string[];
  value: string;
  onChange: (p: string) => void;
}) {
  const { period } = useI18n();
  const list = quarters.includes(value) ? quarters : [value, ...quarters];
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {list.map((q) => (
        <option key={q} value={q}>
          {period(q)}
        </option>
      ))}
    </select>
  );
}

function EntrySubtitle({ data }: { data: Entry }) {
  const { t, period, dateTime } = useI18n();
  return (
    <span className="entry-status">
      {t('common.nameCode', { name: data.unit.name, code: data.unit.code })} · {period(data.period)} ·{' '}
      <StatusBadge status={data.status} />
      {data.locked ? <span className="chip chip-warn">{t('period.locked')}</span> : null}
      {data.submittedAt ? (
        <span className="muted small"> {t('entry.submittedAt', { at: dateTime(data.submittedAt) })}</span>
      ) : null}
    </span>
  );
}

function problemText(p: FieldProblem, i: I18n): string {
  switch (p.kind) {
    case 'integer':
      return i.t('entry.err.integer');
    case 'min':
      return i.t('entry.err.min', { n: p.limit });
    case 'max':
      return i.t('entry.err.max', { n: p.limit });
    case 'sum':
      // One indicator is a limit, not a sum: 不得超过 网上办件数, not 不得超过 网上办件数 之和.
      return p.sumOf.length === 1
        ? i.t('entry.err.notAbove', { n: i.num(p.limit), of: indicatorLabel(p.sumOf[0]!, i.lang) })
        : i.t('entry.err.sum', {
            n: i.num(p.limit),
            of: p.sumOf.map((c) => indicatorLabel(c, i.lang)).join(i.lang === 'zh' ? '、' : ', '),
          });
  }
}

function EntryForm({ data, reload }: { data: Entry; reload: (message?: string) => void }) {
  const i = useI18n();
  const { t, num } = i;
  const form = useEntryForm(data);
  const { texts, showAll, confirmSubmit, conflict, serverErrors, saved, formRef, check, totals, errorCount, save } =
    form;
  const editable = !data.locked && (data.status === 'none' || data.status === 'draft' || data.status === 'returned');
  const me = useMe();
  // Inspectors and administrators verify or return a submitted quarter here, with its outlying figures flagged.
  const reviewer = me.role === 'inspector' || me.role === 'admin';
  const outliers = useQuery({
    ...trpc.entry.outliers.queryOptions({ unit: data.unit.code, period: data.period }),
    enabled: reviewer && data.status === 'submitted',
  });
  const flagged = new Set((outliers.data ?? []).map((f) => f.indicator));
  const categories = useMemo(() => {
    const out = new Map<IndicatorCategory, Indicator[]>();
    for (const d of data.catalogue) {
      const list = out.get(d.category as IndicatorCategory) ?? [];
      list.push(d);
      out.set(d.category as IndicatorCategory, list);
    }
    return [...out.entries()];
  }, [data.catalogue]);

  // The server's only warning (replies above requests) is computed here as the figures are typed.
  const warnings = check.warnings.map((w) =>
    t('entry.warn.replies', { replies: num(w.replies), requests: num(w.requests) }),
  );

  return (
    <>
      {data.status === 'returned' ? (
        <Notice kind="warning" title={t('entry.returned')}>
          {t('entry.returnReason')}: {data.returnReason ?? '—'}
        </Notice>
      ) : null}
      {data.locked ? <Notice kind="info" title={t('entry.locked')} /> : null}
      {!data.locked && (data.status === 'submitted' || data.status === 'verified') && !reviewer ? (
        <Notice kind="info" title={data.status === 'verified' ? t('entry.isVerified') : t('entry.isSubmitted')}>
          {t('entry.readOnlyHint')}
        </Notice>
      ) : null}
      {reviewer && !data.locked && data.status === 'submitted' ? (
        <ReviewPanel data={data} flags={outliers.data ?? []} onDone={reload} />
      ) : null}
      {saved ? (
        <Notice kind="success" title={saved.submitted ? t('entry.submittedOk') : t('entry.savedOk')}>
          {saved.submitted ? (
            <Link to={withParams(`/scorecard/${encodeURIComponent(data.unit.code)}`, '', { period: data.period })}>
              {t('entry.seeScorecard')}
            </Link>
          ) : null}
          {saved.warnings.length ? (
            <ul>
              {saved.warnings.map((w, idx) => (
                <li key={`${idx}-${w}`}>{w}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictPanel
          conflict={conflict}
          mine={check.values}
          catalogue={data.catalogue}
          onReload={() => reload()}
          onKeepMine={form.keepMine}
        />
      ) : null}
      {save.isError && errorCode(save.error) !== 'CONFLICT' ? (
        <Notice kind="error" title={t('entry.saveFailed')}>
          {errorMessage(save.error)}
        </Notice>
      ) : null}

      <form ref={formRef} className="entry-form" onSubmit={form.onSubmit} noValidate aria-label={t('entry.title')}>
        <div className="entry-layout">
          <div className="entry-main">
            {categories.map(([cat, defs]) => (
              <fieldset key={cat} className="card category" disabled={!editable}>
                <legend className="card-title">
                  {i.name({ nameZh: CATEGORY_LABELS[cat]?.zh ?? cat, nameEn: CATEGORY_LABELS[cat]?.en ?? cat })}
                </legend>
                <CategoryTotals category={cat} totals={totals} />
                <div className="entry-grid">
                  {defs.map((d) => (
                    <EntryField
                      key={d.code}
                      def={d}
                      value={texts[d.code] ?? ''}
                      problem={check.errors[d.code]}
                      serverError={serverErrors[d.code]}
                      flagged={flagged.has(d.code)}
                      showError={showAll || (texts[d.code] ?? '') !== ''}
                      onChange={(v) => form.setField(d.code, v)}
                    />
                  ))}
                </div>
              </fieldset>
            ))}
          </div>
          <aside className="entry-side">
            <div className="card sticky">
              <h2 className="card-title">{t('entry.summary')}</h2>
              <dl className="mini-facts">
                <div>
                  <dt>{t('entry.status')}</dt>
                  <dd>
                    <StatusBadge status={data.status} />
                  </dd>
                </div>
                <div>
                  <dt>{t('entry.filled')}</dt>
                  <dd>
                    {data.catalogue.length - check.blank.length}/{data.catalogue.length}
                  </dd>
                </div>
                <div>
                  <dt>{t('entry.errors')}</dt>
                  <dd className={errorCount ? 'neg strong' : undefined}>{errorCount}</dd>
                </div>
              </dl>
              {warnings.length ? (
                <div className="notice notice-warning" role="status">
                  <strong className="notice-title">{t('entry.warnings')}</strong>
                  <ul>
                    {warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {editable ? (
                <>
                  <p className="small muted">{t('entry.blankHint')}</p>
                  <div className="stack">
                    <button type="button" className="btn" disabled={save.isPending} onClick={() => form.doSave(false)}>
                      {save.isPending && !save.variables?.submit ? t('state.saving') : t('entry.saveDraft')}
                    </button>
                    <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                      {t('entry.submit')}
                    </button>
                  </div>
                </>
              ) : null}
              <TemplateTools
                data={data}
                texts={texts}
                editable={editable}
                onLoaded={form.loadValues}
                onSaved={reload}
              />
            </div>
          </aside>
        </div>
      </form>
      {confirmSubmit ? (
        <ConfirmDialog
          title={t('entry.confirmTitle', { period: i.period(data.period) })}
          message={
            <>
              <p>{t('entry.confirmMessage')}</p>
              {check.blank.length ? (
                <p className="muted">{t('entry.confirmBlanks', { n: check.blank.length })}</p>
              ) : null}
            </>
          }
          confirmLabel={t('entry.submit')}
          busy={save.isPending}
          onConfirm={() => form.doSave(true)}
          onCancel={form.cancelSubmit}
        />
      ) : null}
    </>
  );
}

function CategoryTotals({ category, totals }: { category: IndicatorCategory; totals: Record<string, number> }) {
  const { t, num } = useI18n();
  const code =
    category === 'publication'
      ? 'pub.total'
      : category === 'request'
        ? 'req.total'
        : category === 'reply'
          ? 'reply.total'
          : category === 'appeal'
            ? 'appeal.total'
            : null;
  if (!code) return null;
  return (
    <p className="category-total small muted">
      {t(`derived.${code}` as 'derived.pub.total')}: <strong>{num(totals[code] ?? 0)}</strong>
    </p>
  );
}

function EntryField({
  def,
  value,
  problem,
  serverError,
  showError,
  flagged,
  onChange,
}: {
  def: Indicator;
  value: string;
  problem: FieldProblem | undefined;
  serverError: string | undefined;
  showError: boolean;
  flagged?: boolean;
  onChange: (v: string) => void;
}) {
  const i = useI18n();
  const id = useId();
  const errId = `${id}-err`;
  const error = problem && showError ? problemText(problem, i) : serverError;
  const label = i.name(def);
  const isYesNo = def.max === 1 && def.min === 0;
  const hint = def.notAboveSumOf.length
    ? def.notAboveSumOf.length === 1
      ? i.t('entry.hint.notAbove', { of: indicatorLabel(def.notAboveSumOf[0]!, i.lang) })
      : i.t('entry.hint.sum')
    : def.max !== null && !isYesNo
      ? i.t('entry.hint.max', { n: def.max })
      : null;
  return (
    <div className={`field entry-field${error ? ' has-error' : ''}${flagged ? ' is-outlier' : ''}`}>
      <label htmlFor={id}>
        {label}
        {def.kind === 'stock' ? <span className="muted small"> {i.t('entry.stock')}</span> : null}
      </label>
      <div className="input-with-unit">
        {isYesNo ? (
          <select
            id={id}
            name={def.code}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={!!error}
            aria-describedby={error ? errId : undefined}
          >
            <option value="">—</option>
            <option value="0">{i.t('entry.no')}</option>
            <option value="1">{i.t('entry.yes')}</option>
          </select>
        ) : (
          <input
            id={id}
            name={def.code}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={!!error}
            aria-describedby={error ? errId : undefined}
          />
        )}
        <span className="unit-suffix">{measureLabel(def.measure, i.lang)}</span>
      </div>
      {flagged ? <span className="field-outlier">{i.t('review.fieldFlag')}</span> : null}
      {hint && !error ? <span className="field-hint">{hint}</span> : null}
      {error ? (
        <span className="field-error" id={errId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

function ConflictPanel({
  conflict,
  mine,
  catalogue,
  onReload,
  onKeepMine,
}: {
  conflict: Conflict;
  mine: Record<string, number>;
  catalogue: Indicator[];
  onReload: () => void;
  onKeepMine: () => void;
}) {
  const i = useI18n();
  const { t, num } = i;
  const diff = differences(conflict.values, mine);
  return (
    <div className="notice notice-error conflict" role="alert">
      <strong className="notice-title">
        {t('entry.conflict', { version: conflict.version, status: t(`status.${conflict.status as 'draft'}`) })}
      </strong>
      <p>{t('entry.conflictHint')}</p>
      {diff.length ? (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('entry.indicator')}</th>
              <th scope="col" className="num">
                {t('entry.current')}
              </th>
              <th scope="col" className="num">
                {t('entry.yours')}
              </th>
            </tr>
          </thead>
          <tbody>
            {diff.map((code) => (
              <tr key={code}>
                <td>{indicatorLabel(code, i.lang, catalogue)}</td>
                <td className="num">{conflict.values[code] !== undefined ? num(conflict.values[code]) : '—'}</td>
                <td className="num">{mine[code] !== undefined ? num(mine[code]) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('entry.conflictSame')}</p>
      )}
      <div className="btn-row">
        <button type="button" className="btn btn-primary" onClick={onReload}>
          {t('entry.reload')}
        </button>
        {conflict.status === 'draft' || conflict.status === 'returned' ? (
          <button type="button" className="btn" onClick={onKeepMine}>
            {t('entry.keepMine')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The pre-filled Excel template (GET /api/template) and its upload (POST /api/import/template: saved as a draft
 * through the same path as the form), and for bulk users the CSV of `import values`, read into the form.
 */
function TemplateTools({
  data,
  texts,
  editable,
  onLoaded,
  onSaved,
}: {
  data: Entry;
  texts: Record<string, string>;
  editable: boolean;
  onLoaded: (values: Record<string, number>) => void;
  onSaved: (message: string) => void;
}) {
  const i = useI18n();
  const { t } = i;
  const fileId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<(TemplateRead & { file: string }) | null>(null);
  const [failure, setFailure] = useState<{ text: string; rows: string[]; omitted: number } | null>(null);
  const codes = data.catalogue.map((d) => d.code);
  const query = `unit=${encodeURIComponent(data.unit.code)}&period=${encodeURIComponent(data.period)}`;

  const downloadCsv = () => {
    const csv = templateCsv({ unit: data.unit.code, period: data.period }, codes, texts);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `values-${data.unit.code}-${data.period}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const uploadXlsx = async (file: File) => {
    const answer = await uploadFile<{ version: number; values: number }>(
      '/api/import/template',
      file,
      { submit: false },
      setProgress,
    );
    if (answer.ok) {
      onSaved(t('entry.upload.saved', { n: answer.body.values, file: file.name }));
    } else {
      setFailure({
        text: answer.error,
        rows: rowProblemLines({ rowMessages: answer.details.rowMessages, rowErrors: answer.details.rowErrors }),
        omitted: answer.omittedRowErrors,
      });
    }
  };

  const readCsv = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    setProgress(60);
    const decoded = decodeCsvBytes(bytes);
    if (!decoded.ok) {
      setFailure({
        text: t(`upload.encoding.${decoded.reason}`, { row: decoded.row, gbRow: decoded.gbRow ?? 0 }),
        rows: [],
        omitted: 0,
      });
      return;
    }
    const read = valuesFromTable(parseCsv(decoded.text), {
      unit: data.unit.code,
      period: data.period,
      indicators: codes,
    });
    setResult({ ...read, file: file.name });
    if (Object.keys(read.values).length) onLoaded(read.values);
  };

  const upload = (file: File) => {
    setFailure(null);
    setResult(null);
    setProgress(0);
    const work = /\.xlsx$/i.test(file.name) ? uploadXlsx(file) : readCsv(file);
    work
      .catch((err: unknown) =>
        setFailure({ text: `${t('entry.upload.readFailed')} (${errorMessage(err)})`, rows: [], omitted: 0 }),
      )
      .finally(() => {
        setProgress(100);
        setTimeout(() => setProgress(null), 600);
      });
  };

  const problemText = (p: TemplateProblem) =>
    t(`entry.upload.problem.${p.kind}`, {
      row: p.row,
      text: p.kind === 'header' || p.kind === 'indicator' ? p.text : indicatorLabel(p.text, i.lang, data.catalogue),
      value: p.value ?? '',
    });

  return (
    <div className="template-tools">
      <h3 className="small-title">{t('entry.template')}</h3>
      <a className="btn btn-small btn-primary" href={`/api/template?${query}`} download>
        {t('entry.downloadTemplate')}
      </a>
      <p className="small muted">{t('entry.templateHint')}</p>
      {editable ? (
        <div className="field">
          <label htmlFor={fileId}>{t('entry.uploadTemplate')}</label>
          <input
            id={fileId}
            type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) upload(f);
              e.target.value = '';
            }}
          />
        </div>
      ) : null}
      <button type="button" className="btn btn-link btn-small" onClick={downloadCsv}>
        {t('entry.downloadCsv')}
      </button>
      {progress !== null ? (
        <progress max={100} value={progress} aria-label={t('entry.upload.progress')}>
          {progress}%
        </progress>
      ) : null}
      {failure ? (
        <div className="field-error" role="alert">
          <p>{failure.text}</p>
          {failure.rows.length ? (
            <ul>
              {failure.rows.slice(0, 20).map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          {failure.rows.length > 20 || failure.omitted ? (
            <p>
              {t('upload.moreRows', { n: failure.rows.length - Math.min(20, failure.rows.length) + failure.omitted })}
            </p>
          ) : null}
        </div>
      ) : null}
      {result ? (
        <div className="small" role="status">
          <p>{t('entry.upload.loaded', { n: Object.keys(result.values).length, file: result.file })}</p>
          {result.ignored ? <p className="muted">{t('entry.upload.ignored', { n: result.ignored })}</p> : null}
          {result.problems.length ? (
            <ul className="neg">
              {result.problems.slice(0, 10).map((p) => (
                <li key={`${p.row}-${p.kind}`}>{problemText(p)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

type Flag = RouterOutputs['entry']['outliers'][number];

/** Verify or return a submitted quarter from its data view; figures far from history or peers listed first. */
function ReviewPanel({ data, flags, onDone }: { data: Entry; flags: Flag[]; onDone: (message?: string) => void }) {
  const i = useI18n();
  const { t, num } = i;
  const review = useMutation(trpc.entry.review.mutationOptions());
  const [acting, setActing] = useState<'verify' | 'return' | null>(null);
  const name = (code: string) => indicatorLabel(code, i.lang, data.catalogue);
  return (
    <section className="card review-panel" aria-label={t('review.title')}>
      <h2 className="card-title">{t('review.title')}</h2>
      {flags.length ? (
        <div className="notice notice-warning" role="status">
          <strong className="notice-title">{t('review.outliersTitle')}</strong>
          <ul className="outlier-list">
            {flags.map((f) => (
              <li key={`${f.indicator}|${f.basis}`}>
                {t(`review.flag.${f.basis}`, {
                  name: name(f.indicator),
                  value: num(f.value),
                  median: num(f.median),
                  n: f.n,
                  z: num(Math.abs(f.z)),
                  dir: t(f.z > 0 ? 'review.above' : 'review.below'),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted small">{t('review.outliersNone')}</p>
      )}
      <div className="btn-row">
        <button type="button" className="btn btn-primary" onClick={() => setActing('verify')}>
          {t('inspection.verify')}
        </button>
        <button type="button" className="btn" onClick={() => setActing('return')}>
          {t('inspection.return')}
        </button>
      </div>
      {acting ? (
        <ConfirmDialog
          title={acting === 'verify' ? t('inspection.verifyTitle') : t('inspection.returnTitle')}
          message={
            <>
              <p>
                {t('common.nameCode', { name: data.unit.name, code: data.unit.code })} · {i.period(data.period)}
              </p>
              {acting === 'verify' && flags.length ? (
                <p className="neg">{t('review.confirmFlags', { n: flags.length })}</p>
              ) : null}
            </>
          }
          confirmLabel={acting === 'verify' ? t('inspection.verify') : t('inspection.return')}
          reasonLabel={acting === 'return' ? t('inspection.returnReason') : undefined}
          busy={review.isPending}
          error={review.isError ? errorMessage(review.error) : null}
          onConfirm={(reason) =>
            review.mutate(
              {
                unit: data.unit.code,
                period: data.period,
                version: data.version,
                action: acting,
                ...(reason ? { reason } : {}),
              },
              {
                onSuccess: () => {
                  setActing(null);
                  onDone(
                    acting === 'verify'
                      ? t('inspection.verifiedOk', { unit: data.unit.name })
                      : t('inspection.returnedOk', { unit: data.unit.name }),
                  );
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
