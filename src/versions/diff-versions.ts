// What changed between two versions of a plan, as readable Japanese lines in groups: items
// added, removed, retired, moved, renamed, reordered; indicators added and removed; targets
// changed (value, text, fiscal year, kind). Pure: two snapshots in, lines out.
import { formatFiscalYear } from '../domain/wareki.js';
import type { PlanSnapshot, SnapshotIndicator, SnapshotItem, SnapshotTarget } from './plan-snapshot.js';

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

const itemLabel = (item: Pick<SnapshotItem, 'code' | 'name'>) => `「${item.code} ${item.name}」`;
const indicatorLabel = (indicator: Pick<SnapshotIndicator, 'code' | 'name'>) => `指標「${indicator.code} ${indicator.name}」`;
const fy = (year: number | null) => (year === null ? 'なし' : formatFiscalYear(year));

function valueText(target: SnapshotTarget, unit: string | null): string {
  const u = unit ?? '';
  if (target.kind === 'maintain' && (target.bandLow !== null || target.bandHigh !== null)) {
    return `${target.bandLow !== null ? plainNumber(target.bandLow) : ''}〜${target.bandHigh !== null ? plainNumber(target.bandHigh) : ''}${u}`;
  }
  if (target.kind === 'percent_change' && target.changePercent !== null) return `${plainNumber(target.changePercent)}%`;
  return target.value !== null ? `${plainNumber(target.value)}${u}` : '—';
}

/** 「令和7年度までの目標」「毎年度（以上）」: which target of an indicator a line is about. */
function targetWhen(target: SnapshotTarget): string {
  return target.kind === 'by_year' && target.fiscalYear !== null ? `${formatFiscalYear(target.fiscalYear)}までの目標` : TARGET_KIND_LABELS[target.kind];
}

/** 「令和7年度までの目標 650団体（表記「650団体」）」 */
function describeTarget(target: SnapshotTarget, unit: string | null): string {
  return `${targetWhen(target)} ${valueText(target, unit)}${target.text ? `（表記「${target.text}」）` : ''}`;
}

function targetChanges(before: SnapshotTarget, after: SnapshotTarget, unit: string | null): string[] {
  const changes: string[] = [];
  if (before.kind !== after.kind) changes.push(`種類 ${TARGET_KIND_LABELS[before.kind]} → ${TARGET_KIND_LABELS[after.kind]}`);
  if (before.fiscalYear !== after.fiscalYear) changes.push(`年度 ${fy(before.fiscalYear)} → ${fy(after.fiscalYear)}`);
  if (!sameDecimal(before.value, after.value) || !sameDecimal(before.bandLow, after.bandLow) || !sameDecimal(before.bandHigh, after.bandHigh) || !sameDecimal(before.changePercent, after.changePercent)) {
    changes.push(`値 ${valueText(before, unit)} → ${valueText(after, unit)}`);
  }
  if ((before.text ?? '') !== (after.text ?? '')) changes.push(`表記「${before.text ?? ''}」→「${after.text ?? ''}」`);
  if (before.setBy !== after.setBy || (before.setByName ?? '') !== (after.setByName ?? '')) changes.push(`設定元 ${before.setByName ?? before.setBy} → ${after.setByName ?? after.setBy}`);
  return changes;
}

function childrenCodes(items: readonly SnapshotItem[]): Map<string | null, string[]> {
  const map = new Map<string | null, string[]>();
  for (const item of items) map.set(item.parent, [...(map.get(item.parent) ?? []), item.code]);
  return map;
}

export function diffVersions(from: PlanStructure, to: PlanStructure): DiffGroup[] {
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
  const before = new Map(from.items.map((i) => [i.code, i]));
  const after = new Map(to.items.map((i) => [i.code, i]));
  const parentLabel = (code: string | null, map: Map<string, SnapshotItem>) => {
    if (code === null) return '最上位';
    const parent = map.get(code);
    return parent ? `「${parent.code} ${parent.name}」の下` : `「${code}」の下`;
  };

  for (const item of to.items) {
    const old = before.get(item.code);
    if (!old) {
      groups.itemsAdded.push(`${itemLabel(item)}を追加（${parentLabel(item.parent, after)}）`);
      continue;
    }
    if (old.parent !== item.parent) groups.itemsMoved.push(`${itemLabel(item)}: ${parentLabel(old.parent, before)} → ${parentLabel(item.parent, after)}`);
    if (old.name !== item.name) groups.itemsRenamed.push(`「${item.code}」: 「${old.name}」→「${item.name}」`);
    if (!old.retired && item.retired) {
      groups.itemsRetired.push(`${itemLabel(item)}を廃止（${item.retired.at}${item.retired.reason ? `、理由: ${item.retired.reason}` : ''}）`);
    }
  }
  for (const item of from.items) if (!after.has(item.code)) groups.itemsRemoved.push(`${itemLabel(item)}を削除`);

  // order among siblings that stayed under the same parent
  const oldChildren = childrenCodes(from.items);
  for (const [parent, codes] of childrenCodes(to.items)) {
    const oldCodes = oldChildren.get(parent);
    if (!oldCodes) continue;
    const kept = codes.filter((c) => oldCodes.includes(c));
    const keptBefore = oldCodes.filter((c) => kept.includes(c));
    if (kept.length > 1 && kept.join('\u0000') !== keptBefore.join('\u0000')) {
      groups.itemsReordered.push(`${parentLabel(parent, after)}の並び順: ${keptBefore.join('、')} → ${kept.join('、')}`);
    }
  }

  const oldIndicators = new Map(from.indicators.map((i) => [i.code, i]));
  const newIndicators = new Map(to.indicators.map((i) => [i.code, i]));
  for (const indicator of to.indicators) {
    const old = oldIndicators.get(indicator.code);
    if (!old) {
      const item = after.get(indicator.item);
      groups.indicatorsAdded.push(`${indicatorLabel(indicator)}を追加（${item ? itemLabel(item) : `「${indicator.item}」`}）`);
      continue;
    }
    const count = Math.max(old.targets.length, indicator.targets.length);
    for (let i = 0; i < count; i += 1) {
      const a = old.targets[i];
      const b = indicator.targets[i];
      if (a && b) {
        const changes = targetChanges(a, b, indicator.unit);
        if (changes.length > 0) groups.targetsChanged.push(`${indicatorLabel(indicator)}の目標（${targetWhen(a)}）: ${changes.join('、')}`);
      } else if (b) {
        groups.targetsChanged.push(`${indicatorLabel(indicator)}に目標を追加: ${describeTarget(b, indicator.unit)}`);
      } else if (a) {
        groups.targetsChanged.push(`${indicatorLabel(indicator)}の目標を削除: ${describeTarget(a, old.unit)}`);
      }
    }
  }
  for (const indicator of from.indicators) {
    if (!newIndicators.has(indicator.code)) {
      const item = before.get(indicator.item);
      groups.indicatorsRemoved.push(`${indicatorLabel(indicator)}を削除（${item ? itemLabel(item) : `「${indicator.item}」`}）`);
    }
  }

  return (Object.keys(DIFF_GROUPS) as DiffGroupKind[]).flatMap((kind) => (groups[kind].length > 0 ? [{ kind, title: DIFF_GROUPS[kind], lines: groups[kind] }] : []));
}
