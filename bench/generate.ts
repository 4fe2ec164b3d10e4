// Deterministic synthetic data: N organisations, each with a plan shaped like the bundled ones
// (分野 → 基本施策 → 事業, 局 → 課 departments, ~3 indicators per 事業 with targets and ten years
// of observations, rounds with entries), loaded through the product's own path (importDataset,
// one transaction per organisation). Prints rows/s.
//
//   npm run bench:generate -- --orgs 50 [--seed 1] [--years 10]
//   DATABASE_URL=postgres://… npm run bench:generate -- --orgs 1741      (a national-size set)
//
// Without DATABASE_URL it loads into an in-memory PGlite. The same seed gives the same data.
import { parseArgs } from 'node:util';
import { openDatabase, migrateDatabase, type Database } from '../src/db/client.js';
import { Dataset, type DatasetInput } from '../src/datasets/dataset-format.js';
import { importDataset } from '../src/datasets/import-dataset.js';
import { ensureShippedScales } from '../src/plans/scales.repository.js';
import { SYSTEM_ACTOR } from '../src/system/audit.repository.js';

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs and machines). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['市民活動の促進', '地域づくりの推進', '多様な主体の協働'];
const BUREAUS = ['市民局', '健康福祉局', '子供未来局', '環境局', '経済局', '都市整備局', '教育局'];
const SECTIONS = ['企画課', '推進課', '支援課', '調整課'];
const UNITS = [
  { unit: '団体', base: 300, step: 12 },
  { unit: '人', base: 5000, step: 150 },
  { unit: '件', base: 120, step: 6 },
  { unit: '%', base: 40, step: 1.5 },
  { unit: '円', base: 400_000_000, step: 20_000_000 },
];
const NUMBERS = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

export interface GenerateOptions {
  seed: number;
  years: number;
  firstYear: number;
}

/** One organisation's plan (about 100 事業, 300 indicators, 3,000 observations by default). */
export function syntheticDataset(index: number, options: GenerateOptions): DatasetInput {
  const random = prng(options.seed * 1_000_003 + index);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const orgCode = `city-${String(index + 1).padStart(4, '0')}`;
  const departments: NonNullable<DatasetInput['departments']> = [];
  for (const bureau of BUREAUS) {
    departments.push({ code: bureau, name: bureau, kind: 'bureau' });
    for (const section of SECTIONS) departments.push({ code: `${bureau}/${section}`, name: `${bureau.replace('局', '')}${section}`, kind: 'section', parent: bureau });
  }
  const items: DatasetInput['items'] = [];
  const indicators: NonNullable<DatasetInput['indicators']> = [];
  const entries: { item: string; resultsText: string; selfGrade: string }[] = [];
  const lastYear = options.firstYear + options.years - 1;
  FIELDS.forEach((field, f) => {
    const fieldCode = String(f + 1);
    items.push({ code: fieldCode, parent: null, number: `分野${f + 1}`, name: field });
    const policies = 4 + Math.floor(random() * 2);
    for (let p = 1; p <= policies; p++) {
      const policyCode = `${fieldCode}-(${p})`;
      items.push({ code: policyCode, parent: fieldCode, number: `(${p})`, name: `${field}の基本施策${p}` });
      const projects = 6 + Math.floor(random() * 4);
      for (let j = 0; j < projects; j++) {
        const code = `${policyCode}-${NUMBERS[j]}`;
        const department = `${pick(BUREAUS)}/${pick(SECTIONS)}`;
        items.push({
          code,
          parent: policyCode,
          number: NUMBERS[j] ?? String(j + 1),
          name: `${field}事業${f + 1}-${p}-${j + 1}`,
          description: `合成データ（${orgCode}）: ${field}に関する事業。`,
          isNew: random() < 0.1,
          isPartnerProject: random() < 0.2,
          departments: [{ department }],
        });
        entries.push({ item: code, resultsText: `${lastYear - 1}年度の取組結果（合成）`, selfGrade: pick(['A', 'A', 'B', 'C']) });
        for (let k = 1; k <= 3; k++) {
          const shape = pick(UNITS);
          const trend = (random() - 0.3) * shape.step;
          const observations = [];
          for (let y = 0; y < options.years; y++) {
            const fiscalYear = options.firstYear + y;
            if (random() < 0.03) {
              observations.push({ fiscalYear, value: null, text: '今後調査', missingReason: 'not_yet_surveyed' as const });
              continue;
            }
            const raw = shape.base + trend * y + (random() - 0.5) * shape.step;
            const value = shape.unit === '%' ? Math.max(0, raw).toFixed(1) : String(Math.max(0, Math.round(raw)));
            observations.push({ fiscalYear, value, text: `${value}${shape.unit}`, unit: shape.unit });
          }
          const target = shape.unit === '%' ? (shape.base + 8).toFixed(1) : String(Math.round(shape.base + shape.step * options.years * 0.8));
          indicators.push({
            code: `${code}#${k}`,
            item: code,
            name: `${field}指標${f + 1}-${p}-${j + 1}-${k}`,
            unit: shape.unit,
            baseline: { value: observations[0]?.value ?? null, fiscalYear: options.firstYear, text: observations[0]?.text ?? null },
            targets: [{ kind: 'by_year', fiscalYear: lastYear, value: target, text: `${target}${shape.unit}` }],
            observations,
          });
        }
      }
    }
  });
  return {
    format: 'shinchoku-dataset/1',
    organisation: { code: orgCode, name: `合成市${index + 1}` },
    departments,
    plan: {
      code: `${orgCode}-plan`,
      title: `合成市${index + 1} 協働まちづくり推進プラン`,
      periodStartFy: options.firstYear,
      periodEndFy: lastYear,
      upperPlans: [`合成市${index + 1}基本計画`],
      sdgGoals: [17],
      levelNames: ['分野', '基本施策', '事業'],
      scale: 'sendai-abc',
    },
    items,
    indicators,
    rounds: [
      { fiscalYear: lastYear - 2, state: 'published', entries },
      { fiscalYear: lastYear - 1, state: 'published', entries },
    ],
  };
}

