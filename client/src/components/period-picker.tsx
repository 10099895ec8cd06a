/** A period select grouped by year: the year itself, then its quarters (newest first). */
import { useId } from 'react';
import { useI18n } from '../lib/i18n';
import { parsePeriod, sortPeriodsDesc } from '../lib/periods';

export function PeriodPicker({
  codes,
  value,
  onChange,
  label,
}: {
  codes: readonly string[];
  value: string;
  onChange: (code: string) => void;
  label?: string;
}) {
  const { t, period } = useI18n();
  const id = useId();
  const byYear = new Map<number, string[]>();
  for (const c of sortPeriodsDesc(codes)) {
    const p = parsePeriod(c);
    if (!p) continue;
    const list = byYear.get(p.year) ?? [];
    list.push(c);
    byYear.set(p.year, list);
  }
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label ?? t('period.label')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {[...byYear.entries()].map(([year, list]) => (
          <optgroup key={year} label={String(year)}>
            {list.map((c) => (
              <option key={c} value={c}>
                {period(c)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
