/** Users: list, create, reset a password, enable/disable, change role and unit. */

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ROLES, type Role } from '../../../../server/domain/names';
import { ConfirmDialog, Dialog, DialogFooter } from '../../components/dialog';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { UnitPicker } from '../../components/unit-picker';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { errorMessage, type RouterOutputs, trpc } from '../../lib/trpc';

type User = RouterOutputs['admin']['users'][number];

export function UsersTab() {
  const i = useI18n();
  const { t } = i;
  const me = useMe();
  const users = useQuery(trpc.admin.users.queryOptions());
  const update = useMutation(trpc.admin.updateUser.mutationOptions());
  const unlock = useMutation(
    trpc.admin.unlockUser.mutationOptions({ onSuccess: (_r, v) => setDone(`${t('users.unlock')}: ${v.username}`) }),
  );
  const resetTotp = useMutation(
    trpc.admin.resetTotp.mutationOptions({
      onSuccess: (_r, v) => {
        setDone(`${t('users.resetTotp')}: ${v.username}`);
        void users.refetch();
      },
    }),
  );
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const [done, setDone] = useState<string | null>(null);

  return (
    <section className="card">
      <div className="toolbar">
        <span className="muted small">{users.data ? t('admin.userCount', { n: users.data.length }) : null}</span>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          {t('admin.newUser')}
        </button>
      </div>
      {done ? <Notice kind="success" title={done} /> : null}
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.length === 0 ? (
        <Empty title={t('admin.noUsers')} />
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.username')}</th>
                <th scope="col">{t('admin.displayName')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('unit.unit')}</th>
                <th scope="col">{t('admin.state')}</th>
                <th scope="col">{t('admin.createdAt')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.username} className={u.disabled ? 'row-muted' : undefined}>
                  <td>
                    <code>{u.username}</code>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>{u.unit ? `${u.unit} ${u.unitName ?? ''}` : '—'}</td>
                  <td>
                    {u.disabled ? (
                      <span className="badge status-returned">{t('admin.disabled')}</span>
                    ) : (
                      <span className="badge status-verified">{t('admin.enabled')}</span>
                    )}{' '}
                    {u.mustChangePassword ? <span className="badge">{t('users.mustChange')}</span> : null}{' '}
                    {u.totp ? <span className="badge">{t('users.totp')}</span> : null}
                  </td>
                  <td>{i.date(u.createdAt)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => setEditing(u)}
                      disabled={u.username === me.username}
                    >
                      {t('action.edit')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setResetting(u)}>
                      {t('admin.resetPassword')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      onClick={() => setToggling(u)}
                      disabled={u.username === me.username}
                    >
                      {u.disabled ? t('admin.enable') : t('admin.disable')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      onClick={() => unlock.mutate({ username: u.username })}
                    >
                      {t('users.unlock')}
                    </button>
                    {u.totp ? (
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        onClick={() => resetTotp.mutate({ username: u.username })}
                      >
                        {t('users.resetTotp')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating ? (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onDone={(name) => {
            setCreating(false);
            setDone(t('admin.userCreated', { name }));
          }}
        />
      ) : null}
      {resetting ? (
        <ResetPasswordDialog
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setDone(t('admin.passwordReset', { name: resetting.username }));
            setResetting(null);
          }}
        />
      ) : null}
      {editing ? (
        <EditUserDialog
          user={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setDone(t('admin.userUpdated', { name: editing.username }));
            setEditing(null);
          }}
        />
      ) : null}
      {toggling ? (
        <ConfirmDialog
          title={
            toggling.disabled
              ? t('admin.enableTitle', { name: toggling.username })
              : t('admin.disableTitle', { name: toggling.username })
          }
          message={<p>{toggling.disabled ? t('admin.enableMessage') : t('admin.disableMessage')}</p>}
          confirmLabel={toggling.disabled ? t('admin.enable') : t('admin.disable')}
          danger={!toggling.disabled}
          busy={update.isPending}
          error={update.isError ? errorMessage(update.error) : null}
          onConfirm={() =>
            update.mutate(
              { username: toggling.username, disabled: !toggling.disabled },
              {
                onSuccess: () => {
                  setDone(t('admin.userUpdated', { name: toggling.username }));
                  setToggling(null);
                },
              },
            )
          }
          onCancel={() => {
            setToggling(null);
            update.reset();
          }}
        />
      ) : null}
    </section>
  );
}

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange: (r: Role) => void }) {
  const { t } = useI18n();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}

