// Reads a whole plan back into the dataset format: the same shape as datasets/<code>/plan.json,
// so an export can be imported again (into this or another installation) unchanged.
import type { Queryable, Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { Dataset, type DatasetInput } from './dataset-format.js';
import * as repo from './dataset.repository.js';
import { draftObservationKeys, entryIsPublic } from '../plans/publication.js';
import { readPlanRows, type PlanRows } from './plan-rows.js';
import { catalogueLinksOfPlan } from '../compare/catalogue.repository.js';

/**
 * `publicOnly`: leave out values typed into rounds that are not published (plans/publication.ts).
 * `rows`: the plan's rows already read (readPlanRows), so an import reads them only once.
 */
export async function exportDataset(db: Queryable, planCode: string, options: { publicOnly?: boolean; rows?: PlanRows | null } = {}): Promise<Dataset> {
  const tx = db as Tx; // reads only: works on a transaction or the database alike
  const found = await repo.planForExport(tx, planCode);
  if (!found) throw new AppError('PLAN_NOT_FOUND', { code: planCode });
  const { plan, organisation } = found;
  const rows = options.rows?.planId === plan.id ? options.rows : await readPlanRows(tx, plan.id);

  const items = rows.items;
  const owners = rows.owners;
  const itemById = new Map([...items].map(([code, item]) => [item.id, { code, ...item }]));

  // depth-first, in the order of the document (position among siblings)
  const children = new Map<number | null, { code: string; id: number; position: number }[]>();
  for (const item of itemById.values()) {
    const list = children.get(item.parentId) ?? [];
    list.push(item);
    children.set(item.parentId, list);
  }
  const ordered: string[] = [];
  const visit = (parentId: number | null) => {
    for (const child of (children.get(parentId) ?? []).sort((a, b) => a.position - b.position)) {
      ordered.push(child.code);
      visit(child.id);
    }
  };
  visit(null);

  // the departments this plan's items name, with their parents (局)
  const allDepartments = await repo.departmentsByIds(tx, organisation.id);
  const departmentById = new Map(allDepartments.map((x) => [x.id, x]));
  const used = new Set<number>();
  for (const list of owners.values()) {
    for (const owner of list) {
      for (let id: number | null = owner.departmentId; id !== null && !used.has(id); id = departmentById.get(id)?.parentId ?? null) used.add(id);
    }
  }

  const indicatorRows = [...rows.indicators].sort(([, a], [, b]) => a.position - b.position);
  const targetRows = rows.targets;
  let observationRows = rows.observations;
  if (options.publicOnly) {
    // a filtered copy: the rows read may be shared
    const drafts = await draftObservationKeys(tx, plan.id);
    observationRows = new Map(
      [...observationRows].map(([indicatorId, byKey]) => [indicatorId, new Map([...byKey].filter(([, row]) => !drafts.has(`${indicatorId}|${row.fiscalYear}|${row.kind}`)))]),
    );
  }
  const catalogueLinks = await catalogueLinksOfPlan(tx, plan.id);
  // the public sees published rounds only, and of them only the approved entries' content (未承認)
  const roundRows = (await repo.roundsForExport(tx, plan.id)).filter((round) => !options.publicOnly || round.state === 'published');
  const shown = (roundState: string, entryState: string) => !options.publicOnly || entryIsPublic(roundState, entryState);
  const roundEntries = await Promise.all(roundRows.map((round) => repo.entriesOf(tx, round.id)));

  const itemCode = (id: number) => itemById.get(id)?.code ?? '';
  const input: DatasetInput = {
    format: 'shinchoku-dataset/1',
    organisation: {
      code: organisation.code,
      name: organisation.name,
      nameEn: organisation.nameEn,
      kind: organisation.kind as 'municipality',
      ...(organisation.population !== null
        ? { population: organisation.population, populationAsOf: organisation.populationAsOf, populationSource: organisation.populationSource }
        : {}),
    },
    departments: allDepartments
      .filter((x) => used.has(x.id))
      .map((x) => ({ code: x.code, name: x.name, kind: x.kind as 'section', parent: x.parentCode })),
    plan: {
      code: plan.code,
      title: plan.title,
      shortTitle: plan.shortTitle,
      description: plan.description,
      periodStartFy: plan.periodStartFy,
      periodEndFy: plan.periodEndFy,
      upperPlans: plan.upperPlans,
      sdgGoals: plan.sdgGoals,
      levelNames: plan.levelNames,
      scale: found.scaleCode,
      status: plan.status as 'active',
      predecessor: found.predecessorCode,
      settings: plan.settings,
      source: Object.fromEntries(Object.entries(plan.source).filter(([key]) => key !== 'decisions')),
      attributes: plan.attributes,
    },
    items: ordered.map((code) => {
      const item = items.get(code);
      if (!item) throw new Error(`item ${code} vanished during export`);
      return {
        code,
        parent: item.parentId === null ? null : itemCode(item.parentId),
        number: item.number,
        name: item.name,
        description: item.description,
        numericTargetText: item.numericTargetText,
        isPriority: item.isPriority,
        isNew: item.isNew,
        isPartnerProject: item.isPartnerProject,
        tags: item.tags,
        relistOf: item.relistOfCode,
        relistKind: item.relistKind as 'full' | null,
        attributes: item.attributes,
        departments: (owners.get(item.id) ?? []).map((owner) => ({
          department: departmentById.get(owner.departmentId)?.code ?? '',
          role: owner.role as 'lead',
          textAsWritten: owner.textAsWritten,
        })),
      };
    }),
    indicators: indicatorRows.map(([code, indicator]) => ({
      code,
      item: itemCode(indicator.itemId),
      name: indicator.name,
      category: indicator.category,
      unit: indicator.unit,
      direction: indicator.direction as 'up',
      aggregation: indicator.aggregation as 'annual',
      rateMethod: indicator.rateMethod as 'ratio' | null,
      baseline:
        indicator.baselineValue === null && indicator.baselineText === null && indicator.baselineFy === null
          ? null
          : { value: indicator.baselineValue, text: indicator.baselineText, fiscalYear: indicator.baselineFy, asOf: indicator.baselineAsOf },
      breakdownLabels: indicator.breakdownLabels,
      source: indicator.source,
      notes: indicator.notes,
      isReference: indicator.isReference,
      ...(catalogueLinks.has(indicator.id) ? { catalogue: catalogueOf(catalogueLinks.get(indicator.id)) } : {}),
      targets: (targetRows.get(indicator.id) ?? []).map(({ position: _position, ...target }) => ({ ...target, kind: target.kind as 'by_year', setBy: target.setBy as 'this_plan' })),
      observations: [...(observationRows.get(indicator.id)?.values() ?? [])]
        .sort((a, b) => a.fiscalYear - b.fiscalYear || a.kind.localeCompare(b.kind))
        .map(({ id: _id, ...o }) => ({ ...o, kind: o.kind as 'actual', missingReason: o.missingReason as 'blank' | null })),
    })),
    rounds: roundRows.map((round, i) => ({
      fiscalYear: round.fiscalYear,
      state: round.state as 'published',
      entries: [...(roundEntries[i]?.entries() ?? [])]
        .map(([itemId, entry]) => ({ itemId, entry }))
        .sort((a, b) => ordered.indexOf(itemCode(a.itemId)) - ordered.indexOf(itemCode(b.itemId)))
        .map(({ itemId, entry }) => ({
          item: itemCode(itemId),
          state: entry.state as 'approved',
          ...(shown(round.state, entry.state)
            ? { selfGrade: entry.selfGrade, resultsText: entry.resultsText, planText: entry.planText, issuesText: entry.issuesText }
            : { selfGrade: null, resultsText: null, planText: null, issuesText: null }),
        })),
    })),
    decisions: Array.isArray(plan.source.decisions) ? (plan.source.decisions as string[]) : [],
  };
  return Dataset.parse(input);
}

function catalogueOf(link: { code: string; unitFactor: string; note: string | null } | undefined) {
  return link ? { code: link.code, unitFactor: link.unitFactor, note: link.note } : null;
}
