// One-off helper that wrote datasets/sendai-2021/plan.json and datasets/sendai-2016/plan.json from
// datasets/sendai-2021/source.txt (仙台市協働まちづくり推進プラン2021 最終案, text extracted from the PDF).
//
// The JSON files are the reviewed artefacts; nothing runs this at install time. It reads the cell
// texts out of the source (so descriptions and 【数値目標等】 stay verbatim), combines them with the
// hand-made parts below (indicator names, structured targets, judgement calls) and refuses to write
// anything that does not validate or whose target text is not in the source.
//
//   npx tsx scripts/extract-sendai.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { Dataset, type DatasetInput } from '../src/datasets/dataset-format.js';
import { compact } from '../src/domain/text.js';

type Item = DatasetInput['items'][number];
type Indicator = NonNullable<DatasetInput['indicators']>[number];
type Target = NonNullable<Indicator['targets']>[number];
type Department = NonNullable<DatasetInput['departments']>[number];
type Owner = NonNullable<Item['departments']>[number];
type Observation = NonNullable<Indicator['observations']>[number];

const ROOT = new URL('..', import.meta.url).pathname;
const SOURCE_PATH = `${ROOT}datasets/sendai-2021/source.txt`;
const source = readFileSync(SOURCE_PATH, 'utf8');
const lines = source.split('\n');

function fail(message: string): never {
  throw new Error(message);
}

/** The source must contain the text (whitespace and width differences aside). */
function mustContain(text: string, where = 'source'): string {
  if (!compact(source.replace(/<\/?p>|<hr\/>/g, '')).includes(compact(text))) fail(`not in the ${where}: ${text}`);
  return text;
}

