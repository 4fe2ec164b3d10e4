// Writes open data records as CSV (UTF-8 with BOM, through the one writer in shared/csv.ts), JSON and Excel, as streams:
// rows are read page by page and written as they come, never gathered in memory.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRow, UTF8_BOM } from '../shared/csv.js';
import type { Queryable } from '../db/client.js';
import type { Scope } from './opendata.repository.js';
import {
  DICTIONARY_COLUMNS,
  dictionaryRecords,
  LICENCE_NOTICE,
  recordsOf,
  TABLE_NAMES,
  TABLES,
  type Cell,
  type Column,
  type OpenDataRecord,
} from './tables.js';

function streamOf(chunks: () => AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncGenerator<string> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= chunks();
      // gather a few KB per pull: fewer, larger chunks
      let buffer = '';
      while (buffer.length < 64 * 1024) {
        const next = await iterator.next();
        if (next.done) {
          if (buffer) controller.enqueue(encoder.encode(buffer));
          controller.close();
          return;
        }
        buffer += next.value;
      }
      controller.enqueue(encoder.encode(buffer));
    },
    async cancel() {
      await iterator?.return(undefined);
    },
  });
}

async function* csvChunks(columns: readonly Column[], records: AsyncIterable<OpenDataRecord> | Iterable<OpenDataRecord>): AsyncGenerator<string> {
  yield UTF8_BOM + csvRow(columns.map((c) => c.header));
  for await (const record of records) yield csvRow(columns.map((c) => record[c.key] ?? null));
}

export function csvStream(db: Queryable, table: (typeof TABLE_NAMES)[number], scope: Scope): ReadableStream<Uint8Array> {
  const definition = TABLES[table];
  return streamOf(() => csvChunks(definition.columns, recordsOf(db, definition, scope)));
}

export function dictionaryCsv(): string {
  return UTF8_BOM + csvRow(DICTIONARY_COLUMNS.map((c) => c.header)) + dictionaryRecords().map((r) => csvRow(DICTIONARY_COLUMNS.map((c) => r[c.key] ?? null))).join('');
}

export interface FileMeta {
  /** What the file covers, e.g. 「札幌市 第2期 市民まちづくり活動促進基本計画」 or 「全データ」. */
  title: string;
  /** When the file was made (ISO 8601). */
  generatedAt: string;
}

export function jsonStream(db: Queryable, table: (typeof TABLE_NAMES)[number], scope: Scope, meta: FileMeta): ReadableStream<Uint8Array> {
  const definition = TABLES[table];
  return streamOf(async function* () {
    const head = {
      title: `${meta.title} ${definition.title}`,
      description: definition.description,
      license: 'CC-BY-4.0',
      licenseUrl: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
      licenseNotice: LICENCE_NOTICE,
      generatedAt: meta.generatedAt,
      columns: definition.columns,
    };
    yield `${JSON.stringify(head).slice(0, -1)},"records":[`;
    let first = true;
    for await (const record of recordsOf(db, definition, scope)) {
      yield `${first ? '' : ','}\n${JSON.stringify(record)}`;
      first = false;
    }
    yield '\n]}\n';
  });
}

function excelCell(cell: Cell, column: Column): string | number | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if ((column.type === 'integer' || column.type === 'decimal') && cell !== '') return Number(cell);
  return cell;
}

/** One workbook with a sheet per file, the column dictionary and the licence, written as a stream. */
export function excelStream(db: Queryable, scope: Scope, meta: FileMeta): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  workbook.creator = 'Shinchoku';
  workbook.created = new Date(meta.generatedAt);
  void (async () => {
    try {
      for (const name of TABLE_NAMES) {
        const definition = TABLES[name];
        const sheet = workbook.addWorksheet(definition.title);
        sheet.addRow(definition.columns.map((c) => c.header)).commit();
        for await (const record of recordsOf(db, definition, scope)) {
          sheet.addRow(definition.columns.map((c) => excelCell(record[c.key] ?? null, c))).commit();
        }
        sheet.commit();
      }
      const dictionary = workbook.addWorksheet('列の説明');
      dictionary.addRow(DICTIONARY_COLUMNS.map((c) => c.header)).commit();
      for (const record of dictionaryRecords()) dictionary.addRow(DICTIONARY_COLUMNS.map((c) => excelCell(record[c.key] ?? null, c))).commit();
      dictionary.commit();
      const licence = workbook.addWorksheet('ライセンス');
      licence.addRow(['項目', '内容']).commit();
      licence.addRow(['対象', meta.title]).commit();
      licence.addRow(['作成日時', meta.generatedAt]).commit();
      for (const line of LICENCE_NOTICE.split('\n')) licence.addRow(['ライセンス', line]).commit();
      licence.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>;
}
