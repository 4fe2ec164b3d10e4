// Report pages and downloads. Public: published rounds only. Committee (plan:read_drafts for the
// whole plan): the same report including unpublished rounds, under /committee/reports/….
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertCan, currentUser, requires, type AuthVariables } from '../auth/middleware.js';
import { loadReport, planIdOf } from './load-report.js';
import { renderReportHtml } from './report-page.js';
import { renderReportPdf } from './report-pdf.js';
import { renderReportXlsx } from './report-xlsx.js';

const ReportQuery = z.object({ round: z.coerce.number().int().min(1868).max(2200).optional() });

type Format = 'html' | 'pdf' | 'xlsx';

export function reportRoutes(database: Database) {
  const app = new Hono<{ Variables: AuthVariables }>();

  const present = async (c: Context, planCode: string, format: Format, includeDrafts: boolean, base: string) => {
    const query = ReportQuery.safeParse(c.req.query());
    if (!query.success) throw new AppError('INVALID_INPUT', { reason: '年度（round）は西暦の年度で指定してください（例: ?round=2016）' });
    const fiscalYear = query.data.round;
    const model = await loadReport(database.db, planCode, { includeDrafts, ...(fiscalYear === undefined ? {} : { fiscalYear }) });
    const round = model.round ? `?round=${model.round.fiscalYear}` : '';
    const fileBase = `${planCode}${model.round ? `-${model.round.fiscalYear}` : ''}-report`;
    if (format === 'pdf') {
      return c.body(new Uint8Array(await renderReportPdf(model)), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${fileBase}.pdf"`,
      });
    }
    if (format === 'xlsx') {
      return c.body(new Uint8Array(await renderReportXlsx(model)), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${fileBase}.xlsx"`,
      });
    }
    const links = {
      pdf: `${base}/${encodeURIComponent(planCode)}/report.pdf${round}`,
      xlsx: `${base}/${encodeURIComponent(planCode)}/report.xlsx${round}`,
      round: (fy: number) => `${base}/${encodeURIComponent(planCode)}?round=${fy}`,
      plan: `/plans/${encodeURIComponent(planCode)}`,
    };
    return c.html(await renderReportHtml(model, links));
  };

  app.get('/reports/:plan', requires('public'), (c) => present(c, c.req.param('plan'), 'html', false, '/reports'));
  app.get('/reports/:plan/report.pdf', requires('public'), (c) => present(c, c.req.param('plan'), 'pdf', false, '/reports'));
  app.get('/reports/:plan/report.xlsx', requires('public'), (c) => present(c, c.req.param('plan'), 'xlsx', false, '/reports'));

  const committee = async (c: Context, format: Format) => {
    const planCode = c.req.param('plan') ?? '';
    const planId = await planIdOf(database.db, planCode);
    if (planId === undefined) throw new AppError('PLAN_NOT_FOUND', { code: planCode });
    assertCan(currentUser(c), 'plan:read_drafts', { planId }, '未公表を含む報告書');
    return present(c, planCode, format, true, '/committee/reports');
  };
  app.get('/committee/reports/:plan', requires('plan:read_drafts'), (c) => committee(c, 'html'));
  app.get('/committee/reports/:plan/report.pdf', requires('plan:read_drafts'), (c) => committee(c, 'pdf'));
  app.get('/committee/reports/:plan/report.xlsx', requires('plan:read_drafts'), (c) => committee(c, 'xlsx'));
  return app;
}
