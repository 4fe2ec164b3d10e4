// Report pages and downloads. Public: published rounds only. Committee (plan:read_drafts for the
// whole plan, in the plan's organisation): the same report including unpublished rounds, under
// /committee/reports/….
//
// The page is rendered in the request. PDF and Excel files are made by report jobs (the worker,
// report-worker.ts): the download URL asks for a job — or finds the one already made for the same
// plan, round, format and data — waits a few seconds, and sends the file if it is ready, or
// leads to the job's progress page, which offers the file when it is. The public progress page
// is in Japanese (/reports/jobs/:job) and English (/en/reports/jobs/:job, reached from the English
// download URLs /en/reports/:plan/report.pdf|xlsx); the report itself is in Japanese.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation, currentUser, requires, type AuthVariables } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { pathInLang, type Lang } from '../portal/i18n.js';
import { pageMeta } from '../portal/portal.routes.js';
import { loadReport } from './load-report.js';
import { renderReportHtml, type ReportLinks } from './report-page.js';
import { plans } from '../db/schema.js';
import { eq } from 'drizzle-orm';
import { ReportJobPage, reportJobStatus, type ReportJobUrls } from './report-job-page.js';
import { findReportJob, readReportJobFile, type ReportJobRow } from './report-jobs.repository.js';
import type { ReportWorker } from './report-worker.js';
import { requestReportJob } from './request-report-job.js';
import type { ReportFormat } from './render-report.js';

const ReportQuery = z.object({ round: z.coerce.number().int().min(1868).max(2200).optional() });
const JobParam = z.coerce.number().int().min(1).max(2_147_483_647);
const JobForm = z.object({
  format: z.enum(['pdf', 'xlsx']),
  round: z.union([z.literal(''), z.coerce.number().int().min(1868).max(2200)]).optional(),
});

export interface ReportRouteOptions {
  /** The worker of this process: woken when a job is queued, and waited for briefly. */
  worker?: ReportWorker | undefined;
  /** How long a download request waits for its file before showing the progress page. */
  waitMs?: number;
}

/** A file made within this time is sent at once; a longer job shows its progress page. */
export const DOWNLOAD_WAIT_MS = 3_000;

