/** The pages, each its own chunk, and the roles that may open them. */
import type { ComponentType } from 'react';
import { ROLE_GROUPS, type Role } from '../../server/domain/names';
import type { MessageKey } from './lib/i18n';
import { preloadable } from './lib/preloadable';
import { matchPath } from './lib/router';

export type PageProps = { params: Record<string, string> };

export type RouteDef = {
  pattern: string;
  roles: readonly Role[];
  /** Imports the page's chunk (once; calling it again costs nothing). */
  load: () => Promise<unknown>;
  page: ComponentType<PageProps>;
};

function route(
  pattern: string,
  roles: readonly Role[],
  load: () => Promise<{ default: ComponentType<PageProps> }>,
): RouteDef {
  const p = preloadable(load);
  return { pattern, roles, load: p.preload, page: p.Component };
}

export type NavItem = { to: string; label: MessageKey; roles: readonly Role[]; match: string };

const ALL = ROLE_GROUPS.business;
const CITY = ROLE_GROUPS.city;
const ENTRY = ROLE_GROUPS.entry;
/** The admin page: its tabs narrow further (admin-page.tsx). */
const ADMIN_PAGE = ROLE_GROUPS.adminPage;

export const ROUTES: RouteDef[] = [
  route('/overview', CITY, () => import('./features/overview/overview-page')),
  route('/rankings', ALL, () => import('./features/rankings/rankings-page')),
  route('/scorecard/:unit?', ALL, () => import('./features/scorecard/scorecard-page')),
  route('/entry', ENTRY, () => import('./features/entry/entry-page')),
  route('/inspection', ALL, () => import('./features/inspection/inspection-page')),
  route('/admin/:tab?', ADMIN_PAGE, () => import('./features/admin/admin-page')),
  route('/reports', ALL, () => import('./features/reports/reports-page')),
  route('/supervision', ALL, () => import('./features/supervision/supervision-page')),
  route('/notifications', ALL, () => import('./features/notifications/notifications-page')),
  route('/appeals', ALL, () => import('./features/appeals/appeals-page')),
];

export const NAV: NavItem[] = [
  { to: '/overview', label: 'nav.overview', roles: CITY, match: '/overview' },
  { to: '/rankings', label: 'nav.rankings', roles: ALL, match: '/rankings' },
  { to: '/scorecard', label: 'nav.scorecard', roles: ALL, match: '/scorecard' },
  { to: '/entry', label: 'nav.entry', roles: ENTRY, match: '/entry' },
  { to: '/inspection', label: 'nav.inspection', roles: ALL, match: '/inspection' },
  { to: '/supervision', label: 'nav.supervision', roles: ALL, match: '/supervision' },
  { to: '/reports', label: 'nav.reports', roles: ALL, match: '/reports' },
  { to: '/appeals', label: 'nav.appeals', roles: ALL, match: '/appeals' },
  { to: '/admin', label: 'nav.admin', roles: ADMIN_PAGE, match: '/admin' },
];

/** Starts loading the chunk of the page at `pathname` while the session is still being checked. */
export function preloadRoute(pathname: string): void {
  const def = ROUTES.find((r) => matchPath(r.pattern, pathname));
  if (def) void def.load();
}
