/** Rankings of both groups (city roles: every figure, sortable, export, publish); unit operators: the published ranking. */

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { firstDirection, SEARCH_MAX, type SortDir, type SortKey } from '../../../../server/domain/ranking-order';
import { GradeBadge, RankChange, VetoMark } from '../../components/badges';
import { EntryOpenBanner, isProvisional } from '../../components/entry-open-banner';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { PeriodPicker } from '../../components/period-picker';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { TabPanel, Tabs } from '../../components/tabs';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { Link, useSearchParam, withParams } from '../../lib/router';
import { type RuleInfo, ruleCodesOf, ruleMeta } from '../../lib/rules';
import { type RouterOutputs, trpc } from '../../lib/trpc';
import { useDebounced } from '../../lib/use-debounced';
import { usePagePeriod } from '../../lib/use-period';
import { TimelinessBadge } from '../supervision/home-panels';
import { PublishDialog } from './publish-dialog';

type Group = 'grassroots' | 'organs';
type Row = RouterOutputs['scores']['rankings']['rows'][number];

export default function RankingsPage() {
  const { t, period: periodLabel } = useI18n();
  const me = useMe();
  const { periods, period, codes, info, setPeriod } = usePagePeriod();
  const [groupParam, setGroupParam] = useSearchParam('group');
  const group: Group = groupParam === 'organs' ? 'organs' : 'grassroots';

  if (periods.isPending) return <Loading />;
  if (periods.isError) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  if (!period) {
    return (
      <div className="page">
        <PageHeader title={t('rankings.title')} />
        <Empty title={t('overview.noPeriods')}>
          <p>{t('overview.noPeriodsHint')}</p>
        </Empty>
      </div>
    );
  }
  const picker = <PeriodPicker codes={codes} value={period} onChange={setPeriod} />;
  if (me.role === 'unit') {
    return (
      <div className="page">
        <PageHeader title={t('rankings.title')} subtitle={t('rankings.publishedOnly')}>
          {picker}
        </PageHeader>
        {info?.published ? (
          <PublishedRanking period={period} group={group} setGroup={(g) => setGroupParam(g)} />
        ) : (
          <Empty title={t('rankings.notPublished', { period: periodLabel(period) })}>
            {t('rankings.notPublishedHint')}
          </Empty>
        )}
      </div>
    );
  }
  return <CityRankings period={period} info={info} picker={picker} group={group} setGroup={(g) => setGroupParam(g)} />;
}

/** Rows per page: a province has thousands of units a group; the server sorts, searches and pages. */
export const PAGE_SIZE = 50;

/** The search box and page offset of a list the server pages: a new `scope` (period, group, order) or search starts at the first page. */
function useServerPaging(scope: string) {
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 250);
  const [page, setPage] = useState({ key: '', offset: 0 });
  const key = `${scope}|${search}`;
  return {
    query,
    setQuery,
    search,
    offset: page.key === key ? page.offset : 0,
    setOffset: (offset: number) => setPage({ key, offset }),
  };
}

