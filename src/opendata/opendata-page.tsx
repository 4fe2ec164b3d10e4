// The open data page, in Japanese (/opendata) and English (/en/opendata): what can be downloaded,
// in which formats, under which licence, and what each column means; the files of each
// organisation and plan (in pages, narrowed by a word: a national service has 1,741
// organisations); the comparisons across cities with their CSV and API addresses. The files
// themselves, their column names and the column dictionary are in Japanese in both.
import { Layout, type PageMeta } from '../web/layout.js';
import type { DirectoryRow } from './opendata.repository.js';
import type { CatalogueListing } from '../compare/compare.repository.js';
import { COMPARE_API_PATH, compareApiPath, compareCsvPath, comparePagePath } from '../compare/compare-urls.js';
import { DICTIONARY_COLUMNS, dictionaryRecords, LICENCE_NOTICE, TABLE_NAMES, TABLES } from './tables.js';
import { dateLabel, href, messages, type Lang } from '../portal/i18n.js';
import { Ja } from '../portal/portal-ui.js';
import { listHref } from '../web/list-query.js';

/** Plans shown per page of the open data page. */
export const DIRECTORY_PAGE_SIZE = 50;

const LICENCE_NOTICE_EN = [
  'This data is offered under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).',
  'https://creativecommons.org/licenses/by/4.0/deed.en',
  'When you use it, credit the organisation and the plan, e.g. “出典: 札幌市 第2期 市民まちづくり活動促進基本計画（Shinchoku オープンデータ）”.',
  'Figures are taken from the plan documents and reports: the column 表記 holds the text as written, the column 値 the number.',
];

const TEXT = {
  ja: {
    title: 'オープンデータ',
    lead: [
      '計画の項目、指標、目標値、実績値と公表済みの評価を、機械判読に適した形式（CSV は UTF-8 BOM 付き、1行に1つの値の縦持ち形式、見出しは1行）で提供しています。同じ内容を JSON と Excel でも提供しています。API は ',
      'API リファレンス',
      'をご覧ください。',
    ],
    asOf: 'データの時点',
    licence: 'ライセンス',
    licenceLines: LICENCE_NOTICE.split('\n'),
    directory: '団体・計画ごと',
    filterLabel: '団体名・計画名で絞り込む',
    filter: '絞り込む',
    showAll: 'すべて表示',
    count: (q: string | undefined, total: number, first: number, last: number) =>
      `${q !== undefined ? `「${q}」を含む計画: ` : '公開中の計画: '}${total}件${last >= first && total > last - first + 1 ? `（${first}〜${last}件目）` : ''}`,
    noMatch: '該当する計画はありません。',
    emptyPage: 'このページに計画はありません。',
    firstPage: '最初のページへ',
    organisationFiles: '団体のすべての計画',
    pages: '計画のページ',
    previous: (n: number) => `前の${n}件`,
    next: (n: number) => `次の${n}件`,
    pageOf: (page: number, pages: number) => `${page} / ${pages} ページ`,
    allPlans: 'すべての計画',
    tableTitle: (name: (typeof TABLE_NAMES)[number]) => TABLES[name].title,
    workbook: 'すべての表（Excel）',
    compare: '都市間比較',
    compareLead: (
      <>
        複数の団体が計画で追っている共通の指標を、団体・年度ごとに並べた表です（公表済みの値だけ、共通の単位と人口10万人あたりの値）。 CSV は <a href="/compare">都市間比較</a>
        のページの表と同じ内容で、API は同じ数値に、計画に記録された値と年度の和暦を添えて返します （共通指標の一覧は <a href={COMPARE_API_PATH}>{COMPARE_API_PATH}</a>）。
      </>
    ),
    noComparisons: 'まだ共通指標はありません。',
    compareCount: (unit: string, organisations: number) => `（${unit}、${organisations}団体）`,
    columns: '列の説明',
    columnsCsv: '列の説明（CSV）',
    columnsNote: null,
  },
  en: {
    title: 'Open data',
    lead: [
      'Plan items, indicators, targets, observed values and the grades of published reviews are offered in machine-readable form (CSV in UTF-8 with a BOM, one value per row in long format, one header row), and the same as JSON and Excel. The files, their column names and the values are in Japanese. For the API, see the ',
      'API reference',
      '.',
    ],
    asOf: 'Data as of',
    licence: 'Licence',
    licenceLines: LICENCE_NOTICE_EN,
    directory: 'By organisation and plan',
    filterLabel: 'Filter by organisation or plan name',
    filter: 'Filter',
    showAll: 'Show all',
    count: (q: string | undefined, total: number, first: number, last: number) =>
      `${q !== undefined ? `Plans containing “${q}”: ` : 'Public plans: '}${total}${last >= first && total > last - first + 1 ? ` (${first}–${last} shown)` : ''}`,
    noMatch: 'No plan matches.',
    emptyPage: 'There are no plans on this page.',
    firstPage: 'Go to the first page',
    organisationFiles: 'All plans of the organisation',
    pages: 'Pages of plans',
    previous: (n: number) => `Previous ${n}`,
    next: (n: number) => `Next ${n}`,
    pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
    allPlans: 'All plans',
    tableTitle: (name: (typeof TABLE_NAMES)[number]) => messages('en').openDataTables[name] ?? name,
    workbook: 'All tables (Excel)',
    compare: 'Comparisons across cities',
    compareLead: (
      <>
        Shared indicators that several organisations track in their plans, by organisation and fiscal year (published values only, in a common unit and per 100,000
        residents). The CSV holds the table of the <a href="/en/compare">comparison</a> page; the API returns the same figures with the value as recorded in the
        plan and the fiscal year in the Japanese calendar (the list of shared indicators: <a href={COMPARE_API_PATH}>{COMPARE_API_PATH}</a>).
      </>
    ),
    noComparisons: 'No shared indicators yet.',
    compareCount: (unit: string, organisations: number) => ` (${unit}, ${organisations} organisation${organisations === 1 ? '' : 's'})`,
    columns: 'Column dictionary',
    columnsCsv: 'Column dictionary (CSV)',
    columnsNote: 'The dictionary is in Japanese, as the files are.',
  },
} satisfies Record<Lang, unknown>;

