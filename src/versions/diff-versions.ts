// What changed between two versions of a plan, as readable lines in groups: items added,
// removed, retired, moved, renamed, reordered; indicators added and removed; targets changed
// (value, text, fiscal year, kind). Japanese lines, or English ones for the /en portal (the frame
// words translated; codes, names and values as written stay as stored). Pure: two snapshots in, lines out.
import { formatFiscalYear } from '../domain/wareki.js';
import type { Lang } from '../portal/i18n.js';
import type { PlanSnapshot, SnapshotItem, SnapshotTarget } from './plan-snapshot.js';

/** The parts of a snapshot the comparison reads. */
export type PlanStructure = Pick<PlanSnapshot, 'items' | 'indicators'>;

export const DIFF_GROUPS = {
  itemsAdded: '追加された項目',
  itemsRemoved: '削除された項目',
  itemsRetired: '廃止された項目',
  itemsMoved: '移動した項目',
  itemsRenamed: '名称が変わった項目',
  itemsReordered: '並び順が変わった項目',
  indicatorsAdded: '追加された指標',
  indicatorsRemoved: '削除された指標',
  targetsChanged: '目標の変更',
} as const;
export type DiffGroupKind = keyof typeof DIFF_GROUPS;

export interface DiffGroup {
  kind: DiffGroupKind;
  title: string;
  lines: string[];
}

export const TARGET_KIND_LABELS: Record<SnapshotTarget['kind'], string> = {
  by_year: '年度までの目標',
  every_year_min: '毎年度（以上）',
  every_year_max: '毎年度（以下）',
  maintain: '維持',
  percent_change: '増減率',
  qualitative: '数値なし',
};

