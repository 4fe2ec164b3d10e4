// Reminders: who gets which notice, and the mail as a local SMTP capture server receives it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertItem, insertOrganisation, insertPlan, insertRound } from '../test-support/fixtures.js';
import { departments, itemDepartments, rounds, users } from '../db/schema.js';
import { insertTestUser } from '../auth/test-client.js';
import { sendMail, smtpSettingsFrom } from '../mail/smtp.js';
import { collectReminders } from './collect-reminders.js';
import { createEntries } from './rounds.repository.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const org = await insertOrganisation(db);
  const [ka] = await db.insert(departments).values({ organisationId: org.id, code: 'ka', name: '市民協働推進課' }).returning();
  const [other] = await db.insert(departments).values({ organisationId: org.id, code: 'other', name: '社会課' }).returning();
  const plan = await insertPlan(db, org.id, 'p');
  const root = await insertItem(db, { planId: plan.id, code: '1' });
  const item = await insertItem(db, { planId: plan.id, code: '1-①', parentId: root.id });
  await db.insert(itemDepartments).values({ itemId: item.id, departmentId: ka!.id });
  const round = await insertRound(db, plan.id, 2021);
  const [open] = await db.update(rounds).set({ state: 'entry', entryDeadline: '2022-05-31', reviewDeadline: '2022-06-30' }).where(eq(rounds.id, round.id)).returning();
  await createEntries(db, open!, [item.id]);
  const kyodo = await insertTestUser(db, { login: 'kyodo', role: 'editor', departmentIds: [ka!.id], displayName: '協働 太郎' });
  const shakai = await insertTestUser(db, { login: 'shakai', role: 'editor', departmentIds: [other!.id] });
  await db.update(users).set({ email: 'kyodo@city.example' }).where(eq(users.id, kyodo));
  await db.update(users).set({ email: 'shakai@city.example' }).where(eq(users.id, shakai));
});
after(async () => {
  await database.close();
});

test('three days before the entry deadline the editor of the owning 課 is reminded; the other 課 is not', async () => {
  const reminders = await collectReminders(database.db, '2022-05-28');
  assert.deepEqual(reminders.map((r) => r.to), ['kyodo@city.example']);
  assert.match(reminders[0]?.text ?? '', /入力期限（令和4年5月31日）まであと3日です。未提出: 1件/);
  const late = await collectReminders(database.db, '2022-06-02');
  assert.match(late[0]?.text ?? '', /入力期限（令和4年5月31日）を2日過ぎています/);
  assert.deepEqual(await collectReminders(database.db, '2022-05-01'), []); // more than 7 days ahead: nothing yet
});

test('the reminder reaches a local SMTP capture server as UTF-8 mail', async () => {
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    socket.setEncoding('utf8');
    let data = false;
    let buffer = '';
    socket.write('220 capture ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') { data = false; socket.write('250 queued\r\n'); } else received.push(line);
        } else if (line.startsWith('EHLO')) socket.write('250-capture\r\n250 8BITMIME\r\n');
        else if (line === 'DATA') { data = true; socket.write('354 go ahead\r\n'); } else if (line === 'QUIT') { socket.end('221 bye\r\n'); } else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const reminders = await collectReminders(database.db, '2022-05-28', 'https://shinchoku.city.example');
    const sent = await sendMail(smtpSettingsFrom(`smtp://127.0.0.1:${port}?from=honbu@city.example`), reminders);
    assert.equal(sent, 1);
    const headers = received.slice(0, received.indexOf(''));
    assert.ok(headers.includes('To: kyodo@city.example'));
    assert.ok(headers.includes('From: honbu@city.example'));
    const subject = headers.find((h) => h.startsWith('Subject: '))?.slice('Subject: =?UTF-8?B?'.length, -2) ?? '';
    assert.equal(Buffer.from(subject, 'base64').toString('utf8'), '【進捗】年度評価の期限のお知らせ');
    const body = Buffer.from(received.slice(received.indexOf('') + 1).join(''), 'base64').toString('utf8');
    assert.match(body, /協働 太郎 様/);
    assert.match(body, /まであと3日です/);
    assert.match(body, /https:\/\/shinchoku\.city\.example\/my-work/);
  } finally {
    server.close();
  }
});
