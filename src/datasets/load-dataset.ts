// Loads a plan dataset (datasets/<code>/plan.json) into the database, inside the transaction
// it is given. Idempotent on stable codes: a second load of the same file writes nothing and
// reports every row unchanged; a changed file updates rows in place.
import { sameValues } from './compare.js';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { recordAudit, type Actor } from '../system/audit.repository.js';
import type { Dataset } from './dataset-format.js';
import * as repo from './dataset.repository.js';
import type { PlanRows } from './plan-rows.js';
import { loadCatalogueLinks } from '../compare/load-catalogue-links.js';

export type TableName = 'organisations' | 'departments' | 'plans' | 'items' | 'itemDepartments' | 'indicators' | 'targets' | 'observations' | 'rounds' | 'entries' | 'catalogueLinks';

/** Japanese names of the tables a load counts, for previews and summaries. */
export const TABLE_LABELS: Record<TableName, string> = {
  organisations: '団体',
  departments: '部署',
  plans: '計画',
  items: '施策・事業',
  itemDepartments: '担当課の割当',
  indicators: '指標',
  targets: '目標値',
  observations: '実績値',
  rounds: '評価年度',
  entries: '評価記入',
  catalogueLinks: '都市間比較の対応',
};

export interface LoadCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface LoadSummary {
  plan: string;
  tables: Record<TableName, LoadCounts>;
  /** True when nothing was written. */
  unchanged: boolean;
}

function emptyCounts(): Record<TableName, LoadCounts> {
  const names: TableName[] = ['organisations', 'departments', 'plans', 'items', 'itemDepartments', 'indicators', 'targets', 'observations', 'rounds', 'entries', 'catalogueLinks'];
  return Object.fromEntries(names.map((n) => [n, { created: 0, updated: 0, unchanged: 0 }])) as Record<TableName, LoadCounts>;
}

/** Checks the references inside a dataset before anything is written. */
export function checkDatasetReferences(dataset: Dataset): void {
  const problems: string[] = [];
  const departments = new Set(dataset.departments.map((x) => x.code));
  for (const department of dataset.departments) {
    if (department.parent && !departments.has(department.parent)) problems.push(`部署「${department.code}」の親「${department.parent}」がありません`);
  }
  const items = new Set<string>();
  for (const item of dataset.items) {
    if (items.has(item.code)) problems.push(`施策コード「${item.code}」が重複しています`);
    if (item.parent !== null && !items.has(item.parent)) problems.push(`施策「${item.code}」の親「${item.parent}」がそれより前にありません`);
    items.add(item.code);
    for (const owner of item.departments) {
      if (!departments.has(owner.department)) problems.push(`施策「${item.code}」の担当課「${owner.department}」が部署一覧にありません`);
    }
  }
  for (const item of dataset.items) {
    if (item.relistOf !== null && !items.has(item.relistOf)) problems.push(`施策「${item.code}」の再掲元「${item.relistOf}」がありません`);
    if ((item.relistOf === null) !== (item.relistKind === null)) problems.push(`施策「${item.code}」の再掲元と再掲の種類は両方必要です`);
  }
  const indicators = new Set<string>();
  for (const indicator of dataset.indicators) {
    if (indicators.has(indicator.code)) problems.push(`指標コード「${indicator.code}」が重複しています`);
    indicators.add(indicator.code);
    if (!items.has(indicator.item)) problems.push(`指標「${indicator.code}」の施策「${indicator.item}」がありません`);
    const seen = new Set<string>();
    for (const observation of indicator.observations) {
      const key = `${observation.fiscalYear}/${observation.kind}`;
      if (seen.has(key)) problems.push(`指標「${indicator.code}」の${observation.fiscalYear}年度（${observation.kind}）の値が重複しています`);
      seen.add(key);
      if ((observation.value === null) === (observation.missingReason === null)) {
        problems.push(`指標「${indicator.code}」の${observation.fiscalYear}年度: 値か欠測理由のどちらか一方が必要です`);
      }
    }
  }
  for (const round of dataset.rounds) {
    for (const entry of round.entries) {
      if (!items.has(entry.item)) problems.push(`${round.fiscalYear}年度の評価の施策「${entry.item}」がありません`);
    }
  }
  if (problems.length > 0) throw new AppError('DATASET_INVALID', { plan: dataset.plan.code, reason: problems.slice(0, 20).join('; ') });
}

