// Accounts with scopes: an editor's 担当課, a reviewer's 局 (its 課 follow), a whole plan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertOrganisation, insertPlan } from '../test-support/fixtures.js';
import { departments } from '../db/schema.js';
import { CLI_ACTOR } from '../system/audit.repository.js';
import { addUser } from './add-user.js';
import { scopesOf } from './sessions.repository.js';
import { findUserByLogin } from './users.repository.js';

let database: TestDatabase;
const ids: Record<string, number> = {};
before(async () => {
  database = await createTestDatabase();
  const org = await insertOrganisation(database.db, 'sendai', '仙台市');
  await insertPlan(database.db, org.id, 'plan-a');
  const [kyoku] = await database.db.insert(departments).values({ organisationId: org.id, code: '市民局', name: '市民局', kind: 'bureau' }).returning();
  const [ka1] = await database.db.insert(departments).values({ organisationId: org.id, code: '市民局/市民協働推進課', name: '市民協働推進課', parentId: kyoku!.id }).returning();
  const [ka2] = await database.db.insert(departments).values({ organisationId: org.id, code: '市民局/地域政策課', name: '地域政策課', parentId: kyoku!.id }).returning();
  Object.assign(ids, { kyoku: kyoku!.id, ka1: ka1!.id, ka2: ka2!.id });
});
after(async () => {
  await database.close();
});

const base = { displayName: 'テスト', password: 'a long pass phrase here' };

test('an editor is scoped to its 課; a reviewer scoped to a 局 also covers the 課 under it', async () => {
  const editor = await database.db.transaction((tx) => addUser(tx, { ...base, login: 'kyodo', role: 'editor', departments: ['市民局/市民協働推進課'] }, CLI_ACTOR));
  assert.deepEqual(await scopesOf(database.db, editor.id), { departmentIds: [ids.ka1], planIds: [] });
  const reviewer = await database.db.transaction((tx) => addUser(tx, { ...base, login: 'shimin', role: 'reviewer', departments: ['市民局'], plans: ['plan-a'] }, CLI_ACTOR));
  const scopes = await scopesOf(database.db, reviewer.id);
  assert.deepEqual(scopes.departmentIds, [ids.kyoku, ids.ka1, ids.ka2].sort((a, b) => (a ?? 0) - (b ?? 0)));
  assert.equal(scopes.planIds.length, 1);
});

test('an unknown department code is refused in Japanese, and nothing is created', async () => {
  await assert.rejects(
    database.db.transaction((tx) => addUser(tx, { ...base, login: 'nobody', role: 'editor', departments: ['存在しない課'] }, CLI_ACTOR)),
    (error: Error & { describe?: () => string }) => /部署コード「存在しない課」は登録されていません/.test(error.describe?.() ?? ''),
  );
  assert.equal(await findUserByLogin(database.db, 'nobody'), undefined);
});