type Text = (typeof TEXT)[Lang];

function Downloads({ base, text }: { base: string; text: Text }) {
  return (
    <ul class="downloads">
      {TABLE_NAMES.map((name) => (
        <li>
          {text.tableTitle(name)}: <a href={`${base}/${name}.csv`}>CSV</a> / <a href={`${base}/${name}.json`}>JSON</a>
        </li>
      ))}
      <li>
        {text.workbook}: <a href={`${base}/data.xlsx`}>data.xlsx</a>
      </li>
    </ul>
  );
}

/** 都市間比較: each shared indicator with its page, its table as CSV and the same figures from the API. */
function Comparisons({ catalogue, lang }: { catalogue: CatalogueListing[]; lang: Lang }) {
  const text = TEXT[lang];
  return (
    <>
      <h2 id="compare">{text.compare}</h2>
      <p>{text.compareLead}</p>
      {catalogue.length === 0 ? (
        <p>{text.noComparisons}</p>
      ) : (
        <ul class="downloads">
          {catalogue.map((entry) => (
            <li>
              {lang === 'en' && entry.nameEn ? (
                <a href={comparePagePath(entry.code, lang)}>{entry.nameEn}</a>
              ) : (
                <a href={comparePagePath(entry.code, lang)}><Ja lang={lang}>{entry.name}</Ja></a>
              )}
              {lang === 'ja' && entry.nameEn && (
                <>
                  {' '}（<span lang="en">{entry.nameEn}</span>）
                </>
              )}
              {text.compareCount(entry.unit, entry.organisations)}: <a href={compareCsvPath(entry.code)}>CSV</a> / <a href={compareApiPath(entry.code)}>API（JSON）</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface Directory {
  total: number;
  rows: DirectoryRow[];
  q: string | undefined;
  page: number;
}

function directoryHref(lang: Lang, q: string | undefined, page: number): string {
  return `${listHref(href(lang, '/opendata'), { q, page })}#plans`;
}

/** The page's plans grouped by organisation: the organisation's files, then each plan's. */
function PlanFiles({ directory, lang }: { directory: Directory; lang: Lang }) {
  const text = TEXT[lang];
  const { total, rows, q, page } = directory;
  const first = (page - 1) * DIRECTORY_PAGE_SIZE + 1;
  const last = first + rows.length - 1;
  const groups = new Map<string, DirectoryRow[]>();
  for (const row of rows) groups.set(row.organisationCode, [...(groups.get(row.organisationCode) ?? []), row]);
  return (
    <section aria-labelledby="plans">
      <h2 id="plans">{text.directory}</h2>
      <form method="get" action={`${href(lang, '/opendata')}#plans`} class="search-form" role="search">
        <div class="form-field">
          <label for="directory-q">{text.filterLabel}</label>
          <input id="directory-q" name="q" type="search" value={q ?? ''} maxlength={100} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary">{text.filter}</button>
          {q !== undefined && <a class="button button-tertiary" href={directoryHref(lang, undefined, 1)}>{text.showAll}</a>}
        </div>
      </form>
      <p role="status">{text.count(q, total, first, last)}</p>
      {rows.length === 0 && (
        <p class="notice">
          {total > 0 ? <>{text.emptyPage}<a href={directoryHref(lang, q, 1)}>{text.firstPage}</a></> : text.noMatch}
        </p>
      )}
      {[...groups.values()].map((plans) => {
        const org = plans[0] as DirectoryRow;
        return (
          <section>
            <h3><Ja lang={lang}>{org.organisationName}</Ja></h3>
            <p>{text.organisationFiles}</p>
            <Downloads base={`/opendata/organisations/${org.organisationCode}`} text={text} />
            {plans.map((plan) => (
              <>
                <h4>
                  <a href={href(lang, `/plans/${plan.planCode}`)}><Ja lang={lang}>{plan.planTitle}</Ja></a>
                </h4>
                <Downloads base={`/opendata/plans/${plan.planCode}`} text={text} />
              </>
            ))}
          </section>
        );
      })}
      {total > DIRECTORY_PAGE_SIZE && (
        <nav aria-label={text.pages} class="pager">
          <ul>
            {page > 1 && <li><a href={directoryHref(lang, q, page - 1)} rel="prev">{text.previous(DIRECTORY_PAGE_SIZE)}</a></li>}
            <li>{text.pageOf(page, Math.ceil(total / DIRECTORY_PAGE_SIZE))}</li>
            {last < total && rows.length > 0 && <li><a href={directoryHref(lang, q, page + 1)} rel="next">{text.next(DIRECTORY_PAGE_SIZE)}</a></li>}
          </ul>
        </nav>
      )}
    </section>
  );
}

export function OpenDataPage({ directory, catalogue, asOf, lang = 'ja', meta }: { directory: Directory; catalogue: CatalogueListing[]; asOf: string; lang?: Lang; meta?: PageMeta }) {
  const text = TEXT[lang];
  return (
    <Layout title={text.title} lang={lang} {...(meta ? { meta } : {})}>
      <h1>{text.title}</h1>
      <p>
        {text.lead[0]}<a href="/api/v1/reference">{text.lead[1]}</a>{text.lead[2]}
      </p>
      <p>{text.asOf}: <time datetime={asOf}>{dateLabel(lang, asOf.slice(0, 10))}</time>{lang === 'ja' ? `（${asOf}）` : ` (${asOf})`}</p>
      <h2>{text.licence}</h2>
      {text.licenceLines.map((line) => (
        <p>{line}</p>
      ))}
      <PlanFiles directory={directory} lang={lang} />
      <h2>{text.allPlans}</h2>
      <Downloads base="/opendata/all" text={text} />
      <Comparisons catalogue={catalogue} lang={lang} />
      <h2 id="columns">{text.columns}</h2>
      {text.columnsNote && <p>{text.columnsNote}</p>}
      <p>
        <a href="/opendata/columns.csv">{text.columnsCsv}</a>
      </p>
      <div class="table-scroll" tabindex={0} role="region" aria-labelledby="columns">
        <table lang="ja">
          <thead>
            <tr>
              {DICTIONARY_COLUMNS.map((c) => (
                <th scope="col">{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dictionaryRecords().map((r) => (
              <tr>
                {DICTIONARY_COLUMNS.map((c) => (
                  <td>{String(r[c.key] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
