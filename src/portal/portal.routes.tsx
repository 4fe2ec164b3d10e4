// Public pages of the portal (no login): items, indicators, what changed, search, feedback; and
// feedback moderation for staff. Every public page exists in Japanese (/…) and English (/en/…).
import { Hono, type Context } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { clientAddress, currentUser, requires, type AuthVariables } from '../auth/middleware.js';
import { organisationScope } from '../auth/policy.js';
import { csvRow, UTF8_BOM } from '../shared/csv.js';
import { formatPlainNumber } from '../domain/numbers.js';
import { d } from '../domain/decimal.js';
import { formatFiscalYear } from '../domain/wareki.js';
import type { PageMeta } from '../web/layout.js';
import { codeSegment, href, type Lang } from './i18n.js';
import {
  findIndicator,
  findItemDetail,
  findPlanRef,
  insertFeedback,
  loadPublicJudgementData,
  pendingFeedback,
  publicObservations,
  publishedEntriesOfItem,
  publishedFeedbackOfItem,
  publishedRounds,
  searchFacets,
  searchItems,
  setFeedbackState,
  type PlanRef,
  type SearchFilters,
} from './portal.repository.js';
import { buildIndicatorView } from './indicator-view.js';
import { ItemPage } from './item-page.js';
import { predecessorHistory } from '../versions/predecessor-history.js';
import { roundBasisLabels } from '../versions/round-basis.js';
import { IndicatorPage } from './indicator-page.js';
import { SearchPage } from './search-page.js';
import { ChangesPage } from './changes-page.js';
import { compareRounds } from './compare-rounds.js';
import { ModerationPage } from './moderation-page.js';
import { FeedbackRateLimiter } from './feedback-limiter.js';
import { EVERY_PLAN, PageCache, publicPageCache } from './page-cache.js';
import { publicOrigin } from '../web/public-origin.js';

type Env = { Variables: AuthVariables };

const PREFIXES: readonly [string, Lang][] = [
  ['', 'ja'],
  ['/en', 'en'],
];

/** The design tokens' CSS, from the installed @digital-go-jp/design-tokens package. */
const TOKENS_CSS = readFileSync(createRequire(import.meta.url).resolve('@digital-go-jp/design-tokens/dist/tokens.css'), 'utf8');

export function pageMeta(c: Context, extra: Omit<PageMeta, 'path' | 'origin'> = {}): PageMeta {
  const url = new URL(c.req.url);
  return { path: `${url.pathname}${url.search}`, origin: publicOrigin(c.req.url), ...extra };
}

async function planOr404(database: Database, code: string): Promise<PlanRef> {
  const plan = await findPlanRef(database.db, code);
  if (!plan) throw new AppError('PLAN_NOT_FOUND', { code });
  return plan;
}

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().max(200).optional());
const optionalInt = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined), z.number().int().positive().optional());

export const SearchQuery = z.object({
  q: optionalText,
  plan: optionalText,
  field: optionalText,
  policy: optionalText,
  department: optionalInt,
  grade: optionalText,
  flag: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['new', 'partner', 'priority']).optional()).catch(undefined),
  sdg: z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : undefined), z.number().int().min(1).max(17).optional()).catch(undefined),
  numeric: z.preprocess((v) => v === '1' || v === 'on', z.boolean()),
});

const FeedbackInput = z.object({
  body: z.string().trim().min(1).max(4000),
  name: z.string().trim().max(100).optional().transform((v) => (v ? v : null)),
  website: z.string().optional(),
});