function lineIndex(text: string, from = 0): number {
  const i = lines.findIndex((l, n) => n >= from && l.trim() === text);
  if (i < 0) fail(`line not found: ${text}`);
  return i;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒';

// ---------------------------------------------------------------------------------------------
// 事業一覧 (chapter 3, section 2)

interface ListRow {
  field: number;
  policy: number;
  policyCode: string;
  number: string;
  name: string;
  star: boolean;
  partialRelist: boolean;
  fullRelist: boolean;
  page: number;
  /** Where a 新規 mark stands in the extracted list: before the number, after the name, on the next line. */
  newMark: 'leading' | 'inline' | 'next-line' | null;
  line: number;
}

interface ListPolicy {
  field: number;
  policy: number;
  name: string;
}

function readList(): { rows: ListRow[]; policies: ListPolicy[]; fields: Map<number, string> } {
  const start = lineIndex('2 事業一覧');
  const end = lines.findIndex((l, n) => n > start && l.includes('地域づくりパートナープロジェクト**'));
  const rows: ListRow[] = [];
  const policies: ListPolicy[] = [];
  const fields = new Map<number, string>();
  let field = 0;
  let policy = 0;
  for (let n = start + 1; n < end; n++) {
    const line = (lines[n] ?? '').replace(/\s+$/, '');
    let m = /^分野(\d) (.+)$/.exec(line);
    if (m) {
      field = Number(m[1]);
      fields.set(field, (m[2] ?? '').trim());
      continue;
    }
    m = /^\((\d)\) (.+)\t頁$/.exec(line);
    if (m) {
      policy = Number(m[1]);
      policies.push({ field, policy, name: (m[2] ?? '').trim() });
      continue;
    }
    if (line === '新規') {
      const last = rows.at(-1) ?? fail(`新規 line without a row at ${n + 1}`);
      if (last.newMark !== null) fail(`two 新規 marks for ${last.name}`);
      last.newMark = 'next-line';
      continue;
    }
    if (line === '【再掲】') {
      const last = rows.at(-1) ?? fail(`【再掲】 line without a row at ${n + 1}`);
      last.fullRelist = true;
      continue;
    }
    m = /^(新規 )?([①-⑳㉑㉒]) (.+?)\t(\d+)$/.exec(line);
    if (m) {
      let rest = (m[3] ?? '').trim();
      let newMark: ListRow['newMark'] = m[1] ? 'leading' : null;
      let star = false;
      let partialRelist = false;
      let fullRelist = false;
      for (;;) {
        if (rest.endsWith(' 新規')) {
          newMark = 'inline';
          rest = rest.slice(0, -3).trim();
        } else if (rest.endsWith('【一部再掲】')) {
          partialRelist = true;
          rest = rest.slice(0, -'【一部再掲】'.length).trim();
        } else if (rest.endsWith('【再掲】')) {
          fullRelist = true;
          rest = rest.slice(0, -'【再掲】'.length).trim();
        } else if (rest.endsWith(' *')) {
          star = true;
          rest = rest.slice(0, -2).trim();
        } else break;
      }
      const number = m[2] ?? '';
      rows.push({
        field,
        policy,
        policyCode: `${field}-(${policy})`,
        number,
        name: rest,
        star,
        partialRelist,
        fullRelist,
        page: Number(m[4]),
        newMark,
        line: n + 1,
      });
    }
  }
  return { rows, policies, fields };
}

// ---------------------------------------------------------------------------------------------
// 個別事業 pages (chapter 3, section 3)

interface PageRow {
  policyCode: string;
  numberOnPage: string;
  /** Content cell paragraphs, in order, tags removed, <hr/> dropped. */
  paragraphs: string[];
  /** 担当課 cell text, paragraphs joined by a space. */
  owners: string;
  /** The first content cell has no <p> markup: "name [新規] description [【数値目標等】 …]" in one string. */
  plainFirst: boolean;
  line: number;
}

interface PagePolicy {
  code: string;
  name: string;
  basicPolicy: string[];
}

interface PageField {
  field: number;
  directions: string[];
}

function cellParagraphs(cell: string): string[] {
  const text = cell.replace(/<hr\/>/g, ' ').trim();
  if (!text.includes('<p>')) return text === '' ? [] : [text.replace(/\s+/g, ' ').trim()];
  const out: string[] = [];
  for (const m of text.matchAll(/<p>(.*?)<\/p>/g)) {
    const p = (m[1] ?? '').replace(/\s+/g, ' ').trim();
    if (p !== '') out.push(p);
  }
  return out;
}

function readPages(): { rows: PageRow[]; policies: PagePolicy[]; fields: PageField[] } {
  const start = lineIndex('3 個別事業');
  const end = lines.findIndex((l, n) => n > start && l.startsWith('第4章'));
  const rows: PageRow[] = [];
  const policies: PagePolicy[] = [];
  const fields: PageField[] = [];
  let policyCode = '';
  let current: PageRow | null = null;
  let mode: 'none' | 'directions' | 'basic' = 'none';
  for (let n = start + 1; n < end; n++) {
    const raw = lines[n] ?? '';
    const line = raw.replace(/\s+$/, '');
    const fieldHead = /^【分野 ?(\d) .+】$/.exec(line);
    if (fieldHead) {
      fields.push({ field: Number(fieldHead[1]), directions: [] });
      current = null;
      mode = 'none';
      continue;
    }
    if (line.includes('における取組の方向性')) {
      mode = 'directions';
      continue;
    }
    const policyHead = /^(\d)-\((\d)\) (.+)$/.exec(line);
    if (policyHead) {
      policyCode = `${policyHead[1]}-(${policyHead[2]})`;
      policies.push({ code: policyCode, name: (policyHead[3] ?? '').trim(), basicPolicy: [] });
      current = null;
      mode = 'none';
      continue;
    }
    if (line === '<基本方針>') {
      mode = 'basic';
      continue;
    }
    if (line.startsWith('No.\t')) {
      mode = 'none';
      current = null;
      continue;
    }
    const row = /^([①-⑳㉑㉒]|①9|②0)\t(.*)$/.exec(raw);
    if (row) {
      const cells = (row[2] ?? '').split('\t');
      current = {
        policyCode,
        numberOnPage: row[1] ?? '',
        paragraphs: cellParagraphs(cells[0] ?? ''),
        owners: cellParagraphs(cells[1] ?? '').join(' '),
        plainFirst: !(cells[0] ?? '').includes('<p>'),
        line: n + 1,
      };
      rows.push(current);
      mode = 'none';
      continue;
    }
    if (raw.startsWith('\t') && current) {
      const cells = raw.slice(1).split('\t');
      current.paragraphs.push(...cellParagraphs(cells[0] ?? ''));
      const more = cellParagraphs(cells[1] ?? '').join(' ');
      if (more !== '') current.owners = `${current.owners} ${more}`.trim();
      continue;
    }
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (mode === 'directions' && line.startsWith('- ')) {
      const f = fields.at(-1) ?? fail('directions before a field');
      f.directions.push(line.slice(2).trim());
    } else if (mode === 'basic') {
      const p = policies.at(-1) ?? fail('基本方針 before a policy');
      p.basicPolicy.push(line.trim());
    }
  }
  return { rows, policies, fields };
}

// ---------------------------------------------------------------------------------------------
// Departments (担当課)

/** Tokens of the 担当課 column that are a 局 (or the bureau-level 危機管理室). */
const BUREAUS = new Set([
  '市民局',
  '健康福祉局',
  '文化観光局',
  '都市整備局',
  '経済局',
  'まちづくり政策局',
  '子供未来局',
  '教育局',
  '総務局',
  '財政局',
  '建設局',
  '危機管理室',
  '環境局',
  '消防局',
]);
/** Ward offices and branch offices; 各区 stands for all five ward offices. */
const WARDS = new Set(['各区', '青葉区', '宮城野区', '若林区', '太白区', '泉区']);
const OFFICES = new Set(['宮城総合支所', '秋保総合支所']);
const SUB_UNIT = 'ふるさと支援担当';

interface ParsedOwner {
  parent: string;
  section: string;
  /** As printed, when it is not just 局 + 課. */
  asWritten: string | null;
}

function parseOwners(column: string): ParsedOwner[] {
  const out: ParsedOwner[] = [];
  let parent: string | null = null;
  for (const token of column.split(/\s+/).filter((t) => t !== '')) {
    if (BUREAUS.has(token) || WARDS.has(token) || OFFICES.has(token)) {
      parent = token;
    } else if (token === '各区中央市民センター') {
      out.push({ parent: '各区', section: '中央市民センター', asWritten: token });
    } else if (token === SUB_UNIT) {
      const last = out.at(-1);
      if (last && last.parent === parent && last.section !== SUB_UNIT && !(last.asWritten ?? '').endsWith(SUB_UNIT)) {
        last.asWritten = `${last.parent}${last.section}${SUB_UNIT}`;
      } else if (parent !== null) {
        out.push({ parent, section: SUB_UNIT, asWritten: `${parent}${SUB_UNIT}` });
      } else fail(`${SUB_UNIT} without a parent in ${column}`);
    } else {
      if (parent === null) fail(`section without a bureau: ${token} in ${column}`);
      // 各区 まちづくり推進課 is not 局 + 課 either: keep the printed form.
      const asWritten = parent === '各区' ? `${parent}${token}` : null;
      out.push({ parent, section: token, asWritten });
    }
  }
  return out;
}

const departments = new Map<string, Department>();
function department(parsed: ParsedOwner): string {
  const parentKind = BUREAUS.has(parsed.parent) ? 'bureau' : WARDS.has(parsed.parent) ? 'ward' : 'office';
  if (!departments.has(parsed.parent)) {
    departments.set(parsed.parent, {
      code: parsed.parent,
      name: parsed.parent === '各区' ? '各区' : parsed.parent,
      kind: parentKind,
      parent: null,
    });
  }
  const code = `${parsed.parent}/${parsed.section}`;
  if (!departments.has(code)) departments.set(code, { code, name: parsed.section, kind: 'section', parent: parsed.parent });
  return code;
}

function owners(column: string): Owner[] {
  const out: Owner[] = [];
  const seen = new Set<string>();
  for (const p of parseOwners(column)) {
    const code = department(p);
    const key = `${code}|${p.asWritten ?? ''}`;
    if (seen.has(key)) continue; // 3-(2)-㉑ prints 教育局 学びの連携推進室 twice (once per sub-item)
    seen.add(key);
    out.push({ department: code, role: 'lead', textAsWritten: p.asWritten });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Content of one 事業: heading, description, sub-items, 【数値目標等】

interface SubItem {
  number: string;
  name: string;
  description: string | null;
  relisted: boolean;
}

interface Content {
  headingOnPage: string;
  isNewOnPage: boolean;
  isRelistOnPage: boolean;
  description: string | null;
  subItems: SubItem[];
  footnotes: string[];
  wardProjects: { office: string; projects: string[] }[];
  wardProjectsHeading: string | null;
  targetText: string | null;
  /** 【数値目標等】 split at ①②③: number → text without the number. */
  targetParts: Map<string, string>;
}

const ROMAN = /^(iii|ii|i) /;

function splitSubItem(paragraph: string): SubItem {
  let number: string;
  let rest: string;
  const roman = ROMAN.exec(paragraph);
  if (roman) {
    number = roman[1] ?? '';
    rest = paragraph.slice(roman[0].length);
  } else {
    number = paragraph[0] ?? '';
    rest = paragraph.slice(1).trim();
  }
  let name: string;
  let description: string | null;
  if (rest.startsWith('(仮称) ')) {
    const space = rest.indexOf(' ', '(仮称) '.length);
    name = rest.slice(0, space);
    description = rest.slice(space + 1).trim();
  } else {
    const space = rest.indexOf(' ');
    name = space < 0 ? rest : rest.slice(0, space);
    description = space < 0 ? null : rest.slice(space + 1).trim();
  }
  const relisted = name.endsWith('【再掲】');
  if (relisted) name = name.slice(0, -'【再掲】'.length);
  return { number, name, description, relisted };
}

/** Index just after `name` in `text`, ignoring whitespace and width differences. */
function endOfName(text: string, name: string): number {
  const want = [...compact(name)];
  let i = 0;
  let k = 0;
  const chars = [...text];
  while (k < want.length) {
    const ch = chars[i] ?? fail(`name ${name} not at the start of ${text}`);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (compact(ch) !== want[k]) fail(`name ${name} not at the start of ${text}`);
    i++;
    k++;
  }
  return chars.slice(0, i).join('').length;
}

function splitTargets(text: string): Map<string, string> {
  const parts = new Map<string, string>();
  const marks = [...text.matchAll(/(?:^|\s)([①-⑳])/g)];
  for (let k = 0; k < marks.length; k++) {
    const m = marks[k];
    if (!m || m.index === undefined) continue;
    const from = m.index + m[0].length;
    const next = marks[k + 1];
    const to = next?.index ?? text.length;
    parts.set(m[1] ?? '', text.slice(from, to).trim());
  }
  return parts;
}

function readContent(row: PageRow, listName: string): Content {
  const ps = [...row.paragraphs];
  const first = ps.shift() ?? fail(`empty row at line ${row.line}`);
  let heading: string;
  const body: string[] = [];
  // A plain (no <p>) cell holds "name [新規] description [【数値目標等】 …]" in one string.
  if (row.plainFirst) {
    const cut = endOfName(first, listName);
    heading = first.slice(0, cut).trim();
    let rest = first.slice(cut).trim();
    if (rest.startsWith('新規 ')) {
      heading = `${heading} 新規`;
      rest = rest.slice(3);
    }
    if (rest.startsWith('【再掲】')) {
      heading = `${heading}【再掲】`;
      rest = rest.slice(4).trim();
    }
    const t = rest.indexOf('【数値目標等】');
    if (t >= 0) {
      if (rest.slice(0, t).trim() !== '') body.push(rest.slice(0, t).trim());
      body.push(rest.slice(t).trim());
    } else if (rest !== '') body.push(rest);
  } else {
    heading = first;
  }
  body.push(...ps);

  let isNewOnPage = false;
  let isRelistOnPage = false;
  let h = heading;
  if (h.endsWith('【再掲】')) {
    isRelistOnPage = true;
    h = h.slice(0, -'【再掲】'.length).trim();
  }
  if (h.endsWith(' 新規')) {
    isNewOnPage = true;
    h = h.slice(0, -3).trim();
  }

  const description: string[] = [];
  const subItems: SubItem[] = [];
  const footnotes: string[] = [];
  const wardProjects: Content['wardProjects'] = [];
  let wardProjectsHeading: string | null = null;
  const targets: string[] = [];
  let inTargets = false;
  for (let k = 0; k < body.length; k++) {
    const p = body[k] ?? '';
    if (inTargets) {
      targets.push(p);
    } else if (p.startsWith('【数値目標等】')) {
      inTargets = true;
      const rest = p.slice('【数値目標等】'.length).trim();
      if (rest !== '') targets.push(rest);
    } else if (/^[①-⑳]/.test(p) || ROMAN.test(p)) {
      subItems.push(splitSubItem(p));
    } else if (p.startsWith('※')) {
      footnotes.push(p);
    } else if (p.startsWith('～') && p.endsWith('～')) {
      wardProjectsHeading = p;
    } else if (/^\((.+?)\)・/.test(p)) {
      const m = /^\((.+?)\)(.*)$/.exec(p) ?? fail(p);
      wardProjects.push({
        office: m[1] ?? '',
        projects: (m[2] ?? '')
          .split(/(?:^|\s)・/)
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      });
    } else if (subItems.length > 0 && subItems.at(-1)?.description === null && !isRelistOnPage) {
      fail(`paragraph after a sub-item heading at line ${row.line}: ${p}`);
    } else if (subItems.length > 0 && !isRelistOnPage) {
      fail(`description paragraph after sub-items at line ${row.line}: ${p}`);
    } else if (subItems.length > 0) {
      // 2-(3)-⑥ prints each sub-item heading and its text as separate paragraphs
      const last = subItems.at(-1) ?? fail('no sub-item');
      last.description = last.description === null ? p : `${last.description}\n${p}`;
    } else {
      description.push(p);
    }
  }
  const targetText = targets.length > 0 ? targets.join('\n') : null;
  return {
    headingOnPage: h,
    isNewOnPage,
    isRelistOnPage,
    description: description.length > 0 ? description.join('\n') : null,
    subItems,
    footnotes,
    wardProjects,
    wardProjectsHeading,
    targetText,
    targetParts: targetText === null ? new Map() : splitTargets(targetText),
  };
}

// ---------------------------------------------------------------------------------------------
// Build sendai-2021

const list = readList();
const pages = readPages();
const decisions: string[] = [];
const items: Item[] = [];

if (list.rows.length !== 89) fail(`事業一覧 rows: ${list.rows.length}`);
if (pages.rows.length !== 89) fail(`page rows: ${pages.rows.length}`);

// 重視すべき視点 (chapter 3, section 1) and the mapping printed as (←視点②) after each 方向性.
const viewpointsStart = lineIndex('【重視すべき視点】');
const viewpoints: { number: string; title: string; ideas: string[] }[] = [];
for (let n = viewpointsStart + 1; n < lines.length; n++) {
  const line = (lines[n] ?? '').trim();
  if (line.startsWith('「仙台市協働まちづくり推進プラン 2021」各分野の取り組みの方向性')) break;
  const m = /^視点([①②③]) (.+)$/.exec(line);
  if (m) viewpoints.push({ number: m[1] ?? '', title: m[2] ?? '', ideas: [] });
  else if (line.startsWith('- (考え方) ・')) viewpoints.at(-1)?.ideas.push(line.slice('- (考え方) ・'.length));
  else if (line.startsWith('・')) viewpoints.at(-1)?.ideas.push(line.slice(1));
}
if (viewpoints.length !== 3) fail('視点');

const overviewStart = lineIndex('「仙台市協働まちづくり推進プラン 2021」各分野の取り組みの方向性');
const overview = new Map<number, { text: string; viewpoints: string[] }[]>();
{
  let field = 0;
  for (let n = overviewStart + 1; n < lines.length; n++) {
    const line = (lines[n] ?? '').trim();
    if (line === '2 事業一覧') break;
    const f = /^分野(\d) /.exec(line);
    if (f) {
      field = Number(f[1]);
      overview.set(field, []);
      continue;
    }
    if (line.startsWith('- ')) {
      const m = /^- (.+)\(←(.+)\)$/.exec(line) ?? fail(`方向性: ${line}`);
      const vps = [...(m[2] ?? '').matchAll(/視点([①②③])/g)].map((x) => x[1] ?? '');
      overview.get(field)?.push({ text: (m[1] ?? '').trim(), viewpoints: vps });
    }
  }
}

const VIEWPOINT_FIELDS = viewpoints.map((v) => ({
  ...v,
  appliesTo: [...overview.entries()].flatMap(([field, dirs]) =>
    dirs.flatMap((d, k) => (d.viewpoints.includes(v.number) ? [{ field: String(field), direction: k + 1 }] : [])),
  ),
}));

function itemByCode(code: string): Item {
  return items.find((i) => i.code === code) ?? fail(`no item ${code}`);
}

// Sub-items whose departments the 担当課 column lists one per sub-item, in the same order.
const SUB_ITEM_OWNERS: Record<string, number[]> = {
  '1-(4)-①': [0, 1],
  '3-(2)-⑰': [0, 1],
  '3-(2)-㉑': [0, 1, 2],
  '3-(3)-④': [0, 1],
};

// 【再掲】 relistings (the whole 事業 printed again) and 【一部再掲】 (a 事業 of its own, some of
// whose sub-items are printed again): the original, found by name in the document.
const RELIST_OF: Record<string, string> = {
  '2-(3)-③': '2-(2)-④',
  '2-(3)-④': '2-(2)-⑤',
  '2-(3)-⑥': '2-(2)-⑥',
  '3-(5)-⑤': '1-(1)-⑤',
  '3-(1)-①': '1-(3)-③',
  '3-(1)-⑧': '1-(4)-⑥',
};
const SUB_ITEM_RELIST_OF: Record<string, string> = {
  '3-(1)-①-1': '1-(3)-③',
  '3-(1)-⑧-1': '1-(4)-⑥-3',
  '3-(1)-⑧-2': '1-(4)-⑥-2',
};

function addProjects(policyCode: string): void {
  const listRows = list.rows.filter((r) => r.policyCode === policyCode);
  const pageRows = pages.rows.filter((r) => r.policyCode === policyCode);
  if (listRows.length !== pageRows.length) fail(`rows of ${policyCode}`);
  listRows.forEach((row, k) => {
    const page = pageRows[k] ?? fail('page row');
    const code = `${policyCode}-${row.number}`;
    const content = readContent(page, row.name);
    const isRelisting = row.fullRelist;
    if (isRelisting !== content.isRelistOnPage) fail(`【再掲】 of ${code}`);
    const attributes: Record<string, unknown> = { page: row.page };
    if (page.numberOnPage !== row.number) attributes.numberOnPage = page.numberOnPage;
    let heading = content.headingOnPage;
    const tags: string[] = [];
    if (heading.endsWith('（ユースチャレンジ事業）')) {
      tags.push('ユースチャレンジ事業');
      heading = heading.slice(0, -'（ユースチャレンジ事業）'.length);
    }
    if (compact(heading) !== compact(row.name)) attributes.nameOnPage = content.headingOnPage;
    else if (tags.length > 0) attributes.nameOnPage = content.headingOnPage;
    if (content.footnotes.length > 0) attributes.footnotes = content.footnotes;
    if (content.wardProjects.length > 0) {
      if (content.wardProjectsHeading !== null) attributes.wardProjectsHeading = content.wardProjectsHeading;
      attributes.wardProjects = content.wardProjects;
    }
    const relistOf = RELIST_OF[code] ?? null;
    if ((relistOf !== null) !== (row.fullRelist || row.partialRelist)) fail(`relisting of ${code}`);
    if (isRelisting && content.subItems.length > 0) {
      attributes.subItemsAsPrinted = content.subItems.map((s) => ({ number: s.number, name: s.name, text: s.description }));
    }
    const itemOwners = owners(page.owners);
    items.push({
      code,
      parent: policyCode,
      number: row.number,
      name: row.name,
      description: content.description,
      numericTargetText: content.targetText,
      isNew: content.isNewOnPage,
      isPartnerProject: row.star,
      tags,
      relistOf,
      relistKind: row.fullRelist ? 'full' : row.partialRelist ? 'partial' : null,
      attributes,
      departments: itemOwners,
    });
    if (isRelisting) return; // a link: no child items, no indicators of its own
    const perSubItem = SUB_ITEM_OWNERS[code];
    if (perSubItem && perSubItem.length !== content.subItems.length) fail(`sub-item owners of ${code}`);
    const printedOwners = parseOwners(page.owners);
    const usedTargetParts = new Set<string>();
    content.subItems.forEach((s, j) => {
      const subCode = `${code}-${j + 1}`;
      const circled = [...CIRCLED][j] ?? '';
      const part = s.number === circled ? content.targetParts.get(circled) ?? null : null;
      if (part !== null) usedTargetParts.add(circled);
      const subRelist = SUB_ITEM_RELIST_OF[subCode] ?? null;
      if ((subRelist !== null) !== s.relisted) fail(`sub-item relisting of ${subCode}`);
      let subOwners: Owner[] = [];
      if (perSubItem) {
        const p = printedOwners[perSubItem[j] ?? -1] ?? fail(`owner of ${subCode}`);
        subOwners = [{ department: department(p), role: 'lead', textAsWritten: p.asWritten }];
      }
      items.push({
        code: subCode,
        parent: code,
        number: s.number,
        name: s.name,
        description: s.description,
        numericTargetText: part,
        relistOf: subRelist,
        relistKind: subRelist === null ? null : 'full',
        attributes: {},
        departments: subOwners,
      });
    });
    for (const key of content.targetParts.keys()) {
      if (!usedTargetParts.has(key)) fail(`target ${key} of ${code} has no sub-item`);
    }
  });
}

for (const [field, name] of list.fields) {
  const pageField = pages.fields.find((f) => f.field === field) ?? fail(`field ${field}`);
  const dirs = overview.get(field) ?? fail(`overview ${field}`);
  if (dirs.length !== pageField.directions.length) fail(`directions of ${field}`);
  items.push({
    code: String(field),
    parent: null,
    number: `分野${field}`,
    name,
    description: pageField.directions.join('\n'),
    attributes: {
      directions: pageField.directions.map((text, k) => {
        const o = dirs[k] ?? fail('direction');
        return {
          text,
          viewpoints: o.viewpoints,
          ...(compact(o.text) !== compact(text) ? { textInOverview: o.text } : {}),
        };
      }),
    },
  });
  for (const policy of list.policies.filter((p) => p.field === field)) {
    const code = `${field}-(${policy.policy})`;
    const pagePolicy = pages.policies.find((p) => p.code === code) ?? fail(code);
    items.push({
      code,
      parent: String(field),
      number: `(${policy.policy})`,
      name: policy.name,
      description: pagePolicy.basicPolicy.join('\n'),
      attributes: {
        ...(compact(pagePolicy.name) !== compact(policy.name) ? { nameOnPage: pagePolicy.name } : {}),
      },
    });
    addProjects(code);
  }
}

// ---------------------------------------------------------------------------------------------
// Indicators and structured targets (hand-made; every text is checked against the item's
// 【数値目標等】 and every number against the text by the test).

interface T {
  kind: Target['kind'];
  text: string;
  fiscalYear?: number;
  value?: string;
  bandLow?: string;
  bandHigh?: string;
  changePercent?: string;
  notes?: string;
  setBy?: Target['setBy'];
}
interface I {
  name: string;
  unit: string | null;
  targets: T[];
  direction?: Indicator['direction'];
  aggregation?: Indicator['aggregation'];
  baseline?: Indicator['baseline'];
  notes?: string;
  observations?: Observation[];
}

const ABOUT = '「程度」: 概数の目標。値を毎年度の目安（以上）として記録し、「程度」は本文に残した。';
const NO_YEAR = '年度の記載なし: 計画期間（令和3～7年度）の毎年度の水準と読んだ。';
const EXACT = '「以上」の記載なし: 毎年度その数に達することを目標と読んだ。';
const BAND = '「程度を維持」: 文書に幅の記載はないため、維持の幅を目標値の±10%とした（本データセットの取り決め）。';
const BY_YEAR_CUMULATIVE = '「令和5年度までに N 件」: 令和3年度からの累計で読んだ。';

const INDICATORS: Record<string, I[]> = {
  '1-(1)-①': [{ name: '市民活動サポートセンター利用団体数', unit: '団体', targets: [{ kind: 'every_year_min', value: '720', text: '利用団体数を毎年度 720 団体以上とする。' }] }],
  '1-(1)-②': [{ name: '伴走支援を行った地域数', unit: '地域', targets: [{ kind: 'every_year_min', value: '1', text: '毎年度 1 つ以上の地域に対して伴走支援を行う。' }] }],
  '1-(1)-③': [{ name: 'プロボノを派遣した地域・団体数', unit: '地域・団体', targets: [{ kind: 'every_year_min', value: '1', text: '毎年度 1 つ以上の地域や団体に対して、プロボノの派遣を行う。' }] }],
  '1-(1)-④': [{ name: '男女共同参画推進フォーラム参加団体数', unit: '団体', targets: [{ kind: 'every_year_min', value: '30', text: '毎年度男女共同参画推進フォーラムを開催し、参加団体数を 30 団体以上とする。' }] }],
  '1-(1)-⑤': [
    {
      name: 'ボランティアセンター登録団体数',
      unit: '団体',
      baseline: { value: '754', text: '既存登録団体数 754 団体（令和 2 年 12 月 1 日時点）', fiscalYear: 2020, asOf: '2020-12-01' },
      targets: [
        {
          kind: 'percent_change',
          fiscalYear: 2025,
          changePercent: '20',
          value: '905',
          text: 'ボランティアセンターへの登録団体数を、令和 7 年度までに既存登録団体数 754 団体（令和 2 年 12 月 1 日時点）の 20%増とする。',
          notes: '754 × 1.2 = 904.8 → 905 団体。団体数は整数なので、20%増に届く最小の整数へ切り上げた（904 団体では 19.9%増）。',
        },
      ],
    },
  ],
  '1-(1)-⑥-1': [{ name: 'コロナ禍における先進的な事業への助成件数', unit: '件', targets: [{ kind: 'every_year_min', value: '15', text: 'コロナ禍における先進的な事業に対して助成を行う（15 件程度）。', notes: `${ABOUT} ${NO_YEAR}` }] }],
  '1-(1)-⑥-3': [{ name: '多様なメディアを活用した文化芸術活動への助成件数', unit: '件', targets: [{ kind: 'every_year_min', value: '160', text: '多様なメディアを活用した文化芸術活動に対して助成を行う（160 件程度）', notes: `${ABOUT} ${NO_YEAR}` }] }],
  '1-(1)-⑦': [
    {
      name: 'まちづくり専門家の派遣地区数',
      unit: '地区',
      targets: [
        {
          kind: 'every_year_min',
          value: '15',
          text: '令和3年度～7年度における派遣地区を単年度平均で15地区以上とする。',
          notes: '「単年度平均で15地区以上」: 令和3～7年度の各年度の派遣地区数の平均が15以上であること。1つの年度が15未満でも、それだけでは未達にならない。',
        },
      ],
    },
  ],
  '1-(2)-①': [{ name: '輩出した社会起業家数', unit: '名', targets: [{ kind: 'every_year_min', value: '10', text: '令和3年度～7年度に、社会起業家を毎年度10名以上輩出する。' }] }],
  '1-(2)-②': [{ name: '支援した民間による遊休不動産のリノベーション事業数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '3', text: '令和5年度までに、民間による遊休不動産のリノベーション事業を3件実施できるよう支援する。', notes: BY_YEAR_CUMULATIVE }] }],
  '1-(2)-③': [
    { name: '（仮称）せんだい都市再生まちづくり団体の認定件数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '4', text: '4件の認定を行う', notes: `年度は文頭の「令和5年度までに」。${BY_YEAR_CUMULATIVE}` }] },
    { name: '都市再生推進法人の新規指定件数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '3', text: '「都市再生推進法人」として3件の新規指定を行う。', notes: `年度は文頭の「令和5年度までに」。${BY_YEAR_CUMULATIVE}` }] },
  ],
  '1-(2)-④': [{ name: '民間による公共空間での社会実験の延べ実施日数（累計）', unit: '日', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '30', text: '令和5年度までに、民間による公共空間での社会実験の延べ実施日数を30日以上実施できるよう支援する。', notes: '「延べ実施日数」を令和3年度からの累計で読んだ。' }] }],
  '1-(3)-②': [{ name: '市民協働事業提案制度による協働事業数', unit: '件', targets: [{ kind: 'every_year_min', value: '4', text: '毎年度4件以上の協働事業を実施する。' }] }],
  '1-(3)-③': [{ name: '若者版・市民協働事業提案制度による協働事業数', unit: '件', targets: [{ kind: 'every_year_min', value: '3', text: '毎年度3件の協働事業を実施する。', notes: EXACT }] }],
  '1-(3)-④': [{ name: '地域づくりパートナープロジェクト推進助成の助成件数（i～iii 計）', unit: '件', targets: [{ kind: 'every_year_min', value: '5', text: '毎年度 i ~ iii あわせて5件以上の助成を実施する。' }] }],
  '1-(4)-②': [{ name: '協働の理解促進や機会創出に資する事業の実施数', unit: '事業', targets: [{ kind: 'every_year_min', value: '2', text: '協働の理解促進や機会創出に資する事業を、毎年度2事業以上実施する。' }] }],
  '1-(4)-③': [{ name: 'CSWのスキルアップのための研修会の開催回数', unit: '回', targets: [{ kind: 'every_year_min', value: '3', text: 'CSWのスキルアップのための研修会を年3回以上開催する。' }] }],
  '1-(4)-④': [{ name: '生活支援コーディネーター向けの研修等の開催回数', unit: '回', targets: [{ kind: 'every_year_min', value: '2', text: '生活支援コーディネーター向けの研修等を年2回以上開催する。' }] }],
  '1-(4)-⑥': [{ name: '事業参加者に対する新規参加者の割合', unit: '%', targets: [{ kind: 'every_year_min', value: '20', text: '事業参加者に対する新規参加者の割合を2割以上とすることにより、裾野の広がりを図る。', notes: `2割 = 20%。${NO_YEAR}` }] }],
  '2-(1)-①': [
    {
      name: 'ホームページの新規公開数と更新数の合計',
      unit: '件',
      baseline: { value: '22721', text: '令和元年度 22,721 件', fiscalYear: 2019 },
      targets: [{ kind: 'every_year_min', value: '23000', text: 'ホームページの新規公開数と更新数合算を毎年度 23,000 件以上とする。' }],
      observations: [{ fiscalYear: 2019, kind: 'actual', value: '22721', text: '22,721 件', unit: '件', note: '【数値目標等】の「(参考 令和元年度 22,721 件)」', source: 'source.txt 第3章3 2-(1)-①' }],
    },
  ],
  '2-(1)-②': [
    {
      name: '公文書館の整備',
      unit: null,
      targets: [
        { kind: 'qualitative', fiscalYear: 2021, text: '令和3年度 旧貝森小学校校舎改修工事竣工、 収蔵資料検索システム構築' },
        { kind: 'qualitative', fiscalYear: 2022, text: '令和4年度 開館' },
      ],
    },
  ],
  '2-(2)-④': [{ name: '市政モニターの委嘱人数', unit: '人', targets: [{ kind: 'every_year_min', value: '200', text: 'モニター公募の周知手段を工夫し、幅広い属性の市民を毎年 200 人委嘱する。', notes: EXACT }] }],
  '2-(2)-⑥-1': [{ name: 'ココロン・スクールの実施回数', unit: '回', targets: [{ kind: 'every_year_min', value: '6', text: 'ココロン・スクールを毎年度6回実施する。', notes: EXACT }] }],
  '2-(2)-⑥-2': [{ name: '職員研修（新規採用職員・管理職向け・窓口等職員向け）の実施', unit: null, targets: [{ kind: 'qualitative', text: '毎年度、新規採用職員研修、管理職向け研修、窓口等職員向け研修を実施する。' }] }],
  '2-(2)-⑧': [{ name: '市民参加のワークショップの開催回数', unit: '回', targets: [{ kind: 'every_year_min', value: '3', text: '市民参加のワークショップを、年3回以上開催する。' }] }],
  '2-(4)-③': [
    {
      name: '女性委員が就任している附属機関等の割合',
      unit: '%',
      direction: 'maintain',
      targets: [{ kind: 'maintain', value: '100', bandLow: '100', bandHigh: '100', text: 'すべての附属機関等に女性委員が就任している状態の維持に努める。', notes: '「すべての附属機関等」= 100%。幅なし。' }],
    },
    {
      name: '附属機関等の女性委員の比率',
      unit: '%',
      targets: [
        { kind: 'qualitative', text: '女性委員の比率の向上に努める。' },
        {
          kind: 'by_year',
          fiscalYear: 2023,
          value: '40',
          text: '(参考：令和5年度末までに40%以上)',
          setBy: 'other',
          notes: '「参考」として掲げられた値（本計画の目標は「向上に努める」）。どの計画の目標かは文書に記載がない。令和5年度末 = 令和5年度。',
        },
      ],
    },
  ],
  '3-(1)-①-2': [{ name: '仙台まちづくり若者ラボの参加者数', unit: '人', targets: [{ kind: 'every_year_min', value: '40', text: '参加者人数を毎年度40人以上とする。' }] }],
  '3-(1)-②': [{ name: '若者の人材育成に資する事業の実施数', unit: '事業', targets: [{ kind: 'every_year_min', value: '2', text: '若者の人材育成に資する事業を、関係機関等とも連携しながら、毎年度2事業以上実施する。' }] }],
  '3-(1)-③': [{ name: '青葉区における学生団体と地域活動の延べマッチング数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '5', text: '青葉区における学生団体と地域活動の延べマッチング数を、令和5年度までに5件とする。', notes: BY_YEAR_CUMULATIVE }] }],
  '3-(1)-④': [{ name: '若手人材育成セミナー受講生が取り組む地域活動の件数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '2', text: 'みやぎの・まちづくり若手人材育成セミナー受講生が取り組む地域活動を令和5年度までに2件実施する。', notes: BY_YEAR_CUMULATIVE }] }],
  '3-(1)-⑤': [
    { name: '大学と若林区の連携事業数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '4', text: '大学と若林区の連携事業を4件', notes: `年度は文頭の「令和5年度までに」。${BY_YEAR_CUMULATIVE}` }] },
    { name: '若林区における学生と地域が協働で取り組む地域活動数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '2', text: '若林区における学生と地域が協働で取り組む地域活動を2件実施する。', notes: `年度は文頭の「令和5年度までに」。${BY_YEAR_CUMULATIVE}` }] },
  ],
  '3-(1)-⑥': [{ name: '地域と大学のマッチング支援・東北工業大学との共同講座の実施', unit: null, targets: [{ kind: 'qualitative', text: 'マッチングした地域と大学の支援及び東北工業大学との共同講座を毎年度実施する。' }] }],
  '3-(1)-⑦-1': [{ name: '1事業以上実施した大学の数（6大学のうち）', unit: '大学', targets: [{ kind: 'every_year_min', value: '6', text: '6大学がそれぞれ1事業以上実施する。', notes: `「6大学がそれぞれ1事業以上」を、1事業以上実施した大学が6大学であることと読んだ。${NO_YEAR}` }] }],
  '3-(1)-⑦-2': [{ name: '泉6大学まちづくりフェスティバルの開催回数', unit: '回', targets: [{ kind: 'every_year_min', value: '1', text: '6大学の発表の場として毎年1回以上開催する。' }] }],
  '3-(1)-⑦-3': [{ name: '大学間の交流促進事業における交流会の開催回数', unit: '回', targets: [{ kind: 'every_year_min', value: '3', text: '団体間の交流促進事業における交流会を年3回以上開催する。' }] }],
  '3-(1)-⑧': [
    { name: '事業参加者に対する新規参加者の割合', unit: '%', targets: [{ kind: 'every_year_min', value: '20', text: '事業参加者に対する新規参加者の割合を2割以上', notes: `2割 = 20%。${NO_YEAR}` }] },
    { name: 'ジュニアリーダーの活動率', unit: '%', targets: [{ kind: 'every_year_min', value: '75', text: 'ジュニアリーダー育成支援に関しては、活動率を75%以上とする。', notes: `③ジュニアリーダー育成支援についての目標。${NO_YEAR}` }] },
  ],
  '3-(2)-①': [
    {
      name: '地域防災リーダー（SBL）の人数',
      unit: '人',
      direction: 'maintain',
      targets: [{ kind: 'maintain', value: '600', bandLow: '540', bandHigh: '660', text: '毎年度新規養成を行い、600人程度を維持していく。', notes: `${BAND} 600 × 0.9 = 540、600 × 1.1 = 660。` }],
    },
  ],
  '3-(2)-⑤-2': [{ name: '地域の防犯活動団体への補助金の交付件数', unit: '団体', targets: [{ kind: 'every_year_min', value: '15', text: '補助金の交付件数を、毎年度、新規、継続を含め 15 団体以上とする。' }] }],
  '3-(2)-⑦': [{ name: '地域福祉活動従事者への研修会の開催回数（各区・支部事務所ごと）', unit: '回', targets: [{ kind: 'every_year_min', value: '1', text: '地域福祉活動従事者への研修会を各区・支部事務所において年 1 回以上開催する。', notes: '各区・支部事務所のそれぞれで年1回以上。' }] }],
  '3-(2)-⑧': [{ name: '地域社会福祉活動を行う老人クラブ数の割合', unit: '%', targets: [{ kind: 'by_year', fiscalYear: 2025, value: '50', text: '地域社会福祉活動を行う老人クラブ数の割合を令和7年度までに50%以上に増加させる。' }] }],
  '3-(2)-⑨': [
    {
      name: '地域子育て支援活動団体の登録団体数',
      unit: '団体',
      direction: 'maintain',
      targets: [{ kind: 'maintain', value: '140', bandLow: '126', bandHigh: '154', text: '毎年度の登録団体数140団体程度を維持していく。', notes: `${BAND} 140 × 0.9 = 126、140 × 1.1 = 154。` }],
    },
  ],
  '3-(2)-⑫-3': [
    { name: 'クリーン仙台推進員を推薦する町内会の割合', unit: '%', targets: [{ kind: 'by_year', fiscalYear: 2025, value: '60', text: 'クリーン仙台推進員を推薦する町内会の割合を60%以上', notes: '年度は文頭の「令和7年度までに」。' }] },
    { name: '排出実態調査を実施するクリーン仙台推進員の割合', unit: '%', targets: [{ kind: 'by_year', fiscalYear: 2025, value: '40', text: '排出実態調査を実施するクリーン仙台推進員の割合を40%以上を目指す。', notes: '年度は文頭の「令和7年度までに」。' }] },
  ],
  '3-(2)-⑬': [{ name: '農あるふるさとづくり支援事業の交付件数', unit: '件', targets: [{ kind: 'every_year_min', value: '3', text: '毎年度の交付件数を3件程度とする。', notes: ABOUT }] }],
  '3-(2)-⑰-1': [
    { name: '緑の活動団体の交流会の開催', unit: null, targets: [{ kind: 'qualitative', text: '団体相互の情報交換や共有を図るため、交流会を開催する' }] },
    { name: '緑の活動の体験事業の実施回数', unit: '回', targets: [{ kind: 'every_year_min', value: '3', text: '体験事業を年3回以上実施する。' }] },
  ],
  '3-(2)-⑰-2': [{ name: '公園愛護協力会の新規結成数', unit: '団体', targets: [{ kind: 'every_year_min', value: '10', text: '新規結成を毎年度10団体以上とする。' }] }],
  '3-(2)-⑳': [{ name: '婦人防火クラブ訓練・研修などの参加人数', unit: '人', targets: [{ kind: 'every_year_min', value: '9000', text: '婦人防火クラブ訓練・研修などの参加人数を毎年度9,000人以上とする。' }] }],
  '3-(2)-㉑-1': [{ name: 'コミュニティ・スクールを導入し年3回以上学校運営協議会を開催した学校数', unit: '校', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '190', text: '令和5年度までに、コミュニティ・スクールを導入し、年3回以上学校運営協議会を開催した学校を190校とする。' }] }],
  '3-(2)-㉑-2': [{ name: '学校支援ボランティアの延べ人数', unit: '人', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '120000', text: '令和5年度までに学校支援ボランティアの延べ人数を120,000人とする。', notes: '「延べ人数」を単年度（令和5年度）の延べ人数と読んだ（累計とは書かれていない）。' }] }],
  '3-(2)-㉑-3': [
    { name: '統括的な地域学校協働活動推進員の配置数', unit: '人', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '5', text: '令和5年度までに、統括的な地域学校協働活動推進員を5人配置する。' }] },
    { name: '地域学校協働活動に係る研修への参加人数', unit: '人', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '150', text: '地域学校協働活動に係る研修への参加人数を150人とする。', notes: '年度は前文の「令和5年度までに」。単年度の参加人数と読んだ。' }] },
  ],
  '3-(2)-㉒': [{ name: '仙台市PTA協議会との共催事業数', unit: '件', targets: [{ kind: 'every_year_min', value: '3', text: '仙台市P T A協議会との共催事業を毎年度3件以上実施する。' }] }],
  '3-(3)-①': [
    { name: '事業者の社会貢献活動事例・協働事例の紹介件数', unit: '件', targets: [{ kind: 'every_year_min', value: '5', text: '事業者の社会貢献活動事例や協働事例について、市民活動サポートセンターのブログなどで年間5件以上紹介する。' }] },
    { name: '事業者が他の主体と意見交換できる事業の実施', unit: null, targets: [{ kind: 'qualitative', text: '事業者が他の主体と意見交換できる事業を毎年度実施する。' }] },
  ],
  '3-(3)-②-2': [{ name: '環境配慮事業者の認定事業所・店舗等の数', unit: '事業所・店舗等', targets: [{ kind: 'by_year', fiscalYear: 2025, value: '500', text: '令和7年度までに認定事業所・店舗等を500以上とする。', notes: '単位は本文の「認定事業所・店舗等」。' }] }],
  '3-(3)-②-4': [{ name: 'まち美化サポートプログラム登録団体数', unit: '団体', targets: [{ kind: 'every_year_min', value: '300', text: 'まち美化サポートプログラム登録団体数を300団体以上とする。', notes: NO_YEAR }] }],
  '3-(3)-③': [{ name: '仙台「四方よし」企業大賞制度における宣言企業の新規申込件数', unit: '社', targets: [{ kind: 'every_year_min', value: '5', text: '仙台「四方よし」企業大賞制度における宣言企業の新規申込件数を、毎年度5社以上確保する。' }] }],
  '3-(3)-④-1': [{ name: '消防団協力事業所の新規認定数', unit: '事業所', targets: [{ kind: 'every_year_min', value: '5', text: '毎年度、新規の認定事業所を5事業所程度増加させる。', notes: ABOUT }] }],
  '3-(3)-④-2': [
    { name: '応急手当協力事業所の登録増加数', unit: '事業所', targets: [{ kind: 'every_year_min', value: '50', text: '毎年度50事業所程度増加させる。', notes: ABOUT }] },
    { name: '登録事業所の応急手当能力の向上', unit: null, targets: [{ kind: 'qualitative', text: '登録事業所へのAED等の維持管理状況の定期的な確認及び救命講習受講を促し、応急手当能力の向上を図る。' }] },
  ],
  '3-(4)-①': [{ name: 'せんだい3.11メモリアル交流館の協力事業としての催し等の件数', unit: '件', targets: [{ kind: 'every_year_min', value: '30', text: 'せんだい 3.11 メモリアル交流館の協力事業として、地域団体等による催し等を各年度 30 件以上開催する。' }] }],
  '3-(4)-②': [{ name: '防災フォーラム等の来場者数', unit: '人', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '2000', text: '来場者数を令和 5 年度に 2,000 人とする。', notes: '令和5年度の単年度の来場者数。' }] }],
  '3-(4)-③': [{ name: 'サテライトキャンパス公開講座の定員合計に対する受講者数の割合', unit: '%', targets: [{ kind: 'every_year_min', value: '60', text: '各年度において、サテライトキャンパス公開講座の定員合計の 6 割の受講者数を確保する。', notes: '6割 = 60%。' }] }],
  '3-(4)-④': [{ name: '多様な主体の交流機会の年間延べ参加者数', unit: '人', targets: [{ kind: 'every_year_min', value: '100', text: '年間の延べ参加者数を 100 人以上とする。' }] }],
  '3-(4)-⑤-1': [{ name: '文化活動団体への助成件数', unit: '件', targets: [{ kind: 'every_year_min', value: '130', text: '文化活動団体に対し、毎年度 130 件程度助成を行う。', notes: ABOUT }] }],
  '3-(4)-⑤-2': [{ name: '文化活動団体との協力事業数', unit: '件', targets: [{ kind: 'every_year_min', value: '50', text: '毎年度 50 件程度、文化活動団体との協力事業を実施する。', notes: ABOUT }] }],
  '3-(4)-⑥': [{ name: '広瀬川魅力創生サポーター制度における「ゴールドサポーター」の認定数（累計）', unit: '件', aggregation: 'cumulative', targets: [{ kind: 'by_year', fiscalYear: 2023, value: '3', text: '広瀬川魅力創生サポーター制度における「ゴールドサポーター」の認定数を令和 5 年度までに 3 件とする。', notes: BY_YEAR_CUMULATIVE }] }],
  '3-(4)-⑦': [{ name: '学びのコミュニティづくり推進事業の委託団体数', unit: '団体', targets: [{ kind: 'every_year_min', value: '7', text: '委託団体を毎年度 7 団体以上とする。' }] }],
  '3-(5)-③': [{ name: '仙台市協働ナビゲーションサイトのアクセス件数', unit: '件', targets: [{ kind: 'every_year_min', value: '10000', text: '仙台市協働ナビゲーションサイトのアクセス件数を毎年度10,000件以上とする。' }] }],
  '3-(5)-④': [
    { name: '市民活動サポートセンターのブログの訪問者数', unit: '件', targets: [{ kind: 'every_year_min', value: '40000', text: '市民活動サポートセンターのブログの訪問者数を毎年度40,000件以上' }] },
    { name: '市民活動サポートセンターのブログの投稿数', unit: '件', targets: [{ kind: 'every_year_min', value: '250', text: '投稿数を毎年度250件以上とする。' }] },
  ],
};

const RATE_METHOD: Record<Target['kind'], Indicator['rateMethod']> = {
  every_year_min: 'every_year',
  every_year_max: 'every_year',
  by_year: 'ratio',
  maintain: 'band',
  percent_change: 'improvement',
  qualitative: null,
};

const indicators: Indicator[] = [];
for (const [itemCode, specs] of Object.entries(INDICATORS)) {
  const item = itemByCode(itemCode);
  const text = item.numericTargetText ?? fail(`${itemCode} has no 【数値目標等】`);
  specs.forEach((spec, k) => {
    for (const t of spec.targets) {
      if (!compact(text).includes(compact(t.text))) fail(`${itemCode}: target text not in 【数値目標等】: ${t.text}`);
    }
    const numeric = spec.targets.find((t) => t.kind !== 'qualitative');
    const averaged = itemCode === '1-(1)-⑦';
    indicators.push({
      code: `${itemCode}#${k + 1}`,
      item: itemCode,
      name: spec.name,
      unit: spec.unit,
      direction: spec.direction ?? 'up',
      aggregation: spec.aggregation ?? 'annual',
      rateMethod: numeric && !averaged ? RATE_METHOD[numeric.kind] : null,
      baseline: spec.baseline ?? null,
      notes: spec.notes ?? null,
      targets: spec.targets.map((t) => ({
        kind: t.kind,
        fiscalYear: t.fiscalYear ?? null,
        value: t.value ?? null,
        bandLow: t.bandLow ?? null,
        bandHigh: t.bandHigh ?? null,
        changePercent: t.changePercent ?? null,
        text: t.text,
        setBy: t.setBy ?? 'this_plan',
        setByName: null,
        notes: t.notes ?? null,
      })),
      observations: spec.observations ?? [],
    });
  });
}

// Every 【数値目標等】 of a 事業 that is not a relisting must have an indicator (on it or its sub-items).
for (const item of items) {
  if (item.numericTargetText === null || item.numericTargetText === undefined || item.relistKind === 'full') continue;
  const covered = indicators.some((x) => x.item === item.code || x.item.startsWith(`${item.code}-`));
  if (!covered) fail(`【数値目標等】 without indicator: ${item.code}`);
}

decisions.push(
  '階層: 分野（code 1〜3）→ 基本施策（1-(1)〜3-(5)）→ 事業（1-(1)-① など、番号は事業一覧の丸数字）→ 事業内の ①②③ など（code は事業 code に「-1」「-2」… を付けたもの、番号は印刷どおり ① や i）。levelNames は [分野, 基本施策, 事業, 取組]。',
  '事業の名称: 事業一覧（P.18～19）の表記を name とした。個別事業ページの見出しが空白・全角半角以外で異なる場合は attributes.nameOnPage に印刷どおり残した（1-(2)-④ 一覧「まちなかウォーカー推進事業」/ページ「まちなかウォークアブル推進事業」、3-(5)-② 一覧「まちづくり活動事例集等作成」/ページ「まちづくり活動事例集等の作成」、3-(1) の「（ユースチャレンジ事業）」付きの見出し）。',
  '「（ユースチャレンジ事業）」: 個別ページの見出しに付いている 3-(1)-①③④⑤⑥⑦ に tag「ユースチャレンジ事業」を付けた。',
  '事業番号: 事業一覧の番号を number とした。個別ページの 3-(2) ではテキスト抽出で番号が崩れている（⑲→「①9」、⑳→「②0」、㉑→「⑳」、㉒→「㉑」）。ページ上の番号は attributes.numberOnPage に残した。事業とページの行は基本施策ごとの出現順で対応させた。',
  '新規: 個別事業ページの見出しの「新規」で決めた（指示どおり）。事業一覧のテキスト抽出では分野1-(1)の「新規」が行からずれている: 「新規 ③」（P.18、③の前）、「新規 ⑦」（⑦の前）、⑧の次の行の「新規」。ページでは 1-(1)-②・③・⑥・⑧ が新規、⑦ は新規でない。よって 1-(1)-② 新規（一覧では印なし）、1-(1)-③ 新規、1-(1)-⑥ 新規（一覧では印なし）、1-(1)-⑦ 新規でない（一覧では「新規 ⑦」）、1-(1)-⑧ 新規（一覧では次の行）。',
  '新規（一覧で次の行にある印）: 1-(2)-④、1-(3)-③、1-(3)-④ は事業一覧で「新規」が次の行にあり、ページでも新規なので新規とした。3-(1)-④・⑤、3-(2)-③ は一覧・ページとも新規。新規は計10事業。',
  '*（地域づくりパートナープロジェクト構成事業）: 個別ページには印がないため、事業一覧の「*」で決めた（20事業）。',
  '【再掲】: 事業一覧で次の行に「【再掲】」がある 2-(3)-③④⑥ と、行内にある 3-(5)-⑤ の4件を再掲（relistKind full）とし、relistOf は同名の元の事業（2-(2)-④、2-(2)-⑤、2-(2)-⑥、1-(1)-⑤）。再掲の項目にはその場所に印刷されている名称・内容・【数値目標等】・担当課だけを持たせ、子項目と指標は持たせない（指標は元の事業にある）。2-(3)-⑥ に印刷されている ①② は attributes.subItemsAsPrinted に残した。',
  '【再掲】の文言の違い: 2-(3)-③ の【数値目標等】は「毎年度 200 人委嘱する」、元の 2-(2)-④ は「毎年 200 人委嘱する」。それぞれ印刷どおりに残した。',
  '【一部再掲】: 3-(1)-①（①若者版・市民協働提案制度【再掲】）と 3-(1)-⑧（①若者社会参画型学習推進事業【再掲】、②子ども参画型社会創造支援事業【再掲】）は事業数（分野3の45事業）に数えられる独自の事業なので、子項目・指標を持つ普通の事業とし、relistOf に元の事業（1-(3)-③、1-(4)-⑥）、relistKind partial を付けた。再掲された子項目自体にも relistKind full と relistOf（3-(1)-①-1 → 1-(3)-③、3-(1)-⑧-1 → 1-(4)-⑥-3、3-(1)-⑧-2 → 1-(4)-⑥-2）を付け、指標は持たせない。3-(1)-①-1 の名称はページどおり「若者版・市民協働提案制度」（元は「若者版・市民協働事業提案制度」）。',
  '事業数: 再掲を除く事業数は 22 / 18 / 45 = 85（文書の<事業数>と一致）。【一部再掲】の2事業は数に含み、【再掲】の4事業は含まない。項目としては 89 事業（事業一覧の89行）。',
  '説明文: 事業の description は個別ページの事業内容（①②… の子項目、【数値目標等】、※注、区ごとの企画事業の列挙を除く）。段落は改行で区切った。子項目の name は丸数字の直後から最初の空白まで、description はその後ろ（1-(3)-④ の i〜iii は「(仮称) …」までを name とした）。3-(4)-⑤ の ①②③ は名称のない一文なので、その一文を name とし description は null。',
  '※注: 1-(2)-④ の「※まちなかウォークアブル事業 …」は attributes.footnotes に残した。',
  '区ごとの事業: 3-(2)-⑱ の「～各区の主な企画事業～」と 3-(2)-⑲ の (青葉区)・… の列挙は番号のない一覧なので子項目にせず、attributes.wardProjects（office, projects）と attributes.wardProjectsHeading に残した。',
  '【数値目標等】: 事業の numericTargetText は【数値目標等】の後ろの全文（段落は改行で区切る、番号 ①② もそのまま）。①②… と番号が付いていて同じ番号の子項目がある場合は、その部分（番号を除く）を子項目の numericTargetText にも入れた（1-(1)-⑥、2-(2)-⑥、3-(1)-①・⑦、3-(2)-⑤・⑫・⑰・㉑、3-(3)-②・④、3-(4)-⑤）。番号のない目標（1-(3)-④ の i～iii 合計、1-(4)-⑥、3-(1)-⑧、3-(3)-①）は事業に置いた。3-(3)-④ の②の後ろの「登録事業所へのAED等…」は②の続きとして②に入れた。',
  '指標: 【数値目標等】に数値がある目標ごとに指標を作った（code は「項目code#連番」）。数値のない目標（「毎年度実施する」など）も、所管課が毎年度の実績を入れられるよう指標を作り、kind qualitative の目標（本文どおり）を持たせた。指標は【数値目標等】が置かれた項目（番号付きなら子項目）に付けた。再掲の項目・再掲された子項目には指標を付けない。',
  '目標の種類: 「毎年度 N 以上」「年 N 回以上」「各年度 N 件以上」→ every_year_min。「令和X年度までに N」→ by_year（令和5年度 = 2023、令和7年度 = 2025）。「N 程度を維持」→ maintain。「754団体の20%増」→ percent_change。年度の記載がない数値目標（「300団体以上とする」「2割以上」など）は計画期間の毎年度の水準として every_year_min とし、notes に書いた。「以上」のない「毎年度3件」「毎年200人」も every_year_min とし notes に書いた。',
  '「程度」: 「N 件程度」（毎年度）は every_year_min の値 N とし、notes に概数である旨を書いた。「N 程度を維持」（3-(2)-① 600人、3-(2)-⑨ 140団体）は maintain、value N、幅は文書に記載がないため N の ±10%（600 → 540〜660、140 → 126〜154）とし notes に明記した。',
  '754団体の20%増（1-(1)-⑤）: 754 × 1.2 = 904.8。団体数は整数なので 20%増に届く最小の整数 905 に切り上げた（904 では 19.9%増）。基準値 754、基準日 2020-12-01（令和2年12月1日時点）、年度 2020。',
  '女性委員（2-(4)-③）: 「すべての附属機関等に女性委員が就任している状態の維持」は割合 100% の maintain（幅なし）。「女性委員の比率の向上に努める」は qualitative、「(参考：令和5年度末までに40%以上)」は by_year 2023・40%、setBy other（参考値で、どの計画の値かは書かれていない）。',
  '単年度平均（1-(1)-⑦）: 「令和3年度～7年度における派遣地区を単年度平均で15地区以上」は every_year_min 15 とし、平均で判断する旨を notes に書いた。年度ごとの判定は誤りになるため rateMethod は null。',
  '累計: 「令和5年度までに N 件」の件数（事業・認定・マッチング・活動・延べ日数）は令和3年度からの累計（aggregation cumulative）と読んだ。「学校支援ボランティアの延べ人数120,000人」「研修への参加人数150人」「来場者数2,000人」「学校190校」「500以上」「割合」は単年度・時点の値（annual）と読んだ。',
  '割: 「2割」= 20%、「6割」= 60% として unit % で記録した。',
  'rateMethod: every_year_min → every_year、by_year → ratio、maintain → band、percent_change → improvement、qualitative → null（計画・尺度の設定で変えられる）。',
  '2-(1)-① の「(参考 令和元年度 22,721 件)」は基準値（2019年度）と 2019年度の実績の観測値として入れた。',
  '担当課: 担当課の欄を空白で区切り、局（と局相当の危機管理室）・区（各区、青葉区…泉区）・総合支所（宮城総合支所、秋保総合支所）を親、その後の課・室・センターを子の部署とした（code「局/課」）。一つの局の後に複数の課が続く場合（都市整備局 都心まちづくり課 市街地整備課 …）はすべて同じ局の課。「ふるさと支援担当」は直前の課の担当として textAsWritten に残した（例: 「各区まちづくり推進課ふるさと支援担当」→ 部署 各区/まちづくり推進課）。「各区」は5区の区役所をまとめた部署（kind ward）とし、「各区 まちづくり推進課」は textAsWritten「各区まちづくり推進課」で 各区/まちづくり推進課 に結び付けた。「各区中央市民センター」は 各区/中央市民センター（textAsWritten どおり）。泉区の「泉区 ふるさと支援担当」は 泉区/ふるさと支援担当。',
  '3-(1)-⑦-1「6大学がそれぞれ1事業以上実施する。」: 1事業以上実施した大学の数（単位 大学）が6であることを毎年度の目標と読んだ。3-(2)-⑦「各区・支部事務所において年 1 回以上」は各区・支部事務所それぞれの回数。',
  '3-(2)-⑰-1 の【数値目標等】は「交流会を開催する」（数値なし → qualitative の指標）と「体験事業を年3回以上実施する」（every_year_min 3 回）の2つの指標に分けた。3-(3)-④-2 の「登録事業所へのAED等…向上を図る。」も qualitative の別指標にした。2-(1)-② の「令和3年度 …竣工、…構築」「令和4年度 開館」は年度付きの qualitative 目標2件。',
  '部署の種類: 「…局」と危機管理室は bureau、「…区」と「各区」は ward、「…総合支所」は office、その下の課・室・センター・担当は section。',
  '担当課の役割: 文書は複数の担当課に主従を付けていないので、すべて role lead とした。3-(2)-㉑ は「教育局 学びの連携推進室」が2回印刷されている（子項目ごと）が、事業の担当課としては1回だけ持たせた。',
  '子項目の担当課: 担当課の欄が子項目と同じ数・順で並んでいる 1-(4)-①（地域政策課 / 市民協働推進課）、3-(2)-⑰（百年の杜推進課 / 公園課）、3-(2)-㉑（学びの連携推進室 / 学びの連携推進室 / 生涯学習課）、3-(3)-④（総務課 / 救急課）は、子項目にもその順で担当課を付けた。数が合わない 3-(3)-②（3課・4取組）は子項目に付けていない。',
  '分野の取組の方向性: 分野の description は個別事業の章（P.21 など）の「取組の方向性」の各項目を改行で並べたもの。attributes.directions に各項目と、第3章1の一覧で付いている「←視点」の対応（viewpoints）を持たせた。第3章1の文言が異なる場合（分野3の1項目め「つくり出します」/「つくります」）は textInOverview に残した。',
  '基本施策の基本方針: 基本施策の description を<基本方針>の本文（段落は改行区切り）とした。2-(3) のページ見出しは抽出で空白が入っているので一覧の名称を name とした。',
  '重視すべき視点: plan.attributes.viewpoints に視点①②③の見出し・考え方と、どの分野のどの方向性に反映されているか（appliesTo）を持たせた。',
  '上位計画: 文書では「令和3年3月策定（予定）の「仙台市基本計画」」。upperPlans は「仙台市基本計画」。',
  '前計画: 「仙台市協働まちづくり推進プラン2016」の実績（第2章2）は別のデータセット sendai-2016 に入れ、predecessor に sendai-2016 を設定した。',
  '計画の文章: plan.description は第1章5の本計画の説明文。計画策定の趣旨・SDGs・目指すべき協働の姿・用語解説・第2章の現状と課題・市民意識調査の結果・地域づくりパートナープロジェクト・第4章の推進体制と進行管理は plan.attributes に本文どおり残した。第2章の図表（図表①～㉓）は画像でテキストに数値がないため入っていない。',
  '発行日: 表紙は「令和3年2月」（最終案）、裏表紙は「令和3年●月」のまま。plan.source.date は表紙の「令和3年2月」。',
);

const projectsOfField = (n: number) => items.filter((i) => i.parent !== null && i.parent.startsWith(`${n}-(`) && /^\d-\(\d\)-[①-⑳㉑㉒]$/.test(i.code));
for (const n of [1, 2, 3]) {
  const own = projectsOfField(n).filter((i) => i.relistKind !== 'full').length;
  const expected = [22, 18, 45][n - 1];
  if (own !== expected) fail(`分野${n}: ${own} 事業`);
}


const partnerStart = lines.findIndex((l) => l.includes('地域づくりパートナープロジェクト**'));
const partnerText = [partnerStart + 2, partnerStart + 4, partnerStart + 6].map((n) => (lines[n] ?? '').trim());

const plan2021: DatasetInput = {
  format: 'shinchoku-dataset/1',
  organisation: { code: 'sendai', name: '仙台市', nameEn: 'Sendai City', kind: 'municipality' },
  departments: [...departments.values()].sort((a, b) => (a.parent === null ? 0 : 1) - (b.parent === null ? 0 : 1)),
  plan: {
    code: 'sendai-2021',
    title: '仙台市協働まちづくり推進プラン2021',
    shortTitle: 'プラン2021',
    description: mustContain((lines[96] ?? '').trim()),
    periodStartFy: 2021,
    periodEndFy: 2025,
    upperPlans: ['仙台市基本計画'],
    sdgGoals: [17],
    levelNames: ['分野', '基本施策', '事業', '取組'],
    scale: 'sendai-abc',
    status: 'active',
    predecessor: 'sendai-2016',
    source: {
      file: 'datasets/sendai-2021/source.txt',
      originalSeed: '000_34c863855204f073.txt',
      publisher: '仙台市（市民局協働まちづくり推進部市民協働推進課）',
      documentTitle: '仙台市 協働まちづくり推進プラン 2021',
      edition: '最終案',
      date: '令和3年2月',
      format: 'PDFから抽出したテキスト（表は平坦化）',
    },
    attributes: {
      vision: mustContain('誰もが心豊かに暮らし続けることができる協働のまち・仙台'),
      purpose: [51, 53, 55, 57].map((n) => mustContain((lines[n - 1] ?? '').trim())),
      period: mustContain('本計画の期間は、令和3年度から令和7年度までの5年間とします。'),
      upperPlanText: mustContain('令和3年3月策定（予定）の「仙台市基本計画」を上位計画とし、関連する諸計画との整合性を図っています。'),
      sdgs: [69, 71, 73, 75, 77].map((n) => mustContain((lines[n - 1] ?? '').trim())),
      collaboration: {
        definition: mustContain((lines[83] ?? '').trim()),
        principles: [85, 86, 87, 88].map((n) => mustContain((lines[n] ?? '').replace(/^- /, '').trim())),
      },
      legalBasis: {
        ordinance: '仙台市協働によるまちづくりの推進に関する条例',
        article: mustContain('【協働によるまちづくりの推進に関する基本施策】（条例第7条）'),
        basicPolicy: '仙台市協働によるまちづくりの推進のための基本方針',
        structure: mustContain('本市の基本的な施策（3分野 13項目）'),
      },
      glossary: [
        { mark: '*1', term: '地縁団体', text: mustContain((lines[130] ?? '').replace(/^\*1 地縁団体：/, '')), note: mustContain((lines[132] ?? '').trim()) },
        { mark: '*2', term: '事業者', text: mustContain((lines[134] ?? '').replace(/^\*2 事業者：/, '')) },
      ],
      viewpoints: VIEWPOINT_FIELDS,
      projectCounts: {
        excludingRelistings: true,
        byField: { '1': 22, '2': 18, '3': 45 },
        total: 85,
        asPrinted: ['<事業数>', '※再掲除く', '分野1 22事業', '分野2 18事業', '分野3 45事業', '合計 85事業'],
        listRowsIncludingRelistings: 89,
      },
      legend: {
        new: mustContain('新規…令和3年度開始事業'),
        partnerProject: mustContain('*…「地域づくりパートナープロジェクト」構成事業 (P.20 参照)'),
      },
      partnerProject: {
        name: '地域づくりパートナープロジェクト',
        members: mustContain('構成事業はP.18～19で*を付した事業'),
        coreProject: '未来につなぐ地域力向上事業',
        text: partnerText.map((t) => mustContain(t)),
      },
      progressManagement: {
        structure: mustContain((lines[1046] ?? '').trim()),
        cycle: mustContain((lines[1050] ?? '').trim()),
      },
      currentSituation: {
        sinceRecovery: lines
          .slice(lineIndex('(1) 東日本大震災復興期以降^{※1}の協働まちづくりの状況'), lineIndex('(2) 新型コロナウイルス感染症感染拡大による影響'))
          .filter((l) => l.startsWith('- '))
          .map((l) => mustContain(l.slice(2).trim())),
        sinceRecoveryNote: mustContain((lines[160] ?? '').trim()),
        covid19: [219, 221, 223].map((n) => mustContain((lines[n] ?? '').trim())),
        surveyNotes: [256, 257].map((n) => mustContain((lines[n] ?? '').trim())),
      },
      chapter3Introduction: mustContain((lines[585] ?? '').trim()),
      challenges: lines
        .slice(lineIndex('【協働まちづくりをめぐる現状から見えた課題】') + 2, lineIndex('(3) 協働に関する市民の意識'))
        .filter((l) => l.startsWith('- '))
        .map((l) => {
          const m = /^- \*\*(.+?)\*\*：(.+)$/.exec(l) ?? fail(`課題: ${l}`);
          return { topic: mustContain(m[1] ?? ''), text: mustContain(m[2] ?? '') };
        }),
      surveyChallenges: lines
        .slice(lineIndex('【市民意識調査の結果から見えた課題】') + 2, lineIndex('2 「仙台市協働まちづくり推進プラン 2016」による取り組み成果と課題'))
        .filter((l) => l.startsWith('- '))
        .map((l) => mustContain(l.slice(2))),
      surveyFindings: [
        {
          survey: '施策目標に関する市民意識調査',
          conducted: '令和元年5月',
          text: mustContain((lines[245] ?? '').replace(/^- /, '').trim()),
          values: [
            { label: '評価する＋どちらかといえば評価する（令和元年度）', value: '42.2', unit: '%' },
            { label: '評価する＋どちらかといえば評価する（平成27年度、同様の趣旨の項目）', value: '28.6', unit: '%' },
          ],
        },
        {
          survey: '市政モニター「市民活動や協働によるまちづくりに関する意識調査」',
          conducted: '令和2年1月',
          respondents: 189,
          text: [253, 254, 274, 275, 302, 304].map((n) => mustContain((lines[n] ?? '').replace(/^- /, '').trim())),
        },
      ],
      backCover: {
        title: mustContain('仙台市協働まちづくり推進プラン2021'),
        date: mustContain('令和3年●月'),
        note: '裏表紙の発行月は最終案では「●」のまま。',
      },
    },
  },
  items,
  indicators,
  rounds: [],
  decisions,
};

// ---------------------------------------------------------------------------------------------
// sendai-2016: the earlier plan's results as the 2021 document reports them (chapter 2, section 2)

function obs(fiscalYear: number, value: string | null, text: string, unit: string, extra: Partial<Observation> = {}): Observation {
  mustContain(text);
  return {
    fiscalYear,
    kind: 'actual',
    value,
    text,
    unit,
    approximate: false,
    parts: null,
    asOf: null,
    missingReason: null,
    note: null,
    source: 'datasets/sendai-2021/source.txt 第2章2',
    ...extra,
  };
}

function para(text: string): string {
  return mustContain(text);
}

const NOT_HELD_R2 = '※R2は新型コロナウイルス感染症の影響により実施見送り。';
const items2016: Item[] = [
  { code: 'all', parent: null, name: '掲載事業全体', description: para('掲載事業については、毎年度、担当部局が進捗状況の点検を行い、平成 29 年度からは目標を定めた事業について、A・B・C の 3 段階で評価を行いました。'), attributes: { aggregate: true } },
  { code: '1', parent: null, number: '分野1', name: '市民活動の促進および市民協働の推進に関する事項', attributes: { achievementsAndIssues: [428, 429, 430].map((n) => para((lines[n - 1] ?? '').replace(/^- ・\s*/, ''))) } },
  { code: '1-①', parent: '1', number: '①', name: '区役所のまちづくり拠点機能強化', description: para((lines[384] ?? '').trim()), attributes: { photoCaption: para('若林区のふるさと底力向上プロジェクト「六郷東部地区現地再建まちづくり」') } },
  { code: '1-②', parent: '1', number: '②', name: '市民活動サポートセンター機能強化', description: [para((lines[392] ?? '').trim()), para('令和元年度以降は新型コロナウイルス感染症の影響を受け、利用者数が減少しています。')].join('\n'), attributes: { relatedIn2021: ['1-(1)-①'] } },
  { code: '1-③', parent: '1', number: '③', name: '新たな助成制度の構築', description: para((lines[409] ?? '').trim()), attributes: { photoCaption: para('八木山ハーブまちづくり'), relatedIn2021: ['1-(3)-④'] } },
  { code: '1-④', parent: '1', number: '④', name: '郊外住宅地・西部地区まちづくりプロジェクト', description: para((lines[418] ?? '').trim()) },
  { code: '2', parent: null, number: '分野2', name: '政策形成過程への市民の参画の推進に関する事項', attributes: { achievementsAndIssues: [479, 480, 481].map((n) => para((lines[n - 1] ?? '').replace(/^- ・\s*/, ''))) } },
  { code: '2-①', parent: '2', number: '①', name: '市政に関する情報の公開の推進', description: [para((lines[437] ?? '').trim()), para((lines[439] ?? '').trim())].join('\n'), attributes: { relatedIn2021: ['2-(1)-①', '2-(1)-③'] } },
  {
    code: '2-②',
    parent: '2',
    number: '②',
    name: '市民意見の集約の機会の確保',
    description: para('上記のほか、様々な事業において市民に参画いただく機会を設けました。'),
    attributes: { otherProjects: ['市役所本庁舎建替事業', '東部地域移転跡地利活用推進事業', '定禅寺通活性化推進事業', '音楽ホール整備事業', '青葉山公園整備事業'].map((x) => para(x)), otherProjectsNote: '文書では「など」で終わる' },
  },
  { code: '2-②-1', parent: '2-②', number: '○', name: '新総合計画策定に関する市民アンケート実施・市民参画イベント開催', description: para((lines[450] ?? '').trim()), attributes: { photoCaption: para('せんだい中高生会議(R1)') } },
  { code: '2-②-2', parent: '2-②', number: '○', name: '障害理解促進のためのワークショップ開催', description: para((lines[458] ?? '').trim()), attributes: { relatedIn2021: ['2-(2)-⑥-1'] } },
  { code: '2-②-3', parent: '2-②', number: '○', name: 'コールセンター等整備事業', description: para((lines[474] ?? '').trim()) },
  { code: '3', parent: null, number: '分野3', name: '多様な主体による活動の促進に関する事項', attributes: { achievementsAndIssues: [578, 579, 580].map((n) => para((lines[n - 1] ?? '').replace(/^- ・\s*/, ''))) } },
  { code: '3-①', parent: '3', number: '①', name: '若者の社会参加促進' },
  { code: '3-①-1', parent: '3-①', number: '○', name: '仙台若者アワード', description: para((lines[490] ?? '').trim()), attributes: { photoCaption: para('若者アワード 2019'), relatedIn2021: ['3-(1)-①-3'] } },
  { code: '3-①-2', parent: '3-①', number: '○', name: '仙台まちづくり若者ラボ', description: para((lines[505] ?? '').trim()), attributes: { relatedIn2021: ['3-(1)-①-2'] } },
  { code: '3-②', parent: '3', number: '②', name: '地域コミュニティ体力強化', description: para((lines[509] ?? '').trim()), attributes: { photoCaption: para('町内会役員担い手講座(R1の様子)'), relatedIn2021: ['3-(2)-②'] } },
  { code: '3-③', parent: '3', number: '③', name: 'みんなでつくろう地域交通スタート支援事業', description: [para((lines[531] ?? '').trim()), para((lines[533] ?? '').trim())].join('\n'), attributes: { renamed: para('(R2～: みんなで育てる地域交通乗り乗り事業)'), relatedIn2021: ['3-(2)-⑮'] } },
  { code: '3-④', parent: '3', number: '④', name: '子どもの居場所づくり支援', description: [para((lines[537] ?? '').trim()), para((lines[539] ?? '').trim())].join('\n'), attributes: { relatedIn2021: ['3-(2)-⑩'] } },
  { code: '3-⑤', parent: '3', number: '⑤', name: '地元企業の地域活性化活動等の促進', description: [para((lines[550] ?? '').trim()), para((lines[552] ?? '').trim())].join('\n'), attributes: { relatedIn2021: ['3-(3)-③'] } },
  { code: '3-⑥', parent: '3', number: '⑥', name: '各種広報ツールを利用した情報発信', description: [para((lines[561] ?? '').trim()), para((lines[563] ?? '').trim())].join('\n'), attributes: { relatedIn2021: ['3-(5)-③'] } },
];

const SAPOSEN_NOTE = '※H29はリニューアル工事、R1は新型コロナウイルス感染症対策により使用制限期間有';
const indicators2016: Indicator[] = [
  {
    code: 'all#grade-C',
    item: 'all',
    name: 'C評価（進捗が遅れている）の事業数',
    category: '進捗評価',
    unit: '事業',
    direction: 'down',
    aggregation: 'annual',
    notes: 'A・B・C 評価の分布の図（平成29年度・平成30年度・令和元年度）は画像で、テキスト抽出に数値がない。本文に書かれた値だけを入れた。',
    targets: [],
    observations: [obs(2019, '0', '「C（進捗が遅れている）」が 0 となり', '事業', { note: para('平成 29 年度から令和元年度の推移としては、「A（着実に進捗した）」の割合が増加する一方で「C（進捗が遅れている）」が 0 となり、着実に取り組みを進めることができました。') })],
  },
  {
    code: '2#grade-A',
    item: '2',
    name: 'A評価（着実に進捗した）の事業数（分野2）',
    category: '進捗評価',
    unit: '事業',
    direction: 'up',
    aggregation: 'annual',
    notes: '平成30年度の値は本文になく、図は画像のため入れていない。',
    targets: [],
    observations: [
      obs(2017, '3', '3事業（平成29年度）', '事業', { note: para('分野2においては、目標の達成度が「着実に進捗した」のA評価が3事業（平成29年度）から14事業（令和元年度）となるなど、特に大きく成果が上がっています。') }),
      obs(2019, '14', '14事業（令和元年度）', '事業'),
    ],
  },
  {
    code: '1-②#1',
    item: '1-②',
    name: '市民活動サポートセンターの利用者数',
    unit: '人',
    notes: para(SAPOSEN_NOTE),
    targets: [],
    observations: [
      obs(2016, '66117', '66,117人', '人'),
      obs(2017, '63913', '63,913人', '人', { note: 'H29はリニューアル工事により使用制限期間有' }),
      obs(2018, '68815', '68,815人', '人'),
      obs(2019, '63621', '63,621人', '人', { note: 'R1は新型コロナウイルス感染症対策により使用制限期間有' }),
    ],
  },
  {
    code: '1-③#1',
    item: '1-③',
    name: '協働まちづくり推進助成事業の助成実績',
    unit: '件',
    notes: para('※H29はモデル事業として実施'),
    targets: [],
    observations: [obs(2017, '4', '4件', '件', { note: 'モデル事業として実施' }), obs(2018, '4', '4件', '件'), obs(2019, '3', '3件', '件'), obs(2020, '4', '4件', '件')],
  },
  {
    code: '1-④#1',
    item: '1-④',
    name: '郊外住宅地・西部地区まちづくりプロジェクトの採択事業数',
    unit: '事業',
    targets: [],
    observations: [obs(2017, '6', '6事業', '事業'), obs(2018, '7', '7事業', '事業'), obs(2019, '11', '11事業', '事業'), obs(2020, '4', '4事業', '事業')],
  },
  {
    code: '2-①#1',
    item: '2-①',
    name: 'オープンデータカタログ登録件数',
    unit: '件',
    targets: [],
    observations: [obs(2016, '120', '120件', '件'), obs(2017, '165', '165件', '件'), obs(2018, '226', '226件', '件'), obs(2019, '227', '227件', '件')],
  },
  {
    code: '2-②-2#1',
    item: '2-②-2',
    name: 'ココロン・カフェの実施回数',
    unit: '回',
    targets: [],
    observations: [
      obs(2016, '6', '6回', '回'),
      obs(2017, '6', '6回', '回'),
      obs(2018, '6', '6回', '回'),
      obs(2019, '4', '4回', '回'),
      obs(2020, null, '実施見送り', '回', { missingReason: 'not_implemented', note: para(NOT_HELD_R2) }),
    ],
  },
  {
    code: '3-①-1#1',
    item: '3-①-1',
    name: '若者アワード応募団体数（表彰部門）',
    unit: '団体',
    targets: [],
    observations: [obs(2017, '27', '27 団体', '団体'), obs(2018, '26', '26 団体', '団体'), obs(2019, '17', '17 団体', '団体'), obs(2020, '14', '14 団体', '団体')],
  },
  {
    code: '3-①-1#2',
    item: '3-①-1',
    name: '若者アワード応募団体数（協働部門）',
    unit: '団体',
    notes: '協働部門は令和2年度に新設。',
    targets: [],
    observations: [obs(2020, '3', '3 団体', '団体', { note: para('※R2 実施の「協働部門」応募団体数: 3 団体') })],
  },
  {
    code: '3-②#1',
    item: '3-②',
    name: '町内会活性化講座の開催回数',
    unit: '回',
    targets: [],
    observations: [obs(2020, '7', '7回', '回', { note: para('【町内会活性化講座実績(R2)】') })],
  },
  {
    code: '3-②#2',
    item: '3-②',
    name: '町内会活性化講座の参加者数',
    unit: '名',
    targets: [],
    observations: [obs(2020, '275', '275名', '名', { note: para('【町内会活性化講座実績(R2)】') })],
  },
  {
    code: '3-②#3',
    item: '3-②',
    name: '地域活動団体交流会の来場者数',
    unit: '名',
    targets: [],
    observations: [
      obs(2018, '200', '約 200 名', '名', { approximate: true }),
      obs(2019, '110', '110 名', '名'),
      obs(2020, null, '実施見送り', '名', { missingReason: 'not_implemented', note: para('※R2 は新型コロナウイルス感染症の影響により実施見送り。') }),
    ],
  },
  {
    code: '3-④#1',
    item: '3-④',
    name: '子ども食堂運営団体の助成申請件数',
    unit: '団体',
    notes: '表の見出しは【助成申請件数】、値は団体で書かれている。',
    targets: [],
    observations: [obs(2018, '25', '25 団体', '団体'), obs(2019, '34', '34 団体', '団体'), obs(2020, '37', '37 団体', '団体')],
  },
  {
    code: '3-④#2',
    item: '3-④',
    name: '新型コロナウイルス感染症対策助成申請件数',
    unit: '件',
    targets: [],
    observations: [obs(2020, '11', '11 件', '件', { note: para('※R2 新型コロナウイルス感染症対策助成申請件数: 11 件') })],
  },
  {
    code: '3-⑤#1',
    item: '3-⑤',
    name: '仙台「四方よし」企業大賞の有効応募数',
    unit: '社',
    targets: [],
    observations: [obs(2016, '15', '15 社', '社'), obs(2017, '11', '11 社', '社'), obs(2018, '13', '13 社', '社'), obs(2019, '9', '9 社', '社')],
  },
];

const plan2016: DatasetInput = {
  format: 'shinchoku-dataset/1',
  organisation: { code: 'sendai', name: '仙台市', nameEn: 'Sendai City', kind: 'municipality' },
  departments: [],
  plan: {
    code: 'sendai-2016',
    title: '仙台市協働まちづくり推進プラン2016',
    shortTitle: 'プラン2016',
    description: para('協働によるまちづくりを推進するための主な事業を体系化した「仙台市協働まちづくり推進プラン2016」を平成28年8月に策定し、各部局の事業について年度ごとに進行管理を行ってきました。'),
    periodStartFy: 2016,
    periodEndFy: 2020,
    upperPlans: [],
    sdgGoals: [],
    levelNames: ['分野', '主な取り組み', '取り組み'],
    scale: 'sendai-abc',
    status: 'finished',
    predecessor: null,
    source: {
      file: 'datasets/sendai-2021/source.txt',
      originalSeed: '000_34c863855204f073.txt',
      documentTitle: '仙台市 協働まちづくり推進プラン 2021（最終案、令和3年2月）第2章2「仙台市協働まちづくり推進プラン 2016」による取り組み成果と課題',
      note: 'プラン2016 自体の文書ではなく、プラン2021 が報告する実績。',
    },
    attributes: {
      adopted: para('平成 28 年 8 月策定'),
      periodText: para('この計画期間が令和2年度で終了することから'),
      phases: [
        { name: '第1期計画', periodStartFy: 2016, periodEndFy: 2018, projects: 76, text: para('第 1 期計画（平成 28～30 年度）では 76 事業') },
        { name: '第2期計画', periodStartFy: 2019, periodEndFy: 2020, projects: 87, projectsIncludeRelistings: true, text: para('第 2 期計画（令和元～2 年度）では 87 事業（再掲を含む）') },
      ],
      structure: para('3 分野 13 項目の基本的な施策'),
      evaluation: {
        fromFiscalYear: 2017,
        text: para('平成 29 年度からは目標を定めた事業について、A・B・C の 3 段階で評価を行いました。'),
        grades: { A: '着実に進捗した', C: '進捗が遅れている' },
        chartsAsPrinted: ['【平成 29 年度】', '【平成 30 年度】', '【令和元年度】'],
        chartsNote: 'A・B・C の分布の図は PDF の画像で、テキスト抽出には数値がない。',
        fiscalYear2020: para('※令和 2 年度の進捗状況については、令和 3 年度に点検・評価を行うため、本プランへは掲載しておりませんが、新型コロナウイルス感染症の感染拡大防止のため、事業の中止や実施方法の変更が生じたことなどにより、事業進捗にも影響が出ています。'),
      },
      dataNote: para('※年度ごとのデータについて、既に確定しているものは令和2年度実績値を掲載しています。'),
    },
  },
  items: items2016,
  indicators: indicators2016,
  rounds: [],
  decisions: [
    '出典: プラン2016 そのものの文書はなく、プラン2021（最終案）第2章2「「仙台市協働まちづくり推進プラン 2016」による取り組み成果と課題」に書かれた内容だけを入れた。source.txt は ../sendai-2021/source.txt。',
    '計画期間: 平成28年度～令和2年度（2016～2020）。根拠は「平成28年8月に策定」「この計画期間が令和2年度で終了する」、第1期（平成28～30年度）・第2期（令和元～2年度）。status は finished。',
    '階層: 文書が分野ごとに挙げる「計画期間内に実施した主な取り組み」を 分野（1〜3）→ 主な取り組み（1-① など、印刷どおりの丸数字）→ ○の取り組み（2-②-1 など、出現順）とした。levelNames は [分野, 主な取り組み, 取り組み]。プラン2016 の13項目の基本施策・事業の一覧は文書にないので作っていない。',
    '全体の評価の指標を置くため、最上位に項目「all」（掲載事業全体、attributes.aggregate true）を置いた。',
    'A・B・C 評価の分布: 平成29年度・平成30年度・令和元年度の図は画像でテキストにないため、本文に書かれた値だけを観測値にした: 令和元年度の C 評価 0 事業（全体、「C…が 0 となり」）、分野2 の A 評価 平成29年度 3事業・令和元年度 14事業。単位は文書どおり「事業」。それ以外の年度・評価は欠測として作らず、attributes.evaluation.chartsNote に記した。',
    '年度: H28 = 2016 … R2 = 2020（年度）。【交流会来場者数】H30「約 200 名」は approximate。',
    '実施見送り: ココロン・カフェと地域活動団体交流会の令和2年度は注記「実施見送り」により、値なし・missingReason not_implemented（未実施）の観測値にした（0 とはしない）。',
    '注記: サポセン利用者数の「※H29はリニューアル工事、R1は…使用制限期間有」は指標の notes に全文、各年度の観測値の note に該当部分を入れた。助成実績の「※H29はモデル事業として実施」も同様。',
    '「※R2 実施の「協働部門」応募団体数: 3 団体」と「※R2 新型コロナウイルス感染症対策助成申請件数: 11 件」は別の指標（1年分の観測値）にした。',
    '子ども食堂の表は見出しが【助成申請件数】で値が「25 団体」など。単位は値どおり「団体」。',
    'プラン2021 との関係: 主な取り組みに、関係するプラン2021 の事業コードを attributes.relatedIn2021 として付けた（同じ指標ではない。履歴表示の手がかり）。',
    '評価尺度は sendai-abc（A 着実に進捗した / B / C 進捗が遅れている）。B の説明は文書にない。',
    '本文のテキスト抽出の乱れ（分野3の成果と課題の「その時々^の社会情勢」の「^」）は本文どおり残した。',
  ],
};

for (const [path, data] of [
  [`${ROOT}datasets/sendai-2021/plan.json`, plan2021],
  [`${ROOT}datasets/sendai-2016/plan.json`, plan2016],
] as const) {
  Dataset.parse(data); // validate; the file keeps the input form (defaults not written out)
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
