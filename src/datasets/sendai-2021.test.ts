// The bundled Sendai datasets checked against the copied source document itself
// (datasets/sendai-2021/source.txt = 仙台市協働まちづくり推進プラン2021 最終案, text extracted from the PDF).
// Expected values are read from the source here, or are hand calculations written in the test;
// nothing is copied back from plan.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset } from './dataset-format.js';
import { compact } from '../domain/text.js';
import { parseFiscalYear, parseJapaneseDate } from '../domain/wareki.js';
import { parseJapaneseNumber } from '../domain/numbers.js';

type Item = Dataset['items'][number];
type Indicator = Dataset['indicators'][number];

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const source = read('datasets/sendai-2021/source.txt');
const lines = source.split('\n');
const raw2021: unknown = JSON.parse(read('datasets/sendai-2021/plan.json'));
const raw2016: unknown = JSON.parse(read('datasets/sendai-2016/plan.json'));
const plan = Dataset.parse(raw2021);
const plan2016 = Dataset.parse(raw2016);

/** Text with the table markup of the extraction removed, for "appears verbatim" checks. */
const untagged = (text: string): string => text.replace(/<\/?p>|<hr\/>/g, ' ');
const sourceCompact = compact(untagged(source));

function item(code: string, dataset: Dataset = plan): Item {
  const found = dataset.items.find((i) => i.code === code);
  assert.ok(found, `item ${code} is in ${dataset.plan.code}`);
  return found;
}
function indicator(code: string, dataset: Dataset = plan): Indicator {
  const found = dataset.indicators.find((i) => i.code === code);
  assert.ok(found, `indicator ${code} is in ${dataset.plan.code}`);
  return found;
}
function lineNumber(predicate: (line: string) => boolean, from = 0): number {
  const n = lines.findIndex((l, k) => k >= from && predicate(l));
  assert.ok(n >= 0, 'line found in the source');
  return n;
}
const isProject = (i: Item): boolean => /^\d-\(\d\)-[①-⑳㉑㉒]$/.test(i.code);

// ---------------------------------------------------------------------------------------------
// The 事業一覧 (第3章 2) as the source prints it

interface ListRow {
  field: number;
  policy: number;
  number: string;
  name: string;
  star: boolean;
  relisted: boolean; // 【再掲】 (on the next line in the extraction, or inline)
  partlyRelisted: boolean; // 【一部再掲】
  newMark: 'before-number' | 'after-name' | 'next-line' | null;
}

const listStart = lineNumber((l) => l.trim() === '2 事業一覧');
const listEnd = lineNumber((l) => l.includes('地域づくりパートナープロジェクト**'), listStart);
const listRows: ListRow[] = [];
const listPolicies: { field: number; policy: number; name: string }[] = [];
{
  let field = 0;
  let policy = 0;
  for (const rawLine of lines.slice(listStart + 1, listEnd)) {
    const line = rawLine.trimEnd();
    const fieldHead = /^分野(\d) /.exec(line);
    const policyHead = /^\((\d)\) (.+)\t頁$/.exec(line);
    const row = /^(新規 )?([①-⑳㉑㉒]) (.+)\t\d+$/.exec(line);
    if (fieldHead) field = Number(fieldHead[1]);
    else if (policyHead) {
      policy = Number(policyHead[1]);
      listPolicies.push({ field, policy, name: (policyHead[2] ?? '').trim() });
    } else if (line === '新規') {
      const last = listRows.at(-1);
      assert.ok(last && last.newMark === null);
      last.newMark = 'next-line';
    } else if (line === '【再掲】') {
      const last = listRows.at(-1);
      assert.ok(last);
      last.relisted = true;
    } else if (row) {
      let name = (row[3] ?? '').trim();
      const take = (suffix: string): boolean => {
        if (!name.endsWith(suffix)) return false;
        name = name.slice(0, -suffix.length).trim();
        return true;
      };
      const afterName = take(' 新規');
      const partlyRelisted = take('【一部再掲】');
      const relisted = take('【再掲】');
      const star = take(' *');
      listRows.push({
        field,
        policy,
        number: row[2] ?? '',
        name,
        star,
        relisted,
        partlyRelisted,
        newMark: row[1] ? 'before-number' : afterName ? 'after-name' : null,
      });
    }
  }
}
const codeOf = (r: { field: number; policy: number; number: string }): string => `${r.field}-(${r.policy})-${r.number}`;

// ---------------------------------------------------------------------------------------------
// The 個別事業 pages (第3章 3): one table row per 事業, in the order of the 事業一覧

