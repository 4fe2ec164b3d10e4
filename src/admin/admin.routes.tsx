// Plan authoring in the browser (/admin): organisations, plans, the item tree, indicators and
// targets with a preview of the judgement, evaluation scales. Every route needs plan:edit; every
// plan, item and organisation is checked against the user's organisation (404 for another's).
// Handlers parse, call one command in a transaction, and redirect (303) or re-show the form.
import { Hono, type Context } from 'hono';
import { formOf, isFixable, parsed } from '../web/route-forms.js';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertInOrganisation, currentUser, requires } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { SCALES, type Scale } from '../domain/scales.js';
import type { IndicatorData, StoredTarget } from '../judgement/indicator-year.js';
import { todayInJapan } from '../rounds/dashboard.js';
import {
  attachmentsOfIndicator,
  currentDepartments,
  departmentsByIds,
  findIndicatorById,
  findIndicator,
  findItem,
  findItemById,
  findOrganisation,
  findPlan,
  findScale,
  findScaleById,
  findTarget,
  indicatorsOfItem,
  itemsOfPlan,
  listOrganisations,
  ownersOfItem,
  plansOfOrganisations,
  plansUsingScale,
  scalesVisibleTo,
  type AdminIndicator,
  type DepartmentChoice,
  type ItemRow,
  type PlanRow,
} from './admin.repository.js';
import { AdminHomePage, itemAdminUrl, itemsUrl, OrganisationFormPage, organisationValues, planAdminUrl, PlanFormPage, planValues, ScaleFormPage, ScaleListPage, scaleValues } from './admin-pages.js';
import { FormReader, formValues, type FormValues } from './form-reader.js';
import { ItemEditPage, PreviewTable, type ActiveForm, type PreviewResult } from './item-page.js';
import { ItemTreePage, itemAnchor } from './tree-page.js';
import { assertMayEditPlan } from './plan-access.js';
import { deleteIndicator, refusalToDelete } from './delete-indicator.js';
import { deleteItem } from './delete-item.js';
import { IndicatorDeletePage } from './indicator-delete-page.js';
import { moveItem } from './move-item.js';
import { previewIndicator } from './preview-indicator.js';
import { relistItem } from './relist-item.js';
import { reorderIndicator, ReorderIndicatorInput } from './reorder-indicator.js';
import { reorderItem } from './reorder-item.js';
import { retireItem } from './retire-item.js';
import { readIndicatorForm, saveIndicator } from './save-indicator.js';
import { saveItem } from './save-item.js';
import { saveOrganisation } from './save-organisation.js';
import { savePlan } from './save-plan.js';
import { saveScale } from './save-scale.js';
import { deleteTarget, readTargetForm, saveTarget } from './save-target.js';

type C = Context<AppEnv>;

const SAVED: Record<string, string> = {
  plan: '計画を保存しました',
  added: '項目を追加しました',
  moved: '項目を移動しました',
  reordered: '並べ替えました',
  relisted: '再掲を保存しました',
  retired: '項目を廃止しました',
  reinstated: '廃止を取り消しました',
  deleted: '項目を削除しました',
  item: '項目を保存しました',
  indicator: '指標を保存しました',
  'indicator-reordered': '指標を並べ替えました',
  'indicator-deleted': '指標を削除しました',
  target: '目標を保存しました',
  'target-deleted': '目標を削除しました',
};

async function values(c: C): Promise<FormValues> {
  return formValues(await c.req.parseBody());
}

