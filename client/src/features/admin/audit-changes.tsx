/** One audit entry's changes as a table 字段 / 修改前 / 修改后, with the stored record behind a second toggle. */

import { useMemo } from 'react';
import { auditDiff } from '../../../../server/domain/audit-diff';
import { useI18n } from '../../lib/i18n';
import { type AuditEntryView, diffFieldLabel, diffValueText, type Worded } from './audit-diff-text';

function Words({ w }: { w: Worded }) {
  return w.raw ? (
    <code translate="no" className="small">
      {w.text}
    </code>
  ) : (
    w.text
  );
}

export function AuditChanges({ entry }: { entry: AuditEntryView }) {
  const { t, lang } = useI18n();
  const diff = useMemo(() => auditDiff(entry), [entry]);
  return (
    <details className="audit-changes">
      <summary>{t('audit.show')}</summary>
      {diff.rows.length === 0 ? (
        <p className="muted small">{t('audit.noChange')}</p>
      ) : (
        <table className="table table-compact audit-diff">
          <thead>
            <tr>
              <th scope="col">{t('audit.diff.field')}</th>
              <th scope="col">{t('audit.diff.before')}</th>
              <th scope="col">{t('audit.diff.after')}</th>
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((row) => (
              <tr key={row.path}>
                <th scope="row">
                  <Words w={diffFieldLabel(row, entry, lang)} />
                </th>
                <td className="audit-before">
                  <Words w={diffValueText(row.before, row, entry, lang)} />
                </td>
                <td>
                  <Words w={diffValueText(row.after, row, entry, lang)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {diff.more > 0 ? <p className="muted small">{t('audit.more', { n: diff.more })}</p> : null}
      <details className="audit-raw">
        <summary>{t('audit.raw')}</summary>
        <div className="audit-json" translate="no">
          <pre>{entry.before === null ? '—' : JSON.stringify(entry.before, null, 1)}</pre>
          <pre>{entry.after === null ? '—' : JSON.stringify(entry.after, null, 1)}</pre>
        </div>
      </details>
    </details>
  );
}
