// Routes of plan versions and plan copies. Staff pages (/admin/plans/:plan/…) need plan:edit and
// the plan's organisation (another organisation's plan answers 404); the version history and the
// comparison of a plan that is not a draft are public, in Japanese (/plans/:plan/versions…) and
// English (/en/plans/:plan/versions…).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database, Queryable } from '../db/client.js';
import { AppError } from '../errors.js';
import { formOf, isFixable, parsed } from '../web/route-forms.js';
import { assertMayEditPlan } from '../admin/plan-access.js';
import { currentUser, requires } from '../auth/middleware.js';
import type { Lang } from '../portal/i18n.js';
import { pageMeta } from '../portal/portal.routes.js';
import { copyPlan, CopyPlanInput } from './copy-plan.js';
import { createPlanVersion, CreatePlanVersionInput } from './create-plan-version.js';
import { diffVersions } from './diff-versions.js';
import { readSnapshot, snapshotPlan } from './plan-snapshot.js';
import { adminVersionsUrl, CopyPlanPage, publicVersionsUrl, PublicDiffPage, PublicVersionListPage, StaffDiffPage, VersionListPage } from './versions-pages.js';
import { findPlan, findVersion, latestVersion, listVersions, type PlanRow } from './versions.repository.js';

const VersionNumber = z.coerce.number().int().positive();

const PREFIXES: readonly [string, Lang][] = [
  ['', 'ja'],
  ['/en', 'en'],
];

/** The changes of the live plan since its latest version, or null when it has none yet. */
async function pendingChanges(db: Queryable, plan: PlanRow) {
  const latest = await latestVersion(db, plan.id);
  if (!latest) return null;
  return diffVersions(readSnapshot(latest.snapshot), await snapshotPlan(db, plan.code, plan.id));
}

export function versionRoutes(database: Database) {
  const app = new Hono<AppEnv>();
  const db = database.db;

  /** A plan 本部 may edit: unknown and another organisation's plans are both 404. */
  async function editablePlan(c: Context<AppEnv>): Promise<PlanRow> {
    const code = c.req.param('plan') ?? '';
    const plan = await findPlan(db, code);
    if (!plan) throw new AppError('PLAN_NOT_FOUND', { code });
    assertMayEditPlan(currentUser(c), plan);
    return plan;
  }

  /** A plan the public may read: drafts are not public. */
  async function publicPlan(c: Context<AppEnv>): Promise<PlanRow> {
    const code = c.req.param('plan') ?? '';
    const plan = await findPlan(db, code);
    if (!plan || plan.status === 'draft') throw new AppError('PLAN_NOT_FOUND', { code });
    return plan;
  }

  async function versionOf(plan: PlanRow, value: string | undefined) {
    const number = VersionNumber.safeParse(value);
    const version = number.success ? await findVersion(db, plan.id, number.data) : undefined;
    if (!version) throw new AppError('VERSION_NOT_FOUND', { plan: plan.code, number: value ?? '' });
    return version;
  }

  const frame = (c: Context<AppEnv>, plan: PlanRow) => ({ user: currentUser(c), csrfToken: c.get('csrfToken'), plan });

  app.get('/admin/plans/:plan/versions', requires('plan:edit'), async (c) => {
    const plan = await editablePlan(c);
    const notice = c.req.query('done') === 'created' ? '版を記録しました。' : c.req.query('done') === 'copied' ? '次期計画を作成し、第1版「策定」を記録しました。' : undefined;
    return c.html(<VersionListPage {...frame(c, plan)} versions={await listVersions(db, plan.id)} pending={await pendingChanges(db, plan)} values={{}} notice={notice} />);
  });

  app.post('/admin/plans/:plan/versions', requires('plan:edit'), async (c) => {
    const plan = await editablePlan(c);
    const values = await formOf(c);
    try {
      const input = parsed(CreatePlanVersionInput, values);
      await db.transaction((tx) => createPlanVersion(tx, currentUser(c), plan.id, input));
      return c.redirect(`${adminVersionsUrl(plan.code)}?done=created`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(
        <VersionListPage {...frame(c, plan)} versions={await listVersions(db, plan.id)} pending={await pendingChanges(db, plan)} values={values} error={error.describe('ja')} />,
        error.status as 422,
      );
    }
  });

  app.get('/admin/plans/:plan/versions/diff', requires('plan:edit'), async (c) => {
    const plan = await editablePlan(c);
    if (!c.req.query('from')) return c.redirect(adminVersionsUrl(plan.code), 303);
    const from = await versionOf(plan, c.req.query('from'));
    const toParam = c.req.query('to') ?? 'current';
    const to = toParam === 'current' ? 'current' as const : await versionOf(plan, toParam);
    const after = to === 'current' ? await snapshotPlan(db, plan.code, plan.id) : readSnapshot(to.snapshot);
    const { snapshot: _snapshot, ...fromSummary } = from;
    const toSummary = to === 'current' ? to : (({ snapshot: _s, ...rest }) => rest)(to);
    return c.html(<StaffDiffPage {...frame(c, plan)} versions={await listVersions(db, plan.id)} from={fromSummary} to={toSummary} groups={diffVersions(readSnapshot(from.snapshot), after)} />);
  });

  app.get('/admin/plans/:plan/copy', requires('plan:edit'), async (c) => {
    const plan = await editablePlan(c);
    return c.html(<CopyPlanPage {...frame(c, plan)} values={{}} />);
  });

  app.post('/admin/plans/:plan/copy', requires('plan:edit'), async (c) => {
    const plan = await editablePlan(c);
    const values = await formOf(c);
    try {
      const input = parsed(CopyPlanInput, values);
      const result = await db.transaction((tx) => copyPlan(tx, currentUser(c), plan.code, input));
      return c.redirect(`${adminVersionsUrl(result.plan.code)}?done=copied`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<CopyPlanPage {...frame(c, plan)} values={{ ...values, withIndicators: values.withIndicators ?? 'off' }} error={error.describe('ja')} />, error.status as 422);
    }
  });

  for (const [prefix, lang] of PREFIXES) {
    app.get(`${prefix}/plans/:plan/versions`, requires('public'), async (c) => {
      const plan = await publicPlan(c);
      return c.html(<PublicVersionListPage lang={lang} meta={pageMeta(c)} plan={plan} versions={await listVersions(db, plan.id)} />);
    });

    app.get(`${prefix}/plans/:plan/versions/diff`, requires('public'), async (c) => {
      const plan = await publicPlan(c);
      if (!c.req.query('from') || !c.req.query('to')) return c.redirect(publicVersionsUrl(plan.code, lang), 303);
      const from = await versionOf(plan, c.req.query('from'));
      const to = await versionOf(plan, c.req.query('to'));
      const { snapshot: fromSnapshot, ...fromSummary } = from;
      const { snapshot: toSnapshot, ...toSummary } = to;
      const groups = diffVersions(readSnapshot(fromSnapshot), readSnapshot(toSnapshot), lang);
      return c.html(<PublicDiffPage lang={lang} meta={pageMeta(c)} plan={plan} versions={await listVersions(db, plan.id)} from={fromSummary} to={toSummary} groups={groups} />);
    });
  }

  return app;
}
