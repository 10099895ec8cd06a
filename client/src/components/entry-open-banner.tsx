/** The banner of a quarter still open for entry: how many units have submitted, and that its ranks are not final. */
import { useI18n } from '../lib/i18n';
import { isClosed } from '../lib/periods';
import { Notice } from './states';

type Info = {
  quarter: number | null;
  locked: boolean;
  published: boolean;
  submitted?: number | null;
  units?: number;
};

/** Whether a period's scores are provisional: a quarter not yet locked (units may still submit). */
export const isProvisional = (info: Info | null | undefined) => !!info && info.quarter !== null && !isClosed(info);

export function EntryOpenBanner({ info }: { info: Info | null | undefined }) {
  const { t } = useI18n();
  if (!info || !isProvisional(info)) return null;
  return (
    <div data-testid="entry-open-banner">
      <Notice kind="warning" title={t('period.entryOpen', { submitted: info.submitted ?? 0, units: info.units ?? 0 })}>
        {info.units !== undefined && (info.submitted ?? 0) >= info.units
          ? t('period.entryOpenAllHint')
          : t('period.entryOpenHint')}
      </Notice>
    </div>
  );
}