/** "650" "1,200.5": an exact decimal string with thousands separators, trailing zeros dropped. */
export function plainNumber(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = decimal.replace(/^-/, '').split('.');
  const digits = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${digits}${rest ? `.${rest}` : ''}`;
}

function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return plainNumber(a) === plainNumber(b);
}

/** The frame words of a comparison in one language; plan content (codes, names, values as written) stays as stored. */
interface DiffWords {
  groups: Record<DiffGroupKind, string>;
  kinds: Record<SnapshotTarget['kind'], string>;
  /** 「1-1 担い手の育成」 / “1-1 担い手の育成”: an item by code and name. */
  quote: (text: string) => string;
  fiscalYear: (year: number | null) => string;
  band: (low: string, high: string, unit: string) => string;
  /** Where an item sits: the top level, or under its parent ('「1 …」の下'). */
  topLevel: string;
  under: (parent: string) => string;
  /** Target kinds other than a year's: the kind label; a year's: 令和7年度までの目標 / by FY2025. */
  byYear: (year: string) => string;
  written: (text: string) => string;
  setBy: (target: SnapshotTarget) => string;
  kindChange: (before: string, after: string) => string;
  yearChange: (before: string, after: string) => string;
  valueChange: (before: string, after: string) => string;
  textChange: (before: string, after: string) => string;
  setByChange: (before: string, after: string) => string;
  changesJoin: string;
  codesJoin: string;
  itemAdded: (item: string, where: string) => string;
  itemMoved: (item: string, from: string, to: string) => string;
  itemRenamed: (code: string, before: string, after: string) => string;
  itemRetired: (item: string, at: string, reason: string | null) => string;
  itemRemoved: (item: string) => string;
  itemsReordered: (where: string, before: string, after: string) => string;
  indicatorAdded: (indicator: string, item: string) => string;
  indicatorRemoved: (indicator: string, item: string) => string;
  /** 「指標「…」の目標（令和7年度までの目標）: 値 600団体 → 650団体」 */
  targetChanged: (indicator: string, when: string, changes: string) => string;
  targetAdded: (indicator: string, target: string) => string;
  targetRemoved: (indicator: string, target: string) => string;
  /** 「令和7年度までの目標 650団体（表記「650団体」）」 */
  target: (when: string, value: string, text: string | null) => string;
}

export const DIFF_GROUPS_EN: Record<DiffGroupKind, string> = {
  itemsAdded: 'Items added',
  itemsRemoved: 'Items removed',
  itemsRetired: 'Items retired',
  itemsMoved: 'Items moved',
  itemsRenamed: 'Items renamed',
  itemsReordered: 'Items reordered',
  indicatorsAdded: 'Indicators added',
  indicatorsRemoved: 'Indicators removed',
  targetsChanged: 'Target changes',
};

export const TARGET_KIND_LABELS_EN: Record<SnapshotTarget['kind'], string> = {
  by_year: 'by a fiscal year',
  every_year_min: 'every-year minimum',
  every_year_max: 'every-year maximum',
  maintain: 'maintain',
  percent_change: 'percentage change',
  qualitative: 'no figure',
};

const TARGET_SOURCE_LABELS_EN: Record<SnapshotTarget['setBy'], string> = {
  this_plan: 'this plan',
  action_plan: 'action plan',
  strategic_vision: 'strategic vision',
  upper_plan: 'upper plan',
  other: 'other',
};

const JA: DiffWords = {
  groups: DIFF_GROUPS,
  kinds: TARGET_KIND_LABELS,
  quote: (text) => `「${text}」`,
  fiscalYear: (year) => (year === null ? 'なし' : formatFiscalYear(year)),
  band: (low, high, unit) => `${low}〜${high}${unit}`,
  topLevel: '最上位',
  under: (parent) => `${parent}の下`,
  byYear: (year) => `${year}までの目標`,
  written: (text) => `表記「${text}」`,
  setBy: (target) => target.setByName ?? target.setBy,
  kindChange: (a, b) => `種類 ${a} → ${b}`,
  yearChange: (a, b) => `年度 ${a} → ${b}`,
  valueChange: (a, b) => `値 ${a} → ${b}`,
  textChange: (a, b) => `表記「${a}」→「${b}」`,
  setByChange: (a, b) => `設定元 ${a} → ${b}`,
  changesJoin: '、',
  codesJoin: '、',
  itemAdded: (item, where) => `${item}を追加（${where}）`,
  itemMoved: (item, from, to) => `${item}: ${from} → ${to}`,
  itemRenamed: (code, a, b) => `「${code}」: 「${a}」→「${b}」`,
  itemRetired: (item, at, reason) => `${item}を廃止（${at}${reason ? `、理由: ${reason}` : ''}）`,
  itemRemoved: (item) => `${item}を削除`,
  itemsReordered: (where, a, b) => `${where}の並び順: ${a} → ${b}`,
  indicatorAdded: (indicator, item) => `指標${indicator}を追加（${item}）`,
  indicatorRemoved: (indicator, item) => `指標${indicator}を削除（${item}）`,
  targetChanged: (indicator, when, changes) => `指標${indicator}の目標（${when}）: ${changes}`,
  targetAdded: (indicator, target) => `指標${indicator}に目標を追加: ${target}`,
  targetRemoved: (indicator, target) => `指標${indicator}の目標を削除: ${target}`,
  target: (when, value, text) => `${when} ${value}${text ? `（表記「${text}」）` : ''}`,
};

const EN: DiffWords = {
  groups: DIFF_GROUPS_EN,
  kinds: TARGET_KIND_LABELS_EN,
  quote: (text) => `“${text}”`,
  fiscalYear: (year) => (year === null ? 'none' : `FY${year}`),
  band: (low, high, unit) => `${low}–${high}${unit}`,
  topLevel: 'at the top level',
  under: (parent) => `under ${parent}`,
  byYear: (year) => `by ${year}`,
  written: (text) => `as written “${text}”`,
  setBy: (target) => target.setByName ?? TARGET_SOURCE_LABELS_EN[target.setBy],
  kindChange: (a, b) => `Kind ${a} → ${b}`,
  yearChange: (a, b) => `Fiscal year ${a} → ${b}`,
  valueChange: (a, b) => `Value ${a} → ${b}`,
  textChange: (a, b) => `As written “${a}” → “${b}”`,
  setByChange: (a, b) => `Set by ${a} → ${b}`,
  changesJoin: '; ',
  codesJoin: ', ',
  itemAdded: (item, where) => `Item ${item} added (${where})`,
  itemMoved: (item, from, to) => `Item ${item}: ${from} → ${to}`,
  itemRenamed: (code, a, b) => `Item “${code}”: “${a}” → “${b}”`,
  itemRetired: (item, at, reason) => `Item ${item} retired (${at}${reason ? `, reason: ${reason}` : ''})`,
  itemRemoved: (item) => `Item ${item} removed`,
  itemsReordered: (where, a, b) => `Order ${where}: ${a} → ${b}`,
  indicatorAdded: (indicator, item) => `Indicator ${indicator} added (item ${item})`,
  indicatorRemoved: (indicator, item) => `Indicator ${indicator} removed (item ${item})`,
  targetChanged: (indicator, when, changes) => `Indicator ${indicator}, target (${when}): ${changes}`,
  targetAdded: (indicator, target) => `Target added to indicator ${indicator}: ${target}`,
  targetRemoved: (indicator, target) => `Target removed from indicator ${indicator}: ${target}`,
  target: (when, value, text) => `${when}, ${value}${text ? ` (as written “${text}”)` : ''}`,
};

const WORDS: Record<Lang, DiffWords> = { ja: JA, en: EN };

function valueText(w: DiffWords, target: SnapshotTarget, unit: string | null): string {
  const u = unit ?? '';
  if (target.kind === 'maintain' && (target.bandLow !== null || target.bandHigh !== null)) {
    return w.band(target.bandLow !== null ? plainNumber(target.bandLow) : '', target.bandHigh !== null ? plainNumber(target.bandHigh) : '', u);
  }
  if (target.kind === 'percent_change' && target.changePercent !== null) return `${plainNumber(target.changePercent)}%`;
  return target.value !== null ? `${plainNumber(target.value)}${u}` : '—';
}

/** 「令和7年度までの目標」「毎年度（以上）」 / "by FY2025" "every-year minimum": which target of an indicator a line is about. */
function targetWhen(w: DiffWords, target: SnapshotTarget): string {
  return target.kind === 'by_year' && target.fiscalYear !== null ? w.byYear(w.fiscalYear(target.fiscalYear)) : w.kinds[target.kind];
}

function describeTarget(w: DiffWords, target: SnapshotTarget, unit: string | null): string {
  return w.target(targetWhen(w, target), valueText(w, target, unit), target.text);
}

function targetChanges(w: DiffWords, before: SnapshotTarget, after: SnapshotTarget, unit: string | null): string[] {
  const changes: string[] = [];
  if (before.kind !== after.kind) changes.push(w.kindChange(w.kinds[before.kind], w.kinds[after.kind]));
  if (before.fiscalYear !== after.fiscalYear) changes.push(w.yearChange(w.fiscalYear(before.fiscalYear), w.fiscalYear(after.fiscalYear)));
  if (!sameDecimal(before.value, after.value) || !sameDecimal(before.bandLow, after.bandLow) || !sameDecimal(before.bandHigh, after.bandHigh) || !sameDecimal(before.changePercent, after.changePercent)) {
    changes.push(w.valueChange(valueText(w, before, unit), valueText(w, after, unit)));
  }
  if ((before.text ?? '') !== (after.text ?? '')) changes.push(w.textChange(before.text ?? '', after.text ?? ''));
  if (before.setBy !== after.setBy || (before.setByName ?? '') !== (after.setByName ?? '')) changes.push(w.setByChange(w.setBy(before), w.setBy(after)));
  return changes;
}

function childrenCodes(items: readonly SnapshotItem[]): Map<string | null, string[]> {
  const map = new Map<string | null, string[]>();
  for (const item of items) map.set(item.parent, [...(map.get(item.parent) ?? []), item.code]);
  return map;
}

/** What changed from one version to the next, in groups of readable lines: Japanese by default, English frame text with `lang` 'en'. */
export function diffVersions(from: PlanStructure, to: PlanStructure, lang: Lang = 'ja'): DiffGroup[] {
  const w = WORDS[lang];
  const groups: Record<DiffGroupKind, string[]> = {
    itemsAdded: [],
    itemsRemoved: [],
    itemsRetired: [],
    itemsMoved: [],
    itemsRenamed: [],
    itemsReordered: [],
    indicatorsAdded: [],
    indicatorsRemoved: [],
    targetsChanged: [],
  };
  const label = (thing: Pick<SnapshotItem, 'code' | 'name'>) => w.quote(`${thing.code} ${thing.name}`);
  const before = new Map(from.items.map((i) => [i.code, i]));
  const after = new Map(to.items.map((i) => [i.code, i]));
  const parentLabel = (code: string | null, map: Map<string, SnapshotItem>) => {
    if (code === null) return w.topLevel;
    const parent = map.get(code);
    return w.under(parent ? label(parent) : w.quote(code));
  };
  const itemOf = (code: string, map: Map<string, SnapshotItem>) => {
    const item = map.get(code);
    return item ? label(item) : w.quote(code);
  };

  for (const item of to.items) {
    const old = before.get(item.code);
    if (!old) {
      groups.itemsAdded.push(w.itemAdded(label(item), parentLabel(item.parent, after)));
      continue;
    }
    if (old.parent !== item.parent) groups.itemsMoved.push(w.itemMoved(label(item), parentLabel(old.parent, before), parentLabel(item.parent, after)));
    if (old.name !== item.name) groups.itemsRenamed.push(w.itemRenamed(item.code, old.name, item.name));
    if (!old.retired && item.retired) groups.itemsRetired.push(w.itemRetired(label(item), item.retired.at, item.retired.reason));
  }
  for (const item of from.items) if (!after.has(item.code)) groups.itemsRemoved.push(w.itemRemoved(label(item)));

  // order among siblings that stayed under the same parent
  const oldChildren = childrenCodes(from.items);
  for (const [parent, codes] of childrenCodes(to.items)) {
    const oldCodes = oldChildren.get(parent);
    if (!oldCodes) continue;
    const kept = codes.filter((c) => oldCodes.includes(c));
    const keptBefore = oldCodes.filter((c) => kept.includes(c));
    if (kept.length > 1 && kept.join('\u0000') !== keptBefore.join('\u0000')) {
      groups.itemsReordered.push(w.itemsReordered(parentLabel(parent, after), keptBefore.join(w.codesJoin), kept.join(w.codesJoin)));
    }
  }

  const oldIndicators = new Map(from.indicators.map((i) => [i.code, i]));
  const newIndicators = new Map(to.indicators.map((i) => [i.code, i]));
  for (const indicator of to.indicators) {
    const old = oldIndicators.get(indicator.code);
    if (!old) {
      groups.indicatorsAdded.push(w.indicatorAdded(label(indicator), itemOf(indicator.item, after)));
      continue;
    }
    const count = Math.max(old.targets.length, indicator.targets.length);
    for (let i = 0; i < count; i += 1) {
      const a = old.targets[i];
      const b = indicator.targets[i];
      if (a && b) {
        const changes = targetChanges(w, a, b, indicator.unit);
        if (changes.length > 0) groups.targetsChanged.push(w.targetChanged(label(indicator), targetWhen(w, a), changes.join(w.changesJoin)));
      } else if (b) {
        groups.targetsChanged.push(w.targetAdded(label(indicator), describeTarget(w, b, indicator.unit)));
      } else if (a) {
        groups.targetsChanged.push(w.targetRemoved(label(indicator), describeTarget(w, a, old.unit)));
      }
    }
  }
  for (const indicator of from.indicators) {
    if (!newIndicators.has(indicator.code)) groups.indicatorsRemoved.push(w.indicatorRemoved(label(indicator), itemOf(indicator.item, before)));
  }

  return (Object.keys(DIFF_GROUPS) as DiffGroupKind[]).flatMap((kind) => (groups[kind].length > 0 ? [{ kind, title: w.groups[kind], lines: groups[kind] }] : []));
}
