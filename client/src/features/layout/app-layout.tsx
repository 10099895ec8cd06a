/** The signed-in frame: navigation for the role, the user, language, logout and the demo-data banner. */

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { Link, useLocation, withParams } from '../../lib/router';
import { postLogout, trpc } from '../../lib/trpc';
import { NAV } from '../../routes';
import { LanguageSwitch } from './language-switch';

const KEEP_PERIOD = new Set(['/overview', '/rankings', '/scorecard']);

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const loc = useLocation();
  const info = useQuery(trpc.meta.info.queryOptions());
  const period = loc.search.get('period');

  const items = NAV.filter((n) => n.roles.includes(me.role)).map((n) => {
    let to = n.to;
    if (n.to === '/scorecard' && me.role === 'unit' && me.unitCode)
      to = `/scorecard/${encodeURIComponent(me.unitCode)}`;
    if (period && KEEP_PERIOD.has(n.to)) to = withParams(to, '', { period });
    const label = n.to === '/scorecard' && me.role === 'unit' ? 'nav.myScorecard' : n.label;
    return { ...n, to, label };
  });

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            督
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <nav className="mainnav" aria-label={t('nav.label')}>
          <ul>
            {items.map((n) => {
              const active = loc.pathname === n.match || loc.pathname.startsWith(`${n.match}/`);
              return (
                <li key={n.match}>
                  <Link to={n.to} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
                    {t(n.label)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="topbar-right">
          {/* The security and audit administrators get no notifications (they see no assessment data). */}
          {me.role === 'security' || me.role === 'audit' ? null : (
            <NotificationBell active={loc.pathname === '/notifications'} />
          )}
          <LanguageSwitch />
          <span className="user" title={me.username}>
            <span className="user-name">{me.displayName}</span>
            <span className="user-role">{t(`role.${me.role}`)}</span>
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => void postLogout()}>
            {t('action.logout')}
          </button>
        </div>
      </header>
      {info.data?.demo ? (
        <div className="demo-banner" role="note">
          <strong>{t('demo.banner')}</strong> {t('demo.detail')}
        </div>
      ) : null}
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** The unread count of the user's notifications, checked every minute; opens the notification centre. */
function NotificationBell({ active }: { active: boolean }) {
  const { t } = useI18n();
  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 60_000 });
  const n = unread.data ?? 0;
  return (
    <Link
      to="/notifications"
      className={`bell${active ? ' active' : ''}`}
      aria-label={n ? t('notifications.bellUnread', { n }) : t('notifications.title')}
      title={n ? t('notifications.bellUnread', { n }) : t('notifications.title')}
    >
      <span aria-hidden="true">{t('notifications.bell')}</span>
      {n ? (
        <span className="bell-count" data-unread={n}>
          {n > 99 ? '99+' : n}
        </span>
      ) : null}
    </Link>
  );
}
