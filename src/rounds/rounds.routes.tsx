// Pages of the yearly round (年度評価). Each route declares its permission with requires();
// scoped checks (which departments own the item) follow in the command or with can().
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { assertCan, assertInOrganisation, currentUser, requires } from '../auth/middleware.js';
import { can, organisationScope, type SessionUser } from '../auth/policy.js';
import { isDomainError } from '../domain/errors.js';
import { formatParsedValue, MISSING_REASON_LABELS, parseJapaneseNumber } from '../domain/numbers.js';
import { completionByDepartment, deadlineNotices, roundDistribution, todayInJapan } from './dashboard.js';
import { EntryConflictError, EntryInvalidError } from './entry-errors.js';
import { EntryPage, valuesOf, type EntryFormValues } from './entry-page.js';
import { judgeEntry, scaleOf } from './judge-entry.js';
import { openRound, OpenRoundInput } from './open-round.js';
import { reviewEntry, ReviewEntryInput } from './review-entry.js';
import { OBSERVATION_KINDS, ROUND_STATES } from '../db/schema.js';
import { entryIsEditable, roundAcceptsEntries, roundOpenFor, type RoundState } from './round-states.js';
import {
  entriesOfRound,
  entriesOwnedBy,
  findRound,
  indicatorsWithoutData,
  listPlanChoices,
  listRounds,
  loadEntryContext,
  planScale,
  searchAudit,
  valuesOfRound,
  submittedEntries,
  type EntryContext,
  type EntryListRow,
} from './rounds.repository.js';
import { CorrectionsPage, entryUrl, MyWorkPage, NewRoundPage, PreflightPage, ReviewQueuePage, RoundListPage, RoundPage } from './rounds-pages.js';
import { AuditPage } from '../system/audit-page.js';
import { actionsLabelled } from '../system/audit-view.js';

/** Changes on one page of the audit log. */
const AUDIT_PAGE = 200;
import { saveEntry, SaveEntryInput } from './save-entry.js';
import { transitionRound } from './transition-round.js';
import { deleteRound } from './delete-round.js';
import { correctValue, CorrectValueInput } from './correct-value.js';
import { needsPreflight, roundPreflight } from './round-preflight.js';

const RoundId = z.coerce.number().int().positive();

function roundIdOf(c: Context<AppEnv>): number {
  const parsed = RoundId.safeParse(c.req.param('roundId'));
  if (!parsed.success) throw new AppError('NOT_FOUND', { what: '評価' });
  return parsed.data;
}

function scopeOf(context: EntryContext) {
  return { departmentIds: context.departments.map((d) => d.id), planId: context.plan.id, organisationId: context.plan.organisationId };
}

/** Whether a user may see an entry list row: headquarters and committee all, others their scope. */
function visibleTo(user: SessionUser, row: EntryListRow): boolean {
  return can(user, 'plan:read_drafts', { departmentIds: row.departmentIds });
}

function formValues(body: Record<string, string | File | (string | File)[]>): EntryFormValues & { action: string } {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const figures: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^figure-(\d+)$/.exec(k);
    if (m?.[1] && typeof v === 'string') figures[m[1]] = v;
  }
  return {
    version: str('version'),
    selfGrade: str('selfGrade'),
    disagreementReason: str('disagreementReason'),
    resultsText: str('resultsText'),
    planText: str('planText'),
    issuesText: str('issuesText'),
    figures,
    action: str('action'),
  };
}

