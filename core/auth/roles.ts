/**
 * The role model (DESIGN §2). Roles are cumulative: operator includes viewer, admin includes
 * operator. A token lists its roles; a check passes when any of them includes the required one.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Readonly<Record<Role, number>> = { viewer: 1, operator: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when any of `roles` is at least `required`. */
export function hasRole(roles: readonly Role[], required: Role): boolean {
  return roles.some((role) => RANK[role] >= RANK[required]);
}

/** The authenticated caller, as every service sees it after verifying the token. */
export interface Identity {
  /** Stable user id (JWT `sub`). */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** The raw bearer token, forwarded downstream so each hop re-verifies it. Never logged. */
  readonly token: string;
  readonly expiresAt: Date | undefined;
}