export async function generate(database: Database, orgs: number, options: GenerateOptions, progress?: (done: number, rows: number, ms: number) => void) {
  await ensureShippedScales(database.db);
  const started = performance.now();
  let rows = 0;
  for (let i = 0; i < orgs; i++) {
    const dataset = Dataset.parse(syntheticDataset(i, options));
    const summary = await importDataset(database.db, dataset, SYSTEM_ACTOR, { dryRun: false });
    rows += Object.values(summary.tables).reduce((n, t) => n + t.created, 0);
    progress?.(i + 1, rows, performance.now() - started);
  }
  return { rows, ms: performance.now() - started };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({ options: { orgs: { type: 'string' }, seed: { type: 'string' }, years: { type: 'string' } } });
  const orgs = Number(values.orgs ?? 20);
  const options: GenerateOptions = { seed: Number(values.seed ?? 1), years: Number(values.years ?? 10), firstYear: 2016 };
  process.env.LOG_LEVEL ??= 'warn';
  const url = process.env.DATABASE_URL?.trim();
  const database = await openDatabase(url ? { url } : {});
  await migrateDatabase(database);
  console.log(`generating ${orgs} organisations (seed ${options.seed}, ${options.years} years) into ${url ? 'PostgreSQL' : 'in-memory PGlite'}`);
  const step = Math.max(1, Math.floor(orgs / 10));
  const result = await generate(database, orgs, options, (done, rows, ms) => {
    if (done % step === 0 || done === orgs) console.log(`  ${done}/${orgs} organisations, ${rows.toLocaleString('en')} rows, ${(rows / (ms / 1000)).toFixed(0)} rows/s`);
  });
  console.log(`done: ${result.rows.toLocaleString('en')} rows in ${(result.ms / 1000).toFixed(1)} s = ${(result.rows / (result.ms / 1000)).toFixed(0)} rows/s (${(result.ms / orgs).toFixed(0)} ms per organisation)`);
  await database.close();
}