interface PageRow {
  policyCode: string;
  content: string; // 事業名・事業内容 column, all lines of the row
  owners: string; // 担当課 column
}
const pagesStart = lineNumber((l) => l.trim() === '3 個別事業');
const pagesEnd = lineNumber((l) => l.startsWith('第4章'), pagesStart);
const pageRows: PageRow[] = [];
{
  let policyCode = '';
  let current: PageRow | null = null;
  for (const line of lines.slice(pagesStart + 1, pagesEnd)) {
    const head = /^(\d)-\((\d)\) /.exec(line);
    const row = /^(?:[①-⑳㉑㉒]|①9|②0)\t([^\t]*)\t?(.*)$/.exec(line);
    const more = /^\t([^\t]*)\t?(.*)$/.exec(line);
    if (head) {
      policyCode = `${head[1]}-(${head[2]})`;
      current = null;
    } else if (row) {
      current = { policyCode, content: row[1] ?? '', owners: row[2] ?? '' };
      pageRows.push(current);
    } else if (more && current) {
      current.content += ` ${more[1] ?? ''}`;
      current.owners += ` ${more[2] ?? ''}`;
    } else current = null;
  }
}
function pageRowOf(r: ListRow): PageRow {
  const policyCode = `${r.field}-(${r.policy})`;
  const inPolicy = pageRows.filter((p) => p.policyCode === policyCode);
  const index = listRows.filter((x) => x.field === r.field && x.policy === r.policy).indexOf(r);
  const page = inPolicy[index];
  assert.ok(page, `page row of ${codeOf(r)}`);
  return page;
}
/** The heading of a page row: the first <p> paragraph, or the text up to the name and its marks. */
function headingOf(page: PageRow): string {
  const p = /^<p>(.*?)<\/p>/.exec(page.content.trim());
  return p ? (p[1] ?? '') : page.content;
}
function newOnPage(page: PageRow, name: string): boolean {
  const heading = headingOf(page);
  if (heading !== page.content) return /(^| )新規$/.test(heading.trim());
  // plain cell: "name 新規 description…"
  const c = compact(heading);
  return c.startsWith(`${compact(name)}新規`);
}

// ---------------------------------------------------------------------------------------------

test('plan.json of sendai-2021 and sendai-2016 validate against Dataset and their references resolve', () => {
  for (const [rawData, dataset] of [
    [raw2021, plan],
    [raw2016, plan2016],
  ] as const) {
    assert.equal(Dataset.safeParse(rawData).success, true);
    const codes = new Set<string>();
    const departments = new Set(dataset.departments.map((d) => d.code));
    for (const d of dataset.departments) if (d.parent !== null) assert.ok(departments.has(d.parent), d.code);
    for (const i of dataset.items) {
      assert.ok(!codes.has(i.code), `unique ${i.code}`);
      if (i.parent !== null) assert.ok(codes.has(i.parent), `parent of ${i.code} comes first`);
      codes.add(i.code);
      for (const o of i.departments) assert.ok(departments.has(o.department), `${i.code}: ${o.department}`);
    }
    const indicatorCodes = new Set<string>();
    for (const x of dataset.indicators) {
      assert.ok(!indicatorCodes.has(x.code), `unique ${x.code}`);
      indicatorCodes.add(x.code);
      assert.ok(codes.has(x.item), `${x.code} belongs to an item`);
      for (const o of x.observations) assert.equal(o.value === null, o.missingReason !== null, `${x.code} ${o.fiscalYear}`);
    }
  }
});

test('plan metadata: 令和3–7年度, 仙台市基本計画, SDGs 17, levels, predecessor プラン2016', () => {
  const period = /本計画の期間は、(令和\d+年度)から(令和\d+年度)までの5年間/.exec(source);
  assert.ok(period);
  assert.equal(plan.plan.periodStartFy, parseFiscalYear(period[1] ?? ''));
  assert.equal(plan.plan.periodEndFy, parseFiscalYear(period[2] ?? ''));
  assert.equal(plan.plan.periodEndFy - plan.plan.periodStartFy + 1, 5);
  assert.ok(source.includes('「仙台市基本計画」を上位計画とし'));
  assert.deepEqual(plan.plan.upperPlans, ['仙台市基本計画']);
  assert.ok(source.includes('SDGsのゴールの17番目が「パートナーシップで目標を達成しよう」'));
  assert.deepEqual(plan.plan.sdgGoals, [17]);
  assert.deepEqual(plan.plan.levelNames.slice(0, 3), ['分野', '基本施策', '事業']);
  assert.equal(plan.plan.code, 'sendai-2021');
  assert.equal(plan.organisation.code, 'sendai');
  assert.equal(plan.organisation.name, '仙台市');
  assert.equal(plan.plan.scale, 'sendai-abc');
  assert.equal(plan.plan.predecessor, plan2016.plan.code);
  assert.ok(sourceCompact.includes(compact(plan.plan.title)));
});

