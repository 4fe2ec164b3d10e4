// The report a council and committee receive, as data: one model that the web page, the PDF and
// the Excel workbook all present, so every format shows the same numbers.
//
// Built from a whole plan (the dataset format, as exportDataset returns it). Pure: no I/O.
//   - sections: one per top-level item (分野 / 基本目標) — its 基本施策 (◎), main initiatives, the
//     indicator table (actuals by year, status with as-of date or reason, targets of each horizon,
//     achievement rate with formula, grade) and the narratives of the round (Sapporo goal sheet);
//   - projects: the 事業一覧 by 分野 and 基本施策 with flags and departments, and one page per 事業
//     (Sendai layout), when the plan has 事業 (items with a description at the project level);
//   - charts: grade distribution per top-level item and year, indicator trends with targets and
//     projection, each with its numbers as a table.
import type { Dataset } from '../datasets/dataset-format.js';
import { d } from '../domain/decimal.js';
import { formatPercent } from '../domain/decimal.js';
import { RATE_METHOD_LABELS, type RateMethod } from '../domain/judgement.js';
import { MISSING_REASON_LABELS, formatJapaneseNumber, type MissingReason } from '../domain/numbers.js';
import { projectTarget, type Projection } from '../domain/projection.js';
import { SCALES, type Scale } from '../domain/scales.js';
import { formatFiscalYear, formatJapaneseDate } from '../domain/wareki.js';
import { evaluateIndicatorYear, type IndicatorData, type PlanJudgementContext } from '../judgement/indicator-year.js';
import { entryIsPublic, NOT_APPROVED_LABEL } from '../plans/publication.js';
import { roundStateLabel } from '../rounds/round-states.js';

type DatasetItem = Dataset['items'][number];
type DatasetIndicator = Dataset['indicators'][number];
type DatasetTarget = DatasetIndicator['targets'][number];
type DatasetObservation = DatasetIndicator['observations'][number];

/** How a number is shown in a spreadsheet: plain count, yen, or percent (value stored as a fraction). */
export type NumberFormat = 'count' | 'yen' | 'percent' | 'decimal';

export interface ReportCell {
  /** As the document prints it: 約4億9,600万円, 今後調査, —, 23 認定18、仮認定3、条例個別指定2. */
  text: string;
  /** The number behind the text (for Excel and charts); null when there is none. */
  value: number | null;
  format: NumberFormat;
  approximate?: boolean;
  /** As-of date of a partial-year figure, written short: H29.9.15時点. */
  asOf?: string;
  /** Why a value is missing, in Japanese (今後調査, —（該当なし）…). */
  missing?: string;
  /** How the number was computed: '81.4 ÷ 70.0 = 116.3%'. */
  formula?: string;
  /** Grade colour (charts and the grade row). */
  color?: string;
}

export interface ReportRow {
  key: string;
  /** Row header as the document writes it: H25実績, H29状況, H30目標, アクションプランH31. */
  label: string;
  /** Western fiscal year of the row, when it has one (2013年度). */
  western: string | null;
  kind: 'actual' | 'estimate' | 'status' | 'target' | 'rate' | 'grade';
  cells: ReportCell[];
}

export interface ReportColumn {
  code: string;
  name: string;
  category: string | null;
  unit: string | null;
  isReference: boolean;
  cumulative: boolean;
}

export interface IndicatorTable {
  caption: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Footnotes: indicator notes, observation notes (※…), the rate method. */
  notes: string[];
}

export interface Narrative {
  label: string;
  text: string;
}

export interface ReportSubItem {
  code: string;
  number: string | null;
  name: string;
  isPriority: boolean;
  /** Its 基本方針 or description, when the plan gives one. */
  description: string | null;
  /** Main initiatives (主な取組) listed under it. */
  initiatives: string[];
}

export interface ReportSection {
  id: string;
  code: string;
  heading: string;
  name: string;
  description: string | null;
  levelName: string;
  childLevelName: string | null;
  children: ReportSubItem[];
  table: IndicatorTable | null;
  narratives: Narrative[];
  trends: TrendChart[];
}

export interface ReportProject {
  id: string;
  code: string;
  number: string | null;
  name: string;
  description: string | null;
  isNew: boolean;
  isPartnerProject: boolean;
  relist: { kind: string; code: string; name: string } | null;
  departments: string[];
  numericTargetText: string | null;
  subItems: { number: string | null; name: string; description: string | null; departments: string[] }[];
  table: IndicatorTable | null;
  narratives: Narrative[];
  selfGrade: string | null;
  /** Page in the printed plan (attributes.page), when known. */
  printedPage: number | null;
}

export interface ProjectGroup {
  id: string;
  heading: string;
  groups: { id: string; heading: string; projects: ReportProject[] }[];
}