export function adminRoutes(database: Database) {
  const app = new Hono<AppEnv>();
  const db = database.db;
  const frame = (c: C) => ({ user: currentUser(c), csrfToken: c.get('csrfToken') });
  const savedOf = (c: C) => SAVED[c.req.query('saved') ?? ''];

  async function planOf(c: C): Promise<PlanRow> {
    const code = c.req.param('plan') ?? '';
    const plan = await findPlan(db, code);
    if (!plan) throw new AppError('PLAN_NOT_FOUND', { code });
    assertMayEditPlan(currentUser(c), plan);
    return plan;
  }

  async function itemOf(plan: PlanRow, c: C): Promise<ItemRow> {
    const code = c.req.param('itemCode') ?? '';
    const item = await findItem(db, plan.id, code);
    if (!item) throw new AppError('ITEM_NOT_FOUND', { plan: plan.code, code });
    return item;
  }

  async function indicatorOf(plan: PlanRow, c: C): Promise<AdminIndicator> {
    const code = c.req.param('indicatorCode') ?? '';
    const indicator = await findIndicator(db, plan.id, code);
    if (!indicator) throw new AppError('NOT_FOUND', { what: `指標「${code}」` });
    return indicator;
  }

  async function departmentsFor(plan: PlanRow, extraIds: readonly number[] = []): Promise<DepartmentChoice[]> {
    const current = await currentDepartments(db, plan.organisationId);
    if (extraIds.every((id) => current.some((d) => d.id === id))) return current;
    // an owner that was renamed or merged since stays visible, so saving does not drop it silently
    const old = (await departmentsByIds(db, extraIds.filter((id) => !current.some((d) => d.id === id)))).map((d) => ({ id: d.id, code: d.code, name: `${d.name}（旧）`, parentName: null }));
    return [...current, ...old];
  }

  async function scaleOfPlan(plan: PlanRow): Promise<Scale> {
    const row = plan.scaleId === null ? undefined : await findScaleById(db, plan.scaleId);
    return row ? { id: row.code, name: row.name, description: row.description ?? '', grades: row.grades, rule: row.rule } : SCALES['mechanical-sabc'];
  }

  // ───────────── preview: the judgement of existing values with what is being edited ─────────────

  async function preview(plan: PlanRow, indicator: AdminIndicator, form: FormValues, mode: 'indicator' | 'target', targetId: number | null): Promise<PreviewResult> {
    const reader = new FormReader(form);
    const toStored = (t: { kind: string; fiscalYear: number | null; value: string | null; bandLow: string | null; bandHigh: string | null; text: string | null; setBy: string; setByName: string | null }): StoredTarget => ({
      kind: t.kind, fiscalYear: t.fiscalYear, value: t.value, bandLow: t.bandLow, bandHigh: t.bandHigh, text: t.text, setBy: t.setBy, setByName: t.setByName,
    });
    let data: IndicatorData = {
      code: indicator.code,
      name: indicator.name,
      unit: indicator.unit,
      direction: indicator.direction,
      aggregation: indicator.aggregation,
      rateMethod: indicator.rateMethod,
      baselineValue: indicator.baselineValue,
      baselineFy: indicator.baselineFy,
      targets: indicator.targets.map(toStored),
      observations: indicator.observations.map((o) => ({ fiscalYear: o.fiscalYear, kind: o.kind, value: o.value, text: o.text, approximate: o.approximate, asOf: o.asOf, missingReason: o.missingReason })),
    };
    let reading: string | null = null;
    if (mode === 'indicator') {
      const f = readIndicatorForm(reader);
      data = { ...data, unit: f.unit, direction: f.direction, aggregation: f.aggregation, rateMethod: f.rateMethod, baselineValue: f.baselineValue, baselineFy: f.baselineFy };
    } else {
      const { fields, reading: read } = readTargetForm(reader);
      reading = read;
      const edited = toStored(fields);
      const others = indicator.targets.filter((t) => t.id !== targetId).map(toStored);
      data = { ...data, targets: reader.problems.length > 0 ? data.targets : [...others, edited] };
    }
    const rows = previewIndicator(data, { periodStartFy: plan.periodStartFy, settings: plan.settings, scale: await scaleOfPlan(plan) });
    return { rows, reading, problems: reader.problems, indicatorCode: indicator.code };
  }

  async function itemPage(c: C, plan: PlanRow, item: ItemRow, active?: ActiveForm, status = 200) {
    const owners = await ownersOfItem(db, item.id);
    return c.html(
      <ItemEditPage {...frame(c)} plan={plan} item={item} owners={owners} departments={await departmentsFor(plan, owners.map((o) => o.departmentId))}
        indicators={await indicatorsOfItem(db, item.id)} {...(active ? { active } : {})} {...(savedOf(c) ? { saved: savedOf(c) } : {})} />,
      status as 200,
    );
  }

  async function treePage(c: C, plan: PlanRow, form: FormValues, error?: string, status = 200) {
    const saved = savedOf(c);
    return c.html(
      <ItemTreePage {...frame(c)} plan={plan} items={await itemsOfPlan(db, plan.id)} departments={await departmentsFor(plan)} values={form}
        {...(error ? { error } : {})} {...(saved ? { saved } : {})} />,
      status as 200,
    );
  }

  // ───────────────────────────── home ─────────────────────────────

  app.get('/admin', requires('plan:edit'), async (c) => {
    const user = currentUser(c);
    const organisations = await listOrganisations(db, user.organisationId);
    return c.html(<AdminHomePage {...frame(c)} organisations={organisations} plans={await plansOfOrganisations(db, organisations.map((o) => o.id))} />);
  });

  // ───────────────────────────── organisations ─────────────────────────────

  const refuseOrganisationCreate = (user: SessionUser) => {
    if (user.organisationId !== null) throw new AppError('FORBIDDEN', { what: '組織の作成（全体の管理者のみ）' });
  };

  // an organisation's own admin is told who may add organisations (the POST refuses it: 403)
  app.get('/admin/organisations/new', requires('plan:edit'), (c) =>
    c.html(<OrganisationFormPage {...frame(c)} organisation={null} values={{ kind: 'municipality' }} />));

  app.post('/admin/organisations', requires('plan:edit'), async (c) => {
    const user = currentUser(c);
    refuseOrganisationCreate(user);
    const form = await values(c);
    try {
      await db.transaction((tx) => saveOrganisation(tx, user, null, form));
      return c.redirect('/admin', 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<OrganisationFormPage {...frame(c)} organisation={null} values={form} error={error.describe('ja')} />, error.status as 422);
    }
  });

  async function organisationOf(c: C) {
    const code = c.req.param('org') ?? '';
    const organisation = await findOrganisation(db, code);
    if (!organisation) throw new AppError('NOT_FOUND', { what: `組織「${code}」` });
    assertInOrganisation(currentUser(c), organisation.id, `組織「${code}」`);
    return organisation;
  }

  app.get('/admin/organisations/:org', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    return c.html(<OrganisationFormPage {...frame(c)} organisation={organisation} values={organisationValues(organisation)} />);
  });

  app.post('/admin/organisations/:org', requires('plan:edit'), async (c) => {
    const organisation = await organisationOf(c);
    const form = await values(c);
    try {
      await db.transaction((tx) => saveOrganisation(tx, currentUser(c), organisation, form));
      return c.redirect('/admin', 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<OrganisationFormPage {...frame(c)} organisation={organisation} values={form} error={error.describe('ja')} />, error.status as 422);
    }
  });

  // ───────────────────────────── plans ─────────────────────────────

  async function planFormPage(c: C, plan: PlanRow | null, form: FormValues, error?: string, status = 200) {
    const user = currentUser(c);
    const saved = savedOf(c);
    return c.html(
      <PlanFormPage {...frame(c)} plan={plan} organisations={await listOrganisations(db, user.organisationId)} scales={await scalesVisibleTo(db, plan?.organisationId ?? user.organisationId)}
        values={form} {...(error ? { error } : {})} {...(saved ? { saved } : {})} />,
      status as 200,
    );
  }

  app.get('/admin/plans/new', requires('plan:edit'), (c) =>
    planFormPage(c, null, { organisation: c.req.query('organisation') ?? '', level1: '分野', level2: '基本施策', level3: '事業', rounding: 'half_up' }));

  app.post('/admin/plans', requires('plan:edit'), async (c) => {
    const form = await values(c);
    try {
      const plan = await db.transaction((tx) => savePlan(tx, currentUser(c), null, form));
      return c.redirect(`${itemsUrl(plan.code)}?saved=plan`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return planFormPage(c, null, form, error.describe('ja'), error.status);
    }
  });

  app.get('/admin/plans/:plan', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const scale = plan.scaleId === null ? undefined : await findScaleById(db, plan.scaleId);
    return planFormPage(c, plan, planValues(plan, scale?.code ?? ''));
  });

  app.post('/admin/plans/:plan', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const form = await values(c);
    try {
      await db.transaction((tx) => savePlan(tx, currentUser(c), plan, form));
      return c.redirect(`${planAdminUrl(plan.code)}?saved=plan`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      // what was typed stays; the next save goes by the plan as it is now
      return planFormPage(c, await planOf(c), form, error.describe('ja'), error.status);
    }
  });

  // ───────────────────────────── the item tree ─────────────────────────────

  app.get('/admin/plans/:plan/items', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    return treePage(c, plan, { parent: c.req.query('parent') ?? '' });
  });

  app.post('/admin/plans/:plan/items', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const form = await values(c);
    try {
      const item = await db.transaction((tx) => saveItem(tx, currentUser(c), plan, null, form));
      return c.redirect(`${itemsUrl(plan.code)}?saved=added#${itemAnchor(item.id)}`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return treePage(c, plan, form, error.describe('ja'), error.status);
    }
  });

  /** A tree action: run it, then back to the tree at the item; a problem re-shows the tree with the message. */
  function treeAction(path: string, run: (c: C, plan: PlanRow, item: ItemRow, form: FormValues) => Promise<{ saved: string; anchorId: number | null }>) {
    app.post(`/admin/plans/:plan/items/:itemCode/${path}`, requires('plan:edit'), async (c) => {
      const plan = await planOf(c);
      const item = await itemOf(plan, c);
      const form = await values(c);
      const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
      try {
        const done = await run(c, plan, item, form);
        if (wantsJson) return c.json({ ok: true, saved: SAVED[done.saved] ?? '' });
        return c.redirect(`${itemsUrl(plan.code)}?saved=${done.saved}${done.anchorId ? `#${itemAnchor(done.anchorId)}` : ''}`, 303);
      } catch (error) {
        if (!isFixable(error)) throw error;
        if (wantsJson) return c.json({ ok: false, message: error.describe('ja') }, 422);
        return treePage(c, plan, {}, error.describe('ja'), error.status);
      }
    });
  }

  treeAction('move', async (c, plan, item, form) => {
    await db.transaction((tx) => moveItem(tx, currentUser(c), plan, item, form.parent ?? ''));
    return { saved: 'moved', anchorId: item.id };
  });
  treeAction('reorder', async (c, plan, item, form) => {
    const direction = form.direction === 'down' ? 'down' : 'up';
    await db.transaction((tx) => reorderItem(tx, currentUser(c), plan, item, direction));
    return { saved: 'reordered', anchorId: item.id };
  });
  treeAction('relist', async (c, plan, item, form) => {
    await db.transaction((tx) => relistItem(tx, currentUser(c), plan, item, form.original ?? '', form.kind ?? 'full'));
    return { saved: 'relisted', anchorId: item.id };
  });
  treeAction('retire', async (c, plan, item, form) => {
    const after = await db.transaction((tx) => retireItem(tx, currentUser(c), plan, item, form, todayInJapan()));
    return { saved: after.retiredAt ? 'retired' : 'reinstated', anchorId: item.id };
  });
  treeAction('delete', async (c, plan, item) => {
    await db.transaction((tx) => deleteItem(tx, currentUser(c), plan, item));
    return { saved: 'deleted', anchorId: item.parentId };
  });

  // ───────────────────────────── one item: fields, indicators, targets ─────────────────────────────

  app.get('/admin/plans/:plan/items/:itemCode', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    return itemPage(c, plan, await itemOf(plan, c));
  });

  app.post('/admin/plans/:plan/items/:itemCode', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const item = await itemOf(plan, c);
    const form = await values(c);
    try {
      const saved = await db.transaction((tx) => saveItem(tx, currentUser(c), plan, item, form));
      return c.redirect(`${itemAdminUrl(plan.code, saved.code)}?saved=item`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      // the form keeps what was typed; the page around it (and the next save) goes by the item as it is now
      return itemPage(c, plan, (await findItemById(db, item.id)) ?? item, { key: 'item', values: form, error: error.describe('ja') }, error.status);
    }
  });

  app.post('/admin/plans/:plan/items/:itemCode/indicators', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const item = await itemOf(plan, c);
    const form = await values(c);
    try {
      const indicator = await db.transaction((tx) => saveIndicator(tx, currentUser(c), plan, item, null, form));
      return c.redirect(`${itemAdminUrl(plan.code, item.code)}?saved=indicator#indicator-${indicator.id}`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return itemPage(c, plan, item, { key: 'indicator-new', values: form, error: error.describe('ja') }, error.status);
    }
  });

  async function itemOfIndicator(plan: PlanRow, indicator: AdminIndicator): Promise<ItemRow> {
    const items = await itemsOfPlan(db, plan.id);
    const item = items.find((i) => i.id === indicator.itemId);
    if (!item) throw new AppError('NOT_FOUND', { what: '項目' });
    return item;
  }

  app.post('/admin/plans/:plan/indicators/:indicatorCode', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const indicator = await indicatorOf(plan, c);
    const item = await itemOfIndicator(plan, indicator);
    const form = await values(c);
    const key = `indicator:${indicator.code}`;
    if (form.action === 'preview') return itemPage(c, plan, item, { key, values: form, preview: await preview(plan, indicator, form, 'indicator', null) });
    try {
      await db.transaction((tx) => saveIndicator(tx, currentUser(c), plan, item, indicator, form));
      return c.redirect(`${itemAdminUrl(plan.code, item.code)}?saved=indicator#indicator-${indicator.id}`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return itemPage(c, plan, item, { key, values: form, error: error.describe('ja') }, error.status);
    }
  });

  app.post('/admin/plans/:plan/indicators/:indicatorCode/preview', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const indicator = await indicatorOf(plan, c);
    const form = await values(c);
    const targetId = Number(form.targetId ?? '');
    const mode = form.form === 'indicator' ? 'indicator' : 'target';
    const result = await preview(plan, indicator, form, mode, Number.isInteger(targetId) && targetId > 0 ? targetId : null);
    return c.html(<PreviewTable preview={result} />);
  });

  // 上へ・下へ on the item's page: back to the indicator (303); a bad direction re-shows the page
  app.post('/admin/plans/:plan/indicators/:indicatorCode/reorder', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const indicator = await indicatorOf(plan, c);
    const item = await itemOfIndicator(plan, indicator);
    const form = await formOf(c);
    try {
      const input = parsed(ReorderIndicatorInput, form);
      const moved = await db.transaction((tx) => reorderIndicator(tx, currentUser(c), plan, indicator, input));
      return c.redirect(`${itemAdminUrl(plan.code, item.code)}${moved ? '?saved=indicator-reordered' : ''}#indicator-${indicator.id}`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return itemPage(c, plan, item, { key: `indicator-order:${indicator.code}`, values: form, error: error.describe('ja') }, error.status);
    }
  });

  // deleting an indicator: a confirmation page saying what goes (its targets) or why it cannot
  async function deletePage(c: C, plan: PlanRow, indicator: AdminIndicator, refusal?: string, status = 200) {
    const item = await itemOfIndicator(plan, indicator);
    const attachments = await attachmentsOfIndicator(db, indicator.id);
    const why = refusal ?? refusalToDelete(indicator, attachments)?.describe('ja');
    return c.html(<IndicatorDeletePage {...frame(c)} plan={plan} item={item} indicator={indicator} attachments={attachments} refusal={why} />, status as 200);
  }

  app.get('/admin/plans/:plan/indicators/:indicatorCode/delete', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    return deletePage(c, plan, await indicatorOf(plan, c));
  });

  app.post('/admin/plans/:plan/indicators/:indicatorCode/delete', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const indicator = await indicatorOf(plan, c);
    const item = await itemOfIndicator(plan, indicator);
    try {
      await db.transaction((tx) => deleteIndicator(tx, currentUser(c), plan, indicator));
      return c.redirect(`${itemAdminUrl(plan.code, item.code)}?saved=indicator-deleted`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return deletePage(c, plan, indicator, error.describe('ja'), error.status);
    }
  });

  app.post('/admin/plans/:plan/indicators/:indicatorCode/targets', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const indicator = await indicatorOf(plan, c);
    const item = await itemOfIndicator(plan, indicator);
    const form = await values(c);
    const key = `target-new:${indicator.code}`;
    if (form.action === 'preview') return itemPage(c, plan, item, { key, values: form, preview: await preview(plan, indicator, form, 'target', null) });
    try {
      await db.transaction((tx) => saveTarget(tx, currentUser(c), plan, indicator, null, form));
      return c.redirect(`${itemAdminUrl(plan.code, item.code)}?saved=target#indicator-${indicator.id}`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return itemPage(c, plan, item, { key, values: form, error: error.describe('ja') }, error.status);
    }
  });

  app.post('/admin/plans/:plan/targets/:targetId', requires('plan:edit'), async (c) => {
    const plan = await planOf(c);
    const target = await findTarget(db, Number(c.req.param('targetId')) || 0);
    if (!target) throw new AppError('NOT_FOUND', { what: '目標' });
    const owner = await findIndicatorById(db, target.indicatorId);
    if (!owner || owner.planId !== plan.id) throw new AppError('NOT_FOUND', { what: '目標' });
    const indicator = await findIndicator(db, plan.id, owner.code);
    if (!indicator) throw new AppError('NOT_FOUND', { what: '目標' });
    const item = await itemOfIndicator(plan, indicator);
    const form = await values(c);
    const key = `target:${target.id}`;
    if (form.action === 'preview') return itemPage(c, plan, item, { key, values: form, preview: await preview(plan, indicator, form, 'target', target.id) });
    try {
      if (form.action === 'delete') {
        await db.transaction((tx) => deleteTarget(tx, currentUser(c), plan, indicator, target));
        return c.redirect(`${itemAdminUrl(plan.code, item.code)}?saved=target-deleted#indicator-${indicator.id}`, 303);
      }
      await db.transaction((tx) => saveTarget(tx, currentUser(c), plan, indicator, target, form));
      return c.redirect(`${itemAdminUrl(plan.code, item.code)}?saved=target#indicator-${indicator.id}`, 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return itemPage(c, plan, item, { key, values: form, error: error.describe('ja') }, error.status);
    }
  });

  // ───────────────────────────── evaluation scales ─────────────────────────────

  app.get('/admin/scales', requires('plan:edit'), async (c) => {
    const user = currentUser(c);
    const scales = await scalesVisibleTo(db, user.organisationId);
    const usedBy = new Map<number, string[]>();
    for (const s of scales) usedBy.set(s.id, await plansUsingScale(db, s.id));
    return c.html(<ScaleListPage {...frame(c)} scales={scales} organisations={await listOrganisations(db, user.organisationId)} usedBy={usedBy} />);
  });

  const blankScale: FormValues = {
    ruleType: 'thresholds',
    grades: 'A | 目標達成 | 達成率100%以上 | #0031D8 | graded\nB | 概ね達成 | 達成率80%以上 | #259D63 | graded\nC | 遅れ | 達成率80%未満 | #EC0000 | graded\n− | 評価不能 | 実績なし | #767676 | not_measurable',
    steps: 'A 100\nB 80',
    below: 'C',
    notMeasurable: '−',
  };

  app.get('/admin/scales/new', requires('plan:edit'), async (c) =>
    c.html(<ScaleFormPage {...frame(c)} scale={null} organisationCode={null} organisations={await listOrganisations(db, currentUser(c).organisationId)} values={blankScale} />));

  app.post('/admin/scales', requires('plan:edit'), async (c) => {
    const form = await values(c);
    try {
      await db.transaction((tx) => saveScale(tx, currentUser(c), null, form));
      return c.redirect('/admin/scales', 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<ScaleFormPage {...frame(c)} scale={null} organisationCode={null} organisations={await listOrganisations(db, currentUser(c).organisationId)} values={form} error={error.describe('ja')} />, error.status as 422);
    }
  });

  /**
   * A scale as seen from an organisation: a shipped scale (shown read-only) or the organisation's
   * own. The organisation in the URL is checked first, so another organisation's admin gets 404.
   */
  async function scaleOfOrganisation(c: C) {
    const organisation = await organisationOf(c);
    const code = c.req.param('scale') ?? '';
    const scale = await findScale(db, code);
    if (!scale || (scale.organisationId !== null && scale.organisationId !== organisation.id)) throw new AppError('NOT_FOUND', { what: `評価尺度「${code}」` });
    return { organisation, scale };
  }

  app.get('/admin/organisations/:org/scales/:scale', requires('plan:edit'), async (c) => {
    const { organisation, scale } = await scaleOfOrganisation(c);
    return c.html(<ScaleFormPage {...frame(c)} scale={scale} organisationCode={organisation.code} organisations={[]} values={scaleValues(scale)} />);
  });

  app.post('/admin/organisations/:org/scales/:scale', requires('plan:edit'), async (c) => {
    const { organisation, scale } = await scaleOfOrganisation(c);
    const form = await values(c);
    try {
      await db.transaction((tx) => saveScale(tx, currentUser(c), scale, form));
      return c.redirect('/admin/scales', 303);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(<ScaleFormPage {...frame(c)} scale={scale} organisationCode={organisation.code} organisations={[]} values={form} error={error.describe('ja')} />, error.status as 422);
    }
  });

  return app;
}