export function portalRoutes(database: Database, limiter = new FeedbackRateLimiter(), cache: PageCache = publicPageCache(database)) {
  const app = new Hono<Env>();

  app.get('/assets/design-tokens.css', requires('public'), (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(TOKENS_CSS);
  });

  for (const [prefix, lang] of PREFIXES) {
    app.get(`${prefix}/plans/:code/items/:itemCode`, requires('public'), (c) => cache.serve(c, async (csrfToken) => {
      const plan = await planOr404(database, c.req.param('code'));
      const item = await findItemDetail(database.db, plan.id, c.req.param('itemCode'));
      if (!item) throw new AppError('ITEM_NOT_FOUND', { plan: plan.code, code: c.req.param('itemCode') });
      // the item's indicators in the order every reader shows them (position, then id)
      const data = await loadPublicJudgementData(database.db, plan, [item.id], item.planItems);
      const views = data ? data.indicators.map((indicator, i) => buildIndicatorView(indicator, data.context, `chart-${i + 1}`)) : [];
      return c.html(
        <ItemPage
          lang={lang}
          meta={pageMeta(c, { description: item.description ?? item.name })}
          plan={plan}
          item={item}
          indicators={views}
          entries={await publishedEntriesOfItem(database.db, item.id)}
          feedback={await publishedFeedbackOfItem(database.db, item.id)}
          csrfToken={csrfToken}
          status={c.req.query('sent') === '1' ? 'sent' : null}
          bases={await roundBasisLabels(database.db, plan.id)}
          predecessor={await predecessorHistory(database.db, item.continuesItemId)}
        />,
      );
    }, c.req.param('code')));

    app.post(`${prefix}/plans/:code/items/:itemCode/feedback`, requires('public'), async (c) => {
      const plan = await planOr404(database, c.req.param('code'));
      const item = await findItemDetail(database.db, plan.id, c.req.param('itemCode'));
      if (!item) throw new AppError('ITEM_NOT_FOUND', { plan: plan.code, code: c.req.param('itemCode') });
      const parsed = FeedbackInput.safeParse(await c.req.parseBody());
      if (!parsed.success) throw new AppError('FEEDBACK_INVALID');
      const back = `${href(lang, `/plans/${plan.code}/items/${codeSegment(item.code)}`)}?sent=1#main`;
      // honeypot: a person never fills the hidden field; a bot is told "thank you" and forgotten
      if (parsed.data.website) return c.redirect(back, 303);
      const address = clientAddress(c);
      const minutes = limiter.blockedFor(address);
      if (minutes > 0) throw new AppError('FEEDBACK_RATE_LIMITED', { minutes });
      limiter.record(address);
      await insertFeedback(database.db, { planId: plan.id, itemId: item.id, body: parsed.data.body, authorName: parsed.data.name });
      return c.redirect(back, 303);
    });

    app.get(`${prefix}/plans/:code/indicators/:indicatorCode`, requires('public'), (c) => cache.serve(c, async () => {
      const plan = await planOr404(database, c.req.param('code'));
      const indicator = await findIndicator(database.db, plan.id, c.req.param('indicatorCode'));
      if (!indicator) throw new AppError('INDICATOR_NOT_FOUND', { plan: plan.code, code: c.req.param('indicatorCode') });
      const data = await loadPublicJudgementData(database.db, plan, [indicator.itemId]);
      const indicatorData = data?.indicators.find((x) => x.code === indicator.code);
      if (!data || !indicatorData) throw new AppError('INDICATOR_NOT_FOUND', { plan: plan.code, code: indicator.code });
      const origin = publicOrigin(c.req.url);
      const csvPath = `/plans/${plan.code}/indicators/${codeSegment(indicator.code)}/values.csv`;
      return c.html(
        <IndicatorPage
          lang={lang}
          meta={pageMeta(c, {
            description: `${indicator.name}（${plan.title}）`,
            jsonLd: {
              '@context': 'https://schema.org',
              '@type': 'Dataset',
              name: indicator.name,
              description: `${plan.title} ${indicator.itemCode} ${indicator.itemName}: ${indicator.name}`,
              inLanguage: 'ja',
              creator: { '@type': 'GovernmentOrganization', name: plan.organisationName },
              isPartOf: { '@type': 'CreativeWork', name: plan.title, url: `${origin}/plans/${plan.code}` },
              variableMeasured: indicator.unit ? `${indicator.name}（${indicator.unit}）` : indicator.name,
              distribution: [{ '@type': 'DataDownload', encodingFormat: 'text/csv', contentUrl: `${origin}${csvPath}` }],
            },
          })}
          plan={plan}
          indicator={indicator}
          view={buildIndicatorView(indicatorData, data.context, 'chart-1')}
          observations={await publicObservations(database.db, plan.id, indicator.id)}
          csvHref={csvPath}
        />,
      );
    }, c.req.param('code')));

    app.get(`${prefix}/plans/:code/changes`, requires('public'), (c) => cache.serve(c, async () => {
      const plan = await planOr404(database, c.req.param('code'));
      const rounds = await publishedRounds(database.db, plan.id);
      const years = rounds.map((r) => r.fiscalYear);
      const wanted = z.object({ from: optionalInt, to: optionalInt }).parse(c.req.query());
      let comparison = null;
      if (years.length >= 2) {
        const to = wanted.to !== undefined && years.includes(wanted.to) ? wanted.to : (years[years.length - 1] ?? 0);
        const from = wanted.from !== undefined && years.includes(wanted.from) ? wanted.from : (years.filter((y) => y < to).pop() ?? years[0] ?? 0);
        comparison = await compareRounds(database.db, plan, from, to);
      }
      return c.html(<ChangesPage lang={lang} meta={pageMeta(c)} plan={plan} rounds={rounds} comparison={comparison} />);
    }, c.req.param('code')));

    app.get(`${prefix}/search`, requires('public'), (c) => cache.serve(c, async () => {
      const filters: SearchFilters = SearchQuery.parse(c.req.query());
      const asked = Object.values(filters).some((v) => v !== undefined && v !== false);
      const result = asked ? await searchItems(database.db, filters) : null;
      return c.html(<SearchPage lang={lang} meta={pageMeta(c)} filters={filters} facets={await searchFacets(database.db, filters.plan ?? (filters.field ?? filters.policy)?.split('/')[0])} result={result} />);
    }, EVERY_PLAN));
  }

  app.get('/plans/:code/indicators/:indicatorCode/values.csv', requires('public'), async (c) => {
    const plan = await planOr404(database, c.req.param('code'));
    const indicator = await findIndicator(database.db, plan.id, c.req.param('indicatorCode'));
    if (!indicator) throw new AppError('INDICATOR_NOT_FOUND', { plan: plan.code, code: c.req.param('indicatorCode') });
    const rows = await publicObservations(database.db, plan.id, indicator.id);
    let body = UTF8_BOM + csvRow(['plan_code', 'indicator_code', 'indicator_name', 'fiscal_year', 'fiscal_year_label', 'kind', 'value', 'unit', 'text_as_written', 'as_of', 'missing_reason']);
    for (const o of rows) {
      body += csvRow([plan.code, indicator.code, indicator.name, o.fiscalYear, formatFiscalYear(o.fiscalYear), o.kind, o.value === null ? '' : formatPlainNumber(d(o.value)), indicator.unit, o.text, o.asOf, o.missingReason]);
    }
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${plan.code}-indicator.csv"; filename*=UTF-8''${encodeURIComponent(`${plan.code}-${indicator.code}.csv`)}`);
    return c.body(body);
  });

  app.get('/admin/feedback', requires('feedback:moderate'), async (c) =>
    c.html(<ModerationPage pending={await pendingFeedback(database.db, organisationScope(currentUser(c)))} csrfToken={c.get('csrfToken')} />),
  );

  app.post('/admin/feedback/:id', requires('feedback:moderate'), async (c) => {
    const id = z.coerce.number().int().positive().parse(c.req.param('id'));
    const { decision, answer } = z
      .object({ decision: z.enum(['published', 'rejected']), answer: z.string().trim().max(4000).optional().transform((v) => (v ? v : null)) })
      .parse(await c.req.parseBody());
    const user = currentUser(c);
    const changed = await setFeedbackState(database.db, id, decision, user.id, answer, organisationScope(user));
    if (!changed) throw new AppError('FEEDBACK_NOT_FOUND', { id });
    return c.redirect('/admin/feedback', 303);
  });

  return app;
}