export interface GradeChart {
  id: string;
  title: string;
  /** Text alternative: what the chart shows, in words with the numbers. */
  description: string;
  grades: { code: string; label: string; color: string }[];
  bars: { group: string; fiscalYear: number; label: string; counts: (number | null)[]; total: number | null }[];
  note: string;
}

export interface TrendChart {
  id: string;
  title: string;
  description: string;
  unit: string | null;
  format: NumberFormat;
  /** value: for drawing; exact: the stored decimal; text: as printed (約4億9,600万円). */
  points: { fiscalYear: number; label: string; value: number; exact: string; text: string; kind: string }[];
  targets: { fiscalYear: number; label: string; value: number; exact: string; text: string; setBy: string }[];
  projection: { explanation: string; line: { fiscalYear: number; value: number }[] } | null;
}

export interface ReportModel {
  plan: {
    code: string;
    title: string;
    organisationName: string;
    periodLabel: string;
    levelNames: string[];
    upperPlans: string[];
  };
  /** The round the report is about; null when the plan has none shown. */
  /** basis: the plan version the round was judged against (判定の基準: 第N版 …), when recorded. */
  round: { fiscalYear: number; label: string; western: string; state: string; published: boolean; basis: string | null } | null;
  /** Fiscal years of the rounds that may be chosen (published only for the public). */
  availableRounds: number[];
  includesDrafts: boolean;
  scale: { id: string; name: string; description: string };
  gradingNote: string;
  footnotes: { term: string; text: string }[];
  sections: ReportSection[];
  projects: ProjectGroup[];
  gradeCharts: GradeChart[];
  generatedFor: string;
}

export interface BuildReportOptions {
  /** The round's fiscal year; default: the latest round shown. */
  fiscalYear?: number;
  /** Include rounds that are not published (committee, with plan:read_drafts). */
  includeDrafts?: boolean;
  /**
   * Names a department through reorganisations (load-report: the department valid at the end of
   * a closed round's fiscal year, today's for an open one); undefined falls back to the dataset's name.
   */
  departmentLabel?: (code: string, textAsWritten: string | null, round: { fiscalYear: number; state: string } | null) => string | undefined;
  /** The plan version a round was judged against (判定の基準: 第N版 名前（日付）), by fiscal year. */
  basisOf?: (fiscalYear: number) => string | undefined;
  /** Called as each top-level section (分野 / 基本目標) is built: the progress of a report job. */
  onSection?: (index: number, count: number, heading: string) => void;
}

const OBSERVATION_KIND_LABELS: Record<string, string> = { actual: '実績', estimate: '見込', status: '状況' };
const SET_BY_ORDER = ['this_plan', 'action_plan', 'strategic_vision', 'upper_plan', 'other'];

export class ReportRoundNotFound extends Error {
  constructor(readonly fiscalYear: number) {
    super(`round ${fiscalYear} not shown`);
  }
}

