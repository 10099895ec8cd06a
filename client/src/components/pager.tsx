/** Previous / next over a list the server pages: "1–50 of 5,954". */
import { useI18n } from '../lib/i18n';

export function Pager({
  offset,
  shown,
  total,
  pageSize,
  onPage,
}: {
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  onPage: (offset: number) => void;
}) {
  const { t } = useI18n();
  const to = offset + shown;
  return (
    <nav className="pager" aria-label={t('rankings.pages')}>
      <button
        type="button"
        className="btn btn-small"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - pageSize))}
      >
        {t('action.prev')}
      </button>
      <span className="muted small">{t('rankings.range', { from: total === 0 ? 0 : offset + 1, to, total })}</span>
      <button type="button" className="btn btn-small" disabled={to >= total} onClick={() => onPage(offset + pageSize)}>
        {t('action.next')}
      </button>
    </nav>
  );
}
