// The plan page: metadata, the grade distribution of the latest published round, and the whole
// item tree with flags, departments and targets; every item links to its own page.
import type { PlanTree, TreeItem, TreeTarget } from './plans.repository.js';
import { Layout, type PageMeta } from '../web/layout.js';
import { formatFiscalYear } from '../domain/wareki.js';
import type { GradeDistribution } from '../domain/distribution.js';
import { fiscalYearLabel, fiscalYearRangeLabel, href, messages, type Lang } from '../portal/i18n.js';
import { Breadcrumbs, Flags, indicatorHref, itemHref, Ja, valueText } from '../portal/portal-ui.js';

export function fiscalYearRange(from: number, to: number): string {
  return `${formatFiscalYear(from)}〜${formatFiscalYear(to)}（${from}〜${to}年度）`;
}

function targetText(lang: Lang, target: TreeTarget, unit: string | null): string {
  if (target.text) return target.text;
  const m = messages(lang);
  const value = target.value === null ? '' : valueText(target.value, unit, null);
  switch (target.kind) {
    case 'every_year_min':
      return m.everyYearMin(value);
    case 'every_year_max':
      return m.everyYearMax(value);
    case 'maintain':
      return m.maintainBand(target.bandLow ?? '', target.bandHigh ?? '');
    default:
      return value;
  }
}