export function buildReport(dataset: Dataset, options: BuildReportOptions = {}): ReportModel {
  const includeDrafts = options.includeDrafts === true;
  const visibleRounds = dataset.rounds.filter((r) => includeDrafts || r.state === 'published').sort((a, b) => a.fiscalYear - b.fiscalYear);
  const round = options.fiscalYear === undefined ? visibleRounds[visibleRounds.length - 1] : visibleRounds.find((r) => r.fiscalYear === options.fiscalYear);
  if (options.fiscalYear !== undefined && !round) throw new ReportRoundNotFound(options.fiscalYear);

  // the plan's scale, as the evaluator reads it (a plan without one: the mechanical S/A/B/C/−)
  const scaleCode = dataset.plan.scale;
  const scale: Scale = scaleCode && scaleCode in SCALES ? SCALES[scaleCode as keyof typeof SCALES] : SCALES['mechanical-sabc'];
  const datasetName = departmentNamer(dataset);
  const roundRef = round ? { fiscalYear: round.fiscalYear, state: round.state } : null;
  const departmentName = (code: string, textAsWritten: string | null) => options.departmentLabel?.(code, textAsWritten, roundRef) ?? datasetName(code, textAsWritten);
  const attributes = dataset.plan.attributes;
  const reportFy = round?.fiscalYear ?? numberOr(attributes.reportFiscalYear, null);

  const items = dataset.items;
  const childrenOf = new Map<string | null, DatasetItem[]>();
  for (const item of items) {
    const list = childrenOf.get(item.parent) ?? [];
    list.push(item);
    childrenOf.set(item.parent, list);
  }
  const depthOf = new Map<string, number>();
  const setDepth = (parent: string | null, depth: number) => {
    for (const child of childrenOf.get(parent) ?? []) {
      depthOf.set(child.code, depth);
      setDepth(child.code, depth + 1);
    }
  };
  setDepth(null, 0);
  const byCode = new Map(items.map((i) => [i.code, i]));
  const indicatorsOf = new Map<string, DatasetIndicator[]>();
  for (const indicator of dataset.indicators) {
    const list = indicatorsOf.get(indicator.item) ?? [];
    list.push(indicator);
    indicatorsOf.set(indicator.item, list);
  }
  const entryOf = new Map((round?.entries ?? []).map((e) => [e.item, e]));

  // The project level (事業): the level whose items carry descriptions, below the top level.
  const levelNames = dataset.plan.levelNames;
  const projectDepth = [2, 1].find((depth) => items.some((i) => depthOf.get(i.code) === depth && i.departments.length > 0));
  const isProjectLevel = (code: string) => projectDepth !== undefined && depthOf.get(code) === projectDepth;

  /** Indicators of an item and of its descendants that have no page of their own. */
  const collectIndicators = (code: string): DatasetIndicator[] => {
    const own = [...(indicatorsOf.get(code) ?? [])];
    for (const child of childrenOf.get(code) ?? []) {
      if (!isProjectLevel(child.code)) own.push(...collectIndicators(child.code));
    }
    return own;
  };

  const judgement: PlanJudgementContext = { periodStartFy: dataset.plan.periodStartFy, settings: dataset.plan.settings, scale };
  const context: TableContext = { reportFy, judgement, targetsNotSet: targetsNotSetOf(attributes), columnLabels: upperPlanColumns(attributes) };
  const sections: ReportSection[] = (childrenOf.get(null) ?? []).map((top, index, all) => {
    options.onSection?.(index, all.length, top.number ? `${top.number} ${top.name}` : top.name);
    const ownIndicators = collectIndicators(top.code);
    const entry = entryOf.get(top.code);
    return {
      id: anchor('section', top.code),
      code: top.code,
      heading: top.number ? `${top.number} ${stringOr(top.attributes.nameAsPrinted, top.name)}` : top.name,
      name: top.name,
      description: top.description,
      levelName: levelNames[0] ?? '',
      childLevelName: levelNames[1] ?? null,
      children: (childrenOf.get(top.code) ?? []).map((child) => ({
        code: child.code,
        number: child.number,
        name: child.name,
        isPriority: child.isPriority,
        description: child.description,
        initiatives: isProjectLevel(child.code) ? [] : (childrenOf.get(child.code) ?? []).filter((g) => !isProjectLevel(g.code)).map((g) => g.name),
      })),
      table: ownIndicators.length > 0 ? indicatorTable(`${top.number ?? top.name} 成果指標 達成状況`, ownIndicators, context) : null,
      narratives: entry ? narrativesOf(entry, round?.fiscalYear ?? null, round?.state ?? '', includeDrafts) : [],
      trends: ownIndicators.map((i) => trendChart(i, context)).filter((c): c is TrendChart => c !== null),
    };
  });

  const projects: ProjectGroup[] = [];
  if (projectDepth !== undefined) {
    for (const top of childrenOf.get(null) ?? []) {
      const parents = projectDepth === 1 ? [top] : childrenOf.get(top.code) ?? [];
      projects.push({
        id: anchor('list', top.code),
        heading: `${withLevel(levelNames[0] ?? '', top.number ?? top.code)} ${top.name}`,
        groups: parents.map((parent) => ({
          id: anchor('group', parent.code),
          heading: projectDepth === 1 ? top.name : `${parent.number ?? parent.code} ${parent.name}`,
          projects: (childrenOf.get(parent.code) ?? []).map((item) => {
            const relisted = item.relistOf ? byCode.get(item.relistOf) : undefined;
            const entry = entryOf.get(item.code);
            const own = collectIndicators(item.code);
            return {
              id: anchor('project', item.code),
              code: item.code,
              number: item.number,
              name: item.name,
              description: item.description,
              isNew: item.isNew,
              isPartnerProject: item.isPartnerProject,
              relist: item.relistOf ? { kind: item.relistKind === 'partial' ? '一部再掲' : '再掲', code: item.relistOf, name: relisted?.name ?? item.relistOf } : null,
              departments: [...new Set(item.departments.map((dep) => departmentName(dep.department, dep.textAsWritten)))],
              numericTargetText: item.numericTargetText,
              subItems: (childrenOf.get(item.code) ?? []).map((sub) => ({
                number: sub.number,
                name: sub.name,
                description: sub.description,
                departments: [...new Set(sub.departments.map((dep) => departmentName(dep.department, dep.textAsWritten)))],
              })),
              table: own.length > 0 ? indicatorTable(`${item.number ?? item.code} ${item.name} 数値目標`, own, context) : null,
              narratives: entry ? narrativesOf(entry, round?.fiscalYear ?? null, round?.state ?? '', includeDrafts) : [],
              selfGrade: entry?.selfGrade ?? null,
              printedPage: numberOr(item.attributes.page, null),
            };
          }),
        })),
      });
    }
  }

  const footnotes = Array.isArray(attributes.footnotes)
    ? attributes.footnotes.flatMap((f: unknown) => {
        const note = f as { term?: unknown; text?: unknown };
        return typeof note.term === 'string' && typeof note.text === 'string' ? [{ term: note.term, text: note.text }] : [];
      })
    : [];

  return {
    plan: {
      code: dataset.plan.code,
      title: dataset.plan.title,
      organisationName: dataset.organisation.name,
      periodLabel: `${formatFiscalYear(dataset.plan.periodStartFy)}〜${formatFiscalYear(dataset.plan.periodEndFy)}（${dataset.plan.periodStartFy}〜${dataset.plan.periodEndFy}年度）`,
      levelNames,
      upperPlans: dataset.plan.upperPlans,
    },
    round: round
      ? {
          fiscalYear: round.fiscalYear,
          label: formatFiscalYear(round.fiscalYear),
          western: formatFiscalYear(round.fiscalYear, { style: 'western' }),
          state: roundStateLabel(round.state),
          published: round.state === 'published',
          basis: options.basisOf?.(round.fiscalYear) ?? null,
        }
      : null,
    availableRounds: visibleRounds.map((r) => r.fiscalYear),
    includesDrafts: includeDrafts,
    scale: { id: scale.id, name: scale.name, description: scale.description },
    gradingNote: gradingNote(scale, reportFy),
    footnotes,
    sections,
    projects,
    gradeCharts: gradeCharts(dataset, sections, collectIndicators, context),
    generatedFor: dataset.organisation.name,
  };
}

