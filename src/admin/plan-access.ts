// The one check every authoring command makes: the plan's organisation is the user's (else 404,
// so another organisation's drafts are not even confirmed to exist) and the user may edit it;
// and, for an edit form, that nobody saved the thing since the form was shown.
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import { AppError } from '../errors.js';
import type { SessionUser } from '../auth/policy.js';
import type { PlanRow } from './admin.repository.js';

export function assertMayEditPlan(user: SessionUser, plan: Pick<PlanRow, 'id' | 'organisationId'>): void {
  assertInOrganisation(user, plan.organisationId, '計画');
  assertCan(user, 'plan:edit', { planId: plan.id, organisationId: plan.organisationId });
}

/**
 * An edit form carries `seen`: the updated_at of the row it showed (items, plans), or the row's
 * fingerprint (shared/fingerprint.ts) for tables without one (indicators, targets). The same read now (with a lock)
 * differs when someone saved the row meanwhile: CHANGED_MEANWHILE (409), not an overwrite.
 */
export function assertUnchanged(now: Date | string | undefined, seen: string, what: { what: string; whatEn: string }): void {
  const current = now instanceof Date ? now.toISOString() : now;
  if (current === undefined || current !== seen) throw new AppError('CHANGED_MEANWHILE', what);
}
