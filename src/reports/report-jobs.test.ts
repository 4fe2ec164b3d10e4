// Report jobs: a download asks for a job, the worker makes the file in its thread with progress
// at real checkpoints, the file is the report the direct renderer makes, finished files are
// reused while the data stays the same, failures read as Japanese sentences, committee files stay
// with the committee of the plan's organisation, and jobs a killed process left are taken again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { insertOrganisation } from '../test-support/fixtures.js';
import { prepareBundledData } from '../datasets/bundled.js';
import { createApp } from '../app.js';
import { addUser } from '../auth/add-user.js';
import { TEST_PASSWORD, TestClient } from '../auth/test-client.js';
import { auditLog, entries, planItems, plans, reportJobs, rounds } from '../db/schema.js';
import { queryRows } from '../db/client.js';
import { SYSTEM_ACTOR } from '../system/audit.repository.js';
import { pdfPageTexts } from './pdf-text.js';
import { loadReport } from './load-report.js';
import { renderReportPdf } from './report-pdf.js';
import { renderReportXlsx } from './report-xlsx.js';
import { startReportWorker, type ReportWorker } from './report-worker.js';
import { reportRoutes } from './reports.routes.js';
import { claimNextReportJob, deleteOldReportJobs, REPORT_JOB_LOCK_CLASS, REPORT_JOB_RETENTION_DAYS, requeueOrphanedReportJobs } from './report-jobs.repository.js';
import { readReportData } from './report-data.js';

/** The Sendai plan as shipped: its 事業 3-(5)-④ is named in the plan document. */
const sendai = JSON.parse(readFileSync(new URL('../../datasets/sendai-2021/plan.json', import.meta.url), 'utf8')) as { items: { code: string; name: string }[] };
const PROJECT_NAME = sendai.items.find((i) => i.code === '3-(5)-④')?.name ?? '';
const DRAFT_TEXT = '委員会だけが読む下書きの取組結果（令和元年度）';
const squash = (text: string) => text.replace(/\s+/g, '');

let database: TestDatabase;
/** The routes without a worker: a download always leads to the job's page. */
let plain: ReturnType<typeof createApp>;
let draftRoundId = 0;

before(async () => {
  database = await createTestDatabase();
  await prepareBundledData(database);
  plain = createApp(database);
  const cityA = await insertOrganisation(database.db, 'city-a', '甲市');
  await database.db.transaction(async (tx) => {
    await addUser(tx, { login: 'iin', displayName: '推進委員', role: 'committee', password: TEST_PASSWORD, organisationCode: 'sapporo', departments: [] }, SYSTEM_ACTOR);
    await addUser(tx, { login: 'admin-a', displayName: '甲市 本部', role: 'admin', password: TEST_PASSWORD, organisationCode: cityA.code, departments: [] }, SYSTEM_ACTOR);
  });
  // a Sapporo round under review with a draft narrative: committee reports show it, public ones never
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const [goal] = await database.db.select().from(planItems).where(and(eq(planItems.planId, plan.id), eq(planItems.code, '1')));
  assert.ok(goal);
  const [round] = await database.db.insert(rounds).values({ planId: plan.id, fiscalYear: 2019, state: 'review' }).returning();
  assert.ok(round);
  draftRoundId = round.id;
  await database.db.insert(entries).values({ planId: plan.id, roundId: round.id, itemId: goal.id, state: 'submitted', resultsText: DRAFT_TEXT });
});

after(async () => {
  await database.close();
});

async function withWorker<T>(run: (worker: ReportWorker) => Promise<T>, options: Parameters<typeof startReportWorker>[1] = {}): Promise<T> {
  const worker = startReportWorker(database, { pollMs: 50, ...options });
  try {
    return await run(worker);
  } finally {
    await worker.stop();
  }
}

async function jobRow(id: number) {
  const [row] = await database.db.select().from(reportJobs).where(eq(reportJobs.id, id));
  assert.ok(row, `job ${id}`);
  return row;
}

interface Status {
  state: string;
  done: number;
  total: number;
  step: string | null;
  error: string | null;
  file: string | null;
}