// ───────────────────────────── the indicator table ─────────────────────────────

interface TableContext {
  reportFy: number | null;
  /** What the evaluator needs of the plan: its first year, settings (rate method …) and scale. */
  judgement: PlanJudgementContext;
  targetsNotSet: { indicator: string; setBy: string; fiscalYear: number | null; text: string }[];
  /** Row headers the document uses for upper plans' targets ('アクションプランH31'), by setBy:fiscalYear. */
  columnLabels: Map<string, string>;
}

function indicatorTable(caption: string, indicators: DatasetIndicator[], context: TableContext): IndicatorTable {
  const columns: ReportColumn[] = indicators.map((i) => ({
    code: i.code,
    name: i.name,
    category: i.category,
    unit: i.unit,
    isReference: i.isReference,
    cumulative: i.aggregation === 'cumulative',
  }));
  const rows: ReportRow[] = [];
  const notes: string[] = [];

  // observations: one row per (fiscal year, kind), in year order
  const observationKeys = new Map<string, { fiscalYear: number; kind: string }>();
  for (const indicator of indicators) {
    for (const o of indicator.observations) observationKeys.set(`${o.fiscalYear}:${o.kind}`, { fiscalYear: o.fiscalYear, kind: o.kind });
  }
  const kindOrder = ['actual', 'estimate', 'status'];
  for (const { fiscalYear, kind } of [...observationKeys.values()].sort((a, b) => a.fiscalYear - b.fiscalYear || kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind))) {
    rows.push({
      key: `obs-${fiscalYear}-${kind}`,
      label: `${formatFiscalYear(fiscalYear, { style: 'short' })}${OBSERVATION_KIND_LABELS[kind] ?? kind}`,
      western: formatFiscalYear(fiscalYear, { style: 'western' }),
      kind: kind === 'status' ? 'status' : kind === 'estimate' ? 'estimate' : 'actual',
      cells: indicators.map((indicator) => {
        const o = indicator.observations.find((x) => x.fiscalYear === fiscalYear && x.kind === kind);
        return o ? observationCell(o, indicator.unit) : emptyCell();
      }),
    });
  }

  // targets: one row per horizon (who set it, which year)
  const horizons = new Map<string, { setBy: string; fiscalYear: number | null; kind: string; setByName: string | null }>();
  for (const indicator of indicators) {
    for (const t of indicator.targets) {
      const key = horizonKey(t);
      if (!horizons.has(key)) horizons.set(key, { setBy: t.setBy, fiscalYear: t.fiscalYear, kind: t.kind, setByName: t.setByName });
    }
  }
  for (const missing of context.targetsNotSet) {
    if (!indicators.some((i) => i.code === missing.indicator)) continue;
    const key = `${missing.setBy}:${missing.fiscalYear ?? ''}:by_year`;
    if (!horizons.has(key)) horizons.set(key, { setBy: missing.setBy, fiscalYear: missing.fiscalYear, kind: 'by_year', setByName: null });
  }
  const orderedHorizons = [...horizons.entries()].sort(
    ([, a], [, b]) => SET_BY_ORDER.indexOf(a.setBy) - SET_BY_ORDER.indexOf(b.setBy) || (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0),
  );
  for (const [key, horizon] of orderedHorizons) {
    rows.push({
      key: `target-${key}`,
      label: context.columnLabels.get(`${horizon.setBy}:${horizon.fiscalYear ?? ''}`) ?? horizonLabel(horizon),
      western: horizon.fiscalYear === null ? null : formatFiscalYear(horizon.fiscalYear, { style: 'western' }),
      kind: 'target',
      cells: indicators.map((indicator) => {
        const targets = indicator.targets.filter((t) => horizonKey(t) === key);
        if (targets.length === 0) {
          const notSet = context.targetsNotSet.some((n) => n.indicator === indicator.code && `${n.setBy}:${n.fiscalYear ?? ''}:by_year` === key);
          return notSet ? { text: '—', value: null, format: 'count', missing: '目標の設定なし' } : emptyCell();
        }
        return targetCell(targets, indicator.unit);
      }),
    });
  }

  // achievement rate and grade in the report year, as the evaluator judges them
  const fy = context.reportFy;
  const evaluations = fy === null ? [] : indicators.map((indicator) => evaluate(indicator, fy, context.judgement));
  const methods = [...new Set(evaluations.flatMap((e) => (e.method ? [RATE_METHOD_LABELS[e.method]] : [])))];
  if (fy !== null && methods.length > 0) {
    rows.push({
      key: 'rate',
      label: `達成率（${formatFiscalYear(fy, { style: 'short' })}）`,
      western: formatFiscalYear(fy, { style: 'western' }),
      kind: 'rate',
      cells: evaluations.map((e) => e.rateCell),
    });
    rows.push({
      key: 'grade',
      label: `評価（${formatFiscalYear(fy, { style: 'short' })}）`,
      western: formatFiscalYear(fy, { style: 'western' }),
      kind: 'grade',
      cells: evaluations.map((e) => e.gradeCell),
    });
    notes.push(
      `達成率は${formatFiscalYear(fy)}の値（実績、なければ見込・状況）をその年度の目標（毎年度の基準・維持の範囲、なければその年度以後で最も近い目標年度の目標値。本計画の目標を優先）と比べたもので、計算式を各欄に示します（${methods.join('・')}）。評価は「${context.judgement.scale.name}」（${context.judgement.scale.description}）によります。`,
    );
  }

  for (const indicator of indicators) {
    for (const line of (indicator.notes ?? '').split('\n').filter((l) => l.trim() !== '')) {
      const text = `${indicator.name}: ${line}`;
      if (line.startsWith('※') && notes.some((n) => n.endsWith(line))) continue;
      notes.push(line.startsWith('※') ? line : text);
    }
    for (const target of indicator.targets) {
      if (target.notes) notes.push(`${indicator.name}（目標）: ${target.notes}`);
    }
  }
  return { caption, columns, rows, notes: [...new Set(notes)] };
}