export interface LoadOptions {
  /** The plan's rows as read earlier in this transaction (an import's base): not read again. */
  current?: PlanRows | null;
}

export async function loadDataset(tx: Tx, dataset: Dataset, actor: Actor, options: LoadOptions = {}): Promise<LoadSummary> {
  checkDatasetReferences(dataset);
  const counts = emptyCounts();
  const count = (table: TableName, outcome: keyof LoadCounts, n = 1) => {
    counts[table][outcome] += n;
  };

  // organisation
  const organisation = await repo.upsertOrganisation(tx, dataset.organisation);
  count('organisations', organisation.outcome);

  // departments (parents first: the file lists 局 before their 課, or we sort them so)
  const departmentIds = new Map<string, number>();
  const existingDepartments = await repo.departmentsOf(tx, organisation.id);
  for (const department of sortParentsFirst(dataset.departments)) {
    const parentId = department.parent ? departmentIds.get(department.parent) ?? null : null;
    const wanted = { name: department.name, kind: department.kind, parentId };
    const existing = existingDepartments.get(department.code);
    if (!existing) {
      departmentIds.set(department.code, await repo.insertDepartment(tx, organisation.id, department.code, wanted));
      count('departments', 'created');
    } else {
      departmentIds.set(department.code, existing.id);
      if (sameValues(wanted, existing)) count('departments', 'unchanged');
      else {
        await repo.updateDepartment(tx, existing.id, wanted);
        count('departments', 'updated');
      }
    }
  }

  // plan
  const scaleId = dataset.plan.scale ? await repo.scaleIdByCode(tx, dataset.plan.scale) : null;
  if (dataset.plan.scale && scaleId === null) throw new AppError('DATASET_INVALID', { plan: dataset.plan.code, reason: `評価尺度「${dataset.plan.scale}」がありません` });
  const predecessorId = dataset.plan.predecessor ? await repo.planIdByCode(tx, dataset.plan.predecessor) : null;
  // the judgement calls made reading the source travel with the plan's provenance
  const planWithDecisions = dataset.decisions.length > 0 ? { ...dataset.plan, source: { ...dataset.plan.source, decisions: dataset.decisions } } : dataset.plan;
  const plan = await repo.upsertPlan(tx, organisation.id, planWithDecisions, { scaleId, predecessorId });
  count('plans', plan.outcome);

  // items, level by level (parents before children): new ones in one insert per level;
  // relistings point at ids known after the first pass
  const current = options.current?.planId === plan.id ? options.current : null;
  const existingItems = current?.items ?? (await repo.itemsOf(tx, plan.id));
  const itemIds = new Map<string, number>();
  const positions = new Map<string, number>();
  const depths = new Map<string, number>();
  const planned = dataset.items.map((item) => {
    const siblingKey = item.parent ?? '';
    const position = positions.get(siblingKey) ?? 0;
    positions.set(siblingKey, position + 1);
    const depth = item.parent === null ? 0 : (depths.get(item.parent) ?? 0) + 1;
    depths.set(item.code, depth);
    return { item, depth, position };
  });
  const maxDepth = Math.max(-1, ...planned.map((p) => p.depth));
  for (let depth = 0; depth <= maxDepth; depth++) {
    const toCreate: (repo.ItemValues & { code: string })[] = [];
    for (const { item, position } of planned.filter((p) => p.depth === depth)) {
      const wanted: repo.ItemValues = {
        parentId: item.parent === null ? null : itemIds.get(item.parent) ?? null,
        depth,
        position,
        number: item.number,
        name: item.name,
        description: item.description,
        numericTargetText: item.numericTargetText,
        isPriority: item.isPriority,
        isNew: item.isNew,
        isPartnerProject: item.isPartnerProject,
        tags: item.tags,
        attributes: item.attributes,
      };
      const existing = existingItems.get(item.code);
      if (!existing) {
        toCreate.push({ code: item.code, ...wanted });
        continue;
      }
      itemIds.set(item.code, existing.id);
      const relistSame = (existing.relistOfCode ?? null) === item.relistOf && (existing.relistKind ?? null) === item.relistKind;
      if (sameValues(wanted, existing) && relistSame) count('items', 'unchanged');
      else {
        await repo.updateItem(tx, existing.id, wanted);
        count('items', 'updated');
      }
    }
    for (const [code, id] of await repo.insertItems(tx, plan.id, toCreate)) itemIds.set(code, id);
    count('items', 'created', toCreate.length);
  }
  for (const item of dataset.items) {
    const id = itemIds.get(item.code);
    if (id === undefined) continue;
    const before = existingItems.get(item.code);
    if (item.relistOf !== null && item.relistKind !== null) {
      if (before?.relistOfCode === item.relistOf && before.relistKind === item.relistKind) continue;
      await repo.setRelist(tx, id, itemIds.get(item.relistOf) ?? null, item.relistKind);
    } else if (before?.relistOfCode) await repo.setRelist(tx, id, null, null);
  }

  // owners (担当課): compared per item as an ordered list; owners of new items in one insert
  const existingOwners = current?.owners ?? (await repo.ownersOf(tx, plan.id));
  const newOwners: (repo.OwnerValues & { itemId: number })[] = [];
  for (const item of dataset.items) {
    const itemId = itemIds.get(item.code);
    if (itemId === undefined) continue;
    const wanted = item.departments.map((owner, position) => ({
      departmentId: departmentIds.get(owner.department) ?? -1,
      role: owner.role,
      textAsWritten: owner.textAsWritten,
      position,
    }));
    const existing = existingOwners.get(itemId) ?? [];
    if (existing.length === wanted.length && wanted.every((w, i) => sameValues(w, existing[i] ?? {}))) count('itemDepartments', 'unchanged', wanted.length);
    else if (existing.length === 0) {
      newOwners.push(...wanted.map((w) => ({ itemId, ...w })));
      count('itemDepartments', 'created', wanted.length);
    } else {
      await repo.replaceOwners(tx, itemId, wanted);
      count('itemDepartments', 'updated', wanted.length);
    }
  }
  await repo.insertOwners(tx, newOwners);

  // indicators, their targets (as an ordered list) and observations (by year and kind)
  const existingIndicators = current?.indicators ?? (await repo.indicatorsOf(tx, plan.id));
  const existingTargets = current?.targets ?? (await repo.targetsOf(tx, plan.id));
  const existingObservations = current?.observations ?? (await repo.observationsOf(tx, plan.id));
  const source = `datasets/${dataset.plan.code}/plan.json`;
  const newTargets: (repo.TargetValues & { indicatorId: number })[] = [];
  const newObservations: (repo.ObservationValues & { indicatorId: number })[] = [];
  // indicators: new ones in one insert, changed ones updated; then targets and observations
  const indicatorIds = new Map<string, number>();
  const newIndicators: (repo.IndicatorValues & { code: string })[] = [];
  for (const [position, indicator] of dataset.indicators.entries()) {
    const itemId = itemIds.get(indicator.item);
    if (itemId === undefined) continue;
    const wanted: repo.IndicatorValues = {
      itemId,
      position,
      name: indicator.name,
      category: indicator.category,
      unit: indicator.unit,
      direction: indicator.direction,
      aggregation: indicator.aggregation,
      rateMethod: indicator.rateMethod,
      baselineValue: indicator.baseline?.value ?? null,
      baselineText: indicator.baseline?.text ?? null,
      baselineFy: indicator.baseline?.fiscalYear ?? null,
      baselineAsOf: indicator.baseline?.asOf ?? null,
      breakdownLabels: indicator.breakdownLabels,
      source: indicator.source,
      notes: indicator.notes,
      isReference: indicator.isReference,
    };
    const existing = existingIndicators.get(indicator.code);
    if (!existing) {
      newIndicators.push({ code: indicator.code, ...wanted });
      continue;
    }
    indicatorIds.set(indicator.code, existing.id);
    if (sameValues(wanted, existing)) count('indicators', 'unchanged');
    else {
      await repo.updateIndicator(tx, existing.id, wanted);
      count('indicators', 'updated');
    }
  }
  for (const [code, id] of await repo.insertIndicators(tx, plan.id, newIndicators)) indicatorIds.set(code, id);
  count('indicators', 'created', newIndicators.length);

  for (const indicator of dataset.indicators) {
    const indicatorId = indicatorIds.get(indicator.code);
    if (indicatorId === undefined) continue;
    const wantedTargets = indicator.targets.map((t, i) => ({
      kind: t.kind,
      fiscalYear: t.fiscalYear,
      value: t.value,
      bandLow: t.bandLow,
      bandHigh: t.bandHigh,
      changePercent: t.changePercent,
      text: t.text,
      setBy: t.setBy,
      setByName: t.setByName,
      notes: t.notes,
      position: i,
    }));
    const haveTargets = existingTargets.get(indicatorId) ?? [];
    const targetsSame = haveTargets.length === wantedTargets.length && wantedTargets.every((t, i) => sameValues(t, haveTargets[i] ?? {}));
    if (targetsSame) count('targets', 'unchanged', wantedTargets.length);
    else if (haveTargets.length === 0) {
      newTargets.push(...wantedTargets.map((t) => ({ indicatorId, ...t })));
      count('targets', 'created', wantedTargets.length);
    } else {
      await repo.replaceTargets(tx, indicatorId, wantedTargets);
      count('targets', 'updated', wantedTargets.length);
    }

    const haveObservations = existingObservations.get(indicatorId) ?? new Map();
    const toInsert: (repo.ObservationValues & { indicatorId: number })[] = [];
    for (const o of indicator.observations) {
      const wantedObservation: repo.ObservationValues = {
        fiscalYear: o.fiscalYear,
        kind: o.kind,
        value: o.value,
        text: o.text,
        unit: o.unit,
        approximate: o.approximate,
        parts: o.parts,
        asOf: o.asOf,
        missingReason: o.missingReason,
        note: o.note,
        source: o.source ?? source,
      };
      const have = haveObservations.get(`${o.fiscalYear}/${o.kind}`);
      if (!have) toInsert.push({ indicatorId, ...wantedObservation });
      else if (sameValues(wantedObservation, have)) count('observations', 'unchanged');
      else {
        await repo.updateObservation(tx, have.id, wantedObservation);
        count('observations', 'updated');
      }
    }
    newObservations.push(...toInsert);
    count('observations', 'created', toInsert.length);
  }
  await repo.insertTargets(tx, newTargets);
  await repo.insertObservations(tx, newObservations);

  // links to the shared catalogue (都市間比較): only indicators whose file says something
  const links = await loadCatalogueLinks(tx, plan.id, dataset, indicatorIds);
  count('catalogueLinks', 'created', links.created);
  count('catalogueLinks', 'updated', links.updated);
  count('catalogueLinks', 'unchanged', links.unchanged);

  // rounds and their entries (narratives of a past year)
  for (const round of dataset.rounds) {
    const roundRow = await repo.upsertRound(tx, plan.id, round.fiscalYear, round.state);
    count('rounds', roundRow.outcome);
    const haveEntries = await repo.entriesOf(tx, roundRow.id);
    for (const entry of round.entries) {
      const itemId = itemIds.get(entry.item);
      if (itemId === undefined) continue;
      const wanted = {
        state: entry.state,
        selfGrade: entry.selfGrade,
        resultsText: entry.resultsText,
        planText: entry.planText,
        issuesText: entry.issuesText,
      };
      const have = haveEntries.get(itemId);
      if (!have) {
        await repo.insertEntry(tx, plan.id, roundRow.id, itemId, wanted);
        count('entries', 'created');
      } else if (sameValues(wanted, have)) count('entries', 'unchanged');
      else {
        await repo.updateEntry(tx, have.id, have.version, wanted);
        count('entries', 'updated');
      }
    }
  }

  const unchanged = Object.values(counts).every((c) => c.created === 0 && c.updated === 0);
  if (!unchanged) {
    await recordAudit(tx, actor, 'dataset.load', { type: 'plan', id: dataset.plan.code }, null, { plan: dataset.plan.code, tables: counts });
  }
  return { plan: dataset.plan.code, tables: counts, unchanged };
}

/** Parents before children, otherwise in file order (a file already in that order is kept as is). */
function sortParentsFirst<T extends { code: string; parent: string | null }>(rows: readonly T[]): T[] {
  const codes = new Set(rows.map((r) => r.code));
  const done = new Set<string>();
  const result: T[] = [];
  let pending = [...rows];
  while (pending.length > 0) {
    const before = result.length;
    for (const row of pending) {
      if (row.parent === null || done.has(row.parent) || !codes.has(row.parent)) {
        result.push(row);
        done.add(row.code);
      }
    }
    if (result.length === before) return [...result, ...pending.filter((r) => !done.has(r.code))]; // a cycle: the database refuses it
    pending = pending.filter((row) => !done.has(row.code));
  }
  return result;
}
