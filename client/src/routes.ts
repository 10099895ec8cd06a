/** The pages, each its own chunk, and the roles that may open them. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from './lib/i18n';
import type { Role } from './lib/trpc';

export type PageProps = { params: Record<string, string> };

export type RouteDef = {
  pattern: string;
  roles: readonly Role[];
  page: LazyExoticComponent<ComponentType<PageProps>>;
};

export type NavItem = { to: string; label: MessageKey; roles: readonly Role[]; match: string };

const ALL: readonly Role[] = ['leadership', 'inspector', 'admin', 'unit'];
const CITY: readonly Role[] = ['leadership', 'inspector', 'admin'];
const ENTRY: readonly Role[] = ['unit', 'inspector', 'admin'];
const ADMIN_PAGE: readonly Role[] = ['admin', 'leadership'];

export const ROUTES: RouteDef[] = [
  { pattern: '/overview', roles: CITY, page: lazy(() => import('./features/overview/overview-page')) },
  { pattern: '/rankings', roles: ALL, page: lazy(() => import('./features/rankings/rankings-page')) },
  { pattern: '/scorecard/:unit?', roles: ALL, page: lazy(() => import('./features/scorecard/scorecard-page')) },
  { pattern: '/entry', roles: ENTRY, page: lazy(() => import('./features/entry/entry-page')) },
  { pattern: '/inspection', roles: ALL, page: lazy(() => import('./features/inspection/inspection-page')) },
  { pattern: '/admin/:tab?', roles: ADMIN_PAGE, page: lazy(() => import('./features/admin/admin-page')) },
  { pattern: '/reports', roles: ALL, page: lazy(() => import('./features/reports/reports-page')) },
];

export const NAV: NavItem[] = [
  { to: '/overview', label: 'nav.overview', roles: CITY, match: '/overview' },
  { to: '/rankings', label: 'nav.rankings', roles: ALL, match: '/rankings' },
  { to: '/scorecard', label: 'nav.scorecard', roles: ALL, match: '/scorecard' },
  { to: '/entry', label: 'nav.entry', roles: ENTRY, match: '/entry' },
  { to: '/inspection', label: 'nav.inspection', roles: ALL, match: '/inspection' },
  { to: '/reports', label: 'nav.reports', roles: ALL, match: '/reports' },
  { to: '/admin', label: 'nav.admin', roles: ADMIN_PAGE, match: '/admin' },
];