/** Consecutive columns of the same category share one header cell, as the document merges them. */
export function categorySpans(table: IndicatorTable): { category: string; span: number }[] {
  const spans: { category: string; span: number }[] = [];
  for (const column of table.columns) {
    const category = column.category ?? '';
    const last = spans[spans.length - 1];
    if (last && last.category === category && category !== '') last.span++;
    else spans.push({ category, span: 1 });
  }
  return spans;
}

function horizonKey(t: DatasetTarget): string {
  return `${t.setBy}:${t.fiscalYear ?? ''}:${t.kind === 'by_year' ? 'by_year' : t.kind}`;
}

const TARGET_KIND_LABELS: Record<string, string> = {
  every_year_min: '目標（毎年度）',
  every_year_max: '目標（毎年度）',
  maintain: '目標（維持）',
  percent_change: '目標（増減率）',
  qualitative: '目標（文章）',
};

function horizonLabel(h: { setBy: string; fiscalYear: number | null; kind: string }): string {
  const year = h.fiscalYear === null ? '' : formatFiscalYear(h.fiscalYear, { style: 'short' });
  if (h.setBy === 'action_plan') return `アクションプラン${year}`;
  if (h.setBy === 'strategic_vision') return `戦略ビジョン${year}`;
  if (h.kind !== 'by_year' && h.kind !== 'percent_change') return `${TARGET_KIND_LABELS[h.kind] ?? '目標'}${h.setBy === 'other' ? '（参考）' : ''}`;
  const prefix = h.setBy === 'this_plan' ? '' : h.setBy === 'upper_plan' ? '上位計画' : '参考';
  return `${prefix}${year}目標`;
}

function formatOf(unit: string | null): NumberFormat {
  if (unit === '円') return 'yen';
  if (unit === '%') return 'percent';
  return 'count';
}

function emptyCell(): ReportCell {
  return { text: '', value: null, format: 'count' };
}

function missingLabel(reason: string | null): string | undefined {
  if (reason === null) return undefined;
  return MISSING_REASON_LABELS[reason as MissingReason] ?? reason;
}

