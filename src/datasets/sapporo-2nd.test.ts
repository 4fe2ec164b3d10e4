// The bundled Sapporo dataset (datasets/sapporo-2nd/plan.json) checked against the copied source
// document (datasets/sapporo-2nd/source.txt), cell by cell. Every expected value below is read
// from the source text by the small readers in this file, or is a hand calculation written here;
// nothing is taken from plan.json itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Dataset } from './dataset-format.js';

const DIR = new URL('../../datasets/sapporo-2nd/', import.meta.url);
const sourceBytes = readFileSync(new URL('source.txt', DIR));
const source = sourceBytes.toString('utf8');
const sourceLines = source.split('\n');
const dataset = Dataset.parse(JSON.parse(readFileSync(new URL('plan.json', DIR), 'utf8')));

type Indicator = Dataset['indicators'][number];
type Item = Dataset['items'][number];
type Entry = Dataset['rounds'][number]['entries'][number];

// ---------------------------------------------------------------------------------------------
// Readers of the source text
// ---------------------------------------------------------------------------------------------

/** Remove all whitespace: PDF extraction splits cells and words with spaces. */
const compact = (text: string): string => text.replace(/\s+/gu, '');
/** The converter left HTML in some cells (<ul style=…>, <p>…</p>). */
const stripTags = (text: string): string => text.replace(/<[^>]*>/gu, ' ');
/** 平成 N 年 = 西暦 1988 + N (H25 = 2013, H31 = 2019, H34 = 2022). */
const heisei = (n: number): number => 1988 + n;

function item(code: string): Item {
  const found = dataset.items.find((i) => i.code === code);
  assert.ok(found, `item ${code} is in plan.json`);
  return found;
}

function indicator(code: string): Indicator {
  const found = dataset.indicators.find((i) => i.code === code);
  assert.ok(found, `indicator ${code} is in plan.json`);
  return found;
}

/** The lines of each 基本目標 page, from "基本目標 N" to the next one. */
function goalPages(): { goal: number; lines: string[] }[] {
  const starts = sourceLines.flatMap((line, index) => {
    const m = /^基本目標 (\d)$/u.exec(line);
    return m ? [{ goal: Number(m[1]), index }] : [];
  });
  return starts.map((s, i) => ({ goal: s.goal, lines: sourceLines.slice(s.index, starts[i + 1]?.index ?? sourceLines.length) }));
}

const pages = goalPages();

interface SourceTable {
  goal: number;
  categories: string[]; // per column, merged header cells carried to the right
  headers: string[]; // raw header cells
  rows: { label: string; cells: string[] }[];
}

function sourceTable(goal: number): SourceTable {
  const page = pages.find((p) => p.goal === goal);
  assert.ok(page);
  const start = page.lines.findIndex((l) => l.startsWith('成果指標 達成状況'));
  assert.ok(start >= 0, `基本目標 ${goal} has a 成果指標 table`);
  const headers = (page.lines[start + 1] ?? '').split('\t').slice(1);
  let last = '';
  const categories = (page.lines[start] ?? '')
    .split('\t')
    .slice(1, headers.length + 1)
    .map((c) => (c.trim() === '' ? last : (last = c.trim())));
  const rows: SourceTable['rows'] = [];
  for (const line of page.lines.slice(start + 2)) {
    if (line.trim() === '') break;
    const [label = '', ...cells] = line.split('\t');
    rows.push({ label: compact(label), cells: cells.map((c) => c.trim()) });
  }
  return { goal, categories, headers, rows };
}

const tables = [1, 2, 3, 4].map(sourceTable);

/** Column n of a goal table is indicator `${goal}-a`, `${goal}-b`, … */
const indicatorCode = (goal: number, column: number): string => `${goal}-${'abcdefgh'[column]}`;

function headerName(header: string): { name: string; note: string | null; isReference: boolean } {
  const [name = '', note] = header.split('※');
  const compacted = compact(name);
  const isReference = compacted.startsWith('参考:');
  return { name: isReference ? compacted.slice('参考:'.length) : compacted, note: note === undefined ? null : `※${compact(note)}`, isReference };
}

