/**
 * One home for the names the layers share: roles and who may do what, the submission statuses that
 * count, and the scope a caller reads and writes in. Pure; the client imports it too.
 */

/** Every role a user can hold: the assessment's four, and the separated security and audit administrators (三员分立). */
export const ROLES = ['leadership', 'inspector', 'unit', 'admin', 'security', 'audit'] as const;
export type Role = (typeof ROLES)[number];

/** Who may do what: each list is the roles of one procedure builder (server/trpc/init.ts) and of one page. */
export const ROLE_GROUPS = {
  /**
   * The assessment's own roles: the separated security and audit administrators see none of its data
   * (least privilege).
   */
  business: ['leadership', 'inspector', 'unit', 'admin'],
  /** The assessment's roles and the security administrator (who binds unit operators to units). */
  unitList: ['leadership', 'inspector', 'unit', 'admin', 'security'],
  /** City-wide readers: every unit's figures. */
  city: ['leadership', 'inspector', 'admin'],
  /** Period states (lock, publish, reopen), bulletins. */
  leadership: ['leadership', 'admin'],
  /** Review of submissions, findings, rounds and commendations. */
  inspector: ['inspector', 'admin'],
  /** Quarter entry and imports: unit operators for their own unit, inspectors and admins for any. */
  entry: ['unit', 'inspector', 'admin'],
  /** The annual report's texts and figures: the city's for leadership and admins, a unit's for its operator. */
  reportEditor: ['leadership', 'unit', 'admin'],
  /** The system administrator: units, catalogue, schemes, periods, settings. */
  admin: ['admin'],
  /** The security administrator: accounts, roles, unlocking, password and second-factor resets. */
  security: ['security'],
  /** The audit administrator: reads and exports the audit log, nothing else. */
  audit: ['audit'],
  /** The admin page (client/src/routes.ts): each of its tabs narrows further (admin-page.tsx). */
  adminPage: ['admin', 'leadership', 'security', 'audit'],
  /** Roles that must sign in with a second factor (TOTP). */
  privileged: ['admin', 'security', 'audit'],
  all: ROLES,
} as const satisfies Record<string, readonly Role[]>;

/** Whether `role` is one of `group`'s (a typed `includes` over the readonly tuples above). */
export function roleIn(group: readonly Role[], role: Role): boolean {
  return group.includes(role);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Submission statuses whose values count (scores, aggregates, completion): a unit's figures count once
 * submitted, and stay counted when verified; drafts and returned submissions do not.
 */
export const COUNTED_STATUSES = ['submitted', 'verified'] as const;

/**
 * What a caller may see and change: the whole city, or one unit (a unit operator's own). Every edge
 * (tRPC, REST, CLI) expresses scope this way; services filter by it.
 */
export type Scope = { kind: 'city' } | { kind: 'unit'; unitId: number };

export const CITY_SCOPE: Scope = { kind: 'city' };

/** The scope of a signed-in user: a unit operator's own unit, the city for everyone else. */
export function scopeOfUser(user: { role: Role; unitId: number | null; username?: string }): Scope {
  if (user.role !== 'unit') return CITY_SCOPE;
  if (user.unitId === null) throw new Error(`The unit operator ${user.username ?? ''} is bound to no unit.`.trim());
  return { kind: 'unit', unitId: user.unitId };
}

/** The scope of a unit id, or of the city for null (for services that still take the nullable id). */
export function scopeOfUnitId(unitId: number | null): Scope {
  return unitId === null ? CITY_SCOPE : { kind: 'unit', unitId };
}

/** The unit id a scope is limited to, or null for the city (for SQL parameters and Prisma filters). */
export function scopedUnitId(scope: Scope): number | null {
  return scope.kind === 'unit' ? scope.unitId : null;
}
