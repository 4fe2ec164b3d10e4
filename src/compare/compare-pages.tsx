// The public comparison pages: the list of shared catalogue indicators, and one indicator across
// organisations (chart, the same numbers as a table, definitions, populations, links back to
// each organisation's item page). Japanese at /compare…, English at /en/compare….
import { Layout, type PageMeta } from '../web/layout.js';
import { d, formatDecimal } from '../domain/decimal.js';
import { dateLabel, fiscalYearLabel, href, messages, type Lang } from '../portal/i18n.js';
import { Breadcrumbs, indicatorHref, itemHref, Ja, valueText } from '../portal/portal-ui.js';
import type { Comparison, ComparisonSeries, SeriesTarget } from './compare-series.js';
import { PER_CAPITA_DECIMALS } from './compare-series.js';
import type { CatalogueListing, ComparisonView } from './compare.repository.js';
import { compareMessages } from './compare-i18n.js';
import { compareApiPath } from './compare-urls.js';
import { chartIsPerCapita, CompareChart, seriesLabels } from './compare-chart.js';
import { listHref } from '../web/list-query.js';

function entryName(lang: Lang, entry: { name: string; nameEn: string | null }) {
  return lang === 'en' && entry.nameEn ? entry.nameEn : <Ja lang={lang}>{entry.name}</Ja>;
}

