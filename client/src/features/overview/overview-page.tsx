/** Leadership overview: headline figures, approval rollout, grades, trend, top and bottom units, heatmap, rectification. */

import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { GradeBadge, RankChange, VetoMark } from '../../components/badges';
import { Chart, preloadCharts } from '../../components/chart';
import { EntryOpenBanner } from '../../components/entry-open-banner';
import { PageHeader } from '../../components/page-header';
import { PeriodPicker } from '../../components/period-picker';
import { Empty, ErrorState, Loading } from '../../components/states';
import { TabPanel, Tabs } from '../../components/tabs';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { Link, withParams } from '../../lib/router';
import { ruleCodesOf, ruleMeta, rulePoints } from '../../lib/rules';
import { type RouterOutputs, trpc } from '../../lib/trpc';
import { usePagePeriod } from '../../lib/use-period';
import { SupervisionCard } from '../supervision/home-panels';
import { buildGradeDistributionOption } from './build-grade-distribution-option';
import { buildHeatmapOption, heatmapHeight } from './build-heatmap-option';
import { buildRectificationOption } from './build-rectification-option';
import { buildRolloutRingOption } from './build-rollout-ring-option';
import { buildTrendOption } from './build-trend-option';

type Overview = RouterOutputs['scores']['overview'];
type Group = 'grassroots' | 'organs';

export default function OverviewPage() {
  const { t } = useI18n();
  const { periods, period, codes, info, setPeriod } = usePagePeriod();
  const overview = useQuery({ ...trpc.scores.overview.queryOptions({ period: period ?? '' }), enabled: !!period });
  // Fetch the chart chunk while the overview's data is on its way (its request is sent by the effect above this one).
  useEffect(() => {
    if (period) preloadCharts();
  }, [period]);

  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  if (!period) return <NoPeriods />;

  return (
    <div className="page overview">
      <PageHeader
        title={t('overview.title')}
        subtitle={
          info?.published ? (
            <span className="chip chip-ok">{t('period.published')}</span>
          ) : info?.locked ? (
            <span className="chip chip-warn">{t('period.locked')}</span>
          ) : (
            <span className="chip">{t('period.open')}</span>
          )
        }
      >
        <PeriodPicker codes={codes} value={period} onChange={setPeriod} />
      </PageHeader>
      <EntryOpenBanner info={info} />
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <OverviewBody data={overview.data} />
      )}
    </div>
  );
}

function NoPeriods() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <div className="page">
      <PageHeader title={t('overview.title')} />
      <Empty title={t('overview.noPeriods')}>
        <p>{t('overview.noPeriodsHint')}</p>
        {me.role === 'admin' ? (
          <p>
            <Link to="/admin/units">{t('overview.goUnits')}</Link> · <Link to="/entry">{t('nav.entry')}</Link>
          </p>
        ) : me.role === 'inspector' ? (
          <p>
            <Link to="/entry">{t('nav.entry')}</Link>
          </p>
        ) : null}
      </Empty>
    </div>
  );
}

