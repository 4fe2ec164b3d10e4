// Search and filters: a GET form (shareable URL, works without JavaScript; portal.js only
// refreshes the results without a reload) and the matching items.
import { Layout, type PageMeta } from '../web/layout.js';
import type { SearchFacets, SearchFilters, SearchHit } from './portal.repository.js';
import { fiscalYearLabel, href, messages, type Lang } from './i18n.js';
import { Breadcrumbs, Flags, itemHref, Ja } from './portal-ui.js';

export interface SearchPageProps {
  lang: Lang;
  meta: PageMeta;
  filters: SearchFilters;
  facets: SearchFacets;
  result: { total: number; hits: SearchHit[] } | null;
}

function groupBy<T>(list: T[], key: (t: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    map.set(k, [...(map.get(k) ?? []), x]);
  }
  return [...map];
}

export function SearchPage({ lang, meta, filters, facets, result }: SearchPageProps) {
  const m = messages(lang);
  const selected = (a: string | number | undefined, b: string | number) => (a !== undefined && String(a) === String(b) ? true : undefined);
  return (
    <Layout title={m.searchTitle} lang={lang} meta={meta}>
      <Breadcrumbs lang={lang} trail={[{ label: m.planList, href: href(lang, '/') }, { label: m.search }]} />
      <h1>{m.searchTitle}</h1>
      <form method="get" action={href(lang, '/search')} class="search-form" data-enhance="search" role="search">
        <div class="form-field search-words">
          <label for="q">{m.searchWords}</label>
          <p class="hint" id="q-hint">{m.searchWordsHint}</p>
          <input id="q" name="q" type="search" value={filters.q ?? ''} aria-describedby="q-hint" maxlength={100} />
        </div>
        <fieldset class="filters">
          <legend>{m.filters}</legend>
          {facets.followsPlan && facets.fields.length === 0 ? <p class="hint">{m.filtersFollowPlan}</p> : null}
          <div class="filter-grid">
            <div class="form-field">
              <label for="f-plan">{m.filterPlan}</label>
              <select id="f-plan" name="plan">
                <option value="">{m.any}</option>
                {facets.plans.map((p) => <option value={p.code} selected={selected(filters.plan, p.code)} lang="ja">{p.title}</option>)}
              </select>
            </div>
            <div class="form-field">
              <label for="f-field">{m.filterField}</label>
              <select id="f-field" name="field">
                <option value="">{m.any}</option>
                {groupBy(facets.fields, (f) => f.planTitle).map(([title, options]) => (
                  <optgroup label={title} lang="ja">
                    {options.map((o) => <option value={o.value} selected={selected(filters.field, o.value)}>{o.label}</option>)}
                  </optgroup>
                ))}
              </select>
            </div>
            <div class="form-field">
              <label for="f-policy">{m.filterPolicy}</label>
              <select id="f-policy" name="policy">
                <option value="">{m.any}</option>
                {groupBy(facets.policies, (f) => f.planTitle).map(([title, options]) => (
                  <optgroup label={title} lang="ja">
                    {options.map((o) => <option value={o.value} selected={selected(filters.policy, o.value)}>{o.label}</option>)}
                  </optgroup>
                ))}
              </select>
            </div>
            <div class="form-field">
              <label for="f-department">{m.filterDepartment}</label>
              <select id="f-department" name="department">
                <option value="">{m.any}</option>
                {groupBy(facets.departments, (d) => d.organisationName).map(([organisation, options]) => (
                  <optgroup label={organisation} lang="ja">
                    {options.map((o) => <option value={String(o.id)} selected={selected(filters.department, o.id)}>{o.label}</option>)}
                  </optgroup>
                ))}
              </select>
            </div>
            <div class="form-field">
              <label for="f-grade">{m.filterGrade}</label>
              <select id="f-grade" name="grade">
                <option value="">{m.any}</option>
                {facets.grades.map((g) => <option value={g} selected={selected(filters.grade, g)}>{g}</option>)}
              </select>
            </div>
            <div class="form-field">
              <label for="f-flag">{m.filterFlag}</label>
              <select id="f-flag" name="flag">
                <option value="">{m.any}</option>
                {(['new', 'partner', 'priority'] as const).map((f) => <option value={f} selected={selected(filters.flag, f)}>{m.flagOptions[f]}</option>)}
              </select>
            </div>
            <div class="form-field">
              <label for="f-sdg">{m.filterSdg}</label>
              <select id="f-sdg" name="sdg">
                <option value="">{m.any}</option>
                {facets.sdgGoals.map((g) => <option value={String(g)} selected={selected(filters.sdg, g)}>{m.sdgGoal(g)}</option>)}
              </select>
            </div>
            <div class="form-field form-check">
              <input id="f-numeric" name="numeric" type="checkbox" value="1" checked={filters.numeric ? true : undefined} />
              <label for="f-numeric">{m.filterNumeric}</label>
            </div>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary">{m.searchSubmit}</button>
          <a class="button button-tertiary" href={href(lang, '/search')}>{m.searchReset}</a>
        </div>
      </form>
      <section id="search-results" aria-labelledby="results-heading" aria-live="polite">
        {result && (
          <>
            <h2 id="results-heading">
              {m.results(result.total)}
              {result.total > result.hits.length && m.resultsShown(result.hits.length)}
            </h2>
            {result.hits.length === 0 ? (
              <p class="notice">{m.noResults}</p>
            ) : (
              <ol class="result-list">
                {result.hits.map((hit) => (
                  <li>
                    <p class="result-path"><Ja lang={lang}>{hit.planTitle}{hit.path && ` › ${hit.path}`}</Ja></p>
                    <a class="result-title" href={itemHref(lang, hit.planCode, hit.code)}><Ja lang={lang}>{`${hit.number ?? hit.code} ${hit.name}`}</Ja></a>
                    <Flags item={hit} lang={lang} />
                    {hit.grade && (
                      <span class="result-grade">
                        {m.filterGrade}: {hit.grade}
                        {hit.gradeFiscalYear !== null && `（${fiscalYearLabel(lang, hit.gradeFiscalYear)}）`}
                      </span>
                    )}
                    {hit.numericTargetText && <p class="result-target"><span class="label">{m.numericTarget}</span> <Ja lang={lang}>{hit.numericTargetText}</Ja></p>}
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </section>
    </Layout>
  );
}
