/** A unit select grouped by ranking group (city-wide roles). */

import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useI18n } from '../lib/i18n';
import { trpc } from '../lib/trpc';

export function UnitPicker({
  value,
  onChange,
  label,
  allowNone,
  required,
  inline = true,
}: {
  value: string | null;
  onChange: (code: string) => void;
  label?: string;
  allowNone?: string;
  required?: boolean;
  inline?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const units = useQuery(trpc.meta.units.queryOptions());
  const list = units.data ?? [];
  return (
    <div className={inline ? 'field field-inline' : 'field'}>
      <label htmlFor={id}>{label ?? t('unit.unit')}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
        disabled={units.isPending}
        required={required}
      >
        {allowNone !== undefined || !value ? <option value="">{allowNone ?? t('unit.choose')}</option> : null}
        {(['grassroots', 'organs'] as const).map((g) => (
          <optgroup key={g} label={t(`group.${g}`)}>
            {list
              .filter((u) => u.group === g)
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.code} {u.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
