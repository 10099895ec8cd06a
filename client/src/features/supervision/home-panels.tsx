/** Small supervision panels for other pages: a unit's open items on its home page, the overview's warning card. */
import { useQuery } from '@tanstack/react-query';
import { WarningBadge } from '../../components/warning-badge';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { trpc } from '../../lib/trpc';
import { LevelChips, OpenItemText } from './open-items';

/** A unit operator's most urgent open items (up to five) with a link to all of them. */
export function UnitOpenItemsPanel() {
  const { t, period } = useI18n();
  const items = useQuery(trpc.supervision.openItems.queryOptions({}));
  const coloured = (items.data ?? []).filter((i) => i.level !== null);
  if (!coloured.length) return null;
  const counts = { red: 0, yellow: 0, blue: 0, none: 0 };
  for (const i of coloured) counts[i.level ?? 'none']++;
  return (
    <section className="card open-items-panel" aria-label={t('supervision.homeTitle')}>
      <h2 className="card-title">
        {t('supervision.homeTitle')} <LevelChips counts={counts} />
      </h2>
      <ul className="plain-list">
        {coloured.slice(0, 5).map((i) => (
          <li key={i.key} data-item={i.key}>
            <WarningBadge level={i.level} daysLeft={i.daysLeft} dueOn={i.dueOn} /> {period(i.period)}{' '}
            <OpenItemText item={i} />
          </li>
        ))}
      </ul>
      <Link to="/supervision">{t('supervision.homeMore', { n: items.data?.length ?? 0 })}</Link>
    </section>
  );
}

/** The overview's card: open items by colour, closure rate, long reds, on-time submission; links to the board. */
export function SupervisionCard({ period }: { period: string }) {
  const { t } = useI18n();
  const board = useQuery(trpc.supervision.board.queryOptions({ period }));
  const timeliness = useQuery(trpc.supervision.timeliness.queryOptions({ period }));
  const b = board.data;
  const tl = timeliness.data;
  return (
    <section className="card" data-card="supervision">
      <h2 className="card-title">{t('supervision.cityCard')}</h2>
      {b ? (
        <>
          <p>
            <LevelChips counts={b.totals.levels} />
          </p>
          <p className="small">
            {t('supervision.closureRate')}：
            {b.totals.closureRate === null ? '—' : `${(b.totals.closureRate * 100).toFixed(1)}%`} ·{' '}
            {t('supervision.redOver30')}：{b.totals.redOver30}
          </p>
        </>
      ) : null}
      {tl ? (
        <p className="small" data-timeliness>
          {t('timeliness.title')}：{t('timeliness.summary', tl.totals)}
          {tl.deadline ? <span className="muted"> （{t('timeliness.deadline', { date: tl.deadline })}）</span> : null}
        </p>
      ) : null}
      <Link to={`/supervision?period=${encodeURIComponent(period)}`}>{t('supervision.cityCardLink')}</Link>
    </section>
  );
}

type Timeliness = 'onTime' | 'late' | 'missing' | 'notDue';

/** On time / late / missing for one unit's submission. */
export function TimelinessBadge({ status }: { status: Timeliness | undefined }) {
  const { t } = useI18n();
  if (!status) return <span className="muted">—</span>;
  const cls =
    status === 'onTime'
      ? 'badge ok'
      : status === 'late'
        ? 'badge warning-yellow'
        : status === 'missing'
          ? 'badge warning-red'
          : 'badge';
  return (
    <span className={cls} data-timeliness={status}>
      {t(`timeliness.${status}`)}
    </span>
  );
}
