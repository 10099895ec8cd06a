/** One unit's scorecard: score, grade, rank, rules against the group average, deductions, bonuses, trend, explanation; printable. */

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { GradeBadge, RankChange, RectificationBadge, SeverityBadge, VetoMark } from '../../components/badges';
import { Chart, preloadCharts } from '../../components/chart';
import { EntryOpenBanner } from '../../components/entry-open-banner';
import { PageHeader } from '../../components/page-header';
import { PeriodPicker } from '../../components/period-picker';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { UnitPicker } from '../../components/unit-picker';
import { useI18n } from '../../lib/i18n';
import { indicatorLabel, measureLabel } from '../../lib/indicators';
import { useMe } from '../../lib/me';
import { Link, navigate, useLocation, withParams } from '../../lib/router';
import { type RouterOutputs, trpc } from '../../lib/trpc';
import { usePagePeriod } from '../../lib/use-period';
import type { PageProps } from '../../routes';
import { AppealButton, FileAppealDialog } from '../appeals/appeal-dialogs';
import { UnitOpenItemsPanel } from '../supervision/home-panels';
import { buildRuleCompareOption } from './build-rule-compare-option';
import { buildScoreTrendOption } from './build-score-trend-option';
import { formulaText, noteText } from './explain-text';
import { MovementSection } from './movement-section';

preloadCharts();
type Scorecard = RouterOutputs['scores']['scorecard'];

export default function ScorecardPage({ params }: PageProps) {
  const { t } = useI18n();
  const me = useMe();
  const loc = useLocation();
  const { periods, period, codes, info, setPeriod } = usePagePeriod();
  const requested = params.unit ?? null;
  const isUnit = me.role === 'unit';
  const unit = isUnit ? me.unitCode : requested;
  // A unit operator who types another unit's address sees no data of it: nothing is even requested.
  const foreign = isUnit && requested !== null && requested !== me.unitCode;
  const card = useQuery({
    ...trpc.scores.scorecard.queryOptions({ period: period ?? '', unit: unit ?? '' }),
    enabled: !!period && !!unit && !foreign,
  });

  const chooseUnit = (code: string) => navigate(withParams(`/scorecard/${encodeURIComponent(code)}`, loc.search, {}));

  if (foreign) {
    return (
      <div className="page">
        <PageHeader title={t('scorecard.title')} />
        <Empty title={t('scorecard.foreign')}>
          <p>{t('scorecard.foreignHint')}</p>
          <Link to={`/scorecard/${encodeURIComponent(me.unitCode ?? '')}`}>{t('scorecard.own')}</Link>
        </Empty>
      </div>
    );
  }
  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;

  const controls = (
    <>
      {!isUnit ? <UnitPicker value={unit} onChange={chooseUnit} /> : null}
      {period ? <PeriodPicker codes={codes} value={period} onChange={setPeriod} /> : null}
      {card.data?.score ? (
        <button type="button" className="btn no-print" onClick={() => window.print()}>
          {t('action.print')}
        </button>
      ) : null}
    </>
  );
  const title = card.data
    ? t('common.nameCode', { name: card.data.unit.name, code: card.data.unit.code })
    : t('scorecard.title');

  return (
    <div className="page scorecard">
      <PageHeader title={title} subtitle={card.data ? <ScorecardSubtitle data={card.data} /> : undefined}>
        {controls}
      </PageHeader>
      {isUnit ? <UnitOpenItemsPanel /> : null}
      {unit ? <EntryOpenBanner info={info} /> : null}
      {!period ? (
        <Empty title={t('scorecard.noPeriods')}>
          {isUnit ? <Link to="/entry">{t('scorecard.goEntry')}</Link> : null}
        </Empty>
      ) : !unit ? (
        <Empty title={t('scorecard.chooseUnit')} />
      ) : card.isPending ? (
        <Loading />
      ) : card.isError ? (
        <ErrorState error={card.error} onRetry={() => void card.refetch()} />
      ) : (
        <ScorecardBody data={card.data} />
      )}
    </div>
  );
}