async function statusOf(client: { request(path: string): Promise<Response> } | ReturnType<typeof createApp>, page: string): Promise<Status> {
  const response = await client.request(`${page}/status`);
  assert.equal(response.status, 200, `${page}/status`);
  return (await response.json()) as Status;
}

const jobIdOf = (location: string | null) => Number(/\/jobs\/(\d+)$/.exec(location ?? '')?.[1] ?? Number.NaN);

test('a PDF job: progress from 0 to total at real checkpoints, then the same report the direct renderer makes', async () => {
  const asked = await plain.request('/reports/sendai-2021/report.pdf');
  assert.equal(asked.status, 303);
  const page = asked.headers.get('location') ?? '';
  assert.match(page, /^\/reports\/jobs\/\d+$/);
  const first = await statusOf(plain, page);
  assert.deepEqual([first.state, first.done, first.total], ['queued', 0, 100]);
  // the progress page, without JavaScript, reloads itself while the job waits
  const html = await (await plain.request(page)).text();
  assert.match(html, /<noscript><meta http-equiv="refresh" content="2; url=\/reports\/jobs\/\d+\?auto=1"\/?><\/noscript>/);
  assert.match(html, /<progress id="report-job-bar" max="100" value="0">/);
  assert.match(html, /<script src="\/assets\/report-job.js" defer/);

  const seen: Status[] = [];
  await withWorker(async () => {
    for (let i = 0; i < 2000; i++) {
      const status = await statusOf(plain, page);
      if (seen.at(-1)?.done !== status.done || seen.at(-1)?.step !== status.step) seen.push(status);
      if (status.state === 'done' || status.state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  });
  const last = seen.at(-1);
  assert.equal(last?.state, 'done', JSON.stringify(last));
  assert.equal(last.done, last.total);
  const dones = seen.map((s) => s.done);
  assert.deepEqual(dones, [...dones].sort((a, b) => a - b), `progress never goes back: ${dones.join(' ')}`);
  assert.ok(seen.some((s) => s.state === 'running' && s.done > 0 && s.done < s.total), `progress between 0 and total: ${dones.join(' ')}`);
  const steps = seen.map((s) => s.step ?? '');
  // checkpoints: a 分野 while the model is built, pages while pdfmake lays them out and draws them
  assert.ok(steps.some((s) => /「分野\d/.test(s)), steps.join('\n'));
  assert.ok(steps.some((s) => /PDFのページを(組んで|描いて)います/.test(s)), steps.join('\n'));

  const file = await plain.request(`${page}/file`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(file.headers.get('content-disposition') ?? '', /attachment; filename="sendai-2021-report\.pdf"/);
  const bytes = Buffer.from(await file.arrayBuffer());
  const jobPages = pdfPageTexts(bytes);
  // the file made by the job is the report the direct renderer makes (the bytes differ only in the creation date)
  const direct = pdfPageTexts(await renderReportPdf(await loadReport(database.db, 'sendai-2021')));
  assert.equal(jobPages.length, direct.length);
  assert.deepEqual(jobPages, direct);
  assert.ok(squash(jobPages.join('')).includes(squash(PROJECT_NAME)), PROJECT_NAME);
  assert.ok(PROJECT_NAME.length > 10);

  // the finished page offers the file, and starts the download when it was reached by reloading
  const done = await (await plain.request(`${page}?auto=1`)).text();
  assert.match(done, /報告書のPDFができました/);
  assert.match(done, /<a class="button button-primary" href="\/reports\/jobs\/\d+\/file" download="sendai-2021-report.pdf">PDFをダウンロード（\d+ KB）<\/a>/);
  assert.match(done, /<noscript><meta http-equiv="refresh" content="0; url=\/reports\/jobs\/\d+\/file"\/?><\/noscript>/);
});

test('the same report for the same data is made once: the finished file is sent at once; changed data makes a new one', async () => {
  const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(reportJobs);
  await withWorker(async (worker) => {
    const app = createApp(database, { reportWorker: worker });
    // the job of the test above is done: the download answers with its file, no new job
    const again = await app.request('/reports/sendai-2021/report.pdf');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('content-type'), 'application/pdf');
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(reportJobs);
    assert.equal(after[0]?.n, before[0]?.n);

    // an Excel download waits for its job and gets the file in the same request (here with a
    // wait long enough for a loaded test machine; the server waits DOWNLOAD_WAIT_MS)
    const xlsx = await reportRoutes(database, { worker, waitMs: 60_000 }).request('/reports/sapporo-2nd/report.xlsx');
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const fromJob = new ExcelJS.Workbook();
    await fromJob.xlsx.load(await xlsx.arrayBuffer());
    const direct = new ExcelJS.Workbook();
    await direct.xlsx.load((await renderReportXlsx(await loadReport(database.db, 'sapporo-2nd'))) as unknown as ArrayBuffer);
    const cells = (w: ExcelJS.Workbook) => w.worksheets.map((s) => ({ name: s.name, rows: s.getSheetValues().map((r) => JSON.stringify(r)) }));
    assert.deepEqual(cells(fromJob), cells(direct));

    // a published value changes: the data version moves and the next download is a new job
    const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sendai-2021'));
    assert.ok(plan);
    const versionBefore = (await readReportData(database.db, 'sendai-2021', false, undefined)).version;
    await database.db.update(plans).set({ title: `${plan.title}（改訂）` }).where(eq(plans.id, plan.id));
    try {
      assert.notEqual((await readReportData(database.db, 'sendai-2021', false, undefined)).version, versionBefore);
      const changed = await plain.request('/reports/sendai-2021/report.pdf');
      assert.equal(changed.status, 303);
      const rows = await database.db.select().from(reportJobs).where(and(eq(reportJobs.planId, plan.id), eq(reportJobs.format, 'pdf')));
      assert.equal(rows.length, 2);
      assert.notEqual(rows[0]?.options.dataVersion, rows[1]?.options.dataVersion);
      // asked twice before it is made: still one job
      const twice = await plain.request('/reports/sendai-2021/report.pdf');
      assert.equal(twice.headers.get('location'), changed.headers.get('location'));
      await worker.waitFor(jobIdOf(changed.headers.get('location')), 60_000);
    } finally {
      await database.db.update(plans).set({ title: plan.title }).where(eq(plans.id, plan.id));
    }
  });
});

test('a failed job shows a Japanese sentence, never the internals, and offers to try again', async () => {
  const asked = await plain.request('/reports/sendai-2016/report.xlsx');
  const page = asked.headers.get('location') ?? '';
  await withWorker(
    async (worker) => {
      worker.wake();
      const job = await worker.waitFor(jobIdOf(page), 30_000);
      assert.equal(job?.state, 'failed');
    },
    {
      render: async () => {
        throw new Error('ENOSPC: no space left on device, write /var/lib/shinchoku/x at render (/src/reports/report-xlsx.ts:12:3)');
      },
    },
  );
  const status = await statusOf(plain, page);
  assert.equal(status.state, 'failed');
  assert.match(status.error ?? '', /^報告書を作成できませんでした。時間をおいて、もう一度お試しください。/);
  const html = await (await plain.request(page)).text();
  assert.match(html, /報告書のExcelを作成できませんでした/);
  assert.match(html, /<p class="report-job-error" role="alert">報告書を作成できませんでした。/);
  assert.match(html, /<a class="button button-secondary" href="\/reports\/sendai-2016\/report.xlsx">もう一度作成する<\/a>/);
  for (const secret of ['ENOSPC', '/var/lib', 'report-xlsx.ts', 'at render']) assert.ok(!html.includes(secret), secret);
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  // the file of a failed job leads back to its page
  const file = await plain.request(`${page}/file`);
  assert.equal(file.status, 303);
  assert.equal(file.headers.get('location'), page);
  // a failed job is not reused: asking again makes a new one
  const retry = await plain.request('/reports/sendai-2016/report.xlsx');
  assert.notEqual(retry.headers.get('location'), page);
});

test("committee jobs: drafts for the committee only; the public never gets them, another organisation's admin gets 404", async () => {
  const member = new TestClient(plain);
  assert.equal((await member.signIn('iin')).status, 303);
  // the committee page's download buttons are forms with the CSRF token
  const report = await member.get('/committee/reports/sapporo-2nd?round=2019');
  assert.equal(report.status, 200);
  const reportHtml = await report.text();
  assert.match(reportHtml, /<form method="post" action="\/committee\/reports\/sapporo-2nd\/jobs"><input type="hidden" name="_csrf" value="[^"]+"\/?><input type="hidden" name="format" value="pdf"\/?><input type="hidden" name="round" value="2019"\/?>/);
  // without the token the form is refused
  const forged = await member.post('/committee/reports/sapporo-2nd/jobs', { format: 'pdf', round: '2019' }, { csrf: false });
  assert.equal(forged.status, 403);
  const asked = await member.post('/committee/reports/sapporo-2nd/jobs', { format: 'pdf', round: '2019' });
  assert.equal(asked.status, 303);
  const page = asked.headers.get('location') ?? '';
  assert.match(page, /^\/committee\/reports\/jobs\/\d+$/);
  const id = jobIdOf(page);
  assert.deepEqual((await jobRow(id)).options, { drafts: true, dataVersion: (await jobRow(id)).options.dataVersion });
  const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'report.request'), eq(auditLog.subjectId, String(id))));
  assert.equal(audit?.actorLabel, 'iin');

  // the public asks for the same plan's PDF: a different (public) job, without the draft round
  const publicAsked = await plain.request('/reports/sapporo-2nd/report.pdf');
  const publicPage = publicAsked.headers.get('location') ?? '';
  assert.notEqual(jobIdOf(publicPage), id);
  await withWorker(async (worker) => {
    worker.wake();
    assert.equal((await worker.waitFor(id, 60_000))?.state, 'done');
    assert.equal((await worker.waitFor(jobIdOf(publicPage), 60_000))?.state, 'done');
  });
  const committeeFile = await member.request(`${page}/file`);
  assert.equal(committeeFile.status, 200);
  assert.ok(squash(pdfPageTexts(Buffer.from(await committeeFile.arrayBuffer())).join('')).includes(squash(DRAFT_TEXT)));
  const publicFile = await plain.request(`${publicPage}/file`);
  assert.equal(publicFile.status, 200);
  assert.ok(!squash(pdfPageTexts(Buffer.from(await publicFile.arrayBuffer())).join('')).includes(squash(DRAFT_TEXT)));

  // the committee job under the public URLs: not found, as if it did not exist
  for (const suffix of ['', '/status', '/file']) {
    const response = await plain.request(`/reports/jobs/${id}${suffix}`);
    assert.equal(response.status, 404, `/reports/jobs/${id}${suffix}`);
    assert.ok(!(await response.text()).includes(DRAFT_TEXT));
  }
  // …and under the committee URLs without signing in: the sign-in page
  const anonymous = await plain.request(`${page}/file`);
  assert.equal(anonymous.status, 303);
  assert.match(anonymous.headers.get('location') ?? '', /^\/login/);

  // another organisation's admin: 404 for the job's page, status and file, and for asking
  const other = new TestClient(plain);
  assert.equal((await other.signIn('admin-a')).status, 303);
  for (const suffix of ['', '/status', '/file']) {
    const response = await other.request(`${page}${suffix}`);
    assert.equal(response.status, 404, `${page}${suffix}`);
    assert.ok(!(await response.text()).includes(DRAFT_TEXT));
  }
  assert.equal((await other.post('/committee/reports/sapporo-2nd/jobs', { format: 'pdf', round: '2019' })).status, 404);
  assert.equal((await other.request('/committee/reports/sapporo-2nd/report.pdf?round=2019')).status, 404);
  // the check can fail: the committee member reads the same URLs
  assert.equal((await member.request(`${page}/status`)).status, 200);
});