export function CompareListPage({ lang, meta, entries }: { lang: Lang; meta: PageMeta; entries: CatalogueListing[] }) {
  const m = compareMessages(lang);
  return (
    <Layout title={m.title} lang={lang} meta={meta}>
      <Breadcrumbs lang={lang} trail={[{ label: messages(lang).home, href: href(lang, '/') }, { label: m.title }]} />
      <h1>{m.title}</h1>
      <p class="lead">{m.lead}</p>
      {entries.length === 0 ? (
        <p class="notice">{m.none}</p>
      ) : (
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="compare-list-caption">
          <table class="data-table compare-list">
            <caption id="compare-list-caption">{m.listCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.entry}</th>
                <th scope="col">{m.unit}</th>
                <th scope="col">{m.kindLabel}</th>
                <th scope="col">{m.organisations}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr>
                  <th scope="row"><a href={href(lang, `/compare/${entry.code}`)}>{entryName(lang, entry)}</a></th>
                  <td><Ja lang={lang}>{entry.unit}</Ja></td>
                  <td>{m.kinds[entry.kind] ?? entry.kind}</td>
                  <td class="num">{m.organisationsCount(entry.organisations)}{entry.organisations < 2 && <span class="as-written">{m.onlyOne}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function number(value: string): string {
  return formatDecimal(d(value));
}

function perCapitaText(value: string | null): string {
  return value === null ? '—' : formatDecimal(d(value), { places: PER_CAPITA_DECIMALS });
}

function targetText(lang: Lang, target: SeriesTarget, unit: string): string {
  const m = compareMessages(lang);
  const v = (x: string | null) => (x === null ? '' : `${number(x)}${unit}`);
  switch (target.kind) {
    case 'every_year_min':
      return m.targetEveryYearMin(v(target.value));
    case 'every_year_max':
      return m.targetEveryYearMax(v(target.value));
    case 'maintain':
      return messages(lang).maintainBand(v(target.bandLow ?? target.value), v(target.bandHigh ?? target.value));
    case 'qualitative':
      return target.text ?? '';
    default:
      return `${target.fiscalYear !== null ? `${fiscalYearLabel(lang, target.fiscalYear)} ` : ''}${v(target.value)}`;
  }
}

function SeriesCard({ lang, series, label, unit, headingId }: { lang: Lang; series: ComparisonSeries; label: string; unit: string; headingId: string }) {
  const m = compareMessages(lang);
  const org = series.organisation;
  const basis = series.perCapitaBasis;
  return (
    <section class="card compare-series-card" aria-labelledby={headingId}>
      <h3 id={headingId}><Ja lang={lang}>{label}</Ja></h3>
      <dl class="facts">
        <dt>{m.indicator}</dt>
        <dd>
          <a href={indicatorHref(lang, series.plan.code, series.indicator.code)}><Ja lang={lang}>{series.indicator.name}</Ja></a>
          {series.indicator.unit && <>（<Ja lang={lang}>{series.indicator.unit}</Ja>）</>}
          <br />
          <a href={itemHref(lang, series.plan.code, series.indicator.itemCode)}>
            {m.itemLink(lang === 'en' && org.nameEn ? org.nameEn : org.name)}: <Ja lang={lang}>{`${series.indicator.itemCode} ${series.indicator.itemName}`}</Ja>
          </a>
        </dd>
        <dt>{m.plan}</dt>
        <dd><a href={href(lang, `/plans/${series.plan.code}`)}><Ja lang={lang}>{series.plan.title}</Ja></a></dd>
        <dt>{m.definitionNote}</dt>
        <dd>{series.note ? <Ja lang={lang}>{series.note}</Ja> : m.noNote}</dd>
        <dt>{m.unitFactor}</dt>
        <dd>{m.unitFactorText(formatDecimal(d(series.unitFactor)), series.indicator.unit, unit)}</dd>
        <dt>{m.population}</dt>
        <dd>
          {basis
            ? m.populationText(formatDecimal(d(basis.population)), basis.asOf ? dateLabel(lang, basis.asOf) : '—', basis.source ?? '—')
            : org.population !== null
              ? m.ratioNoPerCapita
              : m.noPopulation}
        </dd>
        <dt>{m.targets}</dt>
        <dd>
          {series.targets.length === 0 ? m.noTargets : (
            <ul class="plain-list">
              {series.targets.map((t) => (
                <li>
                  <Ja lang={lang}>{targetText(lang, t, unit)}</Ja>
                  {t.perCapita !== null && `（${m.perCapita} ${perCapitaText(t.perCapita)}）`}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}

function viewHref(lang: Lang, code: string, q: string | undefined, page: number): string {
  return listHref(href(lang, `/compare/${code}`), { q, page });
}

/** Many organisations taking part: which of them this page shows, a filter by name, and the pages. */
function ChooseOrganisations({ lang, code, view }: { lang: Lang; code: string; view: ComparisonView }) {
  const m = compareMessages(lang);
  const first = (view.page - 1) * view.perPage + 1;
  const last = Math.min(view.matched, view.page * view.perPage);
  return (
    <section aria-labelledby="compare-choose" class="compare-choose">
      <h2 id="compare-choose">{m.choose}</h2>
      <p>{m.chooseNote(view.perPage)}</p>
      <form method="get" action={href(lang, `/compare/${code}`)} class="search-form" role="search">
        <div class="form-field">
          <label for="compare-q">{m.filterLabel}</label>
          <input id="compare-q" name="q" type="search" value={view.q ?? ''} maxlength={100} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary">{m.filter}</button>
          {view.q !== undefined && <a class="button button-tertiary" href={viewHref(lang, code, undefined, 1)}>{m.showAll}</a>}
        </div>
      </form>
      <p role="status">{m.shown(view.q, view.matched, first, last)}</p>
      {last < first && (
        <p class="notice">
          {view.matched === 0 ? m.noneMatch : <a href={viewHref(lang, code, view.q, 1)}>{m.firstPage}</a>}
        </p>
      )}
      {view.matched > view.perPage && (
        <nav aria-label={m.pages} class="pager">
          <ul>
            {view.page > 1 && <li><a href={viewHref(lang, code, view.q, view.page - 1)} rel="prev">{m.previous(view.perPage)}</a></li>}
            <li>{view.page} / {Math.ceil(view.matched / view.perPage)}</li>
            {last >= first && last < view.matched && <li><a href={viewHref(lang, code, view.q, view.page + 1)} rel="next">{m.next(view.perPage)}</a></li>}
          </ul>
        </nav>
      )}
    </section>
  );
}

export function ComparePage({ lang, meta, comparison, csvHref, view }: { lang: Lang; meta: PageMeta; comparison: Comparison; csvHref: string; view?: ComparisonView }) {
  const m = compareMessages(lang);
  const { entry } = comparison;
  const labels = seriesLabels(comparison, lang);
  const anyPerCapita = comparison.series.some((s) => s.perCapitaBasis !== null);
  const columns = anyPerCapita ? 4 : 3;
  const title = lang === 'en' && entry.nameEn ? entry.nameEn : entry.name;
  return (
    <Layout title={`${title} | ${m.title}`} lang={lang} meta={meta}>
      <Breadcrumbs lang={lang} trail={[{ label: messages(lang).home, href: href(lang, '/') }, { label: m.title, href: href(lang, '/compare') }, { label: entryName(lang, entry) }]} />
      <p class="eyebrow">{m.title}</p>
      <h1>{entryName(lang, entry)}</h1>
      <dl class="facts">
        {entry.description && (<><dt>{m.description}</dt><dd><Ja lang={lang}>{entry.description}</Ja></dd></>)}
        <dt>{m.unit}</dt>
        <dd><Ja lang={lang}>{entry.unit}</Ja></dd>
        <dt>{m.kindLabel}</dt>
        <dd>{m.kinds[entry.kind] ?? entry.kind}</dd>
        <dt>{m.organisations}</dt>
        <dd>{m.organisationsCount(comparison.organisationCount)}</dd>
      </dl>
      <p>{m.publicOnly} {anyPerCapita && m.perCapitaNote(PER_CAPITA_DECIMALS)}</p>
      {view && view.total > view.perPage && <ChooseOrganisations lang={lang} code={entry.code} view={view} />}

      {comparison.series.some((x) => x.points.some((p) => p.value !== null) || x.targets.some((t) => t.value !== null)) && (
        <h2 class="compare-chart-heading">{m.chartHeading(chartIsPerCapita(comparison), entry.unit)}</h2>
      )}
      <CompareChart comparison={comparison} lang={lang} labels={labels} />

      <div class="table-scroll" tabindex={0} role="region" aria-labelledby="compare-table-caption">
        <table class="data-table data-table-numbers compare-table">
          <caption id="compare-table-caption">{m.tableCaption(title, entry.unit)}</caption>
          <thead>
            <tr>
              <th scope="col">{m.fiscalYear}</th>
              <th scope="col">{m.value(entry.unit)}</th>
              {anyPerCapita && <th scope="col">{m.perCapita}</th>}
              <th scope="col">{m.kind}</th>
            </tr>
          </thead>
          {comparison.series.map((series, i) => (
            <tbody>
              <tr>
                <th scope="rowgroup" colspan={columns} class="compare-rowgroup">
                  <Ja lang={lang}>{`${labels[i] ?? series.organisation.name}: ${series.indicator.name}`}</Ja>
                </th>
              </tr>
              {series.points.length === 0 ? (
                <tr><td colspan={columns}>{m.noValues}</td></tr>
              ) : (
                series.points.map((p) => (
                  <tr>
                    <th scope="row">{fiscalYearLabel(lang, p.fiscalYear)}</th>
                    <td class="num">{p.value !== null ? number(p.value) : <Ja lang={lang}>{valueText(null, null, p.missingReason)}</Ja>}</td>
                    {anyPerCapita && <td class="num">{perCapitaText(p.perCapita)}</td>}
                    <td>
                      {m.observationKinds[p.kind] ?? p.kind}
                      {p.asOf && `（${m.asOf(dateLabel(lang, p.asOf))}）`}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          ))}
        </table>
      </div>
      <p class="download">
        <a class="button button-secondary" href={csvHref} download>{m.downloadCsv}</a>{' '}
        <a href={compareApiPath(entry.code)} type="application/json">{m.apiJson}</a>
      </p>

      <h2 id="participants-heading">{m.participants}</h2>
      {comparison.series.map((series, i) => (
        <SeriesCard lang={lang} series={series} label={labels[i] ?? series.organisation.name} unit={entry.unit} headingId={`series-${i + 1}`} />
      ))}
      <p><a href={href(lang, '/compare')}>{m.backToList}</a></p>
    </Layout>
  );
}
