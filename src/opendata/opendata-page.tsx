// The open data page: what can be downloaded, in which formats, under which licence, and what
// each column means; the comparisons across cities with their CSV and API addresses.
import { Layout } from '../web/layout.js';
import { formatJapaneseDate } from '../domain/wareki.js';
import type { OrganisationRow, PlanRow } from './opendata.repository.js';
import type { CatalogueListing } from '../compare/compare.repository.js';
import { COMPARE_API_PATH, compareApiPath, compareCsvPath, comparePagePath } from '../compare/compare-urls.js';
import { DICTIONARY_COLUMNS, dictionaryRecords, LICENCE_NOTICE, TABLE_NAMES, TABLES } from './tables.js';

function Downloads({ base }: { base: string }) {
  return (
    <ul class="downloads">
      {TABLE_NAMES.map((name) => (
        <li>
          {TABLES[name].title}: <a href={`${base}/${name}.csv`}>CSV</a> / <a href={`${base}/${name}.json`}>JSON</a>
        </li>
      ))}
      <li>
        すべての表（Excel）: <a href={`${base}/data.xlsx`}>data.xlsx</a>
      </li>
    </ul>
  );
}

/** 都市間比較: each shared indicator with its page, its table as CSV and the same figures from the API. */
function Comparisons({ catalogue }: { catalogue: CatalogueListing[] }) {
  return (
    <>
      <h2 id="compare">都市間比較</h2>
      <p>
        複数の団体が計画で追っている共通の指標を、団体・年度ごとに並べた表です（公表済みの値だけ、共通の単位と人口10万人あたりの値）。
        CSV は <a href="/compare">都市間比較</a>のページの表と同じ内容で、API は同じ数値に、計画に記録された値と年度の和暦を添えて返します
        （共通指標の一覧は <a href={COMPARE_API_PATH}>{COMPARE_API_PATH}</a>）。
      </p>
      {catalogue.length === 0 ? (
        <p>まだ共通指標はありません。</p>
      ) : (
        <ul class="downloads">
          {catalogue.map((entry) => (
            <li>
              <a href={comparePagePath(entry.code)}>{entry.name}</a>
              {entry.nameEn && (
                <>
                  {' '}（<span lang="en">{entry.nameEn}</span>）
                </>
              )}
              （{entry.unit}、{entry.organisations}団体）: <a href={compareCsvPath(entry.code)}>CSV</a> / <a href={compareApiPath(entry.code)}>API（JSON）</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function OpenDataPage({ organisations, plans, catalogue, asOf }: { organisations: OrganisationRow[]; plans: PlanRow[]; catalogue: CatalogueListing[]; asOf: string }) {
  return (
    <Layout title="オープンデータ">
      <h1>オープンデータ</h1>
      <p>
        計画の項目、指標、目標値、実績値と公表済みの評価を、機械判読に適した形式（CSV は UTF-8 BOM 付き、1行に1つの値の縦持ち形式、
        見出しは1行）で提供しています。同じ内容を JSON と Excel でも提供しています。API は <a href="/api/v1/reference">API リファレンス</a>をご覧ください。
      </p>
      <p>データの時点: <time datetime={asOf}>{formatJapaneseDate(asOf.slice(0, 10))}</time>（{asOf}）</p>
      <h2>ライセンス</h2>
      {LICENCE_NOTICE.split('\n').map((line) => (
        <p>{line}</p>
      ))}
      <h2>計画ごと</h2>
      {plans.map((plan) => (
        <section>
          <h3>
            {plan.organisationName} {plan.planTitle}
          </h3>
          <Downloads base={`/opendata/plans/${plan.planCode}`} />
        </section>
      ))}
      <h2>団体ごと</h2>
      {organisations.map((org) => (
        <section>
          <h3>{org.name}</h3>
          <Downloads base={`/opendata/organisations/${org.code}`} />
        </section>
      ))}
      <h2>すべての計画</h2>
      <Downloads base="/opendata/all" />
      <Comparisons catalogue={catalogue} />
      <h2 id="columns">列の説明</h2>
      <p>
        <a href="/opendata/columns.csv">列の説明（CSV）</a>
      </p>
      <table>
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
    </Layout>
  );
}
