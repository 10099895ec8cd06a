/** Units: list with search, add a unit, rename or retype one (the type decides its ranking group). */

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Dialog, DialogFooter } from '../../components/dialog';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';

type Unit = RouterOutputs['meta']['units'][number];
type UnitType = 'township' | 'street' | 'department' | 'institution';
const TYPES: UnitType[] = ['township', 'street', 'department', 'institution'];

export function UnitsTab() {
  const { t } = useI18n();
  const units = useQuery(trpc.meta.units.queryOptions());
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const searchId = useId();
  const q = query.trim().toLowerCase();
  const rows = (units.data ?? []).filter(
    (u) => !q || u.code.toLowerCase().includes(q) || u.name.toLowerCase().includes(q),
  );

  return (
    <section className="card">
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor={searchId}>{t('action.search')}</label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('rankings.searchPlaceholder')}
          />
        </div>
        <span className="muted small">{units.data ? t('admin.unitCount', { n: units.data.length }) : null}</span>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('admin.newUnit')}
        </button>
      </div>
      {done ? <Notice kind="success" title={done} /> : null}
      {units.isPending ? (
        <Loading />
      ) : units.isError ? (
        <ErrorState error={units.error} onRetry={() => void units.refetch()} />
      ) : units.data.length === 0 ? (
        <Empty title={t('admin.noUnits')}>{t('admin.noUnitsHint')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.type')}</th>
                <th scope="col">{t('unit.group')}</th>
                <th scope="col">{t('admin.parent')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.code}>
                  <td>
                    <code>{u.code}</code>
                  </td>
                  <td>{u.name}</td>
                  <td>{t(`unitType.${u.type}`)}</td>
                  <td>{t(`group.${u.group}`)}</td>
                  <td>{u.parent ?? '—'}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => setEditing(u)}>
                      {t('action.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <UnitDialog
          unit={editing === 'new' ? null : editing}
          units={units.data ?? []}
          onClose={() => setEditing(null)}
          onDone={(code) => {
            setEditing(null);
            setDone(t('admin.unitSaved', { code }));
          }}
        />
      ) : null}
    </section>
  );
}

function UnitDialog({
  unit,
  units,
  onClose,
  onDone,
}: {
  unit: Unit | null;
  units: Unit[];
  onClose: () => void;
  onDone: (code: string) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState(unit?.code ?? '');
  const [name, setName] = useState(unit?.name ?? '');
  const [type, setType] = useState<UnitType>(unit?.type ?? 'township');
  const [parent, setParent] = useState(unit?.parent ?? '');
  const save = useMutation(trpc.admin.saveUnit.mutationOptions({ onSuccess: () => onDone(code) }));
  const ids = { code: useId(), name: useId(), type: useId(), parent: useId() };
  const codeTaken = !unit && units.some((u) => u.code === code.trim());
  const ok = code.trim() !== '' && name.trim() !== '' && !codeTaken;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ok) save.mutate({ code: code.trim(), name: name.trim(), type, parent: parent || null });
  };
  return (
    <Dialog title={unit ? t('admin.editUnit', { code: unit.code }) : t('admin.newUnit')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <div className="field">
          <label htmlFor={ids.code}>{t('admin.code')}</label>
          <input
            id={ids.code}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            readOnly={!!unit}
            required
            maxLength={32}
            aria-invalid={codeTaken}
          />
          {codeTaken ? <span className="field-error">{t('admin.codeTaken')}</span> : null}
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('admin.name')}</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor={ids.type}>{t('admin.type')}</label>
          <select id={ids.type} value={type} onChange={(e) => setType(e.target.value as UnitType)}>
            {TYPES.map((x) => (
              <option key={x} value={x}>
                {t('common.nameCode', {
                  name: t(`unitType.${x}`),
                  code: t(`group.${x === 'township' || x === 'street' ? 'grassroots' : 'organs'}`),
                })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.parent}>{t('admin.parent')}</label>
          <select id={ids.parent} value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">—</option>
            {units
              .filter((u) => u.code !== code)
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.code} {u.name}
                </option>
              ))}
          </select>
        </div>
        {save.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(save.error)}
          </p>
        ) : null}
        <DialogFooter primaryLabel={t('action.save')} onCancel={onClose} busy={save.isPending} disabled={!ok} />
      </form>
    </Dialog>
  );
}