/** What a table row means: fiscal year and observation kind, or which plan sets the target. */
function rowMeaning(label: string):
  | { kind: 'actual' | 'status'; fiscalYear: number }
  | { kind: 'target'; setBy: 'this_plan' | 'action_plan' | 'strategic_vision'; fiscalYear: number } {
  const m = /^(アクションプラン|戦略ビジョン)?H(\d+)(実績|状況|目標)?$/u.exec(label);
  assert.ok(m, `row label ${label}`);
  const fiscalYear = heisei(Number(m[2]));
  if (m[1] === 'アクションプラン') return { kind: 'target', setBy: 'action_plan', fiscalYear };
  if (m[1] === '戦略ビジョン') return { kind: 'target', setBy: 'strategic_vision', fiscalYear };
  if (m[3] === '目標') return { kind: 'target', setBy: 'this_plan', fiscalYear };
  return { kind: m[3] === '実績' ? 'actual' : 'status', fiscalYear };
}

interface ExpectedCell {
  text: string;
  value: string | null;
  unit: string | null;
  approximate: boolean;
  parts: { label: string; value: string }[] | null;
  asOf: string | null;
  asOfText: string | null;
  qualifier: string | null;
  missingReason: 'not_yet_surveyed' | 'not_applicable' | null;
}

const KANJI_UNITS: Record<string, bigint> = { 億: 100_000_000n, 万: 10_000n };

/**
 * What a table cell says. Written independently of scripts/extract-sapporo.ts: money is summed
 * kanji unit by kanji unit; "2,684 団体 (H29.8.31.時点)" gives the as-of date.
 */
function readCell(raw: string): ExpectedCell {
  const none = { approximate: false, parts: null, asOf: null, asOfText: null, qualifier: null };
  if (raw === '—') return { ...none, text: '—', value: null, unit: null, missingReason: 'not_applicable' };
  if (raw === '今後調査') return { ...none, text: '今後調査', value: null, unit: null, missingReason: 'not_yet_surveyed' };
  let rest = raw;
  let asOf: string | null = null;
  let asOfText: string | null = null;
  let qualifier: string | null = null;
  const paren = /^(.*?)\s*\((.+)\)$/u.exec(rest);
  if (paren) {
    rest = paren[1] ?? '';
    const inner = compact(paren[2] ?? '');
    const date = /^H(\d+)\.(\d+)\.(\d+)\.?時点$/u.exec(inner);
    if (date) {
      asOfText = inner;
      const pad = (s: string | undefined): string => (s ?? '').padStart(2, '0');
      asOf = `${heisei(Number(date[1]))}-${pad(date[2])}-${pad(date[3])}`;
    } else {
      qualifier = inner;
    }
  }
  const breakdown = /^(\d+) (認定.*)$/u.exec(rest);
  if (breakdown) {
    const labels = compact(breakdown[2] ?? '');
    const parts = labels.split('、').map((p) => {
      const m = /^(.*?)(\d+)$/u.exec(p);
      assert.ok(m, `breakdown part ${p}`);
      return { label: m[1] ?? '', value: m[2] ?? '' };
    });
    return { ...none, text: `${breakdown[1]} ${labels}`, value: breakdown[1] ?? '', unit: '団体', parts, asOf, asOfText, qualifier, missingReason: null };
  }
  const text = compact(rest);
  if (text.endsWith('円')) {
    let yen = 0n;
    for (const m of text.matchAll(/([\d,]+)([億万])/gu)) yen += BigInt((m[1] ?? '').replaceAll(',', '')) * (KANJI_UNITS[m[2] ?? ''] ?? 0n);
    return { ...none, text, value: yen.toString(), unit: '円', approximate: text.startsWith('約'), asOf, asOfText, qualifier, missingReason: null };
  }
  const m = /^([\d,.]+)(%|件|団体)$/u.exec(text);
  assert.ok(m, `readable cell: ${raw}`);
  return { ...none, text, value: (m[1] ?? '').replaceAll(',', ''), unit: m[2] ?? '', asOf, asOfText, qualifier, missingReason: null };
}

/** The narrative cell labelled `label` (平成28年度取組結果 …) on a goal page, HTML removed. */
function sourceNarrative(goal: number, label: string): string {
  const page = pages.find((p) => p.goal === goal);
  assert.ok(page);
  const line = page.lines.find((l) => compact(l.split('\t')[0] ?? '') === label);
  assert.ok(line, `基本目標 ${goal}: ${label}`);
  return stripTags(line.slice(line.indexOf('\t') + 1)).trim();
}

