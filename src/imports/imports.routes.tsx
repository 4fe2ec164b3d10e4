// Excel / CSV through the web: download a template, upload → preview → confirm. Headquarters
// loads whole plans; a department editor only its own items (the same scope check as the CLI's
// --department, applied inside the import). The uploaded file stays on the server between the
// preview and the confirmation; the confirmation names it by hash and re-runs the import.
import { Hono } from 'hono';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { currentUser, requires } from '../auth/middleware.js';
import { inOrganisation, organisationScope, type SessionUser } from '../auth/policy.js';
import { findPlanByCode } from '../rounds/rounds.repository.js';
import { isDomainError } from '../domain/errors.js';
import { parseFiscalYear } from '../domain/wareki.js';
import { exportSpreadsheet } from './export-spreadsheet.js';
import { importSpreadsheet } from './import-spreadsheet.js';
import { departmentCodes, templateChoices } from './imports.repository.js';
import { PreviewPage, ResultPage, UploadPage, changesNothing } from './imports-pages.js';
import { UploadStore } from './upload-store.js';

/** Largest upload accepted (a 10,000-row 指標 workbook is about 1 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const ConfirmInput = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const TemplateQuery = z.object({
  plan: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  department: z.string().min(1).max(200).optional(),
  round: z.string().max(20).optional(),
});

/** null = the whole plan (headquarters); otherwise the department codes the user acts for. */
async function scopeOf(database: Database, user: SessionUser): Promise<string[] | null> {
  return user.role === 'admin' ? null : departmentCodes(database.db, user.departmentIds);
}

export function importRoutes(database: Database, store = new UploadStore()) {
  const app = new Hono<AppEnv>();
  const actorOf = (user: SessionUser) => ({ id: user.id, label: user.login });

  app.get('/imports', requires('import:run'), async (c) => {
    const user = currentUser(c);
    const choices = await templateChoices(database.db, user.role === 'admin' ? null : user.departmentIds, organisationScope(user));
    return c.html(<UploadPage user={user} csrfToken={c.get('csrfToken')} choices={choices} />);
  });

  app.post('/imports', requires('import:run'), async (c) => {
    const user = currentUser(c);
    const body = await c.req.parseBody();
    const file = body.file;
    const again = async (error: string, status: 400 | 413 | 503) =>
      c.html(<UploadPage user={user} csrfToken={c.get('csrfToken')} choices={await templateChoices(database.db, user.role === 'admin' ? null : user.departmentIds, organisationScope(user))} error={error} />, status);
    if (!(file instanceof File) || file.name === '') return again('ファイルを選んでください', 400);
    if (file.size > MAX_UPLOAD_BYTES) return again(`ファイルが大きすぎます（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）`, 413);
    const upload = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    const report = await importSpreadsheet(database.db, upload, actorOf(user), { dryRun: true, departments: await scopeOf(database, user), organisationId: organisationScope(user) });
    if (report.ok && !changesNothing(report) && store.put(user.id, upload) === null) {
      return again('確認待ちのファイルがサーバーに多く、このファイルを保持できません。しばらくしてからもう一度アップロードしてください', 503);
    }
    return c.html(<PreviewPage user={user} csrfToken={c.get('csrfToken')} report={report} />, report.ok ? 200 : 422);
  });

  app.post('/imports/confirm', requires('import:run'), async (c) => {
    const user = currentUser(c);
    const parsed = ConfirmInput.safeParse(await c.req.parseBody());
    if (!parsed.success) throw new AppError('INVALID_INPUT', { reason: 'ファイルの指定がありません' });
    const upload = store.get(user.id, parsed.data.sha256);
    if (!upload) throw new AppError('NOT_FOUND', { what: '確認中のファイル（時間がたったため破棄しました。もう一度アップロードしてください）' });
    const report = await importSpreadsheet(database.db, upload, actorOf(user), { dryRun: false, departments: await scopeOf(database, user), organisationId: organisationScope(user) });
    if (report.ok) store.delete(user.id, parsed.data.sha256);
    return c.html(<ResultPage user={user} csrfToken={c.get('csrfToken')} report={report} />, report.ok ? 200 : 422);
  });

  app.get('/imports/template', requires('import:run'), async (c) => {
    const user = currentUser(c);
    const query = TemplateQuery.safeParse(c.req.query());
    if (!query.success) throw new AppError('INVALID_INPUT', { reason: '計画コードを指定してください' });
    const { plan, department } = query.data;
    let round: number | null = null;
    if (query.data.round) {
      try {
        round = parseFiscalYear(query.data.round);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        throw new AppError('INVALID_INPUT', { reason: error.message });
      }
    }
    const found = await findPlanByCode(database.db, plan);
    if (!found || !inOrganisation(user, found.organisationId)) throw new AppError('PLAN_NOT_FOUND', { code: plan });
    const scope = await scopeOf(database, user);
    if (scope !== null && (department === undefined || !scope.includes(department))) throw new AppError('FORBIDDEN', { what: '担当課以外のテンプレート' });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => out.on('end', resolve));
    await exportSpreadsheet(database.db, plan, out, { format: 'xlsx', department: department ?? null, round });
    await ended;
    const name = `${plan}${department ? `-${department.replaceAll('/', '-')}` : ''}${round ? `-${round}` : ''}.xlsx`;
    return c.body(Buffer.concat(chunks), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${plan}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  return app;
}
