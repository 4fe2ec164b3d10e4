// Creates an account of the organisation from the admin's form. Its first password is random,
// returned once to be handed to the person (only its hash is kept); signed in with it, they can do
// nothing but set their own (users.password_must_change).
import type { Tx } from '../db/client.js';
import type { SessionUser } from '../auth/policy.js';
import { assertCan } from '../auth/middleware.js';
import { addUser } from '../auth/add-user.js';
import { randomPassword } from '../auth/password.js';
import { actorOf } from '../departments/department-input.js';
import { departmentsOf, type OrganisationRow } from '../departments/departments.repository.js';
import { checkedScope, type NewAccountFields } from './account-input.js';
import { plansOfOrganisation } from './accounts.repository.js';
import type { z } from 'zod';

export async function createAccount(
  tx: Tx,
  user: SessionUser,
  organisation: OrganisationRow,
  fields: z.output<typeof NewAccountFields>,
  requested: { departmentIds: number[]; planIds: number[] },
): Promise<{ id: number; password: string }> {
  assertCan(user, 'user:manage', { organisationId: organisation.id });
  const scope = await checkedScope(tx, organisation.id, fields.role, requested);
  const departmentCode = new Map((await departmentsOf(tx, organisation.id)).map((d) => [d.id, d.code]));
  const planCode = new Map((await plansOfOrganisation(tx, organisation.id)).map((p) => [p.id, p.code]));
  const password = randomPassword();
  const account = await addUser(
    tx,
    {
      login: fields.login,
      displayName: fields.displayName,
      ...(fields.email ? { email: fields.email } : {}),
      role: fields.role,
      password,
      organisationCode: organisation.code,
      departments: scope.departmentIds.map((id) => departmentCode.get(id) ?? ''),
      plans: scope.planIds.map((id) => planCode.get(id) ?? ''),
      mustChangePassword: true,
    },
    actorOf(user),
  );
  return { id: account.id, password };
}