function CreateUserDialog({ onClose, onDone }: { onClose: () => void; onDone: (name: string) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('unit');
  const [unit, setUnit] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const create = useMutation(trpc.admin.createUser.mutationOptions({ onSuccess: (r) => onDone(r.username) }));
  const ids = { username: useId(), displayName: useId(), role: useId(), password: useId() };
  const usernameOk = /^[A-Za-z0-9_.-]{2,64}$/.test(username);
  const ok = usernameOk && password.length > 0 && (role !== 'unit' || !!unit);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ok) return;
    create.mutate({
      username,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      role,
      unit: role === 'unit' ? unit : null,
      password,
    });
  };
  return (
    <Dialog title={t('admin.newUser')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <div className="field">
          <label htmlFor={ids.username}>{t('admin.username')}</label>
          <input
            id={ids.username}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
            required
            aria-invalid={username !== '' && !usernameOk}
          />
          <span className="field-hint">{t('admin.usernameHint')}</span>
        </div>
        <div className="field">
          <label htmlFor={ids.displayName}>{t('admin.displayName')}</label>
          <input
            id={ids.displayName}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            maxLength={120}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>{t('admin.role')}</label>
          <RoleSelect id={ids.role} value={role} onChange={setRole} />
        </div>
        {role === 'unit' ? (
          <UnitPicker value={unit} onChange={(u) => setUnit(u || null)} inline={false} required />
        ) : null}
        <div className="field">
          <label htmlFor={ids.password}>{t('admin.initialPassword')}</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
        <DialogFooter primaryLabel={t('action.create')} onCancel={onClose} busy={create.isPending} disabled={!ok} />
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const id = useId();
  const update = useMutation(trpc.admin.updateUser.mutationOptions({ onSuccess: onDone }));
  return (
    <Dialog title={t('admin.resetTitle', { name: user.username })} onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (password) update.mutate({ username: user.username, password });
        }}
      >
        <p className="muted small">{t('admin.resetHint')}</p>
        <div className="field">
          <label htmlFor={id}>{t('admin.newPassword')}</label>
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoFocus
          />
        </div>
        {update.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(update.error)}
          </p>
        ) : null}
        <DialogFooter
          primaryLabel={t('admin.resetPassword')}
          onCancel={onClose}
          busy={update.isPending}
          disabled={!password}
        />
      </form>
    </Dialog>
  );
}

function EditUserDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [role, setRole] = useState<Role>(user.role);
  const [unit, setUnit] = useState<string | null>(user.unit);
  const id = useId();
  const update = useMutation(trpc.admin.updateUser.mutationOptions({ onSuccess: onDone }));
  const ok = role !== 'unit' || !!unit;
  return (
    <Dialog title={t('admin.editTitle', { name: user.username })} onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) update.mutate({ username: user.username, role, unit: role === 'unit' ? unit : null });
        }}
      >
        <div className="field">
          <label htmlFor={id}>{t('admin.role')}</label>
          <RoleSelect id={id} value={role} onChange={setRole} />
        </div>
        {role === 'unit' ? (
          <UnitPicker value={unit} onChange={(u) => setUnit(u || null)} inline={false} required />
        ) : null}
        <p className="muted small">{t('admin.editHint')}</p>
        {update.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(update.error)}
          </p>
        ) : null}
        <DialogFooter primaryLabel={t('action.save')} onCancel={onClose} busy={update.isPending} disabled={!ok} />
      </form>
    </Dialog>
  );
}
