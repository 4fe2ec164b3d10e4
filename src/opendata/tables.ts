// The open data files: for each, its columns (Japanese header, JSON key, type, meaning — the
// column dictionary is generated from these) and how a database row becomes a record. One value
// per row (long format); codes in their own columns; fiscal years as a number plus a wareki
// label; units in their own column; a missing value is empty with its reason beside it.
import type { Queryable } from '../db/client.js';
import { presentDecimal, presentFiscalYear, presentValue } from './present.js';
import { NOT_APPROVED_LABEL } from '../plans/publication.js';
import {
  AGGREGATION_LABELS,
  DIRECTION_LABELS,
  labelOf,
  OBSERVATION_KIND_LABELS,
  RELIST_KIND_LABELS,
  TARGET_KIND_LABELS,
  TARGET_SOURCE_LABELS,
} from './labels.js';
import {
  listIndicators,
  listItems,
  listObservations,
  listPublishedGrades,
  listTargets,
  type GradeRow,
  type IndicatorRow,
  type ItemRow,
  type ObservationRow,
  type OwnerColumns,
  type Page,
  type Scope,
  type TargetRow,
} from './opendata.repository.js';

export type CellType = 'string' | 'integer' | 'decimal' | 'date' | 'boolean' | 'code';
export type Cell = string | number | boolean | null;
export type OpenDataRecord = Record<string, Cell>;

export interface Column {
  /** JSON key. */
  key: string;
  /** CSV and Excel header (Japanese). */
  header: string;
  type: CellType;
  description: string;
}

export interface OpenDataTable<Row extends { id: number }> {
  name: TableName;
  title: string;
  description: string;
  columns: readonly Column[];
  read(db: Queryable, scope: Scope, page: Page): Promise<Row[]>;
  toRecord(row: Row): OpenDataRecord;
}