test('3 分野 and 13 基本施策 as in the 事業一覧, with 取組の方向性 and 基本方針 from the pages', () => {
  const fields = plan.items.filter((i) => i.parent === null);
  assert.deepEqual(
    fields.map((f) => f.code),
    ['1', '2', '3'],
  );
  for (const f of fields) {
    const head = lines.slice(listStart, listEnd).find((l) => l.startsWith(`分野${f.code} `));
    assert.ok(head);
    assert.equal(compact(f.name), compact(head.replace(/^分野\d /, '')));
    for (const direction of (f.description ?? '').split('\n')) assert.ok(sourceCompact.includes(compact(direction)), direction);
  }
  assert.equal(listPolicies.length, 13);
  for (const p of listPolicies) {
    const i = item(`${p.field}-(${p.policy})`);
    assert.equal(i.parent, String(p.field));
    assert.equal(compact(i.name), compact(p.name));
    // the 基本方針 paragraphs follow the heading of the 基本施策 on its page
    const at = lineNumber((l) => l.startsWith(`${p.field}-(${p.policy}) `), pagesStart);
    assert.equal(lines[at + 2]?.trim(), '<基本方針>');
    const policyText = compact(lines.slice(at + 3, lineNumber((l) => l.startsWith('No.\t'), at)).join(''));
    assert.equal(compact(i.description ?? ''), policyText);
  }
});

test('重視すべき視点①②③ and the 視点 each 取組の方向性 reflects (←視点…)', () => {
  const viewpoints = plan.plan.attributes.viewpoints as { number: string; title: string }[];
  assert.equal(viewpoints.length, 3);
  for (const v of viewpoints) assert.ok(source.includes(`視点${v.number} ${v.title}`));
  const overview = lines.slice(lineNumber((l) => l.includes('各分野の取り組みの方向性')), listStart);
  const printed: string[][] = overview.filter((l) => l.startsWith('- ') && l.includes('(←')).map((l) => [...l.matchAll(/視点([①②③])/g)].map((m) => m[1] ?? ''));
  const stored = plan.items
    .filter((i) => i.parent === null)
    .flatMap((f) => (f.attributes.directions as { viewpoints: string[] }[]).map((d) => d.viewpoints));
  assert.deepEqual(stored, printed);
  assert.deepEqual(printed, [['②'], ['②'], ['③'], ['①', '②'], ['①'], ['②', '③']]);
});

test('事業一覧: 89 rows, of which 4 【再掲】 and 2 【一部再掲】', () => {
  assert.equal(listRows.length, 89);
  assert.equal(listRows.filter((r) => r.relisted).length, 4);
  assert.equal(listRows.filter((r) => r.partlyRelisted).length, 2);
  assert.equal(pageRows.length, 89);
});