function observationCell(o: DatasetObservation, unit: string | null): ReportCell {
  const cell: ReportCell = {
    text: o.text,
    value: o.value === null ? null : Number(o.value),
    format: formatOf(o.unit ?? unit),
  };
  if (o.approximate) cell.approximate = true;
  if (o.asOf) cell.asOf = `${formatJapaneseDate(o.asOf, { style: 'short' })}時点`;
  const missing = missingLabel(o.missingReason);
  if (missing) cell.missing = missing;
  return cell;
}

function targetCell(targets: DatasetTarget[], unit: string | null): ReportCell {
  const [first] = targets;
  const text = targets.map((t) => targetText(t, unit)).join(' / ');
  const value = targets.length === 1 && first?.value ? Number(first.value) : null;
  return { text, value, format: formatOf(unit) };
}

function targetText(t: DatasetTarget, unit: string | null): string {
  if (t.text) return t.text;
  if (t.value !== null) return formatJapaneseNumber(d(t.value), unit);
  if (t.bandLow !== null && t.bandHigh !== null) return `${formatJapaneseNumber(d(t.bandLow), unit)}〜${formatJapaneseNumber(d(t.bandHigh), unit)}`;
  return '';
}

/** An indicator of the dataset as the evaluator reads stored rows (judgement/indicator-year.ts). */
function indicatorData(indicator: DatasetIndicator): IndicatorData {
  return {
    code: indicator.code,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    aggregation: indicator.aggregation,
    rateMethod: indicator.rateMethod,
    baselineValue: indicator.baseline?.value ?? null,
    baselineFy: indicator.baseline?.fiscalYear ?? null,
    targets: indicator.targets.map((t) => ({ kind: t.kind, fiscalYear: t.fiscalYear, value: t.value, bandLow: t.bandLow, bandHigh: t.bandHigh, text: t.text, setBy: t.setBy, setByName: t.setByName })),
    observations: indicator.observations.map((o) => ({ fiscalYear: o.fiscalYear, kind: o.kind, value: o.value, text: o.text, approximate: o.approximate, asOf: o.asOf, missingReason: o.missingReason })),
  };
}

interface Evaluation {
  /** The method the evaluator used; null: nothing to judge (no target …). */
  method: RateMethod | null;
  rateCell: ReportCell;
  gradeCell: ReportCell;
  grade: string | null;
}

/** The indicator's rate and grade in the year, from the one evaluator the portal, the API and `evaluate` use. */
function evaluate(indicator: DatasetIndicator, fiscalYear: number, judgement: PlanJudgementContext): Evaluation {
  const { method, rate, grade, note } = evaluateIndicatorYear(indicatorData(indicator), fiscalYear, judgement, null, false);
  const rateCell: ReportCell =
    rate === null
      ? { text: '—', value: null, format: 'percent', missing: note ?? '', formula: note ?? '' }
      : rate.status === 'ok'
        ? { text: formatPercent(rate.rate, Math.max(1, rate.rate.decimalPlaces())), value: rate.rate.dividedBy(100).toNumber(), format: 'percent', formula: rate.formula }
        : { text: rate.label, value: null, format: 'percent', missing: rate.message, formula: rate.message };
  const explanation = grade?.explanation ?? note ?? '';
  const gradeCell: ReportCell = grade?.grade
    ? { text: grade.grade.code, value: null, format: 'count', formula: explanation, color: grade.grade.color }
    : { text: '—', value: null, format: 'count', formula: explanation };
  return { method, rateCell, gradeCell, grade: grade?.grade?.code ?? null };
}

function narrativesOf(entry: Dataset['rounds'][number]['entries'][number], fiscalYear: number | null, roundState: string, includeDrafts: boolean): Narrative[] {
  const year = fiscalYear === null ? '' : formatFiscalYear(fiscalYear);
  const next = fiscalYear === null ? '' : formatFiscalYear(fiscalYear + 1);
  // the public report never carries an entry that was not approved (plans/publication.ts)
  if (!includeDrafts && !entryIsPublic(roundState, entry.state)) return [{ label: `${year} ${NOT_APPROVED_LABEL}`, text: '公表時に承認されていなかったため、評価と取組結果は掲載していません。' }];
  const out: Narrative[] = [];
  if (entry.resultsText) out.push({ label: `${year} 取組結果`, text: entry.resultsText });
  if (entry.planText) out.push({ label: `${next} 取組計画`, text: entry.planText });
  if (entry.issuesText) out.push({ label: '今後に向けて', text: entry.issuesText });
  return out;
}

// ───────────────────────────── charts ─────────────────────────────

