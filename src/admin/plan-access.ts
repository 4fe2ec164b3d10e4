// The one check every authoring command makes: the plan's organisation is the user's (else 404,
// so another organisation's drafts are not even confirmed to exist) and the user may edit it.
import { assertCan, assertInOrganisation } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import type { PlanRow } from './admin.repository.js';

export function assertMayEditPlan(user: SessionUser, plan: Pick<PlanRow, 'id' | 'organisationId'>): void {
  assertInOrganisation(user, plan.organisationId, '計画');
  assertCan(user, 'plan:edit', { planId: plan.id, organisationId: plan.organisationId });
}
