// The audit log in Japanese: every action the code records has a label (found by reading the
// sources, so a new action without one fails here), only changed fields are shown, times in Japan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUND_STATES } from '../db/schema.js';
import { actionLabel, actionsLabelled, AUDIT_ACTION_LABELS, changedFields, tokyoTime, valueText } from './audit-view.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** The action names written as literals in the source files that call recordAudit. */
function recordedActions(): Set<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
    }
  };
  walk(SRC);
  const actions = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('recordAudit(') || file.endsWith('audit-view.ts')) continue;
    for (const match of text.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) actions.add(match[1] ?? '');
  }
  // transition-round.ts writes `round.${state}` for the state a round moves to
  for (const state of ROUND_STATES) actions.add(`round.${state}`);
  return actions;
}

test('every action the application records has a Japanese label', () => {
  const actions = recordedActions();
  assert.ok(actions.has('entry.approve') && actions.has('user.disable') && actions.size >= 50, `${actions.size} actions found`);
  const missing = [...actions].filter((action) => !(action in AUDIT_ACTION_LABELS));
  assert.deepEqual(missing, []);
  assert.equal(actionLabel('entry.return'), '入力の差戻し');
  assert.equal(actionLabel('something.new'), 'something.new', 'an unknown action shows its code');
});

test('a Japanese word finds the actions whose label has it', () => {
  assert.deepEqual(actionsLabelled('承認'), ['entry.approve']);
  assert.deepEqual(actionsLabelled('利用停止'), ['user.disable']);
  assert.deepEqual(actionsLabelled('  '), []);
});

test('changed fields: only those that differ, every field of a thing added, a plain value as 値', () => {
  // user.update of 人事異動 (accounts/update-account.ts): the 課 changed, the rest did not
  const before = { login: 'tanaka', displayName: '田中 一郎', email: null, role: 'editor', disabledAt: null, departments: ['市民局 市民協働推進課'], plans: [] };
  const after = { ...before, departments: ['市民局 地域振興課'], email: 'tanaka@example.jp' };
  assert.deepEqual(changedFields(before, after), [
    { field: 'メール', before: '—', after: 'tanaka@example.jp' },
    { field: '担当部署', before: '市民局 市民協働推進課', after: '市民局 地域振興課' },
  ]);
  assert.deepEqual(changedFields(null, { name: '地域振興課', validFrom: '2025-04-01', parentId: 3 }), [
    { field: '名称', before: '—', after: '地域振興課' },
    { field: '開始日', before: '—', after: '2025-04-01' },
    { field: 'parentId', before: '—', after: '3' },
  ]);
  assert.deepEqual(changedFields({ code: 'kyodo' }, null), [{ field: 'コード', before: 'kyodo', after: '—' }]);
  assert.deepEqual(changedFields(before, { ...before }), []);
  assert.deepEqual(changedFields('A', 'B'), [{ field: '値', before: 'A', after: 'B' }]);
  assert.equal(valueText({ min: 1, max: 2 }), '{"min":1,"max":2}');
  assert.equal(valueText(''), '（空）');
  assert.equal(valueText('2026-12-01T09:40:00.000Z'), '2026/12/1 18:40:00');
  assert.equal(valueText('2026-12-01'), '2026-12-01', 'a date stays as written');
  assert.equal(valueText('あ'.repeat(301)), `${'あ'.repeat(300)}…`);
});

test('times in Japan: 09:41:36 UTC is 18:41:36 the same day, 15:00 UTC the next day', () => {
  assert.equal(tokyoTime(new Date('2026-12-01T09:41:36Z')), '2026/12/1 18:41:36');
  assert.equal(tokyoTime(new Date('2026-03-31T15:00:00Z')), '2026/4/1 00:00:00');
});