export const TABLE_NAMES = ['items', 'indicators', 'targets', 'observations', 'grades'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const col = (key: string, header: string, type: CellType, description: string): Column => ({ key, header, type, description });

const OWNER_COLUMNS: Column[] = [
  col('localGovernmentCode', '全国地方公共団体コード', 'code', '総務省の全国地方公共団体コード（6桁、検査数字を含む）。未登録なら空'),
  col('organisationCode', '団体コード', 'code', 'Shinchoku での団体の識別子（例: sendai）'),
  col('organisationName', '団体名', 'string', '計画を策定した地方公共団体の名称'),
  col('planCode', '計画コード', 'code', 'Shinchoku での計画の識別子（例: sendai-2021）'),
  col('planTitle', '計画名', 'string', '計画の名称'),
];

const ownerRecord = (row: OwnerColumns): OpenDataRecord => ({
  localGovernmentCode: row.localGovernmentCode,
  organisationCode: row.organisationCode,
  organisationName: row.organisationName,
  planCode: row.planCode,
  planTitle: row.planTitle,
});

const orNull = (text: string): string | null => (text === '' ? null : text);

export const itemsTable: OpenDataTable<ItemRow> = {
  name: 'items',
  title: '計画の項目',
  description: '計画の体系（分野・基本施策・事業など）の項目。1行が1項目',
  columns: [
    ...OWNER_COLUMNS,
    col('itemCode', '項目コード', 'code', '計画内で一意の項目の識別子（例: 1-(1)-③）'),
    col('parentCode', '親項目コード', 'code', '一つ上の階層の項目コード。最上位なら空'),
    col('depth', '階層', 'integer', '0 が最上位（分野・基本目標）'),
    col('levelName', '階層名', 'string', 'その計画での階層の呼び名（分野、基本施策、事業 など）'),
    col('position', '順序', 'integer', '同じ親の中での並び順（0 から）'),
    col('number', '番号', 'string', '計画書に印字された番号（①、◎1-1 など）'),
    col('name', '名称', 'string', '項目の名称'),
    col('description', '説明', 'string', '項目の説明・内容'),
    col('numericTargetText', '数値目標等', 'string', '【数値目標等】の記載（原文のまま）'),
    col('isPriority', '重点', 'boolean', '重点施策（◎）なら 1'),
    col('isNew', '新規', 'boolean', '新規事業なら 1'),
    col('isPartnerProject', 'パートナープロジェクト', 'boolean', '地域づくりパートナープロジェクト（*）なら 1'),
    col('tags', 'タグ', 'string', '自由なタグ（複数は「;」区切り）'),
    col('relistOfCode', '再掲元項目コード', 'code', '再掲の場合、元の項目の項目コード'),
    col('relistKind', '再掲区分', 'string', '再掲 / 一部再掲。再掲でなければ空'),
    col('departments', '担当課', 'string', '担当課（複数は「;」区切り、記載順）'),
    col('retiredAt', '廃止日', 'date', '項目が廃止された日（ISO 8601）。廃止されていなければ空'),
  ],
  read: (db, scope, page) => listItems(db, scope, page),
  toRecord: (row) => ({
    ...ownerRecord(row),
    itemCode: row.code,
    parentCode: row.parentCode,
    depth: row.depth,
    levelName: row.levelName,
    position: row.position,
    number: row.number,
    name: row.name,
    description: row.description,
    numericTargetText: row.numericTargetText,
    isPriority: row.isPriority,
    isNew: row.isNew,
    isPartnerProject: row.isPartnerProject,
    tags: orNull(row.tags.join(';')),
    relistOfCode: row.relistOfCode,
    relistKind: row.relistKind === null ? null : labelOf(RELIST_KIND_LABELS, row.relistKind),
    departments: orNull(row.departments.join(';')),
    retiredAt: row.retiredAt,
  }),
};

export const indicatorsTable: OpenDataTable<IndicatorRow> = {
  name: 'indicators',
  title: '指標',
  description: '成果指標・数値目標の指標。1行が1指標',
  columns: [
    ...OWNER_COLUMNS,
    col('itemCode', '項目コード', 'code', '指標が属する項目の項目コード'),
    col('indicatorCode', '指標コード', 'code', '計画内で一意の指標の識別子'),
    col('indicatorName', '指標名', 'string', '指標の名称'),
    col('category', '分類', 'string', '指標の分類（参加の実感 など）'),
    col('unit', '単位', 'string', '値の単位（% 件 団体 円 人 など）'),
    col('direction', '方向コード', 'code', 'up / down / maintain'),
    col('directionLabel', '方向', 'string', '望ましい方向: 上昇 / 低下 / 維持'),
    col('aggregation', '集計コード', 'code', 'annual / cumulative'),
    col('aggregationLabel', '集計', 'string', '単年度 / 累計'),
    col('baselineValue', '基準値', 'decimal', '基準値（数値、桁区切りなし）。なければ空'),
    col('baselineText', '基準値表記', 'string', '基準値の計画書での表記（原文のまま）'),
    col('baselineFiscalYear', '基準年度', 'integer', '基準値の年度（西暦の年度）'),
    col('baselineFiscalYearLabel', '基準年度（和暦）', 'string', '基準値の年度の和暦表記'),
    col('baselineAsOf', '基準値時点', 'date', '基準値の時点（ISO 8601）'),
    col('source', '出典', 'string', '指標の出典・調査名'),
    col('notes', '備考', 'string', '注記'),
    col('isReference', '参考指標', 'boolean', '参考指標なら 1'),
  ],
  read: (db, scope, page) => listIndicators(db, scope, page),
  toRecord: (row) => {
    const baselineYear = presentFiscalYear(row.baselineFy);
    return {
      ...ownerRecord(row),
      itemCode: row.itemCode,
      indicatorCode: row.code,
      indicatorName: row.name,
      category: row.category,
      unit: row.unit,
      direction: row.direction,
      directionLabel: labelOf(DIRECTION_LABELS, row.direction),
      aggregation: row.aggregation,
      aggregationLabel: labelOf(AGGREGATION_LABELS, row.aggregation),
      baselineValue: orNull(presentDecimal(row.baselineValue)),
      baselineText: row.baselineText,
      baselineFiscalYear: baselineYear.fiscalYear,
      baselineFiscalYearLabel: orNull(baselineYear.fiscalYearLabel),
      baselineAsOf: row.baselineAsOf,
      source: row.source,
      notes: row.notes,
      isReference: row.isReference,
    };
  },
};

export const targetsTable: OpenDataTable<TargetRow> = {
  name: 'targets',
  title: '目標値',
  description: '指標の目標。1行が1目標（年度・設定元ごと）',
  columns: [
    ...OWNER_COLUMNS,
    col('itemCode', '項目コード', 'code', '指標が属する項目の項目コード'),
    col('indicatorCode', '指標コード', 'code', '指標の識別子'),
    col('indicatorName', '指標名', 'string', '指標の名称'),
    col('kind', '目標種別コード', 'code', 'by_year / every_year_min / every_year_max / maintain / percent_change / qualitative'),
    col('kindLabel', '目標種別', 'string', '年度目標、毎年度（以上）、維持（幅）、基準値からの増減率 など'),
    col('fiscalYear', '年度', 'integer', '目標年度（西暦の年度）。毎年度の目標なら空'),
    col('fiscalYearLabel', '年度（和暦）', 'string', '目標年度の和暦表記（令和7年度 など）'),
    col('value', '目標値', 'decimal', '目標値（数値、桁区切りなし）。幅や定性的目標なら空'),
    col('bandLow', '下限', 'decimal', '維持目標の幅の下限'),
    col('bandHigh', '上限', 'decimal', '維持目標の幅の上限'),
    col('changePercent', '増減率', 'decimal', '基準値からの増減率（%）'),
    col('unit', '単位', 'string', '値の単位'),
    col('text', '表記', 'string', '計画書での表記（原文のまま）'),
    col('setBy', '設定元コード', 'code', 'this_plan / action_plan / strategic_vision / upper_plan / other'),
    col('setByLabel', '設定元', 'string', '目標を定めた計画の区分（本計画、アクションプラン など）'),
    col('setByName', '設定元計画名', 'string', '目標を定めた計画の名称'),
    col('notes', '備考', 'string', '注記'),
  ],
  read: (db, scope, page) => listTargets(db, scope, page),
  toRecord: (row) => {
    const year = presentFiscalYear(row.fiscalYear);
    return {
      ...ownerRecord(row),
      itemCode: row.itemCode,
      indicatorCode: row.indicatorCode,
      indicatorName: row.indicatorName,
      kind: row.kind,
      kindLabel: labelOf(TARGET_KIND_LABELS, row.kind),
      fiscalYear: year.fiscalYear,
      fiscalYearLabel: orNull(year.fiscalYearLabel),
      value: orNull(presentDecimal(row.value)),
      bandLow: orNull(presentDecimal(row.bandLow)),
      bandHigh: orNull(presentDecimal(row.bandHigh)),
      changePercent: orNull(presentDecimal(row.changePercent)),
      unit: row.unit,
      text: row.text,
      setBy: row.setBy,
      setByLabel: labelOf(TARGET_SOURCE_LABELS, row.setBy),
      setByName: row.setByName,
      notes: row.notes,
    };
  },
};

export const observationsTable: OpenDataTable<ObservationRow> = {
  name: 'observations',
  title: '実績値',
  description: '指標の実績・見込・状況。1行が1つの値（縦持ち）',
  columns: [
    ...OWNER_COLUMNS,
    col('itemCode', '項目コード', 'code', '指標が属する項目の項目コード'),
    col('indicatorCode', '指標コード', 'code', '指標の識別子'),
    col('indicatorName', '指標名', 'string', '指標の名称'),
    col('fiscalYear', '年度', 'integer', '値の年度（西暦の年度、4月〜翌3月）'),
    col('fiscalYearLabel', '年度（和暦）', 'string', '年度の和暦表記（平成25年度 など）'),
    col('kind', '値区分コード', 'code', 'actual / estimate / status'),
    col('kindLabel', '値区分', 'string', '実績 / 見込 / 状況'),
    col('value', '値', 'decimal', '値（数値、桁区切りなし、万・億を展開）。値がなければ空で、欠測理由を記載'),
    col('unit', '単位', 'string', '値の単位（% 件 団体 円 など）'),
    col('approximate', '概数', 'boolean', '「約」「程度」の付いた概数なら 1'),
    col('text', '表記', 'string', '計画書・報告書での表記（原文のまま。例: 約4億9,600万円）'),
    col('missingReason', '欠測理由コード', 'code', '値がない理由のコード（not_yet_surveyed など）。値があれば空'),
    col('missingReasonLabel', '欠測理由', 'string', '値がない理由（今後調査、—（該当なし）、未集計 など）'),
    col('asOf', '時点', 'date', '値の時点（ISO 8601 の日付）。年度の途中の値に記載'),
    col('note', '備考', 'string', '注記'),
    col('source', '出典', 'string', '値の出典（文書・ファイル）'),
  ],
  read: (db, scope, page) => listObservations(db, scope, page),
  toRecord: (row) => {
    const year = presentFiscalYear(row.fiscalYear);
    const value = presentValue(row);
    return {
      ...ownerRecord(row),
      itemCode: row.itemCode,
      indicatorCode: row.indicatorCode,
      indicatorName: row.indicatorName,
      fiscalYear: year.fiscalYear,
      fiscalYearLabel: year.fiscalYearLabel,
      kind: row.kind,
      kindLabel: labelOf(OBSERVATION_KIND_LABELS, row.kind),
      value: orNull(value.value),
      unit: orNull(value.unit),
      approximate: row.approximate,
      text: row.text,
      missingReason: orNull(value.missingReason),
      missingReasonLabel: orNull(value.missingReasonLabel),
      asOf: row.asOf,
      note: row.note,
      source: row.source,
    };
  },
};

export const gradesTable: OpenDataTable<GradeRow> = {
  name: 'grades',
  title: '評価',
  description: '公表済みの年度評価（評価と取組結果など）。1行が1項目の1年度の評価',
  columns: [
    ...OWNER_COLUMNS,
    col('fiscalYear', '評価年度', 'integer', '評価の対象年度（西暦の年度）'),
    col('fiscalYearLabel', '評価年度（和暦）', 'string', '評価の対象年度の和暦表記'),
    col('itemCode', '項目コード', 'code', '評価した項目の項目コード'),
    col('itemName', '項目名', 'string', '評価した項目の名称'),
    col('departments', '担当課', 'string', '担当課（複数は「;」区切り）'),
    col('scaleCode', '評価尺度コード', 'code', '計画の評価尺度（sendai-abc など）'),
    col('approval', '承認', 'string', '「承認」: 本部が承認した評価。「未承認」: 公表時に承認されていなかった評価で、評価と文章は公開されない'),
    col('selfGrade', '自己評価', 'code', '担当課による評価（A/B/C など）'),
    col('computedGrade', '算定評価', 'code', '達成率から算定した評価'),
    col('finalGrade', '確定評価', 'code', '本部が確定した評価'),
    col('resultsText', '取組結果', 'string', '当該年度の取組結果'),
    col('planText', '取組計画', 'string', '次年度の取組計画・方向性'),
    col('issuesText', '課題・今後に向けて', 'string', '課題と今後の方向'),
    col('publishedAt', '公表日時', 'date', '評価が公表された日時（ISO 8601）'),
  ],
  read: (db, scope, page) => listPublishedGrades(db, scope, page),
  toRecord: (row) => {
    const year = presentFiscalYear(row.fiscalYear);
    return {
      ...ownerRecord(row),
      fiscalYear: year.fiscalYear,
      fiscalYearLabel: year.fiscalYearLabel,
      itemCode: row.itemCode,
      itemName: row.itemName,
      departments: orNull(row.departments.join(';')),
      scaleCode: row.scaleCode,
      approval: row.approved ? '承認' : NOT_APPROVED_LABEL,
      selfGrade: row.selfGrade,
      computedGrade: row.computedGrade,
      finalGrade: row.finalGrade,
      resultsText: row.resultsText,
      planText: row.planText,
      issuesText: row.issuesText,
      publishedAt: row.publishedAt,
    };
  },
};

type AnyTable = OpenDataTable<{ id: number }>;

export const TABLES: Readonly<Record<TableName, AnyTable>> = {
  items: itemsTable as unknown as AnyTable,
  indicators: indicatorsTable as unknown as AnyTable,
  targets: targetsTable as unknown as AnyTable,
  observations: observationsTable as unknown as AnyTable,
  grades: gradesTable as unknown as AnyTable,
};

/** Rows of a table, page after page (keyset), so a large export is never held in memory. */
export async function* recordsOf(db: Queryable, table: AnyTable, scope: Scope, pageSize = 5000): AsyncGenerator<OpenDataRecord> {
  let after: number | undefined;
  for (;;) {
    const rows = await table.read(db, scope, { after, limit: pageSize });
    for (const row of rows) yield table.toRecord(row);
    if (rows.length < pageSize) return;
    after = rows.at(-1)?.id;
  }
}

/** The column dictionary (列の説明): one row per column of every file. */
export const DICTIONARY_COLUMNS: readonly Column[] = [
  col('file', 'ファイル', 'code', 'ファイル名（拡張子なし）'),
  col('fileTitle', 'ファイルの内容', 'string', 'ファイルの内容'),
  col('header', '列名', 'string', 'CSV・Excel の見出し'),
  col('key', 'JSONキー', 'code', 'JSON と API での名前'),
  col('type', '型', 'code', 'string / integer / decimal / date / boolean / code'),
  col('description', '説明', 'string', '列の意味'),
];

export function dictionaryRecords(): OpenDataRecord[] {
  return TABLE_NAMES.flatMap((name) =>
    TABLES[name].columns.map((c) => ({ file: name, fileTitle: TABLES[name].title, header: c.header, key: c.key, type: c.type, description: c.description })),
  );
}

export const LICENCE_NOTICE = [
  'このデータは クリエイティブ・コモンズ 表示 4.0 国際 ライセンス（CC BY 4.0）の下に提供されています。',
  'https://creativecommons.org/licenses/by/4.0/deed.ja',
  '利用する際は、出典として団体名と計画名を表示してください（例: 「出典: 札幌市 第2期 市民まちづくり活動促進基本計画（Shinchoku オープンデータ）」）。',
  '数値は計画書・報告書の記載を基にしています。「表記」列に原文の表記を、「値」列に数値を記載しています。',
].join('\n');
