/**
 * Sign-in: username and password to POST /auth/login; the session is an HttpOnly cookie. A held-back session
 * finishes here: the TOTP code (POST /auth/totp), the first-sign-in password change (POST /auth/password), or
 * an administrator's enrolment of a second factor.
 */

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { checkPasswordPolicy } from '../../../../server/domain/validation/password-policy';
import { useI18n } from '../../lib/i18n';
import { type Me, postAuth, postLogin, postLogout, queryClient, trpc, trpcClient } from '../../lib/trpc';
import { LanguageSwitch } from '../layout/language-switch';

const DEMO_ACCOUNTS = [
  ['leader', 'leader123', 'role.leadership'],
  ['inspector', 'inspector123', 'role.inspector'],
  ['admin', 'admin123', 'role.admin'],
  ['security', 'security123', 'role.security'],
  ['auditor', 'audit123', 'role.audit'],
  ['t01', 'unit123', 'role.unit'],
] as const;

type Pending = NonNullable<Me['pending']>;

export function LoginPage({ pending = null, username = '' }: { pending?: Pending | null; username?: string }) {
  const { t } = useI18n();
  if (!pending) return <PasswordSignIn />;
  return (
    <LoginFrame>
      {pending === 'password' ? <ChangePassword username={username} /> : null}
      {pending === 'totp' ? <TotpStep /> : null}
      {pending === 'totp-enrol' ? <TotpEnrol /> : null}
      <button type="button" className="btn btn-block" onClick={() => void postLogout()}>
        {t('login.signOut')}
      </button>
    </LoginFrame>
  );
}

function LoginFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
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
        {children}
      </main>
    </div>
  );
}

const refreshMe = () => queryClient.invalidateQueries();

/** The first-sign-in (or expired) password change, checked against the policy before it is sent. */
function ChangePassword({ username }: { username: string }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { current: useId(), next: useId(), again: useId(), error: useId() };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = checkPasswordPolicy(next, username);
    if (problem) {
      setError(
        problem.kind === 'short'
          ? t('password.short', { length: problem.length })
          : problem.kind === 'classes'
            ? t('password.classes', { used: problem.used })
            : t(`password.${problem.kind}`),
      );
      return;
    }
    if (next !== again) {
      setError(t('login.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await postAuth('/auth/password', { current, next });
      if (res.ok) {
        await refreshMe();
        return;
      }
      if (res.status === 429) setError(t('login.throttled', { seconds: res.retryAfter ?? 60 }));
      else if (res.messageKey === 'users.currentPasswordWrong') setError(t('login.currentWrong'));
      else if (res.messageKey === 'users.newPasswordSame') setError(t('password.same'));
      else setError(res.error ?? t('login.failed', { status: res.status }));
    } catch {
      setError(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-describedby={error ? ids.error : undefined}>
      <h2 className="login-step">{t('login.mustChange')}</h2>
      <p className="muted small">{t('login.rule')}</p>
      <div className="field">
        <label htmlFor={ids.current}>{t('login.current')}</label>
        <input
          id={ids.current}
          name="current"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          autoFocus
          required
        />
      </div>
      <div className="field">
        <label htmlFor={ids.next}>{t('login.next')}</label>
        <input
          id={ids.next}
          name="next"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={ids.again}>{t('login.confirm')}</label>
        <input
          id={ids.again}
          name="again"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          required
        />
      </div>
      {error ? (
        <p className="field-error" id={ids.error} role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {t('login.change')}
      </button>
    </form>
  );
}

/** The second step of a sign-in with a second factor: the authenticator's code or a recovery code. */
function TotpStep() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { code: useId(), error: useId() };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await postAuth('/auth/totp', { code: code.trim() });
      if (res.ok) {
        await refreshMe();
        return;
      }
      if (res.status === 429) setError(t('login.throttled', { seconds: res.retryAfter ?? 60 }));
      else setError(t('login.totpWrong'));
    } catch {
      setError(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-describedby={error ? ids.error : undefined}>
      <h2 className="login-step">{t('login.totpTitle')}</h2>
      <div className="field">
        <label htmlFor={ids.code}>{t('login.totpCode')}</label>
        <input
          id={ids.code}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoFocus
          required
        />
      </div>
      {error ? (
        <p className="field-error" id={ids.error} role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || code.trim().length < 6}>
        {t('login.totpSubmit')}
      </button>
    </form>
  );
}

/** An administrator's enrolment: the secret and otpauth:// link, a first code, then the recovery codes once. */
function TotpEnrol() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { code: useId(), error: useId() };
  const start = useMutation(trpc.auth.enrolTotp.mutationOptions());
  // Sent past the mutation cache (which refetches everything after a write): the refetched session would leave
  // this page before the recovery codes are shown. "Continue" refetches.
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirm = async (code: string) => {
    setConfirming(true);
    try {
      setRecovery((await trpcClient.auth.confirmTotp.mutate({ code })).recoveryCodes);
    } catch {
      setError(t('login.totpWrong'));
    } finally {
      setConfirming(false);
    }
  };
  if (recovery)
    return (
      <div>
        <h2 className="login-step">{t('login.recoveryTitle')}</h2>
        <ul className="recovery-codes">
          {recovery.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-primary btn-block" onClick={() => void refreshMe()}>
          {t('login.continue')}
        </button>
      </div>
    );
  return (
    <div>
      <h2 className="login-step">{t('login.enrolTitle')}</h2>
      {start.data ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            void confirm(code.trim());
          }}
          noValidate
          aria-describedby={error ? ids.error : undefined}
        >
          <TotpQrCode uri={start.data.uri} label={t('login.enrolQr')} />
          <p className="muted small">{t('login.enrolSecret')}</p>
          <p>
            <code className="totp-secret">{start.data.secret}</code>
          </p>
          <p className="small" style={{ overflowWrap: 'anywhere' }}>
            <a href={start.data.uri}>{start.data.uri}</a>
          </p>
          <div className="field">
            <label htmlFor={ids.code}>{t('login.enrolConfirm')}</label>
            <input
              id={ids.code}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoFocus
              required
            />
          </div>
          {error ? (
            <p className="field-error" id={ids.error} role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={confirming || code.length < 6}>
            {t('login.totpSubmit')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="btn btn-primary btn-block"
          disabled={start.isPending}
          onClick={() => start.mutate()}
        >
          {t('login.enrolStart')}
        </button>
      )}
    </div>
  );
}

function PasswordSignIn() {
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

/**
 * The otpauth:// URI as a QR code, as every authenticator app scans it (the secret stays typed out below it).
 * The QR library is loaded only here, when an account enrols.
 */
function TotpQrCode({ uri, label }: { uri: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then(async (qr) => {
      const svg = await qr.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? (
    <img
      className="totp-qr"
      src={src}
      alt={label}
      width={192}
      height={192}
      style={{ display: 'block', margin: '0 auto 8px' }}
    />
  ) : null;
}
