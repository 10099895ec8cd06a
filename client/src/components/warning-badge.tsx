/** A supervision warning (蓝/黄/红 预警) with the days left or overdue. */
import { useI18n } from '../lib/i18n';

export type WarningLevel = 'blue' | 'yellow' | 'red';

export function WarningBadge({
  level,
  daysLeft,
  dueOn,
}: {
  level: WarningLevel | null;
  daysLeft: number | null;
  dueOn?: string | null;
}) {
  const { t, date } = useI18n();
  if (level === null) return null;
  // Past a year overdue, the deadline says more than a count of days.
  const when =
    daysLeft === null
      ? ''
      : daysLeft < -365 && dueOn
        ? t('warning.dueOnPast', { date: date(dueOn) })
        : daysLeft < 0
          ? t('warning.overdueDays', { n: -daysLeft })
          : daysLeft === 0
            ? t('warning.dueToday')
            : t('warning.daysLeft', { n: daysLeft });
  return (
    <span className={`badge warning warning-${level}`} data-warning={level}>
      {t(`warning.${level}`)}
      {when ? <span className="warning-when"> · {when}</span> : null}
    </span>
  );
}