export function roundRoutes(database: Database) {
  const app = new Hono<AppEnv>();
  const db = database.db;

  app.get('/rounds', requires('plan:read_drafts'), async (c) =>
    c.html(<RoundListPage user={currentUser(c)} csrfToken={c.get('csrfToken')} rounds={await listRounds(db, organisationScope(currentUser(c)))} deleted={c.req.query('deleted') === '1'} />));

  app.get('/rounds/new', requires('round:manage'), async (c) =>
    c.html(<NewRoundPage user={currentUser(c)} csrfToken={c.get('csrfToken')} plans={await listPlanChoices(db, organisationScope(currentUser(c)))} />));

  app.post('/rounds', requires('round:manage'), async (c) => {
    const user = currentUser(c);
    const body = await c.req.parseBody();
    const values = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const input = OpenRoundInput.safeParse(values);
    try {
      if (!input.success) throw new AppError('INVALID_INPUT', { reason: input.error.issues.map((i) => i.message).join('、') });
      const round = await db.transaction((tx) => openRound(tx, user, input.data));
      return c.redirect(`/rounds/${round.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      return c.html(<NewRoundPage user={user} csrfToken={c.get('csrfToken')} plans={await listPlanChoices(db, organisationScope(user))} error={error.describe('ja')} values={values} />, error.status as 422);
    }
  });

  app.get('/rounds/parse-figure', requires('entry:edit'), (c) => {
    const text = (c.req.query('text') ?? '').slice(0, 200);
    try {
      const parsed = parseJapaneseNumber(text);
      const reading = parsed.kind === 'missing' ? `値なし（${MISSING_REASON_LABELS[parsed.reason]}）` : formatParsedValue(parsed);
      return c.json({ ok: true, reading });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return c.json({ ok: false, message: error.message });
    }
  });

  app.get('/rounds/:roundId', requires('plan:read_drafts'), async (c) => {
    const user = currentUser(c);
    const found = await findRound(db, roundIdOf(c));
    if (!found) throw new AppError('NOT_FOUND', { what: '評価' });
    assertInOrganisation(user, found.plan.organisationId, '評価');
    const all = await entriesOfRound(db, found.round.id);
    const entries = all.filter((row) => visibleTo(user, row));
    const manage = can(user, 'round:manage', { planId: found.plan.id, organisationId: found.plan.organisationId });
    const today = todayInJapan();
    const { scale } = scaleOf({ scale: await planScale(db, found.plan) });
    return c.html(
      <RoundPage distribution={manage ? roundDistribution(all, scale) : null} scaleName={scale.name} user={user} csrfToken={c.get('csrfToken')} round={found.round} planTitle={found.plan.title} entries={entries}
        completion={manage ? completionByDepartment(all, today) : null}
        noData={manage ? await indicatorsWithoutData(db, found.round) : null}
        notices={deadlineNotices(found.round, entries, today)} />,
    );
  });

  /** The round of the path, in the user's organisation, for 本部 pages. */
  async function managedRound(c: Context<AppEnv>) {
    const found = await findRound(db, roundIdOf(c));
    if (!found) throw new AppError('NOT_FOUND', { what: '評価' });
    assertInOrganisation(currentUser(c), found.plan.organisationId, '評価');
    return found;
  }

  const TransitionTo = z.enum(ROUND_STATES);

  // the pre-flight: what 確認中 / 確定 / 公表 will do, and the confirmation
  app.get('/rounds/:roundId/transition', requires('round:manage'), async (c) => {
    const { round, plan } = await managedRound(c);
    const to = TransitionTo.safeParse(c.req.query('to'));
    if (!to.success || !needsPreflight(round.state as RoundState, to.data)) return c.redirect(`/rounds/${round.id}`, 303);
    return c.html(<PreflightPage user={currentUser(c)} csrfToken={c.get('csrfToken')} round={round} planTitle={plan.title} preflight={await roundPreflight(db, round, to.data)} />);
  });

  app.post('/rounds/:roundId/transition', requires('round:manage'), async (c) => {
    const user = currentUser(c);
    const form = z
      .object({ to: TransitionTo, reason: z.string().max(2000).optional(), confirmed: z.string().max(100).optional(), agree: z.string().optional() })
      .safeParse(await c.req.parseBody());
    if (!form.success) throw new AppError('INVALID_INPUT', { reason: '変更先の状態を選んでください' });
    const roundId = roundIdOf(c);
    try {
      await db.transaction((tx) => transitionRound(tx, user, { roundId, to: form.data.to, reason: form.data.reason, confirmed: form.data.agree ? form.data.confirmed : undefined }));
    } catch (error) {
      if (!(error instanceof AppError) || !['ROUND_PREFLIGHT_REQUIRED', 'ROUND_PREFLIGHT_STALE'].includes(error.code)) throw error;
      // the page again, as things are now, with the reason
      const { round, plan } = await managedRound(c);
      return c.html(<PreflightPage user={user} csrfToken={c.get('csrfToken')} round={round} planTitle={plan.title} preflight={await roundPreflight(db, round, form.data.to)} error={error.describe('ja')} />, error.status as 409);
    }
    return c.redirect(`/rounds/${roundId}`, 303);
  });

  // 訂正: the values of a closed or published round, each with a form to correct it (本部)
  app.get('/rounds/:roundId/corrections', requires('round:manage'), async (c) => {
    const { round, plan } = await managedRound(c);
    const done = c.req.query('done') === '1' ? '訂正しました。公開のページに訂正の内容と理由が表示されます。' : undefined;
    return c.html(<CorrectionsPage user={currentUser(c)} csrfToken={c.get('csrfToken')} round={round} planTitle={plan.title} rows={await valuesOfRound(db, round)} done={done} />);
  });

  app.post('/rounds/:roundId/corrections', requires('round:manage'), async (c) => {
    const user = currentUser(c);
    const { round, plan } = await managedRound(c);
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const typed = { indicator: str('indicator'), kind: str('kind'), text: str('text'), reason: str('reason') };
    try {
      const kind = z.enum(OBSERVATION_KINDS).safeParse(typed.kind);
      const input = CorrectValueInput.safeParse(typed);
      if (!kind.success || !input.success) throw new AppError('INVALID_INPUT', { reason: input.success ? '区分を選んでください' : input.error.issues.map((i) => i.message).join('、') });
      await db.transaction((tx) => correctValue(tx, user, { planCode: plan.code, indicatorCode: typed.indicator, fiscalYear: round.fiscalYear, kind: kind.data }, input.data));
      return c.redirect(`/rounds/${round.id}/corrections?done=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      return c.html(<CorrectionsPage user={user} csrfToken={c.get('csrfToken')} round={round} planTitle={plan.title} rows={await valuesOfRound(db, round)} error={error.describe('ja')} typed={typed} />, error.status as 422);
    }
  });

  // a round still 準備 (opened for the wrong year, say) can be deleted
  app.post('/rounds/:roundId/delete', requires('round:manage'), async (c) => {
    const user = currentUser(c);
    await db.transaction((tx) => deleteRound(tx, user, roundIdOf(c)));
    return c.redirect('/rounds?deleted=1', 303);
  });

  app.get('/my-work', requires('entry:edit'), async (c) => {
    const user = currentUser(c);
    const rows = await entriesOwnedBy(db, user.departmentIds, user.planIds);
    const today = todayInJapan();
    const notices = [...new Map(rows.map((r) => [r.roundId, r])).values()].flatMap((r) =>
      deadlineNotices({ state: r.roundState, entryDeadline: r.entryDeadline, reviewDeadline: null }, rows.filter((x) => x.roundId === r.roundId), today));
    return c.html(<MyWorkPage user={user} csrfToken={c.get('csrfToken')} rows={rows} notices={notices} />);
  });

  app.get('/review', requires('entry:review'), async (c) => {
    const user = currentUser(c);
    const rows = (await submittedEntries(db, organisationScope(user))).filter((r) => can(user, 'entry:review', { departmentIds: r.departmentIds }));
    return c.html(<ReviewQueuePage user={user} csrfToken={c.get('csrfToken')} rows={rows} />);
  });

  app.get('/audit', requires('audit:read'), async (c) => {
    const user = currentUser(c);
    const query = { text: c.req.query('q')?.trim() || undefined, subjectType: c.req.query('type') || undefined, subjectId: c.req.query('id')?.trim() || undefined };
    const before = z.coerce.number().int().positive().safeParse(c.req.query('before'));
    const found = await searchAudit(db, { ...query, actions: actionsLabelled(query.text ?? ''), beforeId: before.success ? before.data : undefined, organisationId: organisationScope(user), limit: AUDIT_PAGE + 1 });
    const rows = found.slice(0, AUDIT_PAGE);
    const older = found.length > AUDIT_PAGE ? rows.at(-1)?.id : undefined;
    return c.html(<AuditPage user={user} csrfToken={c.get('csrfToken')} rows={rows} query={query} older={older} newer={before.success} />);
  });

  // ───────────────────────────── one entry ─────────────────────────────

  async function loadVisible(c: Context<AppEnv>, user: SessionUser): Promise<EntryContext> {
    const context = await loadEntryContext(db, roundIdOf(c), c.req.param('itemCode') ?? '');
    if (!context) throw new AppError('NOT_FOUND', { what: '施策の入力' });
    assertInOrganisation(user, context.plan.organisationId, '施策の入力');
    assertCan(user, 'plan:read_drafts', scopeOf(context), 'この施策の閲覧');
    return context;
  }

  function render(c: Context<AppEnv>, user: SessionUser, context: EntryContext, extra: Partial<Parameters<typeof EntryPage>[0]> = {}) {
    const open = roundAcceptsEntries(context.round.state);
    const state = context.entry?.state ?? '';
    return (
      <EntryPage user={user} csrfToken={c.get('csrfToken')} context={context} judgement={judgeEntry(context)}
        canEdit={open && !!context.entry && entryIsEditable(state) && can(user, 'entry:edit', scopeOf(context))
          && (roundOpenFor(context.round.state, state) || can(user, 'round:manage', { planId: context.plan.id, organisationId: context.plan.organisationId }))}
        canReview={open && state === 'submitted' && can(user, 'entry:review', scopeOf(context))}
        canGrade={can(user, 'round:manage', { planId: context.plan.id, organisationId: context.plan.organisationId })}
        values={valuesOf(context)} {...extra} />
    );
  }

  app.get('/rounds/:roundId/entries/:itemCode', requires('plan:read_drafts'), async (c) => {
    const user = currentUser(c);
    const context = await loadVisible(c, user);
    const saved = { saved: '下書きを保存しました。', submitted: '提出しました。確認者の確認をお待ちください。', returned: '差し戻しました。', approved: '承認しました。' }[c.req.query('done') ?? ''];
    return c.html(render(c, user, context, { saved }));
  });

  app.post('/rounds/:roundId/entries/:itemCode', requires('entry:edit'), async (c) => {
    const user = currentUser(c);
    const context = await loadVisible(c, user);
    const typed = formValues(await c.req.parseBody());
    const input = SaveEntryInput.safeParse({ ...typed, submit: typed.action === 'submit' });
    try {
      if (!input.success) throw new AppError('INVALID_INPUT', { reason: input.error.issues.map((i) => i.message).join('、') });
      await db.transaction((tx) => saveEntry(tx, user, context.round.id, context.item.code, input.data));
      return c.redirect(`${entryUrl(context.round.id, context.item.code)}?done=${typed.action === 'submit' ? 'submitted' : 'saved'}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      const fresh = (await loadEntryContext(db, context.round.id, context.item.code)) ?? context;
      // the user's text stays in the form; after a conflict the version moves on to the current one
      const values = { ...typed, version: error instanceof EntryConflictError ? String(error.current.version) : typed.version };
      return c.html(render(c, user, fresh, {
        values,
        error: error.describe('ja'),
        errorCode: error.code,
        fieldErrors: error instanceof EntryInvalidError ? error.fieldErrors : undefined,
        fieldCodes: error instanceof EntryInvalidError ? error.fieldCodes : undefined,
        theirs: error instanceof EntryConflictError ? error.current : undefined,
      }), error.status as 409);
    }
  });

  app.post('/rounds/:roundId/entries/:itemCode/review', requires('entry:review'), async (c) => {
    const user = currentUser(c);
    const context = await loadVisible(c, user);
    const input = ReviewEntryInput.safeParse(await c.req.parseBody());
    try {
      if (!input.success) throw new AppError('INVALID_INPUT', { reason: '確認の内容を選んでください' });
      const entry = await db.transaction((tx) => reviewEntry(tx, user, context.round.id, context.item.code, input.data));
      return c.redirect(`${entryUrl(context.round.id, context.item.code)}?done=${entry.state}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      const fresh = (await loadEntryContext(db, context.round.id, context.item.code)) ?? context;
      return c.html(render(c, user, fresh, { error: error.describe('ja'), fieldErrors: error instanceof EntryInvalidError ? error.fieldErrors : undefined }), error.status as 409);
    }
  });

  return app;
}
