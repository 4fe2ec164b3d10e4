// The audit log: every change, who made it, and the state before and after. Insert only.
import type { Queryable } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface Actor {
  id: number | null;
  label: string; // a login, or 'cli' / 'system'
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };
export const CLI_ACTOR: Actor = { id: null, label: 'cli' };

export async function recordAudit(
  tx: Queryable,
  actor: Actor,
  action: string,
  subject: { type: string; id: string | number },
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorLabel: actor.label,
    action,
    subjectType: subject.type,
    subjectId: String(subject.id),
    before: before ?? null,
    after: after ?? null,
  });
}
