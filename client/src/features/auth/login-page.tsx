/** Sign-in: username and password to POST /auth/login; the session is an HttpOnly cookie. */

import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { postLogin, queryClient, trpc } from '../../lib/trpc';
import { LanguageSwitch } from '../layout/language-switch';

const DEMO_ACCOUNTS = [
  ['leader', 'leader123', 'role.leadership'],
  ['inspector', 'inspector123', 'role.inspector'],
  ['admin', 'admin123', 'role.admin'],
  ['t01', 'unit123', 'role.unit'],
] as const;

export function LoginPage() {
  const { t } = useI18n();
  const info = useQuery(trpc.meta.info.queryOptions());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userId = useId();
  const passId = useId();
  const errorId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await postLogin(username.trim(), password);
      if (res.ok) {
        await queryClient.invalidateQueries();
        return;
      }
      if (res.status === 401) setError(t('login.wrong'));
      else if (res.status === 429) setError(t('login.throttled', { seconds: res.retryAfter ?? 60 }));
      else setError(t('login.failed', { status: res.status }));
    } catch {
      setError(t('error.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            督
          </span>
          <div>
            <h1>{t('app.name')}</h1>
            <p className="muted">{t('app.tagline')}</p>
          </div>
        </div>
        {info.data?.demo ? <p className="demo-pill">{t('demo.banner')}</p> : null}
        <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <div className="field">
            <label htmlFor={userId}>{t('login.username')}</label>
            <input
              id={userId}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus
              required
            />
          </div>
          <div className="field">
            <label htmlFor={passId}>{t('login.password')}</label>
            <input
              id={passId}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          {error ? (
            <p className="field-error" id={errorId} role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
        {info.data?.demo ? (
          <details className="demo-accounts">
            <summary>{t('login.demoAccounts')}</summary>
            <table className="table table-compact">
              <tbody>
                {DEMO_ACCOUNTS.map(([u, p, role]) => (
                  <tr key={u}>
                    <td>{t(role)}</td>
                    <td>
                      <code>{u}</code>
                    </td>
                    <td>
                      <code>{p}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </main>
    </div>
  );
}
