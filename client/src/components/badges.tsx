/** Small marks: grade, veto, rank change, submission and rectification status, severity. */
import { useI18n } from '../lib/i18n';

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';

export function GradeBadge({ grade }: { grade: Grade }) {
  const { t } = useI18n();
  return <span className={`badge grade-${grade}`}>{t(`grade.${grade}`)}</span>;
}

export function VetoMark({ veto }: { veto: boolean }) {
  const { t } = useI18n();
  if (!veto) return null;
  return (
    <span className="badge veto" title={t('score.vetoHint')}>
      {t('score.veto')}
    </span>
  );
}

/** ↑3 (up), ↓2 (down), – (same), nothing for the first period. */
export function RankChange({ change }: { change: number | null | undefined }) {
  const { t } = useI18n();
  if (change === null || change === undefined)
    return (
      <span className="rank-change none" role="img" aria-label={t('rank.changeNone')}>
        ·
      </span>
    );
  if (change > 0)
    return (
      <span
        className="rank-change up"
        role="img"
        aria-label={t('rank.up', { n: change })}
        title={t('rank.up', { n: change })}
      >
        ↑{change}
      </span>
    );
  if (change < 0)
    return (
      <span
        className="rank-change down"
        role="img"
        aria-label={t('rank.down', { n: -change })}
        title={t('rank.down', { n: -change })}
      >
        ↓{-change}
      </span>
    );
  return (
    <span className="rank-change same" role="img" aria-label={t('rank.same')} title={t('rank.same')}>
      –
    </span>
  );
}

export type SubmissionStatus = 'none' | 'draft' | 'submitted' | 'verified' | 'returned';

export function StatusBadge({ status }: { status: SubmissionStatus }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export type Severity = 'minor' | 'major' | 'veto';

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useI18n();
  const known: Severity = severity === 'major' || severity === 'veto' ? severity : 'minor';
  return <span className={`badge severity-${known}`}>{t(`severity.${known}`)}</span>;
}

/** Past this many days an overdue item shows its deadline only: "已逾期 5484 天" says nothing a date does not. */
export const OVERDUE_COUNT_MAX_DAYS = 365;

/** How overdue an item is: the days (its deadline stands beside it), or past a year the deadline itself. */
export function OverdueNote({ days, deadline }: { days: number; deadline: string | null }) {
  const { t, date } = useI18n();
  const text =
    days > OVERDUE_COUNT_MAX_DAYS
      ? t('finding.overdueSince', { date: date(deadline) })
      : t('finding.daysOverdue', { n: days });
  return <div className="small neg">{text}</div>;
}

export type RectificationStatus = 'open' | 'pending' | 'confirmed' | 'rejected';

export function RectificationBadge({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useI18n();
  const known = ['open', 'pending', 'confirmed', 'rejected'].includes(status)
    ? (status as RectificationStatus)
    : 'open';
  return (
    <>
      <span className={`badge rect-${known}`}>{t(`rect.${known}`)}</span>
      {overdue ? <span className="badge overdue">{t('rect.overdue')}</span> : null}
    </>
  );
}