function OverviewBody({ data }: { data: Overview }) {
  const i = useI18n();
  const { t, num, pct } = i;
  const h = data.headline;
  const hasScores = data.groups.grassroots.count + data.groups.organs.count > 0;
  const cards: { key: string; label: string; value: string; sub?: string }[] = [
    {
      key: 'published',
      label: t('overview.published'),
      value: num(h.published),
      sub: t('overview.electronic', { n: num(h.electronic) }),
    },
    {
      key: 'cases',
      label: t('overview.onlineCases'),
      value: num(h.onlineCases),
      sub: t('overview.casesOnTime', { n: num(h.casesOnTime), pct: pct(h.casesOnTime, h.onlineCases) }),
    },
    { key: 'training', label: t('overview.training'), value: num(h.trainingAttendees), sub: t('unit.people') },
    {
      key: 'requests',
      label: t('overview.requests'),
      value: num(h.requests),
      sub: t('overview.replies', { n: num(h.replies) }),
    },
    { key: 'consult', label: t('overview.consultations'), value: num(h.consultations), sub: t('unit.personTimes') },
    { key: 'appeals', label: t('overview.appeals'), value: num(h.appeals), sub: t('overview.appealsSub') },
    { key: 'normative', label: t('overview.normativeDocs'), value: num(h.normativeDocs), sub: t('unit.documents') },
    {
      key: 'submission',
      label: t('overview.submission'),
      value: `${data.submission.done}/${data.submission.total}`,
      sub: pct(data.submission.done, data.submission.total),
    },
  ];

  return (
    <>
      <section aria-label={t('overview.headline')} className="kpi-grid">
        {cards.map((c) => (
          <div key={c.key} className="kpi" data-kpi={c.key}>
            <div className="kpi-label">{c.label}</div>
            <div className="kpi-value">{c.value}</div>
            {c.sub ? <div className="kpi-sub">{c.sub}</div> : null}
          </div>
        ))}
      </section>

      <div className="grid-3">
        <RolloutCard done={data.approvalRollout.done} total={data.approvalRollout.total} />
        <RectificationCard counts={data.rectification} period={data.period} />
        <SupervisionCard period={data.period} />
        <section className="card">
          <h2 className="card-title">{t('overview.grades')}</h2>
          {hasScores ? (
            <Chart
              label={t('overview.grades')}
              height={220}
              option={buildGradeDistributionOption({
                groups: (['grassroots', 'organs'] as const).map((g) => ({
                  label: t(`group.${g}`),
                  grades: data.groups[g].grades,
                })),
                gradeLabels: {
                  excellent: t('grade.excellent'),
                  good: t('grade.good'),
                  pass: t('grade.pass'),
                  fail: t('grade.fail'),
                },
              })}
            />
          ) : (
            <Empty title={t('overview.noScores')} />
          )}
        </section>
      </div>

      <section className="card">
        <h2 className="card-title">{t('overview.trend', { year: data.period.slice(0, 4) })}</h2>
        <Chart
          label={t('overview.trend', { year: data.period.slice(0, 4) })}
          height={260}
          option={buildTrendOption({
            rows: data.trend,
            periodLabel: i.periodShort,
            labels: {
              published: t('overview.published'),
              consultations: t('overview.consultations'),
              onlineCases: t('overview.onlineCases'),
            },
          })}
        />
      </section>

      {hasScores ? (
        <div className="grid-2 topbottom">
          {(['grassroots', 'organs'] as const).map((g) => (
            <TopBottom key={g} group={g} data={data} />
          ))}
        </div>
      ) : null}

      {hasScores ? <HeatmapCard data={data} /> : null}
    </>
  );
}

function RolloutCard({ done, total }: { done: number; total: number }) {
  const { t, pct } = useI18n();
  const option = useMemo(
    () =>
      buildRolloutRingOption({
        done,
        total,
        label: t('overview.rollout'),
        doneLabel: t('overview.rolloutDone'),
        restLabel: t('overview.rolloutRest'),
      }),
    [done, total, t],
  );
  return (
    <section className="card rollout-card">
      <h2 className="card-title">{t('overview.rollout')}</h2>
      <div className="gauge-wrap">
        <Chart option={option} height={200} label={t('overview.rolloutAria', { done, total })} />
        <div className="gauge-center" aria-hidden="false">
          <div className="gauge-value" data-testid="rollout">
            {done}/{total}
          </div>
          <div className="gauge-sub">{pct(done, total)}</div>
        </div>
      </div>
      <p className="muted small center">{t('overview.rolloutHint')}</p>
    </section>
  );
}