/** The 基本施策 cell of a goal page: 基本施策 with ◎, code, name and the ・ initiatives. */
function sourcePolicies(goal: number): { code: string; priority: boolean; name: string; initiatives: string[] }[] {
  const page = pages.find((p) => p.goal === goal);
  assert.ok(page);
  const text = page.lines.join('\n');
  const header = '基本施策 (◎重点施策) ・実施した 主な取組';
  const cell = stripTags(text.slice(text.indexOf(header) + header.length, text.indexOf('成果指標 達成状況'))).replace(/-{3,}\t-+/gu, '');
  const found: { code: string; priority: boolean; name: string; initiatives: string[] }[] = [];
  const marks = [...cell.matchAll(/(◎?)(\d-\d)\s/gu)];
  marks.forEach((m, i) => {
    const body = cell.slice((m.index ?? 0) + m[0].length, marks[i + 1]?.index ?? cell.length);
    const [name = '', ...initiatives] = body.split(/\s・/u);
    found.push({ code: m[2] ?? '', priority: m[1] === '◎', name: compact(name), initiatives: initiatives.map(compact) });
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// The document and the dataset file
// ---------------------------------------------------------------------------------------------

test('source.txt is the seed document, byte for byte (sha256 recorded in plan.source)', () => {
  assert.equal(dataset.plan.source.sha256, createHash('sha256').update(sourceBytes).digest('hex'));
  const seed = new URL('../../../shared/seeds/002_fb7eb7b6d6829eed.txt', import.meta.url);
  if (existsSync(seed)) assert.deepEqual(readFileSync(seed), sourceBytes);
  assert.ok(source.startsWith('\n\n第2期 市民まちづくり活動促進基本計画'));
});

test('plan.json validates against Dataset, and every code it refers to exists', () => {
  const codes = new Set(dataset.items.map((i) => i.code));
  assert.equal(codes.size, dataset.items.length, 'item codes are unique');
  for (const i of dataset.items) if (i.parent !== null) assert.ok(codes.has(i.parent), `parent of ${i.code}`);
  const indicatorCodes = new Set(dataset.indicators.map((i) => i.code));
  assert.equal(indicatorCodes.size, dataset.indicators.length, 'indicator codes are unique');
  for (const ind of dataset.indicators) assert.ok(codes.has(ind.item), `item of indicator ${ind.code}`);
  for (const round of dataset.rounds) for (const e of round.entries) assert.ok(codes.has(e.item), `item of entry ${e.item}`);
  assert.ok(dataset.decisions.length >= 10, 'the judgement calls are listed');
});

test('plan: code, organisation, title, level names', () => {
  assert.equal(dataset.organisation.code, 'sapporo');
  assert.equal(dataset.organisation.name, '札幌市');
  assert.equal(dataset.plan.code, 'sapporo-2nd');
  assert.equal(dataset.plan.title, (sourceLines.find((l) => l.trim() !== '') ?? '').trim());
  assert.equal(dataset.plan.title, '第2期 市民まちづくり活動促進基本計画');
  assert.deepEqual(dataset.plan.levelNames, ['基本目標', '基本施策', '主な取組']);
});

test('plan period: H26–H30 (2014–2018), from "H30目標" and the target "100 件 (H26-30 計)"', () => {
  const m = /\(H(\d+)-(\d+) 計\)/u.exec(source);
  assert.ok(m, 'the source states a target counted over H26-30');
  assert.equal(dataset.plan.periodStartFy, heisei(Number(m[1])));
  assert.equal(dataset.plan.periodEndFy, heisei(Number(m[2])));
  assert.equal(dataset.plan.periodEndFy, heisei(30), 'the last year of the period is the H30目標 year');
});

test('upper plans and their footnote definitions (アクションプラン, 戦略ビジョン)', () => {
  const footnotes = dataset.plan.attributes.footnotes as { term: string; text: string; emphasised: string[] }[];
  const names: string[] = [];
  for (const term of ['アクションプラン', '戦略ビジョン']) {
    const line = sourceLines.find((l) => l.startsWith(`${term}：`));
    assert.ok(line, `footnote ${term}`);
    const body = line.slice(term.length + 1);
    const note = footnotes.find((f) => f.term === term);
    assert.ok(note);
    assert.equal(note.text, body.replaceAll('**', ''), `${term}: verbatim without the bold markers`);
    assert.deepEqual(note.emphasised, [...body.matchAll(/\*\*(.+?)\*\*/gu)].map((x) => x[1]));
    names.push(/^「(.+?)」のこと/u.exec(body)?.[1] ?? '');
  }
  assert.deepEqual(names, ['札幌市まちづくり戦略ビジョン・アクションプラン2015', '札幌市まちづくり戦略ビジョン']);
  assert.deepEqual(dataset.plan.upperPlans, names);
});

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

test('4 基本目標 with keyword and title: 参加 / 向上 / 交流 / 連携', () => {
  const goals = [...source.matchAll(/基本目標 (\d)\s+『(.+?)』\s+(\S+)/gu)];
  assert.equal(goals.length, 4);
  for (const [, n = '', keyword, title] of goals) {
    const goal = item(n);
    assert.equal(goal.parent, null);
    assert.equal(goal.name, keyword);
    assert.equal(goal.description, title);
    assert.equal(goal.number, `基本目標${n}`);
    assert.equal(goal.attributes.nameAsPrinted, `『${keyword}』`);
  }
  assert.deepEqual(
    dataset.items.filter((i) => i.parent === null).map((i) => i.name),
    ['参加', '向上', '交流', '連携'],
  );
  assert.equal(item('4').description, '多様な活動主体間の連携の促進');
});

test('every 基本施策: code, name, ◎ flag, parent; and its 主な取組 as child items in order', () => {
  let policies = 0;
  let priority = 0;
  let initiatives = 0;
  for (const goal of [1, 2, 3, 4]) {
    const expected = sourcePolicies(goal);
    assert.deepEqual(
      dataset.items.filter((i) => i.parent === String(goal)).map((i) => i.code),
      expected.map((p) => p.code),
      `基本目標 ${goal}: the 基本施策 codes`,
    );
    for (const p of expected) {
      const policy = item(p.code);
      assert.equal(policy.parent, String(goal));
      assert.equal(policy.name, p.name);
      assert.equal(policy.isPriority, p.priority, `${p.code} ◎`);
      assert.equal(policy.number, `${p.priority ? '◎' : ''}${p.code}`);
      const children = dataset.items.filter((i) => i.parent === p.code);
      assert.deepEqual(children.map((c) => c.name), p.initiatives, `${p.code}: 主な取組`);
      assert.deepEqual(children.map((c) => c.code), p.initiatives.map((_, i) => `${p.code}-${i + 1}`));
      for (const c of children) assert.equal(dataset.items.filter((i) => i.parent === c.code).length, 0);
      policies += 1;
      priority += p.priority ? 1 : 0;
      initiatives += p.initiatives.length;
    }
  }
  // Hand count of the document: 3 + 3 + 3 + 3 基本施策, ◎ on 1-1 1-2 1-3 2-2 3-2 4-3, and
  // 2 initiatives each except 4-1 (one).
  assert.equal(policies, 12);
  assert.equal(priority, 6);
  assert.equal(initiatives, 23);
  assert.deepEqual(
    dataset.items.filter((i) => i.isPriority).map((i) => i.code),
    ['1-1', '1-2', '1-3', '2-2', '3-2', '4-3'],
  );
  assert.equal(dataset.items.length, 4 + 12 + 23);
});

test('主な取組 and 基本施策 names keep the wording, without PDF spacing', () => {
  assert.equal(item('4-2-1').name, 'さっぽろまちづくりパートナー協定の推進(H28に新たに2社、計14協定21社と締結)');
  assert.equal(item('2-2-1').name, '条例個別指定・認定NPO法人制度の活用促進のためセミナーを開催');
  assert.equal(item('4-3-2').name, '商店街等が地域団体(町内会、NPO、大学等)と地域課題解決に取り組む事業に補助');
  for (const i of dataset.items) assert.doesNotMatch(i.name, /\s|<|>/u, `${i.code}: no spaces, no HTML`);
});

// ---------------------------------------------------------------------------------------------
// 成果指標: every cell of every table
// ---------------------------------------------------------------------------------------------

test('every table has the 8 rows H25–H28 実績, H29 状況, H30 目標, アクションプラン H31, 戦略ビジョン H34', () => {
  for (const t of tables) {
    assert.deepEqual(
      t.rows.map((r) => r.label),
      ['H25実績', 'H26実績', 'H27実績', 'H28実績', 'H29状況', 'H30目標', 'アクションプランH31', '戦略ビジョンH34'],
    );
    for (const r of t.rows) assert.equal(r.cells.length, t.headers.length, `基本目標 ${t.goal} ${r.label}: one cell per column`);
  }
});

test('every indicator: code, goal, name as printed, category, unit, aggregation, direction, 参考', () => {
  const codes: string[] = [];
  for (const t of tables) {
    t.headers.forEach((header, column) => {
      const code = indicatorCode(t.goal, column);
      codes.push(code);
      const ind = indicator(code);
      const h = headerName(header);
      assert.equal(ind.item, String(t.goal), `${code} belongs to 基本目標 ${t.goal}`);
      assert.equal(ind.name, h.name);
      assert.equal(ind.category, t.categories[column]);
      assert.equal(ind.isReference, h.isReference);
      assert.equal(ind.aggregation, h.name.includes('(累計)') ? 'cumulative' : 'annual', `${code} 累計`);
      assert.equal(ind.direction, 'up');
      const units = t.rows.map((r) => readCell(r.cells[column] ?? '').unit).filter((u) => u !== null);
      assert.ok(units.length > 0);
      for (const u of units) assert.equal(ind.unit, u, `${code}: unit`);
      if (h.note !== null) assert.ok(ind.notes?.includes(h.note), `${code}: ※ note in the header cell`);
    });
  }
  assert.deepEqual(dataset.indicators.map((i) => i.code), codes, 'no indicator the document does not have');
});

test('indicator names rejoined from split header cells', () => {
  assert.equal(indicator('2-a').name, '市民活動サポートセンター登録団体数');
  assert.equal(indicator('2-c').name, 'さぽーとほっと基金団体指定寄附件数');
  assert.equal(indicator('2-d').name, '団体指定寄附を受けた団体数');
  assert.equal(indicator('2-d').isReference, true);
  assert.equal(indicator('2-e').name, '認定NPO法人・仮認定NPO法人・条例個別指定NPO法人数');
  assert.equal(indicator('3-b').name, '整備・創出された地域活動の場の数(累計)');
  assert.equal(indicator('3-b').notes?.split('\n')[0], '※地域活動の場整備、地区会館リフレッシユ、市民集会施設建築費補助の合計');
  assert.equal(indicator('3-c').name, 'まちづくりセンターが支援した地域の主体的な活動数(累計)');
  assert.deepEqual(
    dataset.indicators.filter((i) => i.aggregation === 'cumulative').map((i) => i.code),
    ['1-d', '3-b', '3-c'],
  );
  assert.deepEqual(dataset.indicators.filter((i) => i.isReference).map((i) => i.code), ['2-d']);
});

/** The goal 1 footnote: which cells it dates, and the date. */
function goal1Footnote(): { text: string; columns: string[]; asOf: string } {
  const text = sourceLines.find((l) => l.startsWith('※平成29年度の'));
  assert.ok(text);
  const m = /^※平成29年度の(.+?)はH(\d+)\.(\d+)\.(\d+)時点$/u.exec(text);
  assert.ok(m);
  // "さぽーとほっと基金寄附件数・金額": the second name shares the prefix of the first.
  const [first = '', second = ''] = (m[1] ?? '').split('・');
  const prefix = first.replace(/件数$/u, '');
  const asOf = `${heisei(Number(m[2]))}-${(m[3] ?? '').padStart(2, '0')}-${(m[4] ?? '').padStart(2, '0')}`;
  return { text, columns: [first, `${prefix}${second}`], asOf };
}

test('every observation cell H25–H29: value, text, unit, fiscal year, kind, as-of date or missing reason', () => {
  const footnote = goal1Footnote();
  assert.equal(footnote.asOf, '2017-09-15');
  let checked = 0;
  for (const t of tables) {
    t.headers.forEach((header, column) => {
      const code = indicatorCode(t.goal, column);
      const ind = indicator(code);
      const dated = t.goal === 1 && footnote.columns.some((c) => headerName(header).name.startsWith(c));
      const rows = t.rows.filter((r) => rowMeaning(r.label).kind !== 'target');
      assert.equal(ind.observations.length, rows.length, `${code}: one observation per cell`);
      for (const row of rows) {
        const meaning = rowMeaning(row.label);
        const cell = readCell(row.cells[column] ?? '');
        const where = `${code} ${row.label}`;
        const obs = ind.observations.filter((o) => o.fiscalYear === meaning.fiscalYear);
        assert.equal(obs.length, 1, `${where}: one observation`);
        const o = obs[0];
        assert.ok(o);
        assert.equal(o.kind, meaning.kind, `${where}: kind`);
        assert.equal(o.text, cell.text, `${where}: text`);
        assert.equal(o.value, cell.value, `${where}: value`);
        assert.equal(o.unit, cell.unit, `${where}: unit`);
        assert.equal(o.approximate, cell.approximate, `${where}: 約`);
        assert.deepEqual(o.parts, cell.parts, `${where}: breakdown`);
        assert.equal(o.missingReason, cell.missingReason, `${where}: missing reason`);
        if (dated && meaning.kind === 'status') {
          assert.equal(cell.asOf, null);
          assert.equal(o.asOf, footnote.asOf, `${where}: as-of from the footnote`);
          assert.equal(o.note, footnote.text);
        } else {
          assert.equal(o.asOf, cell.asOf, `${where}: as-of`);
          if (cell.asOfText !== null) assert.equal(o.note, cell.asOfText, `${where}: as-of as printed`);
        }
        if (meaning.kind === 'actual') assert.equal(o.asOf, null);
        checked += 1;
      }
      if (dated) assert.ok(ind.notes?.split('\n').includes(footnote.text), `${code}: footnote in the notes`);
    });
  }
  assert.equal(checked, 15 * 5);
});

test('every target cell: H30目標 (this plan), アクションプラン H31, 戦略ビジョン H34; "—" is no target', () => {
  const notSet = dataset.plan.attributes.targetsNotSet as { indicator: string; setBy: string; fiscalYear: number }[];
  let set = 0;
  let dashes = 0;
  for (const t of tables) {
    t.headers.forEach((_, column) => {
      const code = indicatorCode(t.goal, column);
      const ind = indicator(code);
      const rows = t.rows.filter((r) => rowMeaning(r.label).kind === 'target');
      for (const row of rows) {
        const meaning = rowMeaning(row.label);
        assert.equal(meaning.kind, 'target');
        if (meaning.kind !== 'target') continue;
        const cell = readCell(row.cells[column] ?? '');
        const where = `${code} ${row.label}`;
        const targets = ind.targets.filter((x) => x.setBy === meaning.setBy && x.fiscalYear === meaning.fiscalYear);
        if (cell.missingReason !== null) {
          assert.equal(row.cells[column], '—', `${where}: only "—" in a target row`);
          assert.equal(targets.length, 0, `${where}: "—" is not a target`);
          assert.ok(notSet.some((n) => n.indicator === code && n.setBy === meaning.setBy && n.fiscalYear === meaning.fiscalYear), `${where}: listed as not set`);
          assert.ok(ind.notes?.includes(row.label), `${where}: "not set" noted on the indicator`);
          dashes += 1;
          continue;
        }
        assert.equal(targets.length, 1, `${where}: one target`);
        const target = targets[0];
        assert.ok(target);
        assert.equal(target.kind, 'by_year');
        assert.equal(target.value, cell.value, `${where}: value`);
        assert.equal(target.text, cell.qualifier === null ? cell.text : `${cell.text}(${cell.qualifier})`, `${where}: text`);
        const names = { this_plan: null, action_plan: dataset.plan.upperPlans[0], strategic_vision: dataset.plan.upperPlans[1] };
        assert.equal(target.setByName, names[meaning.setBy], `${where}: set by`);
        set += 1;
      }
      assert.equal(ind.targets.length, rows.filter((r) => r.cells[column] !== '—').length, `${code}: no extra target`);
    });
  }
  assert.equal(notSet.length, dashes);
  // Hand count: H30 row 15 cells, one "—" (2-d); the H31 and H34 rows have numbers only for 1-a,
  // 1-b and 2-b.
  assert.equal(set, 14 + 3 + 3);
  assert.equal(dashes, 15 * 3 - 20);
});

test('hand calculations: 約4億9,600万円 = 4×100,000,000 + 9,600×10,000 and the other amounts', () => {
  const amounts: [number, string, number][] = [
    [2013, '約4億9,600万円', 4 * 100_000_000 + 9_600 * 10_000],
    [2014, '約5億9,000万円', 5 * 100_000_000 + 9_000 * 10_000],
    [2015, '約6億9,000万円', 6 * 100_000_000 + 9_000 * 10_000],
    [2016, '約7億6,000万円', 7 * 100_000_000 + 6_000 * 10_000],
    [2017, '約7億9,000万円', 7 * 100_000_000 + 9_000 * 10_000],
  ];
  const ind = indicator('1-d');
  assert.equal(ind.name, 'さぽーとほっと基金寄附金額(累計)');
  for (const [fiscalYear, text, yen] of amounts) {
    assert.ok(source.includes(text), `${text} is in the source`);
    const o = ind.observations.find((x) => x.fiscalYear === fiscalYear);
    assert.ok(o);
    assert.equal(o.text, text);
    assert.equal(o.value, String(yen));
    assert.equal(o.approximate, true);
    assert.equal(o.unit, '円');
  }
  assert.equal(indicator('1-d').observations[0]?.value, '496000000');
  const target = ind.targets.find((x) => x.setBy === 'this_plan');
  assert.equal(target?.text, '7億4,000万円');
  assert.equal(target?.value, String(7 * 100_000_000 + 4_000 * 10_000));
});

test('hand checks: breakdowns add up, as-of dates, missing cells', () => {
  const npo = indicator('2-e');
  const expected: [number, number, number, number, number][] = [
    [2014, 15, 9, 5, 1],
    [2015, 19, 12, 5, 2],
    [2016, 23, 18, 3, 2],
    [2017, 23, 18, 3, 2],
  ];
  for (const [fy, total, nintei, kari, jorei] of expected) {
    const o = npo.observations.find((x) => x.fiscalYear === fy);
    assert.ok(o);
    assert.equal(o.value, String(total));
    assert.equal(nintei + kari + jorei, total);
    assert.deepEqual(o.parts, [
      { label: '認定', value: String(nintei) },
      { label: '仮認定', value: String(kari) },
      { label: '条例個別指定', value: String(jorei) },
    ]);
  }
  assert.equal(npo.observations.find((x) => x.fiscalYear === 2016)?.text, '23 認定18、仮認定3、条例個別指定2');
  assert.deepEqual(npo.breakdownLabels, ['認定', '仮認定', '条例個別指定']);
  const asOf = (code: string): string | null => indicator(code).observations.find((o) => o.fiscalYear === 2017)?.asOf ?? null;
  assert.equal(asOf('1-c'), '2017-09-15'); // ※…はH29.9.15時点
  assert.equal(asOf('1-d'), '2017-09-15');
  assert.equal(asOf('2-a'), '2017-08-31'); // (H29.8.31.時点)
  assert.equal(asOf('2-b'), '2017-08-31'); // (H29.8.31 時点)
  assert.equal(asOf('2-c'), '2017-09-15'); // (H29.9.15 時点)
  assert.equal(asOf('2-d'), '2017-09-15');
  assert.equal(asOf('2-e'), null); // no date printed
  assert.equal(asOf('3-c'), null);
  const all = dataset.indicators.flatMap((i) => i.observations);
  assert.equal(all.length, 75);
  assert.equal(all.filter((o) => o.kind === 'actual').length, 60);
  assert.equal(all.filter((o) => o.kind === 'status').length, 15);
  // 今後調査: 1-a, 1-b, 3-b, 4-b in H29. —: 3-a, 4-a, 4-c in H26, H27 and H29.
  assert.equal(all.filter((o) => o.missingReason === 'not_yet_surveyed').length, 4);
  assert.equal(all.filter((o) => o.missingReason === 'not_applicable').length, 9);
  for (const o of all) assert.equal(o.value === null, o.missingReason !== null, 'a value or a reason, never both');
});

test('baseline is the H25 実績 cell', () => {
  for (const t of tables) {
    const h25 = t.rows.find((r) => r.label === 'H25実績');
    assert.ok(h25);
    t.headers.forEach((_, column) => {
      const cell = readCell(h25.cells[column] ?? '');
      const ind = indicator(indicatorCode(t.goal, column));
      assert.deepEqual(ind.baseline, { value: cell.value, text: cell.text, fiscalYear: 2013, asOf: null });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Narratives
// ---------------------------------------------------------------------------------------------

const NARRATIVE_LABELS = [
  ['resultsText', '平成28年度取組結果'],
  ['planText', '平成29年度取組計画'],
  ['issuesText', '今後に向けて'],
] as const;

test('one published FY2016 round with an entry per 基本目標', () => {
  assert.equal(dataset.rounds.length, 1);
  const round = dataset.rounds[0];
  assert.ok(round);
  assert.equal(round.fiscalYear, heisei(28));
  assert.equal(round.state, 'published');
  assert.deepEqual(round.entries.map((e) => e.item), ['1', '2', '3', '4']);
});

test('narratives: every character of 取組結果 / 取組計画 / 今後に向けて, bullets at line starts', () => {
  const round = dataset.rounds[0];
  assert.ok(round);
  for (const goal of [1, 2, 3, 4]) {
    const entry: Entry | undefined = round.entries.find((e) => e.item === String(goal));
    assert.ok(entry);
    for (const [field, label] of NARRATIVE_LABELS) {
      const expected = sourceNarrative(goal, label);
      const actual: string | null = entry[field];
      const where = `基本目標 ${goal} ${label}`;
      assert.ok(actual !== null, where);
      // Only whitespace may differ (line breaks of the PDF, spacing of the extraction).
      assert.equal(compact(actual), compact(expected), `${where}: same characters`);
      // Every bullet of the source starts a line, and no line starts otherwise with a bullet.
      const sourceBullets: string[] = [...expected.matchAll(/(?:^|\s)([●・])/gu)].map((m) => m[1] ?? '');
      const lineBullets: string[] = actual.split('\n').flatMap((l: string) => (/^[●・]/u.test(l) ? [l.charAt(0)] : []));
      assert.deepEqual(lineBullets, sourceBullets, `${where}: bullets`);
      assert.match(actual, /^[●・]/u, `${where}: starts with a bullet`);
      for (const line of actual.split('\n')) {
        assert.equal(line, line.trim(), `${where}: no stray spaces`);
        assert.doesNotMatch(line, /<|>/u, `${where}: no HTML`);
        // The only space kept is the one after 特非 (特定非営利活動法人) in 基本目標 3.
        assert.doesNotMatch(line.replace('特非 環境り・ふれんず', ''), /\s/u, `${where}: ${line}`);
      }
    }
  }
});

test('narratives: line-break judgement calls read as in the document', () => {
  const entry = (goal: string): Entry => {
    const e = dataset.rounds[0]?.entries.find((x) => x.item === goal);
    assert.ok(e);
    return e;
  };
  assert.equal(entry('1').resultsText?.split('\n').length, 3);
  assert.equal(entry('2').resultsText?.split('\n')[0], '●地域まちづくり人材育成事業');
  assert.ok(entry('3').resultsText?.includes('特非 環境り・ふれんず(中央)の3件を採択し')); // 「環 境り」: wrapped line
  assert.ok(entry('3').resultsText?.includes('地域の将来像を見据えた地域活動について勉強会')); // 「に ついて」
  assert.ok(entry('3').planText?.includes('空き家や空き地等を地域活動の場として利用できるよう')); // 「活動 の場」
  assert.ok(entry('3').planText?.endsWith('・地域意見交換会を随時開催(29年10月~30年2月)'));
  assert.ok(entry('4').resultsText?.includes('\n採択件数：5件(中央1、東1、清田1、西2)\n'));
  assert.ok(entry('4').resultsText?.includes('\nNPO派遣実施数：19町内会等\n'));
  assert.equal(entry('4').planText?.split('\n').at(-1), 'H28年度と同程度で継続実施予定');
  assert.equal(entry('4').issuesText?.split('\n').length, 1);
});