function ScorecardSubtitle({ data }: { data: Scorecard }) {
  const { t, period } = useI18n();
  return (
    <>
      {t(`group.${data.unit.group}`)} · {t(`unitType.${data.unit.type as 'township'}`)} · {period(data.period)}
    </>
  );
}

function ScorecardBody({ data }: { data: Scorecard }) {
  const i = useI18n();
  const { t, score, signed, lang } = i;
  const me = useMe();
  const s = data.score;
  const catalogue = useQuery(trpc.meta.catalogue.queryOptions());
  const isUnit = me.role === 'unit';
  const [appealing, setAppealing] = useState<Scorecard['findings'][number] | null>(null);
  const appeals = useQuery({ ...trpc.appeals.list.queryOptions({}), enabled: isUnit });
  const openAppeal = new Set((appeals.data ?? []).filter((a) => a.status === 'open').map((a) => a.findingId));

  const compare = useMemo(
    () =>
      s
        ? buildRuleCompareOption({
            rules: s.explanation.rules.map((r) => ({
              label: i.name(r),
              earned: r.earned,
              average: data.ruleAverages[r.code] ?? null,
              points: r.points,
            })),
            labels: {
              unit: t('scorecard.thisUnit'),
              average: t('scorecard.groupAverage'),
              rest: t('scorecard.lostPoints'),
            },
          })
        : null,
    [s, data.ruleAverages, i, t],
  );
  const trend = useMemo(
    () =>
      buildScoreTrendOption({
        points: data.trend,
        // Two lines (year, quarter) so that eight quarters fit under a half-width chart.
        periodLabel: (code) => i.periodShort(code).replace('年', '年\n'),
        labels: { score: t('score.score'), rank: t('rank.rank') },
        bands: [
          { grade: 'excellent', min: 90, label: t('grade.excellent') },
          { grade: 'good', min: 70, label: t('grade.good') },
          { grade: 'pass', min: 60, label: t('grade.pass') },
        ],
      }),
    [data.trend, i, t],
  );

  if (!s) {
    return (
      <Empty title={t('scorecard.noScore', { period: i.period(data.period) })}>
        <p>{t('scorecard.noScoreHint')}</p>
        {me.role === 'unit' || me.role === 'inspector' || me.role === 'admin' ? (
          <Link
            to={withParams('/entry', '', {
              unit: data.unit.code,
              period: /Q[1-4]$/.test(data.period) ? data.period : null,
            })}
          >
            {t('scorecard.goEntry')}
          </Link>
        ) : null}
      </Empty>
    );
  }
  const years = data.trend.filter((p) => /^\d{4}$/.test(p.period));
  const ex = s.explanation;

  return (
    <>
      {!s.submitted ? (
        <Notice kind="warning" title={t('scorecard.notSubmitted')}>
          {t('scorecard.notSubmittedHint')}
        </Notice>
      ) : null}
      {s.veto ? (
        <Notice kind="error" title={t('scorecard.vetoTitle')}>
          {t('scorecard.vetoHint')}
        </Notice>
      ) : null}
      <section className="score-summary card" aria-label={t('scorecard.summary')}>
        <div className="score-big">
          <div className="muted small">{t('score.final')}</div>
          <div className="score-value" data-testid="final-score">
            {score(s.score)}
          </div>
          <div>
            <GradeBadge grade={s.grade} /> <VetoMark veto={s.veto} />
          </div>
        </div>
        <dl className="score-facts">
          <div>
            <dt>{t('rank.rank')}</dt>
            <dd>
              {s.rank !== null ? t('scorecard.rankOf', { rank: s.rank, n: data.groupSize }) : '—'}{' '}
              <RankChange change={s.rankChange} />
            </dd>
          </div>
          <div>
            <dt>{t('score.base')}</dt>
            <dd>{score(s.base)}</dd>
          </div>
          <div>
            <dt>{t('score.deductions')}</dt>
            <dd className={s.deductions ? 'neg' : undefined}>{s.deductions ? signed(-s.deductions) : '0'}</dd>
          </div>
          <div>
            <dt>{t('score.bonus')}</dt>
            <dd className={s.bonus ? 'pos' : undefined}>{s.bonus ? signed(s.bonus) : '0'}</dd>
          </div>
          <div>
            <dt>{t('scorecard.groupAverage')}</dt>
            <dd>{data.groupAverage !== null ? score(Math.round(data.groupAverage * 100) / 100) : '—'}</dd>
          </div>
          <div>
            <dt>{t('scorecard.formula')}</dt>
            <dd className="small">
              {t('scorecard.formulaText', {
                base: score(s.base),
                d: score(s.deductions),
                b: score(s.bonus),
                s: score(s.score),
              })}
            </dd>
          </div>
        </dl>
      </section>

      <MovementSection period={data.period} unit={data.unit.code} />

      <div className="grid-2">
        <section className="card">
          <h2 className="card-title">{t('scorecard.rulesVsAverage')}</h2>
          {compare ? (
            <Chart
              option={compare}
              height={Math.max(220, ex.rules.length * 44 + 60)}
              label={t('scorecard.rulesVsAverage')}
            />
          ) : null}
        </section>
        <section className="card">
          <h2 className="card-title">{t('scorecard.trend')}</h2>
          {data.trend.some((p) => /Q[1-4]$/.test(p.period)) ? (
            <Chart option={trend} height={260} label={t('scorecard.trend')} />
          ) : (
            <Empty title={t('scorecard.noTrend')} />
          )}
          {years.length ? (
            <p className="small muted">
              {years
                .map((y) => t('scorecard.yearScore', { year: y.period, score: score(y.score), rank: y.rank ?? '—' }))
                .join('；')}
            </p>
          ) : null}
        </section>
      </div>

      <section className="card">
        <h2 className="card-title">{t('scorecard.explanation')}</h2>
        <div className="table-scroll">
          <table className="table explain-table">
            <thead>
              <tr>
                <th scope="col">{t('scorecard.rule')}</th>
                <th scope="col" className="num">
                  {t('scorecard.maxPoints')}
                </th>
                <th scope="col" className="num">
                  {t('score.points')}
                </th>
                <th scope="col" className="num">
                  {t('scorecard.groupAverage')}
                </th>
                <th scope="col">{t('scorecard.formula')}</th>
                <th scope="col">{t('scorecard.inputs')}</th>
              </tr>
            </thead>
            <tbody>
              {ex.rules.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{i.name(r)}</th>
                  <td className="num">{score(r.points)}</td>
                  <td className="num strong">{score(r.earnedRounded)}</td>
                  <td className="num">{score(data.ruleAverages[r.code])}</td>
                  <td>
                    <span className="formula">{formulaText(r.formula, lang)}</span>
                    {r.note ? <div className="small muted">{noteText(r.note, lang, catalogue.data)}</div> : null}
                  </td>
                  <td className="small">
                    {Object.entries(r.inputs).map(([code, v]) => {
                      // A quarter's share of a year target (2 people ÷ 4) is no count of people: say it as a share.
                      const share =
                        code.startsWith('target:') && r.note?.kind === 'quarterTarget'
                          ? { year: r.note.values.yearTarget, parts: r.note.values.parts }
                          : null;
                      const measure = catalogue.data?.find((d) => d.code === code.slice(7))?.measure ?? '';
                      return (
                        <div key={code}>
                          {indicatorLabel(code, lang, catalogue.data)} ={' '}
                          {share ? (
                            <strong>
                              {t('scorecard.quarterShare', {
                                year: score(share.year),
                                measure: measureLabel(measure, lang),
                                parts: score(share.parts),
                              })}
                            </strong>
                          ) : (
                            <strong>{score(v)}</strong>
                          )}
                        </div>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('score.base')}</th>
                <td className="num">{score(ex.available)}</td>
                <td className="num strong">{score(s.base)}</td>
                <td colSpan={3} className="small muted">
                  {ex.rescaled ? t('scorecard.rescaled', { available: ex.available }) : ''}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <div className="grid-2">
        <section className="card">
          <h2 className="card-title">
            {t('scorecard.deductions')}{' '}
            <span className="muted small">
              {t('scorecard.cap', { cap: ex.deductionCap, raw: score(ex.deductionsUncapped) })}
            </span>
          </h2>
          {ex.deductions.length === 0 ? (
            <Empty title={t('scorecard.noDeductions')} />
          ) : (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">{t('finding.description')}</th>
                  <th scope="col">{t('scorecard.kind')}</th>
                  <th scope="col" className="num">
                    {t('score.points')}
                  </th>
                  <th scope="col">{t('finding.deadline')}</th>
                  <th scope="col">{t('finding.rectifiedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {ex.deductions.map((d, idx) => (
                  <tr key={`${d.findingId}-${d.kind}-${idx}`}>
                    <td>
                      {d.description}
                      <div className="small muted">{i.period(d.quarter)}</div>
                    </td>
                    <td>
                      {d.kind === 'overdue' ? (
                        <span className="badge overdue">
                          {t('scorecard.overduePoint', { days: d.daysOverdue ?? 0 })}
                        </span>
                      ) : (
                        t('scorecard.findingDeduction')
                      )}
                    </td>
                    <td className="num neg">{signed(-d.points)}</td>
                    <td>{i.date(d.deadline)}</td>
                    <td>{i.date(d.rectifiedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card">
          <h2 className="card-title">
            {t('scorecard.bonuses')}{' '}
            <span className="muted small">
              {t('scorecard.cap', { cap: ex.bonusCap, raw: score(ex.bonusUncapped) })}
            </span>
          </h2>
          {ex.bonuses.length === 0 ? (
            <Empty title={t('scorecard.noBonuses')} />
          ) : (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">{t('scorecard.reason')}</th>
                  <th scope="col" className="num">
                    {t('score.points')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ex.bonuses.map((b) => (
                  <tr key={b.commendationId}>
                    <td>{b.reason}</td>
                    <td className="num pos">{signed(b.points)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="card">
        <h2 className="card-title">{t('scorecard.findings')}</h2>
        {data.findings.length === 0 ? (
          <Empty title={t('scorecard.noFindings')} />
        ) : (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('period.label')}</th>
                <th scope="col">{t('finding.severity')}</th>
                <th scope="col">{t('finding.description')}</th>
                <th scope="col" className="num">
                  {t('finding.deduction')}
                </th>
                <th scope="col">{t('finding.deadline')}</th>
                <th scope="col">{t('finding.rectification')}</th>
                {isUnit ? (
                  <th scope="col" className="no-print">
                    {t('common.actions')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.findings.map((f) => (
                <tr key={f.id}>
                  <td>{i.period(f.period)}</td>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td>{f.description}</td>
                  <td className="num neg">{signed(-f.deduction)}</td>
                  <td>{i.date(f.deadline)}</td>
                  <td>
                    <RectificationBadge status={f.rectificationStatus} />
                    {f.rectifiedAt ? <div className="small muted">{i.date(f.rectifiedAt)}</div> : null}
                  </td>
                  {isUnit ? (
                    <td className="actions no-print">
                      {openAppeal.has(f.id) ? (
                        <span className="badge appeal-open">{t('appeal.openAlready')}</span>
                      ) : (
                        <AppealButton period={f.period} onClick={() => setAppealing(f)} />
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="small no-print">
          <Link to={withParams('/inspection', '', { unit: data.unit.code })}>{t('scorecard.toInspection')}</Link>
        </p>
      </section>
      <p className="print-only small">{t('scorecard.printedNote', { scheme: s.schemeVersion })}</p>
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
          onDone={() => setAppealing(null)}
        />
      ) : null}
    </>
  );
}