function RectificationCard({ counts, period }: { counts: Overview['rectification']; period: string }) {
  const { t, period: fmtPeriod } = useI18n();
  const labels = {
    open: t('rect.state.open'),
    overdue: t('rect.state.overdue'),
    rectified: t('rect.state.rectified'),
    late: t('rect.state.late'),
  };
  return (
    <section className="card">
      <h2 className="card-title">{t('overview.rectification')}</h2>
      {counts.total === 0 ? (
        <Empty title={t('overview.noFindings')} />
      ) : (
        <>
          <Chart
            option={buildRectificationOption({ counts, labels })}
            height={180}
            label={t('overview.rectification')}
          />
          <ul className="legend-list">
            {(['open', 'overdue', 'rectified', 'late'] as const).map((k) => (
              <li key={k}>
                <span className={`dot dot-${k}`} aria-hidden="true" />
                {labels[k]} <strong>{counts[k]}</strong>
              </li>
            ))}
          </ul>
          <p className="small">
            <Link to={withParams('/inspection', '', { tab: 'overdue' })}>{t('overview.seeOverdue')}</Link>
            <span className="muted">
              {' '}
              · {t('overview.findingsTotal', { n: counts.total, period: fmtPeriod(period) })}
            </span>
          </p>
        </>
      )}
    </section>
  );
}

function TopBottom({ group, data }: { group: Group; data: Overview }) {
  const { t, score } = useI18n();
  const g = data.groups[group];
  const table = (rows: typeof g.top, caption: string) => (
    <table className="table table-compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rank.rank')}</th>
          <th scope="col">{t('unit.unit')}</th>
          <th scope="col" className="num">
            {t('score.score')}
          </th>
          <th scope="col">{t('score.grade')}</th>
          <th scope="col">{t('rank.change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.unit}>
            <td>{r.rank ?? '—'}</td>
            <td>
              <Link to={withParams(`/scorecard/${encodeURIComponent(r.unit)}`, '', { period: data.period })}>
                {r.name}
              </Link>
            </td>
            <td className="num strong">{score(r.score)}</td>
            <td>
              <GradeBadge grade={r.grade} /> <VetoMark veto={r.veto} />
            </td>
            <td>
              <RankChange change={r.rankChange} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section className="card">
      <h2 className="card-title">
        {t(`group.${group}`)} <span className="muted small">{t('overview.unitsCount', { n: g.count })}</span>
      </h2>
      <div className="split">
        {table(g.top, t('overview.top5'))}
        {table(g.bottom, t('overview.bottom5'))}
      </div>
      <p className="small">
        <Link to={withParams('/rankings', '', { period: data.period, group })}>{t('overview.fullRanking')}</Link>
      </p>
    </section>
  );
}

function HeatmapCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const [group, setGroup] = useState<Group>('grassroots');
  const rows = data.heatmap.filter((r) => r.group === group);
  const rules = ruleCodesOf(rows, data.rules).map((code) => {
    const m = ruleMeta(code, lang, data.rules);
    return { code, label: m.short, points: rulePoints(code, rows, data.rules) };
  });
  const option = useMemo(
    () =>
      buildHeatmapOption({
        units: rows.map((r) => ({ code: r.unit, name: r.name, rules: r.rules })),
        rules,
        earnedLabel: t('score.points'),
      }),
    [rows, rules, t],
  );
  return (
    <section className="card">
      <div className="card-head">
        <h2 className="card-title">{t('overview.heatmap')}</h2>
        <Tabs
          idBase="heatmap"
          label={t('overview.heatmap')}
          value={group}
          onChange={setGroup}
          items={[
            { key: 'grassroots', label: `${t('group.grassroots')} (${data.groups.grassroots.count})` },
            { key: 'organs', label: `${t('group.organs')} (${data.groups.organs.count})` },
          ]}
        />
      </div>
      <p className="muted small">
        {t('overview.heatmapHint')}
        {rows.length < data.groups[group].count
          ? ` ${t('overview.heatmapBottom', { n: rows.length, total: data.groups[group].count })}`
          : null}
      </p>
      <TabPanel idBase="heatmap" active={group}>
        {rows.length ? (
          <Chart option={option} height={heatmapHeight(rows.length)} label={t('overview.heatmap')} />
        ) : (
          <Empty title={t('overview.noScores')} />
        )}
      </TabPanel>
    </section>
  );
}