function ItemNode({ item, levelNames, lang, planCode }: { item: TreeItem; levelNames: string[]; lang: Lang; planCode: string }) {
  const m = messages(lang);
  const level = levelNames[item.depth] ?? '';
  return (
    <li class={`tree-item depth-${item.depth}`} id={`item-${item.code}`}>
      <div class="item-head">
        <span class="item-code" title={level}>{item.number ?? item.code}</span>{' '}
        <a class="item-name" href={itemHref(lang, planCode, item.code)}><Ja lang={lang}>{item.name}</Ja></a> <Flags item={item} lang={lang} />
      </div>
      {item.relistOf && (
        <p class="item-relist">
          {item.relistKind === 'partial' ? m.partialRelist : m.relist}: <a href={`#item-${item.relistOf.code}`}><Ja lang={lang}>{`${item.relistOf.code} ${item.relistOf.name}`}</Ja></a>
        </p>
      )}
      {item.description && <p class="item-description"><Ja lang={lang}>{item.description}</Ja></p>}
      {item.departments.length > 0 && (
        <p class="item-departments">
          <span class="label">{m.departments}</span>{' '}
          <Ja lang={lang}>{item.departments.map((dep) => dep.textAsWritten ?? (dep.parentName ? `${dep.parentName} ${dep.name}` : dep.name)).join('、')}</Ja>
        </p>
      )}
      {item.numericTargetText && (
        <p class="item-target">
          <span class="label">{m.numericTarget}</span> <Ja lang={lang}>{item.numericTargetText}</Ja>
        </p>
      )}
      {item.indicators.length > 0 && (
        <ul class="indicator-list">
          {item.indicators.map((indicator) => (
            <li>
              <a class="indicator-name" href={indicatorHref(lang, planCode, indicator.code)}><Ja lang={lang}>{indicator.name}</Ja></a>
              {indicator.unit && <span class="indicator-unit">（<Ja lang={lang}>{indicator.unit}</Ja>{indicator.aggregation === 'cumulative' ? `・${m.aggregations.cumulative}` : ''}）</span>}
              {indicator.targets.length > 0 && (
                <span class="indicator-targets">
                  {' '}{m.targets}:{' '}
                  {indicator.targets.map((t, i) => (
                    <>
                      {i > 0 && ' ／ '}
                      {t.fiscalYear !== null && `${fiscalYearLabel(lang, t.fiscalYear)} `}
                      <Ja lang={lang}>{targetText(lang, t, indicator.unit)}</Ja>
                      {t.setBy !== 'this_plan' && `（${m.targetSetBy[t.setBy] ?? t.setBy}）`}
                    </>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {item.children.length > 0 && (
        <ul class="tree">
          {item.children.map((child) => (
            <ItemNode item={child} levelNames={levelNames} lang={lang} planCode={planCode} />
          ))}
        </ul>
      )}
    </li>
  );
}

export interface PlanOverview {
  /** The latest published round's fiscal year, if any. */
  latestFiscalYear: number | null;
  /** Grades of the items (entries) in that round. */
  entryDistribution: GradeDistribution | null;
  /** Grades the judgement engine gives the indicators in that year. */
  indicatorDistribution: GradeDistribution | null;
  /** Items of that round whose entry was not approved when it was published (未承認: not counted). */
  notApprovedCount: number;
  publishedRoundCount: number;
}

function DistributionTable({ distribution, caption, lang }: { distribution: GradeDistribution; caption: string; lang: Lang }) {
  const m = messages(lang);
  return (
    <div class="distribution">
      <table class="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.grade}</th>
            <th scope="col">{m.count}</th>
            <th scope="col">{m.share}</th>
          </tr>
        </thead>
        <tbody>
          {distribution.rows.map((row) => (
            <tr>
              <th scope="row"><span class="grade" data-grade-color={row.color}><span class="grade-code">{row.code}</span> {row.label !== row.code && <span class="grade-label"><Ja lang={lang}>{row.label}</Ja></span>}</span></th>
              <td class="num">{row.count}</td>
              <td class="num">
                <span class="bar" aria-hidden="true" data-share={row.share.toFixed()} data-grade-color={row.color}></span>
                {row.shareText}
              </td>
            </tr>
          ))}
          {distribution.ungraded > 0 && (
            <tr>
              <th scope="row">{m.ungraded}</th>
              <td class="num">{distribution.ungraded}</td>
              <td class="num">—</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function PlanPage({ tree, lang = 'ja', meta, overview }: { tree: PlanTree; lang?: Lang; meta?: PageMeta; overview?: PlanOverview }) {
  const { plan } = tree;
  const m = messages(lang);
  return (
    <Layout title={plan.title} lang={lang} {...(meta ? { meta } : {})}>
      <Breadcrumbs lang={lang} trail={[{ label: m.planList, href: href(lang, '/') }, { label: <Ja lang={lang}>{plan.title}</Ja> }]} />
      <p class="eyebrow"><Ja lang={lang}>{tree.organisation.name}</Ja></p>
      <h1><Ja lang={lang}>{plan.title}</Ja></h1>
      <dl class="facts">
        <dt>{m.organisation}</dt>
        <dd><Ja lang={lang}>{tree.organisation.name}</Ja></dd>
        <dt>{m.period}</dt>
        <dd>{fiscalYearRangeLabel(lang, plan.periodStartFy, plan.periodEndFy)}</dd>
        {plan.upperPlans.length > 0 && (
          <>
            <dt>{m.upperPlans}</dt>
            <dd><Ja lang={lang}>{plan.upperPlans.join('、')}</Ja></dd>
          </>
        )}
        {plan.sdgGoals.length > 0 && (
          <>
            <dt>{m.sdgs}</dt>
            <dd>{plan.sdgGoals.map((g) => m.sdgGoal(g)).join(lang === 'ja' ? '、' : ', ')}</dd>
          </>
        )}
        {tree.scaleName && (
          <>
            <dt>{m.scale}</dt>
            <dd><Ja lang={lang}>{tree.scaleName}</Ja></dd>
          </>
        )}
        <dt>{m.structure}</dt>
        <dd>
          <Ja lang={lang}>
            {plan.levelNames
              .map((name, depth) => `${name} ${tree.counts[depth] ?? 0}`)
              .filter((_, depth) => (tree.counts[depth] ?? 0) > 0)
              .join(' ／ ')}
          </Ja>
          {tree.relistings > 0 && m.relistedAlso(tree.relistings)}
        </dd>
      </dl>
      {plan.description && <p><Ja lang={lang}>{plan.description}</Ja></p>}
      <nav class="page-actions" aria-label={lang === 'ja' ? 'この計画の関連ページ' : 'About this plan'}>
        <ul>
          <li><a class="button button-secondary" href={href(lang, `/search?plan=${plan.code}`)}>{m.search}</a></li>
          <li><a class="button button-secondary" href={`/reports/${plan.code}`}>{m.report}</a></li>
          {overview && overview.publishedRoundCount >= 2 && <li><a class="button button-secondary" href={href(lang, `/plans/${plan.code}/changes`)}>{m.whatChanged}</a></li>}
          <li><a class="button button-secondary" href={href(lang, `/plans/${plan.code}/versions`)}>{lang === 'ja' ? '計画の版の履歴' : 'Plan versions'}</a></li>
        </ul>
      </nav>
      <section aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">{m.navOpenData}</h2>
        <p>{m.openDataNote}</p>
        <ul class="download-list">
          {(['items', 'indicators', 'targets', 'observations', 'grades'] as const).map((table) => (
            <li>
              {m.openDataTables[table]}: <a href={`/opendata/plans/${plan.code}/${table}.csv`}>CSV</a>・<a href={`/opendata/plans/${plan.code}/${table}.json`}>JSON</a>
            </li>
          ))}
          <li>{m.openDataWorkbook}: <a href={`/opendata/plans/${plan.code}/data.xlsx`}>Excel</a></li>
        </ul>
      </section>
      {overview && (
        <section aria-labelledby="distribution-heading">
          <h2 id="distribution-heading">
            {overview.latestFiscalYear !== null ? m.latestRound(fiscalYearLabel(lang, overview.latestFiscalYear)) : m.latestRound('—')}
          </h2>
          {overview.latestFiscalYear === null ? (
            <div class="notification notification-info"><p>{m.noPublishedRound}</p></div>
          ) : (
            <div class="distributions">
              {overview.entryDistribution && overview.entryDistribution.total > 0 && (
                <DistributionTable distribution={overview.entryDistribution} lang={lang} caption={m.distributionCaption(fiscalYearLabel(lang, overview.latestFiscalYear))} />
              )}
              {overview.indicatorDistribution && overview.indicatorDistribution.total > 0 && (
                <DistributionTable distribution={overview.indicatorDistribution} lang={lang} caption={`${m.computedGrade}（${fiscalYearLabel(lang, overview.latestFiscalYear)}）`} />
              )}
              {!(overview.entryDistribution && overview.entryDistribution.total > 0) && !(overview.indicatorDistribution && overview.indicatorDistribution.total > 0) && (
                <p>{m.ungraded}</p>
              )}
              {overview.notApprovedCount > 0 && <p class="not-approved-note">{m.notApprovedCount(overview.notApprovedCount)}</p>}
            </div>
          )}
        </section>
      )}
      <h2>{m.tree}</h2>
      <ul class="tree tree-root">
        {tree.roots.map((item) => (
          <ItemNode item={item} levelNames={plan.levelNames} lang={lang} planCode={plan.code} />
        ))}
      </ul>
    </Layout>
  );
}
