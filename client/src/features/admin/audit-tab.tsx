/** The audit log: newest first, filtered by actor, entity, action and dates, paged by cursor. */

import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Empty, ErrorState, Loading } from '../../components/states';
import { hasMessage, type MessageKey, useI18n } from '../../lib/i18n';
import { trpc } from '../../lib/trpc';
import { AuditChanges } from './audit-changes';

const ENTITIES = [
  'submission',
  'finding',
  'commendation',
  'period',
  'scheme',
  'unit',
  'user',
  'report',
  'round',
  'database',
  'export',
  'procedure',
  'endpoint',
  'setting',
  'appeal',
  'reminder',
  'evidence',
  'bulletin',
] as const;
type Entity = (typeof ENTITIES)[number];
const PAGE = 50;

type Filters = { actor: string; entity: string; action: string; from: string; to: string };
const EMPTY: Filters = { actor: '', entity: '', action: '', from: '', to: '' };

/** The day after an ISO date (the `to` filter is exclusive; the form's is inclusive). */
function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00+08:00`);
  return new Date(d.getTime() + 86_400_000).toISOString();
}

export function AuditTab() {
  const i = useI18n();
  const { t } = i;
  const [form, setForm] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const input = {
    limit: PAGE,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: new Date(`${filters.from}T00:00:00+08:00`).toISOString() } : {}),
    ...(filters.to ? { to: dayAfter(filters.to) } : {}),
    ...(cursor ? { cursor } : {}),
  };
  const audit = useQuery(trpc.admin.audit.queryOptions(input));
  /** GET /api/audit/export over the applied date filters (`to` inclusive in the form, exclusive on the server). */
  const exportHref = (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams({ format });
    if (filters.from) q.set('from', filters.from);
    if (filters.to) q.set('to', dayAfter(filters.to));
    return `/api/audit/export?${q.toString()}`;
  };
  const ids = { actor: useId(), entity: useId(), action: useId(), from: useId(), to: useId() };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(form);
    setCursors([]);
  };
  const field = (key: keyof Filters, label: string, el: 'text' | 'date' = 'text') => (
    <div className="field" key={key}>
      <label htmlFor={ids[key]}>{label}</label>
      <input id={ids[key]} type={el} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </div>
  );
  return (
    <section className="card">
      <form className="filters" onSubmit={apply}>
        {field('actor', t('audit.actor'))}
        <div className="field">
          <label htmlFor={ids.entity}>{t('audit.entity')}</label>
          <select id={ids.entity} value={form.entity} onChange={(e) => setForm({ ...form, entity: e.target.value })}>
            <option value="">{t('filter.all')}</option>
            {ENTITIES.map((x) => (
              <option key={x} value={x}>
                {t(`audit.entity.${x}`)}
              </option>
            ))}
          </select>
        </div>
        {field('action', t('audit.action'))}
        {field('from', t('audit.from'), 'date')}
        {field('to', t('audit.to'), 'date')}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary">
            {t('action.filter')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setForm(EMPTY);
              setFilters(EMPTY);
              setCursors([]);
            }}
          >
            {t('action.clear')}
          </button>
          <a className="btn" href={exportHref('csv')} download>
            {t('audit.exportCsv')}
          </a>
          <a className="btn" href={exportHref('xlsx')} download>
            {t('audit.exportXlsx')}
          </a>
        </div>
      </form>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : audit.data.entries.length === 0 ? (
        <Empty title={t('audit.none')} />
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table-compact audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.actionCol')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.entries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap" title={e.requestId ? `${t('audit.request')} ${e.requestId}` : undefined}>
                      {i.dateTime(e.at)}
                    </td>
                    <td>{e.actor}</td>
                    <td>
                      {hasMessage(`auditAction.${e.action}`) ? t(`auditAction.${e.action}` as MessageKey) : null}{' '}
                      {/* The stored action, as the filter above and the export take it. */}
                      <code translate="no" className="muted small">
                        {e.action}
                      </code>
                    </td>
                    <td>
                      {ENTITIES.includes(e.entity as Entity) ? (
                        t(`audit.entity.${e.entity as Entity}`)
                      ) : (
                        <code translate="no">{e.entity}</code>
                      )}{' '}
                      {/* The record's identifier as stored (T01|2011Q4, 2011v2, a username). */}
                      <span className="muted" translate="no">
                        {e.entityId}
                      </span>
                    </td>
                    <td>{e.before !== null || e.after !== null ? <AuditChanges entry={e} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button
              type="button"
              className="btn btn-small"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              {t('action.prev')}
            </button>
            <span className="muted small">{t('audit.page', { n: cursors.length + 1 })}</span>
            <button
              type="button"
              className="btn btn-small"
              disabled={audit.data.nextCursor === null}
              onClick={() => audit.data.nextCursor !== null && setCursors([...cursors, audit.data.nextCursor])}
            >
              {t('action.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