function trendChart(indicator: DatasetIndicator, context: TableContext): TrendChart | null {
  const points = indicator.observations
    .filter((o) => o.value !== null && (o.kind === 'actual' || o.kind === 'estimate'))
    .map((o) => ({ fiscalYear: o.fiscalYear, label: formatFiscalYear(o.fiscalYear, { style: 'short' }), value: Number(o.value), exact: o.value ?? '0', text: o.text, kind: OBSERVATION_KIND_LABELS[o.kind] ?? o.kind }));
  if (points.length < 2) return null;
  const targets = indicator.targets
    .filter((t) => t.kind === 'by_year' && t.value !== null && t.fiscalYear !== null)
    .map((t) => ({ fiscalYear: t.fiscalYear ?? 0, label: context.columnLabels.get(`${t.setBy}:${t.fiscalYear ?? ''}`) ?? horizonLabel(t), value: Number(t.value), exact: t.value ?? '0', text: t.text ?? formatJapaneseNumber(d(t.value ?? '0'), indicator.unit), setBy: t.setBy }));
  const main = targets.find((t) => t.setBy === 'this_plan') ?? targets[0];
  let projection: TrendChart['projection'] = null;
  if (main) {
    const result: Projection = projectTarget(
      points.map((p) => ({ fiscalYear: p.fiscalYear, value: d(p.exact) })),
      d(main.exact),
      indicator.direction === 'down' ? 'down' : 'up',
      'least_squares',
      { targetFiscalYear: main.fiscalYear },
    );
    projection = { explanation: result.explanation, line: projectionLine(points, Math.max(main.fiscalYear, ...points.map((p) => p.fiscalYear))) };
  }
  const format = formatOf(indicator.unit);
  const unit = indicator.unit;
  const values = points.map((p) => `${p.label} ${p.text}`).join('、');
  const targetWords = targets.map((t) => `${t.label} ${t.text}`).join('、');
  return {
    id: anchor('trend', indicator.code),
    title: `${indicator.name}の推移`,
    description: `${indicator.name}の実績の推移: ${values}。${targetWords ? `目標: ${targetWords}。` : ''}${projection ? `見通し: ${projection.explanation}` : ''}`,
    unit,
    format,
    points,
    targets,
    projection,
  };
}

/** The least-squares line through the points, from the first point to `toFiscalYear`. */
function projectionLine(points: { fiscalYear: number; value: number }[], toFiscalYear: number): { fiscalYear: number; value: number }[] {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.fiscalYear, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.fiscalYear - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.fiscalYear - mx) * (p.value - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const at = (x: number) => my + slope * (x - mx);
  const from = points[0]?.fiscalYear ?? toFiscalYear;
  return [
    { fiscalYear: from, value: at(from) },
    { fiscalYear: toFiscalYear, value: at(toFiscalYear) },
  ];
}