function CityRankings({
  period,
  info,
  picker,
  group,
  setGroup,
}: {
  period: string;
  info: Parameters<typeof EntryOpenBanner>[0]['info'];
  picker: ReactNode;
  group: Group;
  setGroup: (g: Group) => void;
}) {
  const { t, lang, period: fmtPeriod } = useI18n();
  const me = useMe();
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'rank', dir: 'asc' });
  const { query, setQuery, search, offset, setOffset } = useServerPaging(`${period}|${group}|${sort.key}|${sort.dir}`);
  const rankings = useQuery({
    ...trpc.scores.rankings.queryOptions({
      period,
      group,
      sort: sort.key,
      dir: sort.dir,
      ...(search ? { search } : {}),
      offset,
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const [confirming, setConfirming] = useState(false);
  const [publishedVersion, setPublishedVersion] = useState<number | null>(null);
  const canPublish = me.role === 'leadership' || me.role === 'admin';
  const data = rankings.data;
  const published = data?.published ?? false;
  const counts = data?.counts ?? { grassroots: 0, organs: 0 };
  const scored = counts.grassroots + counts.organs;
  // The people's ranking file of the group on screen, in the reader's language (GET /api/export/ranking).
  const exportHref = `/api/export/ranking?period=${encodeURIComponent(period)}&group=${group}&lang=${lang}`;

  return (
    <div className="page">
      <PageHeader
        title={t('rankings.title')}
        subtitle={
          <>
            {/* On paper the picker and the group tabs are gone: say which ranking this is. */}
            <span className="print-only">
              {fmtPeriod(period)} · {t(`group.${group}`)}
            </span>
            {published ? (
              <span className="chip chip-ok">{t('period.published')}</span>
            ) : (
              <span className="chip">{t('rankings.unpublished')}</span>
            )}
          </>
        }
      >
        {picker}
        <div className="btn-group" role="group" aria-label={t('rankings.export')}>
          <a className="btn" href={`${exportHref}&format=xlsx`} download>
            {t('rankings.exportXlsx')}
          </a>
          <a className="btn" href={`${exportHref}&format=csv`} download>
            {t('rankings.exportCsv')}
          </a>
        </div>
        {canPublish ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={scored === 0}
            onClick={() => {
              setPublishedVersion(null);
              setConfirming(true);
            }}
            title={published ? t('period.published') : undefined}
          >
            {published ? t('publish.newVersion') : t('rankings.publish')}
          </button>
        ) : null}
      </PageHeader>
      <EntryOpenBanner info={info} />
      {publishedVersion !== null ? (
        <Notice
          kind="success"
          title={`${t('rankings.publishedNow', { period: fmtPeriod(period) })}（${t('publish.version', { version: String(publishedVersion) })}）`}
        />
      ) : null}
      {confirming ? (
        <PublishDialog
          period={period}
          periodLabel={fmtPeriod(period)}
          onDone={(v) => {
            setConfirming(false);
            setPublishedVersion(v);
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {rankings.isPending ? (
        <Loading />
      ) : rankings.isError && !data ? (
        <ErrorState error={rankings.error} onRetry={() => void rankings.refetch()} />
      ) : scored === 0 ? (
        <Empty title={t('rankings.noRows')}>{t('rankings.noRowsHint')}</Empty>
      ) : (
        <section className="card">
          <Tabs
            idBase="rank"
            label={t('rankings.groups')}
            value={group}
            onChange={setGroup}
            items={[
              { key: 'grassroots', label: `${t('group.grassroots')} (${counts.grassroots})` },
              { key: 'organs', label: `${t('group.organs')} (${counts.organs})` },
            ]}
          />
          <TabPanel idBase="rank" active={group}>
            <RankingTable
              rows={data?.rows ?? []}
              schemeRules={data?.rules ?? []}
              total={data?.total ?? 0}
              groupCount={counts[group]}
              offset={data?.offset ?? 0}
              period={period}
              sort={sort}
              onSort={setSort}
              query={query}
              onQuery={setQuery}
              busy={rankings.isPlaceholderData || rankings.isFetching}
              onPage={setOffset}
              provisional={isProvisional(info)}
            />
          </TabPanel>
        </section>
      )}
    </div>
  );
}

type TableProps = {
  rows: readonly Row[];
  schemeRules: readonly RuleInfo[];
  total: number;
  groupCount: number;
  offset: number;
  period: string;
  sort: { key: SortKey; dir: SortDir };
  onSort: (sort: { key: SortKey; dir: SortDir }) => void;
  query: string;
  onQuery: (q: string) => void;
  busy: boolean;
  onPage: (offset: number) => void;
  /** A quarter still open for entry: units that have not submitted get no rank, score or grade yet. */
  provisional: boolean;
};

function RankingTable({
  rows,
  schemeRules,
  total,
  groupCount,
  offset,
  period,
  sort,
  onSort,
  query,
  onQuery,
  busy,
  onPage,
  provisional,
}: TableProps) {
  const { t, lang, score, signed } = useI18n();
  const searchId = useId();
  const rules = ruleCodesOf(rows, schemeRules).map((c) => ruleMeta(c, lang, schemeRules));

  const header = (key: SortKey, label: string, opts: { num?: boolean; title?: string } = {}) => {
    const active = sort.key === key;
    return (
      <th
        key={key}
        scope="col"
        className={opts.num ? 'num' : undefined}
        aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
        title={opts.title}
      >
        <button
          type="button"
          className="sort-btn"
          onClick={() =>
            onSort(active ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: firstDirection(key) })
          }
        >
          {label}
          <span className="sort-icon" aria-hidden="true">
            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  const pager = <Pager offset={offset} shown={rows.length} total={total} pageSize={PAGE_SIZE} onPage={onPage} />;
  const tl = useQuery(trpc.supervision.timeliness.queryOptions({ period }));
  const timeliness = new Map((tl.data?.units ?? []).map((u) => [u.unit, u.status]));

  return (
    <>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor={searchId}>{t('action.search')}</label>
          <input
            id={searchId}
            type="search"
            maxLength={SEARCH_MAX}
            value={query}
            onChange={(e) => onQuery(e.target.value)}
            placeholder={t('rankings.searchPlaceholder')}
          />
        </div>
        <span className="muted small" aria-live="polite">
          {t('rankings.showing', { n: total, total: groupCount })}
        </span>
        {total > PAGE_SIZE ? pager : null}
      </div>
      <div className="table-scroll" aria-busy={busy}>
        <table className="table ranking-table" data-testid="ranking-table">
          <thead>
            <tr>
              {header('rank', t('rank.rank'))}
              {header('change', t('rank.change'))}
              {header('name', t('unit.unit'))}
              {rules.map((r) => header(`rule:${r.code}`, r.short, { num: true, title: r.label }))}
              {header('base', t('score.base'), { num: true })}
              {header('deductions', t('score.deductions'), { num: true })}
              {header('bonus', t('score.bonus'), { num: true })}
              {header('score', t('score.final'), { num: true })}
              <th scope="col">{t('score.grade')}</th>
              <th scope="col">{t('timeliness.title')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const pending = provisional && !r.submitted;
              return (
                <tr key={r.unit} className={r.submitted ? undefined : 'row-muted'}>
                  <td className="rank-cell">{pending ? '—' : (r.rank ?? '—')}</td>
                  <td>{pending ? <span className="muted">—</span> : <RankChange change={r.rank_change} />}</td>
                  <td>
                    <Link to={withParams(`/scorecard/${encodeURIComponent(r.unit)}`, '', { period })}>{r.name}</Link>{' '}
                    <span className="muted small">{r.unit}</span>
                    {!r.submitted ? <span className="chip chip-warn small">{t('score.notSubmitted')}</span> : null}
                  </td>
                  {rules.map((rule) => (
                    <td key={rule.code} className={pending ? 'num muted' : 'num'}>
                      {pending ? '—' : score(r.rules[rule.code])}
                    </td>
                  ))}
                  {/* Findings and commendations count already; the figures only once submitted. */}
                  <td className={pending ? 'num muted' : 'num'}>{pending ? '—' : score(r.base)}</td>
                  <td className={r.deductions ? 'num neg' : 'num muted'}>
                    {r.deductions ? signed(-r.deductions) : '0'}
                  </td>
                  <td className={r.bonus ? 'num pos' : 'num muted'}>{r.bonus ? signed(r.bonus) : '0'}</td>
                  <td className="num strong">{pending ? '—' : score(r.score)}</td>
                  <td>
                    {pending ? (
                      <span className="muted">{t('score.notSubmitted')}</span>
                    ) : (
                      <>
                        <GradeBadge grade={r.grade} /> <VetoMark veto={r.veto} />
                      </>
                    )}
                  </td>
                  <td>
                    <TimelinessBadge status={timeliness.get(r.unit)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 ? <Empty title={t('rankings.noMatch')} /> : null}
      </div>
      {total > PAGE_SIZE ? <div className="toolbar toolbar-end">{pager}</div> : null}
    </>
  );
}

function PublishedRanking({ period, group, setGroup }: { period: string; group: Group; setGroup: (g: Group) => void }) {
  const { t, score } = useI18n();
  const me = useMe();
  const searchId = useId();
  const { query, setQuery, search, offset, setOffset } = useServerPaging(`${period}|${group}`);
  const published = useQuery({
    ...trpc.scores.publishedPage.queryOptions({
      period,
      group,
      ...(search ? { search } : {}),
      offset,
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  if (published.isPending) return <Loading />;
  if (published.isError && !published.data)
    return <ErrorState error={published.error} onRetry={() => void published.refetch()} />;
  const { rows, total, counts, own } = published.data;
  const pager = <Pager offset={offset} shown={rows.length} total={total} pageSize={PAGE_SIZE} onPage={setOffset} />;
  return (
    <section className="card">
      <Tabs
        idBase="pub"
        label={t('rankings.groups')}
        value={group}
        onChange={setGroup}
        items={[
          { key: 'grassroots', label: `${t('group.grassroots')} (${counts.grassroots})` },
          { key: 'organs', label: `${t('group.organs')} (${counts.organs})` },
        ]}
      />
      <TabPanel idBase="pub" active={group}>
        {own && own.group === group ? (
          <p className="own-rank" data-testid="own-rank">
            {t('rankings.ownRank', { name: own.name, rank: own.rank ?? '—', score: score(own.score) })}{' '}
            <GradeBadge grade={own.grade} />
          </p>
        ) : null}
        <div className="toolbar">
          <div className="field field-inline">
            <label htmlFor={searchId}>{t('action.search')}</label>
            <input
              id={searchId}
              type="search"
              maxLength={SEARCH_MAX}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('rankings.searchPlaceholder')}
            />
          </div>
          {total > PAGE_SIZE ? pager : null}
        </div>
        <table className="table" aria-busy={published.isPlaceholderData}>
          <thead>
            <tr>
              <th scope="col">{t('rank.rank')}</th>
              <th scope="col">{t('unit.unit')}</th>
              <th scope="col" className="num">
                {t('score.final')}
              </th>
              <th scope="col">{t('score.grade')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.unit} className={r.unit === me.unitCode ? 'row-own' : undefined}>
                <td>{r.rank ?? '—'}</td>
                <td>
                  {r.name}{' '}
                  {r.unit === me.unitCode ? <span className="chip chip-ok small">{t('rankings.ownUnit')}</span> : null}
                </td>
                <td className="num strong">{score(r.score)}</td>
                <td>
                  <GradeBadge grade={r.grade} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <Empty title={search ? t('rankings.noMatch') : t('rankings.noRows')} /> : null}
        {total > PAGE_SIZE ? <div className="toolbar toolbar-end">{pager}</div> : null}
      </TabPanel>
    </section>
  );
}
