// One-off helper: builds datasets/sapporo-2nd/plan.json from datasets/sapporo-2nd/source.txt
// (札幌市 第2期 市民まちづくり活動促進基本計画, progress report, text extracted from a PDF).
//
// The tables and the 基本施策 lines are read mechanically from the source; the narratives are
// written out below by hand, because only a person can tell which space of the extraction was a
// line break of the original, which was a wrapped line, and which is a real space. plan.json is
// the reviewed artefact: src/datasets/sapporo-2nd.test.ts checks it against the source again.
//
// Usage: npx tsx scripts/extract-sapporo.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Dataset } from '../src/datasets/dataset-format.js';
import type { DatasetInput } from '../src/datasets/dataset-format.js';

type ItemInput = DatasetInput['items'][number];
type IndicatorInput = NonNullable<DatasetInput['indicators']>[number];
type ObservationInput = NonNullable<IndicatorInput['observations']>[number];
type TargetInput = NonNullable<IndicatorInput['targets']>[number];

const DIR = new URL('../datasets/sapporo-2nd/', import.meta.url);
const SOURCE_FILE = 'source.txt';
const sourceBytes = readFileSync(new URL(SOURCE_FILE, DIR));
const source = sourceBytes.toString('utf8');
const lines = source.split('\n');

const ACTION_PLAN = '札幌市まちづくり戦略ビジョン・アクションプラン2015';
const STRATEGIC_VISION = '札幌市まちづくり戦略ビジョン';
const PLAN_TITLE = '第2期 市民まちづくり活動促進基本計画';

/** Remove every whitespace character: used for names, which have no real spaces. */
function compact(text: string): string {
  return text.replace(/\s+/gu, '');
}

/** Remove the HTML the PDF converter left in some cells (<ul …>, <p>, </p>). */
function stripTags(text: string): string {
  return text.replace(/<[^>]*>/gu, ' ');
}

function fail(message: string): never {
  throw new Error(message);
}

