/** The app shell: who is signed in, the login page, and the page of the current address inside the layout. */

import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { Empty, ErrorState, Loading } from './components/states';
import { LoginPage } from './features/auth/login-page';
import { AppLayout } from './features/layout/app-layout';
import { useI18n } from './lib/i18n';
import { homeOf, MeContext } from './lib/me';
import { Link, matchPath, navigate, useLocation } from './lib/router';
import { trpc } from './lib/trpc';
import { ROUTES } from './routes';

export function App() {
  const me = useQuery(trpc.auth.me.queryOptions());
  const loc = useLocation();
  const onLogin = loc.pathname === '/login';
  const user = me.data ?? null;

  useEffect(() => {
    if (me.isPending || me.isError) return;
    if (!user && !onLogin) {
      const next = loc.pathname === '/' ? '' : `?next=${encodeURIComponent(loc.href)}`;
      navigate(`/login${next}`, { replace: true });
    } else if (user && !user.pending && (onLogin || loc.pathname === '/')) {
      const next = loc.search.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homeOf(user), { replace: true });
    }
  }, [me.isPending, me.isError, user, onLogin, loc.pathname, loc.href, loc.search]);

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  // A held-back session (password to change, code to give, second factor to enrol) finishes on the login page.
  if (!user || user.pending) return <LoginPage pending={user?.pending ?? null} username={user?.username ?? ''} />;
  if (onLogin || loc.pathname === '/') return <Loading />;

  return (
    <MeContext.Provider value={user}>
      <AppLayout>
        <Routed pathname={loc.pathname} />
      </AppLayout>
    </MeContext.Provider>
  );
}

function Routed({ pathname }: { pathname: string }) {
  const { t } = useI18n();
  const me = useQuery(trpc.auth.me.queryOptions()).data;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, pathname);
    if (!params) continue;
    if (!me || !route.roles.includes(me.role)) {
      return (
        <Empty title={t('error.forbiddenPage')}>
          <Link to={me ? homeOf(me) : '/'}>{t('nav.home')}</Link>
        </Empty>
      );
    }
    const Page = route.page;
    return (
      <Suspense fallback={<Loading />}>
        <Page params={params} />
      </Suspense>
    );
  }
  return (
    <Empty title={t('error.pageNotFound')}>
      <Link to={me ? homeOf(me) : '/'}>{t('nav.home')}</Link>
    </Empty>
  );
}
