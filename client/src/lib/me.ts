/** The signed-in user, for pages inside the app layout. */
import { createContext, useContext } from 'react';
import type { Me, Role } from './trpc';

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in layout');
  return me;
}

export const CITY_ROLES: readonly Role[] = ['leadership', 'inspector', 'admin'];

export function isCityRole(role: Role): boolean {
  return CITY_ROLES.includes(role);
}

/** Where a role lands after signing in. */
export function homeOf(me: Pick<Me, 'role' | 'unitCode'>): string {
  return me.role === 'unit' ? `/scorecard/${encodeURIComponent(me.unitCode ?? '')}` : '/overview';
}
