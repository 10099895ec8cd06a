/** The signed-in user, for pages inside the app layout. */
import { createContext, useContext } from 'react';
import type { Me } from './trpc';

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in layout');
  return me;
}

/** Where a role lands after signing in. */
export function homeOf(me: Pick<Me, 'role' | 'unitCode'>): string {
  if (me.role === 'security') return '/admin/users';
  if (me.role === 'audit') return '/admin/audit';
  return me.role === 'unit' ? `/scorecard/${encodeURIComponent(me.unitCode ?? '')}` : '/overview';
}
