// The report as one self-contained web page (styles inline, charts as inline SVG), so that the
// same HTML is served under /reports/... and written by `shinchoku report --format html`. Print
// CSS: A4, page numbers in the margin, table headers repeated on each page, rows never cut.
import { raw } from 'hono/html';
import { categorySpans, type GradeChart, type IndicatorTable, type Narrative, type ReportCell, type ReportModel, type ReportProject, type ReportSection, type TrendChart } from './report-model.js';
import { gradeChartSvg, trendChartSvg } from './charts.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { gradeColorRules } from '../system/grade-styles.js';

export interface ReportLinks {
  pdf: string;
  xlsx: string;
  /** URL of this page for another round's fiscal year. */
  round: (fiscalYear: number) => string;
  plan: string;
  /** Committee pages: the files are asked for with a form (POST with its CSRF token), not a link. */
  jobForm?: { action: string; csrfToken: string; round: string };
}

export const REPORT_CSS = `
:root { --text: #1a1a1c; --muted: #555; --border: #767676; --subtle: #f2f2f2; --link: #0017c1; --focus: #ffd43d;
  font-family: "Noto Sans JP", "Hiragino Sans", "Yu Gothic UI", "Meiryo", sans-serif; color: var(--text); line-height: 1.7; }
body { margin: 0; }
a { color: var(--link); }
a:focus-visible { outline: 4px solid var(--focus); outline-offset: 2px; }
.report { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
.report-header { border-bottom: 3px solid var(--text); margin-bottom: 1rem; }
.report h1 { font-size: 1.75rem; line-height: 1.4; margin: .25rem 0 .5rem; }
.report h2 { font-size: 1.375rem; border-left: 6px solid var(--link); padding-left: .5rem; margin: 2rem 0 .75rem; }
.report h3 { font-size: 1.125rem; margin: 1.5rem 0 .5rem; }
.report h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 .5rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; margin: .75rem 0; align-items: center; }
.button { display: inline-block; padding: .5rem 1rem; border: 2px solid var(--link); border-radius: 6px; text-decoration: none; font-weight: 700; color: var(--link); background: #fff; }
.button:hover { background: #e8f1fe; }
.toolbar form { display: inline; margin: 0; }
button.button { font: inherit; font-weight: 700; cursor: pointer; }
.toc ol { margin: .25rem 0; padding-left: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .875rem; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
th, td { border: 1px solid var(--border); padding: .25rem .4rem; vertical-align: top; }
thead th { background: var(--subtle); }
th[scope=row] { background: var(--subtle); text-align: left; white-space: nowrap; font-weight: 700; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.missing { text-align: center; color: var(--muted); }
.western { display: block; font-weight: 400; font-size: .75rem; color: var(--muted); }
.asof, .formula { display: block; font-size: .75rem; color: var(--muted); }
.grade { display: inline-block; min-width: 1.75rem; text-align: center; color: #fff; font-weight: 700; border-radius: 4px; padding: 0 .25rem; background: var(--grade-color, #333); }
.flag { display: inline-block; border: 1px solid var(--text); border-radius: 4px; font-size: .75rem; padding: 0 .3rem; margin-left: .25rem; white-space: nowrap; }
.notes { font-size: .8125rem; color: var(--muted); margin: 0 0 1rem; padding-left: 1.25rem; }
.narrative { border: 1px solid var(--border); margin: 0 0 .5rem; }
.narrative h4 { background: var(--subtle); margin: 0; padding: .25rem .5rem; }
.narrative p { margin: 0; padding: .25rem .5rem; white-space: pre-line; }
.sub-items { margin: 0 0 .75rem; padding-left: 0; list-style: none; }
.sub-items li { margin: .25rem 0; }
.initiatives { margin: 0; padding-left: 1.25rem; }
.child-description { margin: .125rem 0 .5rem; font-size: .875rem; }
figure { margin: 1rem 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .875rem; color: var(--muted); }
details.chart-data summary { cursor: pointer; color: var(--link); }
.project { border-top: 1px solid var(--border); padding-top: .5rem; margin-top: 1.25rem; }
.project dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
.project dt { font-weight: 700; }
.project dd { margin: 0; }
.legend { font-size: .8125rem; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
@media print {
  :root { font-size: 10pt; }
  .report { max-width: none; padding: 0; }
  .toolbar, .skip-link { display: none; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, .narrative, .project dl, figure { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  .sheet { break-before: page; }
  details.chart-data > *:not(summary) { display: block; }
  details.chart-data summary { display: none; }
}
`;