function gradeCharts(
  dataset: Dataset,
  sections: ReportSection[],
  collectIndicators: (code: string) => DatasetIndicator[],
  context: TableContext,
): GradeChart[] {
  const charts: GradeChart[] = [];
  const scale = context.judgement.scale;

  // 1. Grades recorded in the data as counts (進捗評価 indicators, e.g. プラン2016: 分野2 A 3 → 14).
  const recorded = dataset.indicators.filter((i) => i.category === '進捗評価' && /#grade-/.test(i.code));
  if (recorded.length > 0) {
    const sendai = SCALES['sendai-abc'];
    const groupName = (itemCode: string) => {
      const item = dataset.items.find((i) => i.code === itemCode);
      return item ? (item.parent === null && itemCode !== 'all' ? withLevel(dataset.plan.levelNames[0] ?? '', item.number ?? item.code) : item.name) : itemCode;
    };
    const keys = new Map<string, { group: string; fiscalYear: number }>();
    for (const indicator of recorded) {
      for (const o of indicator.observations) keys.set(`${indicator.item}:${o.fiscalYear}`, { group: indicator.item, fiscalYear: o.fiscalYear });
    }
    const bars = [...keys.values()]
      .sort((a, b) => a.group.localeCompare(b.group) || a.fiscalYear - b.fiscalYear)
      .map(({ group, fiscalYear }) => ({
        group: groupName(group),
        fiscalYear,
        label: `${groupName(group)} ${formatFiscalYear(fiscalYear)}`,
        counts: sendai.grades.map((g) => {
          const indicator = recorded.find((i) => i.item === group && i.code.endsWith(`#grade-${g.code}`));
          const o = indicator?.observations.find((x) => x.fiscalYear === fiscalYear);
          return o?.value ? Number(o.value) : null;
        }),
        total: null,
      }));
    const words = bars.map((b) => `${b.label}: ${sendai.grades.map((g, i) => `${g.code} ${b.counts[i] === null ? '記載なし' : `${b.counts[i]}事業`}`).join('、')}`).join('。');
    charts.push({
      id: 'chart-grades-recorded',
      title: '評価（A・B・C）の事業数の推移（計画書の記載による）',
      description: `計画書の本文に書かれている評価ごとの事業数。${words}。`,
      grades: sendai.grades.map((g) => ({ code: g.code, label: g.label, color: g.color })),
      bars,
      note: stringOr((dataset.plan.attributes.evaluation as { chartsNote?: unknown } | undefined)?.chartsNote, '記載のない評価の事業数は「記載なし」とし、0とはしていません。'),
    });
  }

  // 2. Grades the evaluator gives the indicators, per top-level item and year (a manual scale gives none).
  if (scale.rule.type === 'manual') return charts;
  const years = [...new Set(dataset.indicators.flatMap((i) => i.observations.filter((o) => o.kind === 'actual' && o.value !== null).map((o) => o.fiscalYear)))]
    .filter((fy) => fy >= dataset.plan.periodStartFy && fy <= dataset.plan.periodEndFy && (context.reportFy === null || fy <= context.reportFy))
    .sort((a, b) => a - b);
  const bars: GradeChart['bars'] = [];
  for (const section of sections) {
    const indicators = collectIndicators(section.code);
    for (const fy of years) {
      const judged = indicators.map((i) => evaluate(i, fy, context.judgement)).filter((e) => e.method !== null);
      if (judged.length === 0) continue;
      const counts = scale.grades.map((g) => judged.filter((e) => e.grade === g.code).length);
      bars.push({ group: section.heading, fiscalYear: fy, label: `${section.heading} ${formatFiscalYear(fy)}`, counts, total: judged.length });
    }
  }
  if (bars.length > 0) {
    const words = bars.map((b) => `${b.label}: ${scale.grades.map((g, i) => `${g.code} ${b.counts[i] ?? 0}`).join('、')}`).join('。');
    charts.push({
      id: 'chart-grades-computed',
      title: `成果指標の評価の分布（${sections[0]?.levelName ?? ''}別・年度別）`,
      description: `各年度の値を目標と比べた評価（${scale.name}）の指標数。${words}。`,
      grades: scale.grades.map((g) => ({ code: g.code, label: g.label, color: g.color })),
      bars,
      note: '各年度の値（実績、なければ見込・状況）をその年度の目標と比べた達成率による機械的な評価で、指標のページと同じものです。年度途中の値や「今後調査」「—」は評価不能（−）です。',
    });
  }
  return charts;
}

// ───────────────────────────── helpers ─────────────────────────────

function gradingNote(scale: Scale, reportFy: number | null): string {
  const year = reportFy === null ? '' : `${formatFiscalYear(reportFy)}（${reportFy}年度）の`;
  if (scale.rule.type === 'manual') {
    return `この計画の評価「${scale.name}」は担当課の判断によるため、表の評価欄に機械的な評価はありません（${year}達成率と計算式は示します）。`;
  }
  return `表の評価欄は${year}達成率から「${scale.name}」で求めたものです。`;
}

function departmentNamer(dataset: Dataset): (code: string, textAsWritten: string | null) => string {
  const byCode = new Map(dataset.departments.map((x) => [x.code, x]));
  return (code, textAsWritten) => {
    if (textAsWritten) return textAsWritten;
    const dep = byCode.get(code);
    if (!dep) return code;
    const parent = dep.parent ? byCode.get(dep.parent) : undefined;
    return parent ? `${parent.name} ${dep.name}` : dep.name;
  };
}

function targetsNotSetOf(attributes: Record<string, unknown>): TableContext['targetsNotSet'] {
  const list = attributes.targetsNotSet;
  if (!Array.isArray(list)) return [];
  return list.flatMap((x: unknown) => {
    const t = x as { indicator?: unknown; setBy?: unknown; fiscalYear?: unknown; text?: unknown };
    return typeof t.indicator === 'string' && typeof t.setBy === 'string'
      ? [{ indicator: t.indicator, setBy: t.setBy, fiscalYear: typeof t.fiscalYear === 'number' ? t.fiscalYear : null, text: typeof t.text === 'string' ? t.text : '—' }]
      : [];
  });
}

/** plan.attributes.upperPlanDetails → the document's column headers ('アクションプラン H31' → 'アクションプランH31'). */
function upperPlanColumns(attributes: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const list = attributes.upperPlanDetails;
  if (!Array.isArray(list)) return out;
  for (const x of list as unknown[]) {
    const u = x as { setBy?: unknown; targetFiscalYear?: unknown; targetColumn?: unknown };
    if (typeof u.setBy === 'string' && typeof u.targetFiscalYear === 'number' && typeof u.targetColumn === 'string') {
      out.set(`${u.setBy}:${u.targetFiscalYear}`, u.targetColumn.replace(/\s+/g, ''));
    }
  }
  return out;
}

/** '分野' + '1' → '分野1'; a number printed with its level ('分野1', '基本目標1') stays as it is. */
function withLevel(level: string, number: string): string {
  return number.startsWith(level) ? number : `${level}${number}`;
}

function anchor(kind: string, code: string): string {
  return `${kind}-${encodeURIComponent(code).replace(/%/g, '_')}`;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

