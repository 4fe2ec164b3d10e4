// Reads every row of a keyset-paged list, page by page (for trees and distributions, whose
// answer needs the whole plan).
import type { Page } from '../opendata/opendata.repository.js';

export async function readAll<Row extends { id: number }>(read: (page: Page) => Promise<Row[]>, pageSize = 1000): Promise<Row[]> {
  const all: Row[] = [];
  let after: number | undefined;
  for (;;) {
    const rows = await read({ after, limit: pageSize });
    all.push(...rows);
    if (rows.length < pageSize) return all;
    after = rows.at(-1)?.id;
  }
}
