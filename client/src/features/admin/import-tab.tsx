/**
 * Bulk import for administrators: units, values, findings or commendations from CSV or XLSX through
 * POST /api/import/<kind>, the same checks and all-or-nothing transaction as `npm run cli -- import`.
 * Upload progress from the XMLHttpRequest; a refused file lists its `row N: …` problems in a table.
 */

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { type RowProblem, rowProblemLines } from '../../lib/server-errors';
import { errorMessage } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';

const IMPORT_KINDS = ['units', 'values', 'findings', 'commendations'] as const;
type Kind = (typeof IMPORT_KINDS)[number];

/** The header each kind needs (README's CLI table). */
const HEADERS: Record<Kind, string> = {
  units: 'code,name,type[,parent]',
  values: 'unit,period,indicator,value',
  findings: 'unit,period,severity,deduction,description,deadline[,rectified_at]',
  commendations: 'unit,period,points,reason',
};

type Result = {
  kind: Kind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  changed: number;
  unitPeriods: number;
  /** The warnings as keys and parameters (`row N`, server/domain/server-messages.ts). */
  warningMessages: { row: number; key: string; params: Record<string, string | number> }[];
};
type Failure = { text: string; rows: RowProblem[]; omitted: number };

export function ImportTab() {
  const { t, num } = useI18n();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('units');
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<(Result & { file: string }) | null>(null);
  const [failure, setFailure] = useState<(Failure & { file: string }) | null>(null);
  const kindId = useId();
  const fileId = useId();
  const busy = progress !== null && progress < 100;

  const upload = async (file: File) => {
    setResult(null);
    setFailure(null);
    setProgress(0);
    try {
      const answer = await uploadFile<Result>(`/api/import/${kind}`, file, {}, setProgress);
      if (answer.ok) {
        setResult({ ...answer.body, file: file.name });
        // Units, values, findings and scores may all have changed.
        await queryClient.invalidateQueries();
      } else {
        setFailure({
          file: file.name,
          text: answer.error,
          rows: answer.rows,
          omitted: answer.omittedRowErrors,
        });
      }
    } catch (err) {
      setFailure({
        file: file.name,
        text: `${t('entry.upload.readFailed')} (${errorMessage(err)})`,
        rows: [],
        omitted: 0,
      });
    } finally {
      setProgress(100);
      setTimeout(() => setProgress(null), 600);
    }
  };

  return (
    <section className="card import-tab" aria-label={t('admin.import')}>
      <p className="muted small">{t('import.intro')}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor={kindId}>{t('import.kind')}</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as Kind)} disabled={busy}>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`import.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={fileId}>{t('import.file')}</label>
          <input
            id={fileId}
            type="file"
            disabled={busy}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
              e.target.value = '';
            }}
          />
        </div>
      </div>
      <p className="small">
        {t('import.header')} <code>{HEADERS[kind]}</code>
      </p>
      <p className="small muted">{t(`import.hint.${kind}`)}</p>
      {progress !== null ? (
        <div className="import-progress">
          <progress max={100} value={progress} aria-label={t('import.progress')}>
            {progress}%
          </progress>{' '}
          <span className="small muted">{progress < 100 ? `${progress}%` : t('import.done')}</span>
        </div>
      ) : null}
      {result ? (
        <div data-testid="import-result">
          <Notice kind="success" title={t('import.imported', { file: result.file, rows: num(result.rows) })}>
            <p>
              {result.kind === 'units'
                ? t('import.summary.units', {
                    created: num(result.created),
                    updated: num(result.updated),
                    unchanged: num(result.unchanged),
                  })
                : result.kind === 'values'
                  ? t('import.summary.values', { changed: num(result.changed), unitPeriods: num(result.unitPeriods) })
                  : t('import.summary.records', { created: num(result.created), unchanged: num(result.unchanged) })}
            </p>
            {result.warningMessages.length ? (
              <ul className="small">
                {rowProblemLines({ rowMessages: result.warningMessages.slice(0, 50) }).map((w, idx) => (
                  <li key={`${idx}-${w}`}>{w}</li>
                ))}
              </ul>
            ) : null}
          </Notice>
        </div>
      ) : null}
      {failure ? (
        <div data-testid="import-failure">
          <Notice kind="error" title={t('import.refused', { file: failure.file })}>
            {/* The rows say what is wrong; the server's sentence only when there are none (encoding, header, size). */}
            {failure.rows.length ? (
              <p>{t('import.refusedRows', { n: failure.rows.length + failure.omitted })}</p>
            ) : (
              <p>{failure.text}</p>
            )}
          </Notice>
          {failure.rows.length ? (
            <div className="table-scroll">
              <table className="table table-compact" data-testid="import-errors">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('import.row')}
                    </th>
                    <th scope="col">{t('import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {failure.rows.map((r, idx) => (
                    <tr key={`${r.row}-${idx}`}>
                      <td className="num">{r.row ?? '—'}</td>
                      <td>{r.text}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {failure.omitted ? <p className="small muted">{t('upload.moreRows', { n: failure.omitted })}</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