/** H29.8.31 → 2017-08-31 (平成 N 年 = 1988 + N). */
function heiseiDate(year: string, month: string, day: string): string {
  const y = 1988 + Number(year);
  return `${y}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Goal blocks
// ---------------------------------------------------------------------------------------------

interface GoalBlock {
  number: number;
  lines: string[];
}

function goalBlocks(): GoalBlock[] {
  const starts: { number: number; index: number }[] = [];
  lines.forEach((line, index) => {
    const m = /^基本目標 (\d)$/u.exec(line);
    if (m?.[1]) starts.push({ number: Number(m[1]), index });
  });
  return starts.map((s, i) => ({ number: s.number, lines: lines.slice(s.index, starts[i + 1]?.index ?? lines.length) }));
}

const blocks = goalBlocks();
if (blocks.length !== 4) fail(`expected 4 基本目標, found ${blocks.length}`);

// ---------------------------------------------------------------------------------------------
// Items: 基本目標 → 基本施策 → 主な取組
// ---------------------------------------------------------------------------------------------

const items: ItemInput[] = [];

for (const block of blocks) {
  const text = block.lines.join('\n');
  const goal = /^基本目標 \d\s+『(.+?)』\s+(\S+)/u.exec(text) ?? fail(`基本目標 ${block.number}: no name`);
  const [, keyword = '', title = ''] = goal;
  items.push({
    code: String(block.number),
    parent: null,
    number: `基本目標${block.number}`,
    name: keyword,
    description: title,
    attributes: { nameAsPrinted: `『${keyword}』` },
  });

  // The 基本施策 cell runs from the header to the 成果指標 table.
  const header = '基本施策 (◎重点施策) ・実施した 主な取組';
  const start = text.indexOf(header);
  const end = text.indexOf('成果指標 達成状況');
  if (start < 0 || end < 0) fail(`基本目標 ${block.number}: no 基本施策 cell`);
  const cell = stripTags(text.slice(start + header.length, end)).replace(/-{3,}\t--/gu, ' ');
  const parts = cell.split(/(?<!◎)(?=◎?\d-\d\s)/u).map((p) => p.trim()).filter((p) => p !== '');
  for (const part of parts) {
    const m = /^(◎)?(\d)-(\d)\s+([\s\S]+)$/u.exec(part) ?? fail(`bad 基本施策 segment: ${part}`);
    const [, mark, goalNo = '', policyNo = '', rest = ''] = m;
    if (goalNo !== String(block.number)) fail(`基本施策 ${goalNo}-${policyNo} under 基本目標 ${block.number}`);
    const [name = '', ...initiatives] = rest.split(/\s+・/u);
    const code = `${goalNo}-${policyNo}`;
    items.push({
      code,
      parent: goalNo,
      number: `${mark ?? ''}${code}`,
      name: compact(name),
      isPriority: mark === '◎',
    });
    initiatives.forEach((initiative, i) => {
      items.push({
        code: `${code}-${i + 1}`,
        parent: code,
        name: compact(initiative),
        attributes: { section: '実施した主な取組', bullet: '・' },
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// 成果指標 tables
// ---------------------------------------------------------------------------------------------

type RowKind =
  | { kind: 'observation'; obsKind: 'actual' | 'status'; fiscalYear: number }
  | { kind: 'target'; setBy: 'this_plan' | 'action_plan' | 'strategic_vision'; fiscalYear: number };

const ROWS: Record<string, RowKind> = {
  H25実績: { kind: 'observation', obsKind: 'actual', fiscalYear: 2013 },
  H26実績: { kind: 'observation', obsKind: 'actual', fiscalYear: 2014 },
  H27実績: { kind: 'observation', obsKind: 'actual', fiscalYear: 2015 },
  H28実績: { kind: 'observation', obsKind: 'actual', fiscalYear: 2016 },
  H29状況: { kind: 'observation', obsKind: 'status', fiscalYear: 2017 },
  H30目標: { kind: 'target', setBy: 'this_plan', fiscalYear: 2018 },
  アクションプランH31: { kind: 'target', setBy: 'action_plan', fiscalYear: 2019 },
  戦略ビジョンH34: { kind: 'target', setBy: 'strategic_vision', fiscalYear: 2022 },
};

const SET_BY_NAME = { this_plan: null, action_plan: ACTION_PLAN, strategic_vision: STRATEGIC_VISION } as const;

interface ParsedCell {
  text: string;
  value: string | null;
  unit: string | null;
  approximate: boolean;
  parts: { label: string; value: string }[] | null;
  asOf: string | null;
  asOfText: string | null;
  qualifier: string | null; // "H26-30計"
  missingReason: 'not_yet_surveyed' | 'not_applicable' | null;
}

function parseCell(raw: string): ParsedCell {
  let cell = raw.trim();
  const base = { approximate: false, parts: null, asOf: null, asOfText: null, qualifier: null };
  if (cell === '—') return { ...base, text: '—', value: null, unit: null, missingReason: 'not_applicable' };
  if (cell === '今後調査') return { ...base, text: '今後調査', value: null, unit: null, missingReason: 'not_yet_surveyed' };

  let asOf: string | null = null;
  let asOfText: string | null = null;
  const asOfMatch = /\((H(\d+)\.(\d+)\.(\d+)\.?\s*時点)\)$/u.exec(cell);
  if (asOfMatch) {
    const [whole, text = '', y = '', mo = '', da = ''] = asOfMatch;
    asOf = heiseiDate(y, mo, da);
    asOfText = compact(text);
    cell = cell.slice(0, cell.length - whole.length).trim();
  }
  let qualifier: string | null = null;
  const qualifierMatch = /\((H\d+-\d+\s*計)\)$/u.exec(cell);
  if (qualifierMatch) {
    qualifier = compact(qualifierMatch[1] ?? '');
    cell = cell.slice(0, cell.length - qualifierMatch[0].length).trim();
  }

  const breakdown = /^(\d+)\s+(認定[\s\S]+)$/u.exec(cell);
  if (breakdown) {
    const [, total = '', rest = ''] = breakdown;
    const restText = compact(rest);
    const parts = restText.split('、').map((p) => {
      const m = /^(\D+)(\d+)$/u.exec(p) ?? fail(`bad breakdown part ${p}`);
      return { label: m[1] ?? '', value: m[2] ?? '' };
    });
    const sum = parts.reduce((s, p) => s + Number(p.value), 0);
    if (sum !== Number(total)) fail(`breakdown ${cell} does not add up`);
    return { ...base, text: `${total} ${restText}`, value: total, unit: '団体', parts, asOf, asOfText, qualifier, missingReason: null };
  }

  const text = compact(cell);
  const money = /^(約)?(?:(\d+)億)?(?:([\d,]+)万)?円$/u.exec(text);
  if (money) {
    const [, approx, oku = '0', man = '0'] = money;
    const value = BigInt(oku) * 100_000_000n + BigInt(man.replace(/,/gu, '')) * 10_000n;
    return { ...base, text, value: value.toString(), unit: '円', approximate: approx === '約', asOf, asOfText, qualifier, missingReason: null };
  }
  const plain = /^(\d{1,3}(?:,\d{3})*(?:\.\d+)?)(%|件|団体)$/u.exec(text) ?? fail(`unreadable cell: ${raw}`);
  const [, digits = '', unit = ''] = plain;
  return { ...base, text, value: digits.replace(/,/gu, ''), unit, asOf, asOfText, qualifier, missingReason: null };
}

const indicators: IndicatorInput[] = [];
const targetsNotSet: { indicator: string; setBy: string; fiscalYear: number; column: string; text: string }[] = [];

/** Goal 1: the footnote under the table gives the as-of date of two H29 cells. */
const GOAL1_FOOTNOTE = '※平成29年度のさぽーとほっと基金寄附件数・金額はH29.9.15時点';
const GOAL1_FOOTNOTE_COLUMNS = ['さぽーとほっと基金寄附件数', 'さぽーとほっと基金寄附金額(累計)'];
if (!lines.includes(GOAL1_FOOTNOTE)) fail('goal 1 footnote not found');

for (const block of blocks) {
  const tableStart = block.lines.findIndex((l) => l.startsWith('成果指標 達成状況'));
  if (tableStart < 0) fail(`基本目標 ${block.number}: no table`);
  const categoryCells = (block.lines[tableStart] ?? '').split('\t').slice(1);
  const headerCells = (block.lines[tableStart + 1] ?? '').split('\t').slice(1);
  const rows: { label: string; cells: string[] }[] = [];
  for (let i = tableStart + 2; i < block.lines.length; i++) {
    const line = block.lines[i] ?? '';
    if (line.trim() === '') break;
    const [label = '', ...cells] = line.split('\t');
    rows.push({ label: compact(label), cells });
  }
  if (rows.length !== 8) fail(`基本目標 ${block.number}: expected 8 rows, found ${rows.length}`);

  let category = '';
  headerCells.forEach((header, column) => {
    const cat = (categoryCells[column] ?? '').trim();
    if (cat !== '') category = cat;
    const [namePart = '', notePart] = header.split('※');
    let name = compact(namePart);
    const isReference = /^参考[:：]/u.test(name);
    name = name.replace(/^参考[:：]/u, '');
    const code = `${block.number}-${String.fromCharCode(97 + column)}`;
    const notes: string[] = [];
    if (notePart !== undefined) notes.push(`※${compact(notePart)}`);
    const footnoted = block.number === 1 && GOAL1_FOOTNOTE_COLUMNS.includes(name);
    if (footnoted) notes.push(GOAL1_FOOTNOTE);

    const observations: ObservationInput[] = [];
    const targets: TargetInput[] = [];
    const notSet: string[] = [];
    let unit: string | null = null;
    let baseline: IndicatorInput['baseline'] = null;
    const parts = new Set<string>();
    for (const row of rows) {
      const rowKind = ROWS[row.label] ?? fail(`unknown row ${row.label}`);
      const raw = row.cells[column] ?? fail(`${row.label}: no cell ${column}`);
      const cell = parseCell(raw);
      unit ??= cell.unit;
      if (rowKind.kind === 'observation') {
        let asOf = cell.asOf;
        let note: string | null = cell.asOfText;
        if (rowKind.obsKind === 'status' && footnoted) {
          if (asOf !== null) fail('as-of twice');
          asOf = heiseiDate('29', '9', '15');
          note = GOAL1_FOOTNOTE;
        }
        if (rowKind.obsKind === 'status' && cell.value !== null && asOf === null) note = '時点の記載なし';
        cell.parts?.forEach((p) => parts.add(p.label));
        observations.push({
          fiscalYear: rowKind.fiscalYear,
          kind: rowKind.obsKind,
          value: cell.value,
          text: cell.text,
          unit: cell.unit,
          approximate: cell.approximate,
          parts: cell.parts,
          asOf,
          missingReason: cell.missingReason,
          note,
        });
        if (row.label === 'H25実績' && cell.value !== null) {
          baseline = { value: cell.value, text: cell.text, fiscalYear: 2013 };
        }
      } else if (cell.missingReason !== null) {
        // 「—」 in a target row: no target is set for that horizon.
        notSet.push(row.label);
        targetsNotSet.push({ indicator: code, setBy: rowKind.setBy, fiscalYear: rowKind.fiscalYear, column: row.label, text: cell.text });
      } else {
        targets.push({
          kind: 'by_year',
          fiscalYear: rowKind.fiscalYear,
          value: cell.value,
          text: cell.qualifier === null ? cell.text : `${cell.text}(${cell.qualifier})`,
          setBy: rowKind.setBy,
          setByName: SET_BY_NAME[rowKind.setBy],
          notes: cell.qualifier === null ? null : `${cell.qualifier}: 平成26～30年度の計`,
        });
      }
    }
    if (notSet.length > 0) notes.push(`目標未設定(表中「—」): ${notSet.join('、')}`);
    indicators.push({
      code,
      item: String(block.number),
      name,
      category,
      unit,
      direction: 'up',
      aggregation: name.includes('(累計)') ? 'cumulative' : 'annual',
      baseline,
      breakdownLabels: [...parts],
      notes: notes.length > 0 ? notes.join('\n') : null,
      isReference,
      targets,
      observations,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Narratives (hand-set line breaks; see README "Text normalisation")
// ---------------------------------------------------------------------------------------------

const NARRATIVES: Record<string, { results: string[]; plan: string[]; issues: string[] }> = {
  '1': {
    results: [
      '●市民や寄附者・団体にさぽーとほっと基金に関するアンケートを実施',
      '●まちづくり活動団体情報提供システム(まちさぽ)を構築',
      '●平成29年4月より、札幌市への寄附(さぽーとほっと基金含む)について、5,000円未満(下限なし)のクレジットカード払いを導入開始',
    ],
    plan: [
      '●不動産関連団体等と連携した、町内会・自治会への加入促進等の取組',
      '●各種広告媒体を活用した町内会活動のPR',
      '●さぽーとほっと基金の安定的・継続的な運用の検討',
      '●まちづくり活動団体情報提供システム(まちさぽ)のコンテンツ充実',
    ],
    issues: [
      '・「市民まちづくり活動」のイメージの共有及び行動を促す取組が必要',
      '・システムを活用した、まちづくり活動団体等の各種活動の発信の強化',
      '・さぽーとほっと基金の認知度向上の取組を行い、手軽な寄附の仕組み検討',
    ],
  },
  '2': {
    results: [
      '●地域まちづくり人材育成事業',
      'まちづくり活動を行う人材を育成するため、セミナーやワークショップ等を実施。また、人材育成及び活用の仕組みづくりを検討するため、市民活動団体向けアンケートや他都市調査を実施',
    ],
    plan: [
      '●地域まちづくり人材育成事業',
      'まちづくり活動の実践を体験する研修のほか、市民活動団体へアドバイスを行う人材の育成研修等を実施予定',
      '●団体の資金調達力の向上',
      '団体自らが、さぽーとほっと基金の団体指定寄附を通じて、資金調達を行えるような取組みの検討',
    ],
    issues: [
      '・活動資金の調達や運営基盤の強化に関する情報提供やセミナーの実施',
      '・社会的課題解決能力向上のための人材育成及び活用',
    ],
  },
  '3': {
    results: [
      '●地域活動の場整備支援事業',
      '子ども食堂『もくきち』運営委員会(厚別)、白石共栄福祉会(白石)、特非 環境り・ふれんず(中央)の3件を採択し、必要な整備・改修を実施',
      '●地域マネジメント推進事業',
      '戦略的地域カルテ・マップ等を活用して、地域の将来像を見据えた地域活動について勉強会、意見交換会を5地区で実施',
    ],
    plan: [
      '●地域活動の場整備支援事業',
      '地域資源の再活用及び地域活動の活発化のため、空き家や空き地等を地域活動の場として利用できるよう整備・改修を実施',
      '●地域マネジメント推進事業',
      '・地域勉強会の開催支援(29年9月~11月)',
      '・地域意見交換会を随時開催(29年10月~30年2月)',
    ],
    issues: [
      '・身近な地域での交流促進のため、参加機会・手法についての情報提供',
      '・地域が主体となった課題解決の取組への支援機能の充実',
    ],
  },
  '4': {
    results: [
      '●企業の地域・社会貢献活動コンサルティング事業',
      '企業が新たに行うCSR活動のための情報提供、サポートを行う。',
      '5件(公園のタイル清掃、ゲストハウスでの大学生の観光研究発表等)',
      '●地域課題解決のためのネットワーク構築事業',
      '・ネットワーク事業',
      '採択件数：5件(中央1、東1、清田1、西2)',
      '補助対象事業の概要：防災対策のためのネットワークづくり事業、地域による防災まちづくり事業等',
      '・地域連携促進事業',
      'NPO派遣実施数：19町内会等',
      'NPO派遣概要：音楽を活用した健康維持及び介護予防、公園の利活用、地域に適した緑化の推進や造園技術の伝達等',
    ],
    plan: [
      '●企業の地域・社会貢献活動推進',
      '企業に向けたまちづくり活動の情報提供や企業認証制度を実施予定',
      '●地域課題解決のためのネットワーク構築事業',
      'H28年度と同程度で継続実施予定',
    ],
    issues: [
      '・複雑・多様化する地域課題解決に向け、団体の連携に関するアンケート結果を踏まえつつ、団体同士の連携促進や人材育成手法を検討',
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Footnotes (definitions of アクションプラン and 戦略ビジョン)
// ---------------------------------------------------------------------------------------------

function footnote(term: string): { term: string; text: string; emphasised: string[] } {
  const line = lines.find((l) => l.startsWith(`${term}：`)) ?? fail(`no footnote ${term}`);
  const body = line.slice(term.length + 1);
  const emphasised = [...body.matchAll(/\*\*(.+?)\*\*/gu)].map((m) => m[1] ?? '');
  return { term, text: body.replace(/\*\*/gu, ''), emphasised };
}

// ---------------------------------------------------------------------------------------------
// Decisions (also listed in README.md)
// ---------------------------------------------------------------------------------------------

const decisions = [
  '計画期間: 文書に明記がないため平成26～30年度(2014～2018)とした。根拠は、本計画の目標年次がH30目標であること、「整備・創出された地域活動の場の数」のH30目標が「100件(H26-30計)」とH26からの計であること、実績がH25(計画開始前年度)から始まること。札幌市の公表する第2期基本計画の期間(平成26年度～平成30年度)とも一致する。',
  '計画の状態: 文書(平成28年度取組結果・平成29年度取組計画)の時点で計画期間中のため status は active とした。',
  '基本目標: name は『』内の語(参加/向上/交流/連携)、description はその下の一文、number は「基本目標N」。印刷どおりの『参加』は attributes.nameAsPrinted に残した。',
  '基本施策: code は印刷された番号(1-1 など)、number は ◎ を含む印刷どおりの表記(◎1-1)、◎ は isPriority。',
  '主な取組: 見出し「・実施した主な取組」の各「・」行を基本施策の子項目(code 1-1-1, 1-1-2 …、出現順)とした。attributes.section = 「実施した主な取組」。報告年度(平成28年度)に実施した取組として記載されているもので、計画本文の取組一覧ではない。',
  '成果指標: 文書では基本目標ごとの表で基本施策との対応が示されていないため、すべて基本目標の項目に付けた。code は基本目標番号と列順の英小文字(1-a, 1-b …)。category は表の1行目(結合セルは右隣の空セルまで同じ分類とした: 基本目標1の「寄附による参加」は寄附件数・寄附金額の2列、基本目標2の「組織化」「資金調達力」は各2列)。',
  '指標名: PDF抽出で分断された見出しを空白を除いて連結した(例: 「市民活動サポ ートセンター 登録団体数」→「市民活動サポートセンター登録団体数」、「認証 NPO 法人数」→「認証NPO法人数」)。文言は変えていない。',
  '参考指標: 「参考:団体指定寄附を受けた団体数」は name から「参考:」を除き isReference = true とした。',
  '注記: 見出しセル内の※注記(「※地域活動の場整備、地区会館リフレッシユ、市民集会施設建築費補助の合計」)は指標 3-b の notes に入れた。「リフレッシユ」(大きいユ)は文書の表記どおり。基本目標1の表の下の「※平成29年度のさぽーとほっと基金寄附件数・金額はH29.9.15時点」は指標 1-c(寄附件数)と 1-d(寄附金額)の notes と、両指標のH29状況の note に入れ、asOf = 2017-09-15 とした。',
  '単位: セルに印刷された単位(% 件 団体 円)。「認定NPO法人・仮認定NPO法人・条例個別指定NPO法人数」の内訳付きセル(H26～H29)には単位が印刷されていないが、H25実績とH30目標の「団体」を単位とした。',
  '集計: 名称に「(累計)」とある指標(1-d, 3-b, 3-c)は aggregation = cumulative、他は annual。方向は文書に低下・維持の記載がないため全て up。',
  '基準値: 計画開始前年度のH25実績を baseline(fiscalYear 2013)とした。文書に「基準値」の語はない。',
  '観測値: H25～H28実績は kind actual(2013～2016)、H29状況は kind status(2017)。「今後調査」は missingReason not_yet_surveyed、「—」は not_applicable(value null、text は印刷どおり)。',
  '時点: セル内の「(H29.8.31.時点)」「(H29.8.31 時点)」「(H29.9.15 時点)」を asOf にし、印刷された時点表記を note に残した(「H29.8.31.」末尾の点も表記どおり)。text は値の部分のみ。時点の記載がない数値のH29状況(2-e の 23、3-c の 1,210件)は asOf null、note「時点の記載なし」。',
  '値の表記: text は値の部分を印刷どおりに、PDF抽出が数字と漢字の間に挟んだ空白を除いて記録した(「2,280 団体」→「2,280団体」。1ページ目は「331件」と空白なし)。内訳付きセルは合計と内訳の間の空白だけ残した(「23 認定18、仮認定3、条例個別指定2」、value 23、parts 認定18・仮認定3・条例個別指定2。内訳の合計が値と一致することを確認)。',
  '金額: 「約4億9,600万円」などは text に印刷どおり、value は 4×100,000,000 + 9,600×10,000 = 496000000、approximate = true、unit 円。H30目標「7億4,000万円」は「約」がないので概数扱いしない。',
  '目標: H30目標は setBy this_plan(2018)、アクションプランH31は action_plan(2019、setByName「札幌市まちづくり戦略ビジョン・アクションプラン2015」)、戦略ビジョンH34は strategic_vision(2022、setByName「札幌市まちづくり戦略ビジョン」)、いずれも kind by_year。',
  '目標の「—」: 目標として登録しない(targets に存在しない)。指標の notes に「目標未設定(表中「—」): …」と列名を記し、plan.attributes.targetsNotSet に指標・setBy・年度を一覧した。',
  '目標「100件(H26-30計)」(3-b): value 100、text「100件(H26-30計)」、notes に H26～H30 の計である旨。指標名は「(累計)」だがH25実績20件を含む累計との関係は文書に記載がないため、解釈せずそのまま記録した。',
  '語り(取組結果・取組計画・今後に向けて): 平成28年度の評価回(fiscalYear 2016、published)の基本目標ごとのエントリとし、resultsText = 平成28年度取組結果、planText = 平成29年度取組計画、issuesText = 今後に向けて。',
  '語りのテキスト正規化: PDF変換が残したHTML(<ul style=…>、<p>)を除去。●・の項目と、●見出しの後の本文を改行で区切った。行の折り返しで生じた語中の空白(「環 境り」「活動に ついて」「活動 の場」)と、数字・英字と漢字の間に抽出で挟まった空白(「H28 年度」「CSR 活動」「5 件 (」)を除いた。「特非 環境り・ふれんず」の「特非」と団体名の間の空白は原文の空白とみなして残した。基本目標4の取組結果では「サポートを行う。」の後の「5件(…)」、「採択件数：」「補助対象事業の概要：」「NPO派遣実施数：」「NPO派遣概要：」をそれぞれ1行とした。文字(全角・半角、～と~、：と:)は変えていない。',
  '基本施策名・主な取組: 空白(折り返しと抽出の空白)をすべて除いた(例: 「さっぽろまちづくりパートナー協定の推進 (H28 に新たに 2 社、計 14 協定 21 社と締結)」→「さっぽろまちづくりパートナー協定の推進(H28に新たに2社、計14協定21社と締結)」)。',
  '脚注: アクションプラン・戦略ビジョンの定義は plan.attributes.footnotes に印刷どおり(抽出の太字記号 ** を除き、太字の語を emphasised に)。上位計画名は脚注の「」内の正式名。',
  '担当課: 文書に記載がないため departments は空。',
  '文書の日付: 最新の時点表記はH29.9.15。文書自体の作成日の記載はない。',
];

// ---------------------------------------------------------------------------------------------
// Assemble
// ---------------------------------------------------------------------------------------------

const dataset: DatasetInput = {
  format: 'shinchoku-dataset/1',
  organisation: { code: 'sapporo', name: '札幌市', nameEn: 'Sapporo City', kind: 'municipality' },
  departments: [],
  plan: {
    code: 'sapporo-2nd',
    title: PLAN_TITLE,
    shortTitle: null,
    description:
      '4つの基本目標(参加・向上・交流・連携)ごとに、基本施策と実施した主な取組、成果指標の達成状況(H25～H28実績、H29状況、H30目標、アクションプランH31・戦略ビジョンH34の目標)、平成28年度取組結果・平成29年度取組計画・今後に向けてを示した進捗状況報告。',
    periodStartFy: 2014,
    periodEndFy: 2018,
    upperPlans: [ACTION_PLAN, STRATEGIC_VISION],
    sdgGoals: [],
    levelNames: ['基本目標', '基本施策', '主な取組'],
    scale: null,
    status: 'active',
    predecessor: null,
    source: {
      file: `datasets/sapporo-2nd/${SOURCE_FILE}`,
      originalSeed: '002_fb7eb7b6d6829eed.txt',
      sha256: createHash('sha256').update(sourceBytes).digest('hex'),
      publisher: '札幌市',
      documentTitle: PLAN_TITLE,
      documentKind: '進捗状況報告(平成28年度取組結果・平成29年度取組計画)',
      format: 'PDFから抽出したテキスト(表は平坦化、見出しセルは行で分断)',
      latestAsOf: '2017-09-15',
    },
    attributes: {
      reportFiscalYear: 2016,
      planningFiscalYear: 2017,
      footnotes: [footnote('アクションプラン'), footnote('戦略ビジョン')],
      upperPlanDetails: [
        {
          name: ACTION_PLAN,
          abbreviation: 'アクションプラン',
          setBy: 'action_plan',
          periodStartFy: 2015,
          periodEndFy: 2019,
          targetColumn: 'アクションプラン H31',
          targetFiscalYear: 2019,
        },
        {
          name: STRATEGIC_VISION,
          abbreviation: '戦略ビジョン',
          setBy: 'strategic_vision',
          periodStartFy: 2013,
          periodEndFy: 2022,
          targetColumn: '戦略ビジョン H34',
          targetFiscalYear: 2022,
        },
      ],
      targetsNotSet,
    },
  },
  items,
  indicators,
  rounds: [
    {
      fiscalYear: 2016,
      state: 'published',
      entries: Object.entries(NARRATIVES).map(([item, n]) => ({
        item,
        state: 'approved',
        resultsText: n.results.join('\n'),
        planText: n.plan.join('\n'),
        issuesText: n.issues.join('\n'),
      })),
    },
  ],
  decisions,
};

Dataset.parse(dataset); // fail loudly before writing anything invalid
writeFileSync(new URL('plan.json', DIR), `${JSON.stringify(dataset, null, 2)}\n`);
console.log(
  `plan.json: ${items.length} items, ${indicators.length} indicators, ` +
    `${indicators.reduce((n, i) => n + (i.observations?.length ?? 0), 0)} observations, ` +
    `${indicators.reduce((n, i) => n + (i.targets?.length ?? 0), 0)} targets, ${targetsNotSet.length} targets not set`,
);