test('事業数 22 / 18 / 45 = 85 (再掲除く) as printed, in the 事業一覧 and in plan.json', () => {
  const block = lines.slice(lineNumber((l) => l.startsWith('<事業数>')), lineNumber((l) => l.startsWith('<事業数>')) + 4).join('\n');
  const printed = [...block.matchAll(/分野(\d)\t(\d+)事業/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const total = Number(/合計\t(\d+)事業/.exec(block)?.[1]);
  assert.deepEqual(printed, [
    [1, 22],
    [2, 18],
    [3, 45],
  ]);
  assert.equal(total, 22 + 18 + 45);
  for (const [field, count] of printed) {
    assert.equal(listRows.filter((r) => r.field === field && !r.relisted).length, count, `事業一覧 分野${field}`);
    const inPlan = plan.items.filter((i) => isProject(i) && i.code.startsWith(`${field}-`) && i.relistKind !== 'full');
    assert.equal(inPlan.length, count, `plan.json 分野${field}`);
  }
  assert.equal(plan.items.filter(isProject).length, 89);
  assert.equal(plan.items.filter((i) => isProject(i) && i.relistKind === 'full').length, 4);
});

test('every 事業 of the 事業一覧 is in plan.json with the same number, name, 基本施策, * and 再掲 flags', () => {
  for (const r of listRows) {
    const code = codeOf(r);
    const i = item(code);
    assert.equal(i.number, r.number, code);
    assert.equal(i.parent, `${r.field}-(${r.policy})`, code);
    assert.equal(compact(i.name), compact(r.name), code);
    assert.equal(i.isPartnerProject, r.star, `${code} *`);
    assert.equal(i.relistKind, r.relisted ? 'full' : r.partlyRelisted ? 'partial' : null, `${code} 再掲`);
  }
  assert.equal(listRows.filter((r) => r.star).length, 20);
});

test('the 事業 pages carry the same names (or the differing page heading is kept) and the same 再掲 marks', () => {
  for (const r of listRows) {
    const i = item(codeOf(r));
    const page = pageRowOf(r);
    const heading = compact(headingOf(page));
    const nameOnPage = typeof i.attributes.nameOnPage === 'string' ? i.attributes.nameOnPage : i.name;
    assert.ok(heading.startsWith(compact(nameOnPage)), `${i.code}: ${heading}`);
    assert.equal(heading.includes('【再掲】'), r.relisted, `${i.code} 【再掲】 on the page`);
  }
  // the two real name differences between the 事業一覧 and the pages, as read in the document
  assert.equal(item('1-(2)-④').attributes.nameOnPage, 'まちなかウォークアブル推進事業');
  assert.ok(source.includes('④ まちなかウォーカー推進事業\t25'));
  assert.equal(item('3-(5)-②').attributes.nameOnPage, 'まちづくり活動事例集等の作成');
});

test('新規 follows the 事業 pages, and every disagreement with the 事業一覧 is recorded in decisions', () => {
  const disagreements: string[] = [];
  for (const r of listRows) {
    const i = item(codeOf(r));
    const onPage = newOnPage(pageRowOf(r), r.name);
    assert.equal(i.isNew, onPage, `${i.code} 新規`);
    if ((r.newMark !== null) !== onPage) {
      disagreements.push(i.code);
      assert.ok(
        plan.decisions.some((d) => d.includes(i.code) && d.includes('新規')),
        `decision about 新規 of ${i.code}`,
      );
    }
  }
  // read by hand: the list prints 「新規 ③」, 「新規 ⑦」 and a 新規 line after ⑧ in 1-(1); the pages
  // mark ②③⑥⑧ as 新規 (and not ⑦)
  assert.deepEqual(disagreements, ['1-(1)-②', '1-(1)-⑥', '1-(1)-⑦']);
  assert.equal(plan.items.filter((i) => isProject(i) && i.isNew).length, 10);
});

/** Reads a 担当課 column: 局/区/総合支所 open a group, the tokens after them are its 課・室・センター. */
function readOwners(column: string): { department: string; asWritten: string | null }[] {
  const out: { department: string; parent: string; section: string; asWritten: string | null }[] = [];
  let parent = '';
  for (const token of untagged(column).split(/\s+/).filter((t) => t !== '')) {
    if (/局$/.test(token) || token === '危機管理室' || /区$/.test(token) || /総合支所$/.test(token)) parent = token;
    else if (token === '各区中央市民センター') out.push({ department: '各区/中央市民センター', parent: '各区', section: '中央市民センター', asWritten: token });
    else if (token === 'ふるさと支援担当') {
      const last = out.at(-1);
      if (last && last.parent === parent) last.asWritten = `${last.parent}${last.section}${token}`;
      else out.push({ department: `${parent}/${token}`, parent, section: token, asWritten: `${parent}${token}` });
    } else out.push({ department: `${parent}/${token}`, parent, section: token, asWritten: parent === '各区' ? `${parent}${token}` : null });
  }
  const unique = new Map(out.map((o) => [`${o.department}|${o.asWritten ?? ''}`, { department: o.department, asWritten: o.asWritten }]));
  return [...unique.values()];
}

test('担当課 of every 事業 are those of its page, split into 局 and 課 (各区… kept as written)', () => {
  for (const r of listRows) {
    const i = item(codeOf(r));
    const expected = readOwners(pageRowOf(r).owners);
    assert.ok(expected.length > 0, i.code);
    assert.deepEqual(
      i.departments.map((o) => ({ department: o.department, asWritten: o.textAsWritten })),
      expected,
      i.code,
    );
    for (const o of i.departments) {
      const [parent] = o.department.split('/');
      const department = plan.departments.find((d) => d.code === o.department);
      assert.ok(department && department.parent === parent, o.department);
    }
  }
  // a few read by hand
  assert.deepEqual(
    item('1-(2)-②').departments.map((o) => o.department),
    ['都市整備局/都心まちづくり課', '都市整備局/市街地整備課', '都市整備局/地下鉄沿線まちづくり課'],
  );
  assert.deepEqual(
    item('1-(1)-⑧').departments.map((o) => o.textAsWritten ?? o.department),
    ['各区まちづくり推進課ふるさと支援担当', '宮城総合支所まちづくり推進課ふるさと支援担当', '秋保総合支所総務課ふるさと支援担当', '市民局/地域政策課'],
  );
  assert.equal(plan.departments.find((d) => d.code === '危機管理室')?.kind, 'bureau');
  // sub-items own only departments of their 事業
  for (const sub of plan.items.filter((i) => i.parent !== null && isProject(item(i.parent)))) {
    const owners = new Set(item(sub.parent ?? '').departments.map((o) => o.department));
    for (const o of sub.departments) assert.ok(owners.has(o.department), sub.code);
  }
});

test('descriptions, sub-items and 【数値目標等】 are the texts of the 事業 pages', () => {
  for (const r of listRows) {
    const i = item(codeOf(r));
    const page = compact(untagged(pageRowOf(r).content));
    if (i.description !== null) for (const p of i.description.split('\n')) assert.ok(page.includes(compact(p)), `${i.code} description`);
    if (i.numericTargetText !== null) {
      assert.ok(page.includes(compact(`【数値目標等】${i.numericTargetText}`)), `${i.code} 【数値目標等】 right after its heading`);
    } else assert.ok(!page.includes('【数値目標等】'), `${i.code} has no 【数値目標等】`);
    for (const sub of plan.items.filter((s) => s.parent === i.code)) {
      assert.ok(page.includes(compact(`${sub.number ?? ''}${sub.name}`)) || page.includes(compact(`${sub.number ?? ''} ${sub.name}`)), `${sub.code} name`);
      if (sub.description !== null) assert.ok(page.includes(compact(sub.description)), `${sub.code} description`);
      if (sub.numericTargetText !== null) assert.ok(page.includes(compact(`${sub.number ?? ''}${sub.numericTargetText}`)), `${sub.code} 【数値目標等】 with its number`);
    }
  }
});

test('every numericTargetText appears verbatim in the source', () => {
  const withText = plan.items.filter((i) => i.numericTargetText !== null);
  assert.ok(withText.length > 60);
  for (const i of withText) assert.ok(sourceCompact.includes(compact(i.numericTargetText ?? '')), i.code);
  // 【再掲】 keeps the words printed at its own place: 毎年度 (2-(3)-③) vs 毎年 (2-(2)-④)
  assert.ok(item('2-(3)-③').numericTargetText?.includes('毎年度 200 人'));
  assert.ok(item('2-(2)-④').numericTargetText?.includes('毎年 200 人'));
});

test('relistings are links: relistOf points at an existing item, full relistings carry no children or indicators', () => {
  const relistings = plan.items.filter((i) => i.relistOf !== null);
  for (const i of relistings) {
    const original = item(i.relistOf ?? '');
    assert.equal(original.relistOf, null, `${i.code} points at an original`);
    if (isProject(i)) assert.ok(isProject(original), `${i.code} → a 事業`);
    if (i.relistKind === 'full') {
      assert.ok(!plan.items.some((c) => c.parent === i.code), `${i.code} has no children`);
      assert.ok(!plan.indicators.some((x) => x.item === i.code), `${i.code} has no indicators`);
    }
    if (isProject(i) && i.relistKind === 'full') assert.equal(compact(i.name), compact(original.name), i.code);
  }
  const projectLinks = relistings.filter(isProject).map((i) => [i.code, i.relistKind, i.relistOf]);
  // read by hand: same name earlier in the plan
  assert.deepEqual(projectLinks, [
    ['2-(3)-③', 'full', '2-(2)-④'],
    ['2-(3)-④', 'full', '2-(2)-⑤'],
    ['2-(3)-⑥', 'full', '2-(2)-⑥'],
    ['3-(1)-①', 'partial', '1-(3)-③'],
    ['3-(1)-⑧', 'partial', '1-(4)-⑥'],
    ['3-(5)-⑤', 'full', '1-(1)-⑤'],
  ]);
  // sub-items printed with 【再掲】 inside the 【一部再掲】 事業
  assert.equal(item('3-(1)-⑧-1').relistOf, '1-(4)-⑥-3'); // ①若者社会参画型学習推進事業【再掲】
  assert.equal(item('3-(1)-⑧-2').relistOf, '1-(4)-⑥-2'); // ②子ども参画型社会創造支援事業【再掲】
  assert.equal(item('3-(1)-①-1').relistOf, '1-(3)-③'); // ①若者版・市民協働提案制度【再掲】
});

test('structured targets: 720 団体, 令和5年度までに5件, 600人程度を維持, 754団体の20%増, 40%以上', () => {
  // 1-(1)-① 「利用団体数を毎年度 720 団体以上とする。」
  assert.ok(source.includes('利用団体数を毎年度 720 団体以上とする。'));
  const t720 = indicator('1-(1)-①#1');
  assert.equal(t720.unit, '団体');
  assert.deepEqual(
    t720.targets.map((t) => [t.kind, t.value, t.fiscalYear]),
    [['every_year_min', '720', null]],
  );

  // 3-(1)-③ 「…延べマッチング数を、令和5年度までに5件とする。」 令和5年度 = 2019 + 5 − 1 = 2023
  assert.ok(source.includes('延べマッチング数を、令和5年度までに5件とする。'));
  const t5 = indicator('3-(1)-③#1');
  assert.deepEqual(
    t5.targets.map((t) => [t.kind, t.value, t.fiscalYear]),
    [['by_year', '5', parseFiscalYear('令和5年度')]],
  );
  assert.equal(t5.targets[0]?.fiscalYear, 2023);
  assert.equal(t5.unit, '件');

  // 3-(2)-① 「毎年度新規養成を行い、600人程度を維持していく。」 band ±10%: 600 × 0.9 = 540, 600 × 1.1 = 660
  assert.ok(source.includes('600人程度を維持していく。'));
  const t600 = indicator('3-(2)-①#1');
  assert.equal(t600.direction, 'maintain');
  assert.deepEqual(
    t600.targets.map((t) => [t.kind, t.value, t.bandLow, t.bandHigh]),
    [['maintain', '600', '540', '660']],
  );

  // 1-(1)-⑤ 「…令和 7 年度までに既存登録団体数 754 団体（令和 2 年 12 月 1 日時点）の 20%増とする。」
  // 754 × 1.2 = 904.8 → 905 (a number of 団体 is whole; 904 would be 904 / 754 = +19.9%)
  const clause = /令和 7 年度までに既存登録団体数 754 団体（(令和 2 年 12 月 1 日時点)）の 20%増/.exec(source);
  assert.ok(clause);
  const t754 = indicator('1-(1)-⑤#1');
  const target = t754.targets[0];
  assert.ok(target);
  assert.equal(target.kind, 'percent_change');
  assert.equal(target.changePercent, '20');
  assert.equal(target.fiscalYear, parseFiscalYear('令和7年度'));
  assert.equal(target.fiscalYear, 2025);
  assert.equal(target.value, '905');
  assert.equal(Math.ceil((754 * 12) / 10), 905);
  assert.equal(t754.baseline?.value, '754');
  assert.equal(t754.baseline?.asOf, parseJapaneseDate(clause[1] ?? '').iso);
  assert.equal(t754.baseline?.asOf, '2020-12-01');
  assert.equal(t754.baseline?.fiscalYear, 2020);

  // 2-(4)-③ 「(参考：令和5年度末までに40%以上)」 and 「すべての附属機関等に女性委員が就任している状態の維持」 = 100%
  assert.ok(source.includes('(参考：令和5年度末までに40%以上)'));
  const ratio = indicator('2-(4)-③#2');
  const reference = ratio.targets.find((t) => t.kind === 'by_year');
  assert.deepEqual([reference?.value, reference?.fiscalYear, reference?.setBy, ratio.unit], ['40', 2023, 'other', '%']);
  assert.deepEqual(
    indicator('2-(4)-③#1').targets.map((t) => [t.kind, t.value]),
    [['maintain', '100']],
  );
});

/** Numbers written in a target text: 23,000 → 23000, 2割 → 20 (%), すべての → 100 (%). */
function numbersIn(text: string): Set<string> {
  const n = new Set<string>();
  const c = compact(text);
  for (const m of c.matchAll(/(\d{1,3}(?:,\d{3})+|\d+)(割)?/g)) {
    const value = Number((m[1] ?? '').replace(/,/g, ''));
    n.add(String(m[2] ? value * 10 : value));
  }
  if (c.includes('すべての')) n.add('100');
  return n;
}

test('every structured target is a clause of its item 【数値目標等】 and its value is the number written there', () => {
  for (const x of plan.indicators) {
    const owner = item(x.item);
    assert.ok(owner.numericTargetText !== null, `${x.code} is on an item with 【数値目標等】`);
    assert.notEqual(owner.relistKind, 'full', `${x.code} is not on a relisting`);
    for (const t of x.targets) {
      assert.ok(t.text !== null && compact(owner.numericTargetText ?? '').includes(compact(t.text)), `${x.code}: ${t.text}`);
      if (t.kind === 'qualitative') {
        assert.equal(t.value, null);
        continue;
      }
      assert.ok(t.value !== null, x.code);
      if (t.kind !== 'percent_change') assert.ok(numbersIn(t.text ?? '').has(t.value ?? ''), `${x.code}: ${t.value} in ${t.text}`);
      if (t.kind === 'by_year') {
        const years = [...compact(owner.numericTargetText ?? '').matchAll(/令和\d+年度/g)].map((m) => parseFiscalYear(m[0]));
        assert.ok(t.fiscalYear !== null && years.includes(t.fiscalYear), `${x.code}: year ${t.fiscalYear}`);
      }
      if (t.kind === 'maintain') assert.ok(compact(t.text ?? '').includes('維持'), x.code);
      if (t.kind === 'every_year_min' && !/毎年|各年度|年\d+回|年間/.test(compact(t.text ?? ''))) {
        assert.ok((t.notes ?? '').includes('年度の記載なし') || (t.notes ?? '').includes('単年度平均'), `${x.code}: no year written, so a note`);
      }
    }
  }
});

test('each 【数値目標等】 (not relisted) has an indicator; texts without a number only qualitative targets', () => {
  for (const i of plan.items) {
    if (i.numericTargetText === null || i.relistKind === 'full') continue;
    const children = plan.items.filter((c) => c.parent === i.code && c.numericTargetText !== null);
    const own = plan.indicators.filter((x) => x.item === i.code);
    if (children.length === 0) assert.ok(own.length > 0, `${i.code} has an indicator`);
  }
  // no number other than years: read by hand
  for (const code of ['2-(1)-②#1', '2-(2)-⑥-2#1', '3-(1)-⑥#1', '3-(3)-①#2', '3-(3)-④-2#2']) {
    assert.ok(indicator(code).targets.every((t) => t.kind === 'qualitative'), code);
  }
  // 2-(1)-② 「令和3年度 旧貝森小学校校舎改修工事竣工、 収蔵資料検索システム構築 令和4年度 開館」
  assert.deepEqual(
    indicator('2-(1)-②#1').targets.map((t) => t.fiscalYear),
    [parseFiscalYear('令和3年度'), parseFiscalYear('令和4年度')],
  );
});

// ---------------------------------------------------------------------------------------------
// sendai-2016: the earlier plan's figures as the 2021 document reports them (第2章 2)

/** The header and value rows that follow a 【…】 table title in the source. */
function table(title: string): { headers: string[]; values: string[] } {
  const at = lineNumber((l) => l.startsWith(title));
  const rows = lines.slice(at + 1).filter((l) => l.trim() !== '').slice(0, 2);
  return { headers: (rows[0] ?? '').split('\t'), values: (rows[1] ?? '').split('\t') };
}

test('プラン2016: every cell of the yearly tables is an observation with the same value and text', () => {
  const tables: [string, string][] = [
    ['【利用者数】', '1-②#1'],
    ['【助成実績】', '1-③#1'],
    ['【採択事業数】', '1-④#1'],
    ['【オープンデータカタログ登録件数】', '2-①#1'],
    ['【ココロン・カフェ実施回数】', '2-②-2#1'],
    ['【若者アワード応募団体数(表彰部門)】', '3-①-1#1'],
    ['【交流会来場者数】', '3-②#3'],
    ['【助成申請件数】', '3-④#1'],
    ['【有効応募数】', '3-⑤#1'],
  ];
  let cells = 0;
  for (const [title, code] of tables) {
    const { headers, values } = table(title);
    assert.equal(headers.length, values.length, title);
    const x = indicator(code, plan2016);
    headers.forEach((header, k) => {
      const fiscalYear = parseFiscalYear(header); // H28 = 2016 … R2 = 2020
      const parsed = parseJapaneseNumber(values[k] ?? '');
      assert.equal(parsed.kind, 'value');
      if (parsed.kind !== 'value') return;
      const o = x.observations.find((y) => y.fiscalYear === fiscalYear);
      assert.ok(o, `${code} ${header}`);
      assert.equal(o.value, parsed.value.toString(), `${code} ${header}`);
      assert.equal(o.text, values[k], `${code} ${header}`);
      assert.equal(o.approximate, parsed.approximate, `${code} ${header}`);
      assert.equal(o.unit, parsed.unit ?? null, `${code} ${header}`);
      cells++;
    });
    // nothing in the dataset that the table does not print, apart from 実施見送り years
    const printedYears = headers.map((h) => parseFiscalYear(h));
    for (const o of x.observations) if (!printedYears.includes(o.fiscalYear)) assert.equal(o.missingReason, 'not_implemented', `${code} ${o.fiscalYear}`);
  }
  assert.equal(cells, 4 + 4 + 4 + 4 + 4 + 4 + 2 + 3 + 4);

  // 【町内会活性化講座実績(R2)】 開催回数 7回 / 参加者数 275名
  const course = table('【町内会活性化講座実績(R2)】');
  assert.deepEqual(course.headers, ['開催回数', '参加者数']);
  assert.deepEqual(
    [indicator('3-②#1', plan2016), indicator('3-②#2', plan2016)].map((x) => [x.observations[0]?.fiscalYear, x.observations[0]?.text]),
    [
      [parseFiscalYear('R2'), course.values[0]],
      [parseFiscalYear('R2'), course.values[1]],
    ],
  );
});

test('プラン2016: spot checks of the figures written in sentences and notes', () => {
  // サポセン利用者数 H28 66,117人 … R1 63,621人 (read by hand)
  const users = indicator('1-②#1', plan2016);
  assert.deepEqual(
    users.observations.map((o) => [o.fiscalYear, o.value]),
    [
      [2016, '66117'],
      [2017, '63913'],
      [2018, '68815'],
      [2019, '63621'],
    ],
  );
  // 「A評価が3事業（平成29年度）から14事業（令和元年度）」
  const a = /A評価が(\d+)事業（(平成29年度)）から(\d+)事業（(令和元年度)）/.exec(source);
  assert.ok(a);
  assert.deepEqual(
    indicator('2#grade-A', plan2016).observations.map((o) => [o.fiscalYear, o.value]),
    [
      [parseFiscalYear(a[2] ?? ''), a[1]],
      [parseFiscalYear(a[4] ?? ''), a[3]],
    ],
  );
  // 「C（進捗が遅れている）」が 0 となり (令和元年度)
  assert.ok(source.includes('「C（進捗が遅れている）」が 0 となり'));
  assert.deepEqual(
    indicator('all#grade-C', plan2016).observations.map((o) => [o.fiscalYear, o.value]),
    [[2019, '0']],
  );
  // 「※R2 実施の「協働部門」応募団体数: 3 団体」「※R2 新型コロナウイルス感染症対策助成申請件数: 11 件」
  assert.ok(source.includes('※R2 実施の「協働部門」応募団体数: 3 団体'));
  assert.equal(indicator('3-①-1#2', plan2016).observations[0]?.value, '3');
  assert.ok(source.includes('※R2 新型コロナウイルス感染症対策助成申請件数: 11 件'));
  assert.equal(indicator('3-④#2', plan2016).observations[0]?.value, '11');
  // R2 実施見送り (ココロン・カフェ, 交流会): no value, reason 未実施
  assert.ok(source.includes('※R2は新型コロナウイルス感染症の影響により実施見送り。'));
  assert.ok(source.includes('※R2 は新型コロナウイルス感染症の影響により実施見送り。'));
  for (const code of ['2-②-2#1', '3-②#3']) {
    const r2 = indicator(code, plan2016).observations.find((o) => o.fiscalYear === 2020);
    assert.deepEqual([r2?.value, r2?.missingReason], [null, 'not_implemented'], code);
  }
  // 策定 平成28年8月, 計画期間は令和2年度で終了; 第1期 76事業, 第2期 87事業（再掲を含む）
  assert.ok(source.includes('「仙台市協働まちづくり推進プラン2016」を平成28年8月に策定'));
  assert.ok(source.includes('この計画期間が令和2年度で終了する'));
  assert.deepEqual([plan2016.plan.periodStartFy, plan2016.plan.periodEndFy], [parseFiscalYear('平成28年度'), parseFiscalYear('令和2年度')]);
  assert.equal(plan2016.plan.status, 'finished');
  assert.equal(plan2016.plan.code, 'sendai-2016');
  assert.equal(plan2016.organisation.code, 'sendai');
  assert.ok(/第 1 期計画（平成 28～30 年度）では 76 事業、第 2 期計画（令和元～2 年度）では 87 事業（再掲を含む）/.test(source));
  // every observation text of プラン2016 is in the source
  for (const x of plan2016.indicators) for (const o of x.observations) assert.ok(sourceCompact.includes(compact(o.text)), `${x.code} ${o.text}`);
});

test('datasets/sendai-2021/source.txt is the seed document (byte count and first lines)', () => {
  assert.equal(Buffer.byteLength(source, 'utf8'), 121716);
  assert.equal(lines[3], '仙台市 協働まちづくり推進プラン 2021');
  assert.equal(lines[7], '令和3年2月');
});