export function reportRoutes(database: Database, options: ReportRouteOptions = {}) {
  const app = new Hono<{ Variables: AuthVariables }>();
  const worker = options.worker;
  const waitMs = options.waitMs ?? DOWNLOAD_WAIT_MS;
  const db = database.db;

  const roundOf = (c: Context): number | undefined => {
    const query = ReportQuery.safeParse(c.req.query());
    if (!query.success) throw new AppError('INVALID_INPUT', { reason: '年度（round）は西暦の年度で指定してください（例: ?round=2016）' });
    return query.data.round;
  };

  const page = async (c: Context, planCode: string, includeDrafts: boolean, base: string) => {
    const fiscalYear = roundOf(c);
    const model = await loadReport(db, planCode, { includeDrafts, ...(fiscalYear === undefined ? {} : { fiscalYear }) });
    const round = model.round ? `?round=${model.round.fiscalYear}` : '';
    const links: ReportLinks = {
      pdf: `${base}/${encodeURIComponent(planCode)}/report.pdf${round}`,
      xlsx: `${base}/${encodeURIComponent(planCode)}/report.xlsx${round}`,
      round: (fy: number) => `${base}/${encodeURIComponent(planCode)}?round=${fy}`,
      plan: `/plans/${encodeURIComponent(planCode)}`,
      // the committee page asks for its files with a form (POST, CSRF); its GET URLs answer too
      ...(includeDrafts
        ? { jobForm: { action: `${base}/${encodeURIComponent(planCode)}/jobs`, csrfToken: (c.get('csrfToken') as string | undefined) ?? '', round: model.round ? String(model.round.fiscalYear) : '' } }
        : {}),
    };
    return c.html(await renderReportHtml(model, links));
  };

  /** Sends a finished job's file. */
  const sendFile = async (c: Context, id: number) => {
    const file = await readReportJobFile(db, id);
    if (!file) throw new AppError('NOT_FOUND', { what: '報告書のファイル' });
    return c.body(new Uint8Array(file.content), 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'private, no-cache',
    });
  };

  /** Asks for the file's job; sends the file when it is ready within the wait, else the progress page. */
  const download = async (c: Context, input: { planCode: string; fiscalYear: number | undefined; format: ReportFormat; drafts: boolean; user: SessionUser | null; authorise?: (plan: { id: number; organisationId: number }) => void }, base: string) => {
    const { job } = await db.transaction((tx) => requestReportJob(tx, {
      planCode: input.planCode,
      fiscalYear: input.fiscalYear,
      format: input.format,
      drafts: input.drafts,
      actor: input.user ? { id: input.user.id, label: input.user.login } : null,
      ...(input.authorise ? { authorise: input.authorise } : {}),
    }));
    if (job.state === 'queued') worker?.wake();
    const now = job.state === 'done' || !worker ? job : await worker.waitFor(job.id, waitMs);
    if (now?.state === 'done') return sendFile(c, job.id);
    return c.redirect(`${base}/jobs/${job.id}`, 303);
  };

  // ── public ──
  app.get('/reports/:plan', requires('public'), (c) => page(c, c.req.param('plan'), false, '/reports'));
  for (const base of ['/reports', '/en/reports']) {
    for (const format of ['pdf', 'xlsx'] as const) {
      app.get(`${base}/:plan/report.${format}`, requires('public'), (c) =>
        download(c, { planCode: c.req.param('plan') ?? '', fiscalYear: roundOf(c), format, drafts: false, user: c.get('user') ?? null }, base),
      );
    }
  }

  // ── committee ──
  /** The plan, when the signed-in user may read its drafts: 404 for another organisation, 403 without the whole plan. */
  const committeePlan = async (c: Context, planCode: string) => {
    const [plan] = await db.select({ id: plans.id, organisationId: plans.organisationId }).from(plans).where(eq(plans.code, planCode));
    if (!plan) throw new AppError('PLAN_NOT_FOUND', { code: planCode });
    authoriseCommittee(currentUser(c), plan);
    return plan;
  };
  const authoriseCommittee = (user: SessionUser, plan: { id: number; organisationId: number }) => {
    assertInOrganisation(user, plan.organisationId, '計画');
    assertCan(user, 'plan:read_drafts', { planId: plan.id, organisationId: plan.organisationId }, '未公表を含む報告書');
  };

  app.get('/committee/reports/:plan', requires('plan:read_drafts'), async (c) => {
    const planCode = c.req.param('plan');
    await committeePlan(c, planCode);
    return page(c, planCode, true, '/committee/reports');
  });
  for (const format of ['pdf', 'xlsx'] as const) {
    app.get(`/committee/reports/:plan/report.${format}`, requires('plan:read_drafts'), (c) =>
      download(c, { planCode: c.req.param('plan') ?? '', fiscalYear: roundOf(c), format, drafts: true, user: currentUser(c), authorise: (plan) => authoriseCommittee(currentUser(c), plan) }, '/committee/reports'),
    );
  }
  // the committee's download buttons: a form with its CSRF token
  app.post('/committee/reports/:plan/jobs', requires('plan:read_drafts'), async (c) => {
    const planCode = c.req.param('plan');
    await committeePlan(c, planCode);
    const form = JobForm.safeParse(await c.req.parseBody());
    if (!form.success) throw new AppError('INVALID_INPUT', { reason: '形式（PDF または Excel）と年度を指定してください' });
    const round = form.data.round === '' || form.data.round === undefined ? undefined : form.data.round;
    return download(c, { planCode, fiscalYear: round, format: form.data.format, drafts: true, user: currentUser(c), authorise: (plan) => authoriseCommittee(currentUser(c), plan) }, '/committee/reports');
  });

  // ── the jobs ──
  const urlsOf = (job: ReportJobRow, base: string): ReportJobUrls => {
    const page = `${base}/jobs/${job.id}`;
    const round = job.fiscalYear === null ? '' : String(job.fiscalYear);
    // the report page is in Japanese only: the English progress page leads back to it
    const report = `${pathInLang(base, 'ja')}/${encodeURIComponent(job.planCode)}${round ? `?round=${round}` : ''}`;
    return {
      page,
      status: `${page}/status`,
      file: `${page}/file`,
      report,
      retry: job.options.drafts
        ? { action: `${base}/${encodeURIComponent(job.planCode)}/jobs`, format: job.format, round }
        : { href: `${base}/${encodeURIComponent(job.planCode)}/report.${job.format}${round ? `?round=${round}` : ''}` },
    };
  };
  const planTitle = async (planId: number) => (await db.select({ title: plans.title }).from(plans).where(eq(plans.id, planId)))[0]?.title ?? '';

  /** A public job: never a committee job (404, as if there were none). */
  const publicJob = async (c: Context) => {
    const id = JobParam.safeParse(c.req.param('job'));
    const job = id.success ? await findReportJob(db, id.data) : undefined;
    if (!job || job.options.drafts) throw new AppError('NOT_FOUND', { what: '報告書の作成' });
    return job;
  };
  /** A job of a plan the user may read drafts of: 404 for another organisation's, 403 without the whole plan. */
  const committeeJob = async (c: Context) => {
    const id = JobParam.safeParse(c.req.param('job'));
    const job = id.success ? await findReportJob(db, id.data) : undefined;
    if (!job) throw new AppError('NOT_FOUND', { what: '報告書の作成' });
    authoriseCommittee(currentUser(c), { id: job.planId, organisationId: job.organisationId });
    return job;
  };

  const jobRoutes = (base: string, requirement: 'public' | 'plan:read_drafts', load: (c: Context) => Promise<ReportJobRow>, lang: Lang = 'ja') => {
    app.get(`${base}/jobs/:job`, requires(requirement), async (c) => {
      const job = await load(c);
      const staff = requirement === 'public' ? undefined : { user: currentUser(c), csrfToken: (c.get('csrfToken') as string | undefined) ?? '' };
      c.header('cache-control', 'no-store');
      return c.html(
        <ReportJobPage
          job={job}
          planTitle={await planTitle(job.planId)}
          urls={urlsOf(job, base)}
          autoDownload={c.req.query('auto') === '1'}
          {...(staff ? { staff } : { lang, meta: pageMeta(c) })}
        />,
      );
    });
    app.get(`${base}/jobs/:job/status`, requires(requirement), async (c) => {
      const job = await load(c);
      c.header('cache-control', 'no-store');
      return c.json(reportJobStatus(job, urlsOf(job, base), lang));
    });
    app.get(`${base}/jobs/:job/file`, requires(requirement), async (c) => {
      const job = await load(c);
      if (job.state !== 'done') return c.redirect(`${base}/jobs/${job.id}`, 303);
      return sendFile(c, job.id);
    });
  };
  jobRoutes('/reports', 'public', publicJob);
  jobRoutes('/en/reports', 'public', publicJob, 'en');
  jobRoutes('/committee/reports', 'plan:read_drafts', committeeJob);
  return app;
}

