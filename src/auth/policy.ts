// Who may do what: the one place that maps roles to permissions and scopes.
//
// Roles (DESIGN.md): admin = 本部 (everything), editor = 担当課 (its own departments' items),
// reviewer = 局 level (its 局 and the 課 under it, or listed departments), committee = 推進委員会
// (reads everything, including unpublished drafts). The public has no user: it reads only what
// is published, and no permission below is granted to it.
import type { ROLES } from '../db/schema.js';

export type Role = (typeof ROLES)[number];

export type Permission =
  | 'plan:read_drafts' // see unpublished rounds, entries and drafts
  | 'plan:edit' // define and edit plans
  | 'round:manage' // open, move, close, reopen and publish rounds; completion dashboard
  | 'entry:edit' // fill in and submit the entries of one's own items
  | 'entry:review' // return or approve entries
  | 'import:run' // upload Excel/CSV
  | 'feedback:moderate' // publish or reject citizens' feedback
  | 'user:manage' // accounts
  | 'audit:read' // search the audit log
  | 'publish'; // publish results

/** The role matrix. A permission marked 'scoped' holds only inside the user's scopes. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, Readonly<Partial<Record<Permission, 'all' | 'scoped'>>>>> = {
  admin: {
    'plan:read_drafts': 'all',
    'plan:edit': 'all',
    'round:manage': 'all',
    'entry:edit': 'all',
    'entry:review': 'all',
    'import:run': 'all',
    'feedback:moderate': 'all',
    'user:manage': 'all',
    'audit:read': 'all',
    publish: 'all',
  },
  editor: {
    'plan:read_drafts': 'scoped',
    'entry:edit': 'scoped',
    'import:run': 'scoped',
  },
  reviewer: {
    'plan:read_drafts': 'scoped',
    'entry:review': 'scoped',
  },
  committee: {
    'plan:read_drafts': 'all',
  },
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: '本部管理者',
  editor: '担当課',
  reviewer: '確認者（局）',
  committee: '推進委員',
};

/** The signed-in user as every request sees it (never the password hash). */
export interface SessionUser {
  id: number;
  login: string;
  displayName: string;
  role: Role;
  organisationId: number | null;
  /** Departments the user acts for, with every 課 under a scoped 局 already included. */
  departmentIds: readonly number[];
  /** Whole plans the user acts for. */
  planIds: readonly number[];
  /** Signed in with a password 本部 issued: only the password change (and public pages) until it is changed. */
  mustChangePassword?: boolean;
}

/** What an action touches: the departments owning an item, and/or a plan, and its organisation. */
export interface PolicyScope {
  departmentIds?: readonly number[];
  planId?: number;
  /** The organisation the plan or department belongs to: users of another organisation never act on it. */
  organisationId?: number;
}

/**
 * Whether the user may see anything of this organisation that is not public. A user bound to an
 * organisation sees only its own; an installation-wide user (organisationId null: the operator of
 * a shared service) sees every organisation. Callers answer 404, not 403, when this is false, so
 * another organisation's drafts are not even confirmed to exist.
 */
export function inOrganisation(user: SessionUser | null, organisationId: number): boolean {
  if (!user) return false;
  return user.organisationId === null || user.organisationId === organisationId;
}

/**
 * The installation's operator: an administrator bound to no organisation (made with
 * `shinchoku user add --role admin` without --org; 本部 pages only make accounts inside their own
 * organisation). Things every organisation shares — the catalogue of comparison indicators — are
 * edited by the operator only, never by one organisation's 本部.
 */
export function isOperator(user: SessionUser | null): boolean {
  return user !== null && user.role === 'admin' && user.organisationId === null;
}

/**
 * The organisation a user's lists are narrowed to: its own, or undefined (every organisation)
 * for an installation-wide user.
 */
export function organisationScope(user: SessionUser): number | undefined {
  return user.organisationId ?? undefined;
}

/**
 * Whether `user` holds `permission`; with a scope, whether it holds it for that scope. Without a
 * scope the answer is "for some scope" (what a route checks before it knows the item).
 */
export function can(user: SessionUser | null, permission: Permission, scope?: PolicyScope): boolean {
  if (!user) return false;
  const grant = ROLE_PERMISSIONS[user.role][permission];
  if (!grant) return false;
  if (scope?.organisationId !== undefined && !inOrganisation(user, scope.organisationId)) return false;
  if (grant === 'all' || scope === undefined) return true;
  if (scope.planId !== undefined && user.planIds.includes(scope.planId)) return true;
  const owners = scope.departmentIds ?? [];
  return owners.some((id) => user.departmentIds.includes(id));
}

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role;
}
