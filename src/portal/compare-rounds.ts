// "What changed" between two published rounds of a plan: grades, narratives, indicator values of
// the two fiscal years, and items that have an entry in only one of them.
import type { Queryable } from '../db/client.js';
import { observationOfYear } from '../judgement/indicator-year.js';
import { countedGrade, NOT_APPROVED_LABEL } from '../plans/publication.js';
import { diffSentences, type DiffPart } from './text-diff.js';
import { loadPublicJudgementData, publishedEntriesOfRound, type PlanRef } from './portal.repository.js';

export interface RoundComparison {
  from: number;
  to: number;
  grades: { itemCode: string; itemName: string; before: string | null; after: string | null }[];
  texts: { itemCode: string; itemName: string; field: 'resultsText' | 'planText' | 'issuesText'; parts: DiffPart[] }[];
  values: { code: string; name: string; unit: string | null; before: { value: string | null; missingReason: string | null; text: string } | null; after: { value: string | null; missingReason: string | null; text: string } | null }[];
  added: { itemCode: string; itemName: string }[];
  removed: { itemCode: string; itemName: string }[];
}

const TEXT_FIELDS = ['resultsText', 'planText', 'issuesText'] as const;

export async function compareRounds(db: Queryable, plan: PlanRef, from: number, to: number): Promise<RoundComparison> {
  const before = await publishedEntriesOfRound(db, plan.id, from);
  const after = await publishedEntriesOfRound(db, plan.id, to);
  const result: RoundComparison = { from, to, grades: [], texts: [], values: [], added: [], removed: [] };
  for (const [code, a] of after) {
    const b = before.get(code);
    if (!b) {
      result.added.push({ itemCode: code, itemName: a.itemName });
      continue;
    }
    const gradeBefore = b.approved ? countedGrade(b) : NOT_APPROVED_LABEL;
    const gradeAfter = a.approved ? countedGrade(a) : NOT_APPROVED_LABEL;
    if (gradeBefore !== gradeAfter) result.grades.push({ itemCode: code, itemName: a.itemName, before: gradeBefore, after: gradeAfter });
    if (!a.approved || !b.approved) continue; // 未承認: no text is public to compare
    for (const field of TEXT_FIELDS) {
      const x = b[field] ?? '';
      const y = a[field] ?? '';
      if (x !== y) result.texts.push({ itemCode: code, itemName: a.itemName, field, parts: diffSentences(x, y) });
    }
  }
  for (const [code, b] of before) if (!after.has(code)) result.removed.push({ itemCode: code, itemName: b.itemName });

  const data = await loadPublicJudgementData(db, plan);
  for (const indicator of data?.indicators ?? []) {
    const x = observationOfYear(indicator.observations, from);
    const y = observationOfYear(indicator.observations, to);
    if (!x && !y) continue;
    const pick = (o: typeof x) => (o ? { value: o.value, missingReason: o.missingReason, text: o.text } : null);
    result.values.push({ code: indicator.code, name: indicator.name, unit: indicator.unit, before: pick(x), after: pick(y) });
  }
  return result;
}
