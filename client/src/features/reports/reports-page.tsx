/** The annual disclosure report: preview (national or legacy layout, city or unit), warnings, editable inputs, Word download. */

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ConfirmDialog } from '../../components/dialog';
import { PageHeader } from '../../components/page-header';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { TabPanel, Tabs } from '../../components/tabs';
import { UnitPicker } from '../../components/unit-picker';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { defaultYear, pickablePeriods, yearsOf } from '../../lib/periods';
import { navigate, useLocation, withParams } from '../../lib/router';
import { trpc } from '../../lib/trpc';
import { ReportInputsEditor } from './report-inputs-editor';

type Layout = 'national' | 'legacy';

export default function ReportsPage() {
  const { t } = useI18n();
  const me = useMe();
  const loc = useLocation();
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const years = yearsOf(pickablePeriods(periods.data ?? []));
  const requestedYear = loc.search.get('year') ? Number(loc.search.get('year')) : null;
  // The year of the latest quarter closed for entry, not a year whose quarters units are still entering.
  const year = defaultYear(periods.data ?? [], requestedYear);
  const layout: Layout = loc.search.get('layout') === 'legacy' ? 'legacy' : 'national';
  const unit = me.role === 'unit' ? me.unitCode : loc.search.get('unit');
  const [view, setView] = useState<'preview' | 'edit'>('preview');
  const set = (changes: Record<string, string | null>) =>
    navigate(withParams(loc.pathname, loc.search, changes), { replace: true });
  const yearId = useId();

  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  if (year === null) {
    return (
      <div className="page">
        <PageHeader title={t('report.title')} />
        <Empty title={t('report.noYears')}>{t('overview.noPeriodsHint')}</Empty>
      </div>
    );
  }

  return (
    <div className="page">
      <PageHeader title={t('report.title')} subtitle={t('report.subtitle')}>
        <div className="field field-inline">
          <label htmlFor={yearId}>{t('report.year')}</label>
          <select id={yearId} value={year} onChange={(e) => set({ year: e.target.value })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {me.role !== 'unit' ? (
          <UnitPicker
            value={unit}
            onChange={(u) => set({ unit: u || null })}
            label={t('report.scope')}
            allowNone={t('report.city')}
          />
        ) : null}
        <div className="segmented" role="group" aria-label={t('report.layout')}>
          {(['national', 'legacy'] as const).map((l) => (
            <button
              key={l}
              type="button"
              className={layout === l ? 'active' : ''}
              aria-pressed={layout === l}
              onClick={() => set({ layout: l === 'national' ? null : l })}
            >
              {t(`report.layout.${l}`)}
            </button>
          ))}
        </div>
      </PageHeader>
      <Tabs
        idBase="report"
        label={t('report.title')}
        value={view}
        onChange={setView}
        items={[
          { key: 'preview', label: t('report.preview') },
          { key: 'edit', label: me.role === 'inspector' ? t('report.inputsReadOnly') : t('report.editInputs') },
        ]}
      />
      <TabPanel idBase="report" active={view}>
        {view === 'preview' ? (
          <ReportPreview year={year} unit={unit} layout={layout} />
        ) : (
          <ReportInputsEditor year={year} unit={unit} readOnly={me.role === 'inspector'} />
        )}
      </TabPanel>
    </div>
  );
}

function ReportPreview({ year, unit, layout }: { year: number; unit: string | null; layout: Layout }) {
  const { t } = useI18n();
  const report = useQuery(trpc.reports.annual.queryOptions({ year, unit, layout }));
  const [confirming, setConfirming] = useState(false);
  const href = `/api/reports/annual?year=${year}&format=docx&layout=${layout}${unit ? `&unit=${encodeURIComponent(unit)}` : ''}`;
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const { model, html } = report.data;
  const check = model.checks.table3;
  const problems = [...model.warnings, ...(check && !check.ok ? [check.message] : [])];
  const download = () => {
    const a = document.createElement('a');
    a.href = href;
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <div className="report-layout">
      <div className="report-side">
        <div className="card inner">
          <h2 className="small-title">{t('report.download')}</h2>
          <p className="small muted">{model.title}</p>
          <button
            type="button"
            className="btn btn-primary btn-block"
            onClick={() => (problems.length ? setConfirming(true) : download())}
          >
            {t('report.downloadDocx')}
          </button>
        </div>
        <div className="card inner">
          <h2 className="small-title">{t('report.checks')}</h2>
          {check ? (
            check.ok ? (
              <Notice kind="success" title={t('report.table3Ok')}>
                {t('report.table3Sum', { lhs: check.lhs, rhs: check.rhs })}
              </Notice>
            ) : (
              <Notice kind="warning" title={t('report.table3Fail')}>
                {check.message}
              </Notice>
            )
          ) : (
            <p className="small muted">{layout === 'legacy' ? t('report.table3Legacy') : t('report.table3None')}</p>
          )}
          {model.warnings.length ? (
            <Notice kind="warning" title={t('report.warnings', { n: model.warnings.length })}>
              <ul>
                {model.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Notice>
          ) : (
            <p className="small pos">{t('report.noWarnings')}</p>
          )}
        </div>
      </div>
      <div className="report-paper" role="region" aria-label={t('report.preview')}>
        {/* The server escapes every text of the report; its style is scoped under .dukao-report. */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders the report and escapes every text in it */}
        <div className="report-html" dangerouslySetInnerHTML={{ __html: html }} />
      </div>
      {confirming ? (
        <ConfirmDialog
          title={t('report.confirmDownload')}
          message={
            <>
              <p>{t('report.confirmDownloadText', { n: problems.length })}</p>
              <ul className="small">
                {problems.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          }
          confirmLabel={t('report.downloadAnyway')}
          onConfirm={() => {
            setConfirming(false);
            download();
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