test('jobs a killed process left running are taken again at start; a live worker keeps its job', async () => {
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sapporo-2nd'));
  assert.ok(plan);
  const version = (await readReportData(database.db, 'sapporo-2nd', false, undefined)).version;
  // as a process killed halfway leaves it: running, half done, started a while ago
  const [orphan] = await database.db
    .insert(reportJobs)
    .values({ planId: plan.id, fiscalYear: 2016, format: 'xlsx', options: { drafts: false, dataVersion: version }, state: 'running', done: 40, total: 100, step: 'Excelのシートを書き出しています', startedAt: sql`now() - interval '1 hour'` })
    .returning();
  assert.ok(orphan);
  await withWorker(async (worker) => {
    const job = await worker.waitFor(orphan.id, 60_000);
    assert.equal(job?.state, 'done');
  });
  const row = await jobRow(orphan.id);
  assert.equal(row.done, 100);
  assert.ok(row.content && row.content.length > 1000);

  if (database.kind === 'postgresql') {
    // several processes share the queue: a running job whose process holds its lock stays with it
    const [live] = await database.db
      .insert(reportJobs)
      .values({ planId: plan.id, fiscalYear: 2016, format: 'pdf', options: { drafts: false, dataVersion: 'live' }, state: 'running', startedAt: sql`now() - interval '1 hour'` })
      .returning();
    assert.ok(live);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REPORT_JOB_LOCK_CLASS}, ${live.id})`);
      locked();
      await released;
    });
    await isLocked;
    assert.deepEqual(await requeueOrphanedReportJobs(database.db, 'postgresql'), []);
    release();
    await holder;
    // its process is gone (the lock is free): now it is taken again
    assert.deepEqual(await requeueOrphanedReportJobs(database.db, 'postgresql'), [live.id]);
    await database.db.delete(reportJobs).where(eq(reportJobs.id, live.id));
  }
});

test('stopping the server puts the job being made back in the queue', async () => {
  const asked = await plain.request('/reports/sendai-2021/report.xlsx');
  const id = jobIdOf(asked.headers.get('location'));
  const worker = startReportWorker(database, { pollMs: 50 });
  try {
    for (let i = 0; i < 1000 && (await jobRow(id)).state !== 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    await worker.stop();
  }
  const row = await jobRow(id);
  // stopped while running → queued again; or it finished first (a fast machine) → done
  assert.ok(row.state === 'queued' || row.state === 'done', row.state);
  if (row.state === 'queued') assert.equal(row.done, 0);
});

test('two workers asking at once take different jobs (FOR UPDATE SKIP LOCKED); old finished jobs are deleted', async () => {
  await database.db.update(reportJobs).set({ state: 'done' }).where(eq(reportJobs.state, 'queued'));
  const [plan] = await database.db.select().from(plans).where(eq(plans.code, 'sendai-2016'));
  assert.ok(plan);
  const queued = await database.db
    .insert(reportJobs)
    .values([1, 2].map((n) => ({ planId: plan.id, fiscalYear: null, format: 'pdf', options: { drafts: false, dataVersion: `v${n}` } })))
    .returning({ id: reportJobs.id });
  const taken = await Promise.all([claimNextReportJob(database.db), claimNextReportJob(database.db)]);
  assert.deepEqual(taken.map((t) => t?.id).sort(), queued.map((q) => q.id).sort());
  assert.equal(await claimNextReportJob(database.db), undefined);

  const old = await database.db
    .insert(reportJobs)
    .values([
      { planId: plan.id, format: 'pdf', state: 'done', finishedAt: sql`now() - make_interval(days => ${REPORT_JOB_RETENTION_DAYS + 1})` },
      { planId: plan.id, format: 'pdf', state: 'failed', error: '失敗', finishedAt: sql`now() - make_interval(days => ${REPORT_JOB_RETENTION_DAYS + 1})` },
      { planId: plan.id, format: 'pdf', state: 'done', finishedAt: sql`now() - make_interval(days => ${REPORT_JOB_RETENTION_DAYS - 1})` },
    ])
    .returning({ id: reportJobs.id });
  assert.equal(await deleteOldReportJobs(database.db), 2);
  const left = await queryRows<{ id: number }>(database.db, sql`SELECT id FROM report_jobs WHERE id IN (${sql.join(old.map((o) => sql`${o.id}`), sql`, `)})`);
  assert.deepEqual(left.map((r) => Number(r.id)), [old[2]?.id]);
  await database.db.delete(reportJobs).where(eq(reportJobs.state, 'running'));
  assert.ok(draftRoundId > 0);
});