function cellClass(cell: ReportCell): string {
  if (cell.value === null && cell.text !== '' && !/\d/.test(cell.text)) return 'missing';
  return cell.value !== null && cell.text.length <= 20 ? 'num' : '';
}

function Cell({ cell, kind }: { cell: ReportCell; kind: string }) {
  if (kind === 'grade') {
    return (
      <td class="missing" title={cell.formula}>
        {cell.color ? <span class="grade" data-grade-color={cell.color}>{cell.text}</span> : cell.text}
        {cell.formula && <span class="formula">{cell.formula}</span>}
      </td>
    );
  }
  return (
    <td class={cellClass(cell)}>
      {cell.text}
      {cell.asOf && <span class="asof">({cell.asOf})</span>}
      {kind === 'rate' && cell.formula && <span class="formula">{cell.formula}</span>}
    </td>
  );
}

export function IndicatorTableView({ table }: { table: IndicatorTable }) {
  const hasCategory = table.columns.some((c) => c.category);
  return (
    <>
      <table class="indicators">
        <caption>{table.caption}</caption>
        <thead>
          {hasCategory && (
            <tr>
              <td></td>
              {categorySpans(table).map((span) => (
                <th scope="colgroup" colspan={span.span}>{span.category}</th>
              ))}
            </tr>
          )}
          <tr>
            <th scope="col">年度</th>
            {table.columns.map((c) => (
              <th scope="col">
                {c.isReference ? `参考:${c.name}` : c.name}
                {c.unit && <span class="western">単位: {c.unit}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr class={`row-${row.kind}`}>
              <th scope="row">
                {row.label}
                {row.western && <span class="western">{row.western}</span>}
              </th>
              {row.cells.map((cell) => (
                <Cell cell={cell} kind={row.kind} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.notes.length > 0 && (
        <ul class="notes">
          {table.notes.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Narratives({ narratives }: { narratives: Narrative[] }) {
  return (
    <>
      {narratives.map((n) => (
        <section class="narrative">
          <h4>{n.label}</h4>
          <p>{n.text}</p>
        </section>
      ))}
    </>
  );
}

function TrendFigure({ chart }: { chart: TrendChart }) {
  return (
    <figure id={chart.id}>
      {raw(trendChartSvg(chart))}
      <figcaption>{chart.projection ? `見通し: ${chart.projection.explanation}` : '目標値がないため見通しは計算していません。'}</figcaption>
      <details class="chart-data">
        <summary>グラフの数値（表）</summary>
        <table>
          <caption>{chart.title}（数値）</caption>
          <thead>
            <tr>
              <th scope="col">区分</th>
              <th scope="col">年度</th>
              <th scope="col">値</th>
            </tr>
          </thead>
          <tbody>
            {chart.points.map((p) => (
              <tr>
                <th scope="row">{p.kind}</th>
                <td>{`${p.label}（${formatFiscalYear(p.fiscalYear, { style: 'western' })}）`}</td>
                <td class="num" data-value={p.exact}>{p.text}</td>
              </tr>
            ))}
            {chart.targets.map((t) => (
              <tr>
                <th scope="row">目標</th>
                <td>{`${t.label}（${formatFiscalYear(t.fiscalYear, { style: 'western' })}）`}</td>
                <td class="num" data-value={t.exact}>{t.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function GradeFigure({ chart }: { chart: GradeChart }) {
  return (
    <figure id={chart.id}>
      {raw(gradeChartSvg(chart))}
      <figcaption>{chart.note}</figcaption>
      <table class="grade-table">
        <caption>{chart.title}（数値）</caption>
        <thead>
          <tr>
            <th scope="col">区分・年度</th>
            {chart.grades.map((g) => (
              <th scope="col">{`${g.code}（${g.label}）`}</th>
            ))}
            <th scope="col">計</th>
          </tr>
        </thead>
        <tbody>
          {chart.bars.map((bar) => (
            <tr>
              <th scope="row">{bar.label}</th>
              {bar.counts.map((c) => (
                <td class={c === null ? 'missing' : 'num'} data-value={c === null ? '' : String(c)}>{c === null ? '記載なし' : String(c)}</td>
              ))}
              <td class={bar.total === null ? 'missing' : 'num'}>{bar.total === null ? '—' : String(bar.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function SectionView({ section, index }: { section: ReportSection; index: number }) {
  return (
    <section class={index > 0 ? 'sheet' : 'sheet-first'} id={section.id} aria-labelledby={`${section.id}-h`}>
      <h2 id={`${section.id}-h`}>{section.heading}</h2>
      {section.description && <p class="lead">{section.description}</p>}
      {section.children.length > 0 && (
        <>
          <h3>{section.childLevelName ?? ''}{section.children.some((c) => c.isPriority) ? '（◎重点施策）' : ''}</h3>
          <ul class="sub-items">
            {section.children.map((c) => (
              <li>
                <strong>{c.number ?? c.code} {c.name}</strong>
                {c.description && <p class="child-description">{c.description}</p>}
                {c.initiatives.length > 0 && (
                  <ul class="initiatives" aria-label="実施した主な取組">
                    {c.initiatives.map((i) => (
                      <li>{i}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {section.table && (
        <>
          <h3>成果指標 達成状況</h3>
          <IndicatorTableView table={section.table} />
        </>
      )}
      {section.narratives.length > 0 && <Narratives narratives={section.narratives} />}
      {section.trends.length > 0 && (
        <>
          <h3>成果指標の推移</h3>
          {section.trends.map((chart) => (
            <TrendFigure chart={chart} />
          ))}
        </>
      )}
    </section>
  );
}

function Flags({ project }: { project: ReportProject }) {
  return (
    <>
      {project.isNew && <span class="flag">新規</span>}
      {project.isPartnerProject && <span class="flag" title="地域づくりパートナープロジェクト">＊</span>}
      {project.relist && <span class="flag">{`【${project.relist.kind}】`}</span>}
    </>
  );
}

function ProjectPage({ project }: { project: ReportProject }) {
  return (
    <article class="project" id={project.id} aria-labelledby={`${project.id}-h`}>
      <h4 id={`${project.id}-h`}>
        {project.number ?? project.code} {project.name} <Flags project={project} />
      </h4>
      {project.relist && (
        <p>
          {project.relist.kind}: <a href={`#project-${encodeURIComponent(project.relist.code).replace(/%/g, '_')}`}>{project.relist.name}</a>
        </p>
      )}
      <dl>
        {project.description && (
          <>
            <dt>内容</dt>
            <dd>{project.description}</dd>
          </>
        )}
        {project.subItems.length > 0 && (
          <>
            <dt>取組</dt>
            <dd>
              <ul class="sub-items">
                {project.subItems.map((s) => (
                  <li>
                    {s.number} {s.name}
                    {s.description && s.description !== s.name && <span class="formula">{s.description}</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {project.numericTargetText && (
          <>
            <dt>数値目標等</dt>
            <dd>{project.numericTargetText}</dd>
          </>
        )}
        <dt>担当課</dt>
        <dd>{project.departments.length > 0 ? project.departments.join('、') : '—'}</dd>
        {project.selfGrade && (
          <>
            <dt>評価（担当課）</dt>
            <dd>{project.selfGrade}</dd>
          </>
        )}
      </dl>
      {project.table && <IndicatorTableView table={project.table} />}
      {project.narratives.length > 0 && <Narratives narratives={project.narratives} />}
    </article>
  );
}

/** Every grade colour the report uses (its cells carry data-grade-color; no style attributes). */
function colorsOf(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) colorsOf(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'color' && typeof v === 'string') found.add(v);
      else colorsOf(v, found);
    }
  }
  return found;
}

export function ReportPage({ model, links }: { model: ReportModel; links: ReportLinks | null }) {
  const title = `${model.plan.title} ${model.round ? `${model.round.label} 進捗状況報告` : '計画・事業一覧'}`;
  const hasProjects = model.projects.length > 0;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} | 進捗 Shinchoku`}</title>
          <style>{raw(`${REPORT_CSS}\n${gradeColorRules(colorsOf(model))}`)}</style>
        </head>
        <body>
          <main class="report" id="main">
            <header class="report-header">
              <p class="meta">{model.plan.organisationName}</p>
              <h1>{title}</h1>
              <p class="meta">
                計画期間 {model.plan.periodLabel}
                {model.round && ` ／ 評価年度 ${model.round.label}（${model.round.western}）・${model.round.state}`}
              </p>
              {model.round?.basis && <p class="meta">判定の基準: {model.round.basis}</p>}
              {links && (
                <nav class="toolbar" aria-label="ダウンロードと年度">
                  {links.jobForm ? (
                    (['pdf', 'xlsx'] as const).map((format) => (
                      <form method="post" action={links.jobForm?.action}>
                        <input type="hidden" name="_csrf" value={links.jobForm?.csrfToken} />
                        <input type="hidden" name="format" value={format} />
                        <input type="hidden" name="round" value={links.jobForm?.round} />
                        <button class="button" type="submit">{format === 'pdf' ? 'PDF' : 'Excel'} をダウンロード</button>
                      </form>
                    ))
                  ) : (
                    <>
                      {/* no download attribute: a long report answers with its progress page first */}
                      <a class="button" href={links.pdf}>PDF をダウンロード</a>
                      <a class="button" href={links.xlsx}>Excel をダウンロード</a>
                    </>
                  )}
                  <a href={links.plan}>計画のページへ</a>
                  {model.availableRounds.length > 1 &&
                    model.availableRounds.map((fy) => (
                      <a href={links.round(fy)} aria-current={model.round?.fiscalYear === fy ? 'page' : undefined}>
                        {formatFiscalYear(fy)}
                      </a>
                    ))}
                </nav>
              )}
            </header>
            {!model.round && <p class="meta">公表された評価年度はまだありません。計画の内容と目標を示します。</p>}
            <nav class="toc" aria-labelledby="toc-h">
              <h2 id="toc-h">目次</h2>
              <ol>
                {model.sections.map((s) => (
                  <li>
                    <a href={`#${s.id}`}>{s.heading}</a>
                  </li>
                ))}
                {hasProjects && (
                  <li>
                    <a href="#project-list">{model.plan.levelNames[2] ?? model.plan.levelNames[1] ?? '事業'}一覧</a>
                  </li>
                )}
                {hasProjects && (
                  <li>
                    <a href="#project-pages">{model.plan.levelNames[2] ?? model.plan.levelNames[1] ?? '事業'}ごとの内容</a>
                  </li>
                )}
                {model.gradeCharts.length > 0 && (
                  <li>
                    <a href="#grade-charts">評価の分布</a>
                  </li>
                )}
              </ol>
            </nav>
            <p class="legend">{model.gradingNote}</p>
            {model.sections.map((s, i) => (
              <SectionView section={s} index={i} />
            ))}
            {hasProjects && <ProjectList model={model} />}
            {hasProjects && (
              <section class="sheet" id="project-pages" aria-labelledby="project-pages-h">
                <h2 id="project-pages-h">{model.plan.levelNames[2] ?? '事業'}ごとの内容</h2>
                {model.projects.map((field) => (
                  <>
                    <h3>{field.heading}</h3>
                    {field.groups.map((group) => group.projects.map((p) => <ProjectPage project={p} />))}
                  </>
                ))}
              </section>
            )}
            {model.gradeCharts.length > 0 && (
              <section class="sheet" id="grade-charts" aria-labelledby="grade-charts-h">
                <h2 id="grade-charts-h">評価の分布</h2>
                {model.gradeCharts.map((chart) => (
                  <GradeFigure chart={chart} />
                ))}
              </section>
            )}
            {model.footnotes.length > 0 && (
              <section aria-labelledby="footnotes-h">
                <h2 id="footnotes-h">注</h2>
                <dl>
                  {model.footnotes.map((f) => (
                    <>
                      <dt>{f.term}</dt>
                      <dd>{f.text}</dd>
                    </>
                  ))}
                </dl>
              </section>
            )}
          </main>
        </body>
      </html>
    </>
  );
}

function ProjectList({ model }: { model: ReportModel }) {
  const level = model.plan.levelNames[2] ?? '事業';
  return (
    <section class="sheet" id="project-list" aria-labelledby="project-list-h">
      <h2 id="project-list-h">{level}一覧</h2>
      <p class="legend">新規: 新たに始める{level} ／ ＊: 地域づくりパートナープロジェクト ／ 【再掲】: 他の基本施策に掲げた{level}の再掲</p>
      {model.projects.map((field) => (
        <table>
          <caption>{field.heading}</caption>
          <thead>
            <tr>
              <th scope="col">番号</th>
              <th scope="col">{level}名</th>
              <th scope="col">区分</th>
              <th scope="col">担当課</th>
              <th scope="col">計画書の頁</th>
            </tr>
          </thead>
          {field.groups.map((group) => (
            <tbody>
              <tr>
                <th scope="colgroup" colspan={5}>{group.heading}</th>
              </tr>
              {group.projects.map((p) => (
                <tr>
                  <td>{p.number ?? p.code}</td>
                  <td>
                    <a href={`#${p.id}`}>{p.name}</a>
                  </td>
                  <td>
                    <Flags project={p} />
                  </td>
                  <td>{p.departments.join('、')}</td>
                  <td class="num">{p.printedPage === null ? '' : String(p.printedPage)}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      ))}
    </section>
  );
}

/** The whole page as a string (for the CLI and the tests). */
export async function renderReportHtml(model: ReportModel, links: ReportLinks | null): Promise<string> {
  return String(await (<ReportPage model={model} links={links} />));
}
