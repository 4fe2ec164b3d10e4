// An import problem a person can find in their file: sheet, row, column and a Japanese sentence.
// 「指標 12行目 値:「約4億」は数値として読めません」

export interface ImportIssue {
  /** Sheet name (施策, 指標, 計画), or '' for the file as a whole. */
  sheet: string;
  /** 1-based row as Excel shows it; 0 when the problem is not in one row. */
  row: number;
  /** Column header as written in the template, or '' when the problem is the whole row. */
  column: string;
  message: string;
  /** The error code when the row broke a rule of the domain (errors.ts), the same a form or the API gives. */
  code?: string;
}

/** 「指標 12行目 値: …」 */
export function formatIssue(issue: ImportIssue): string {
  const where = [issue.sheet, issue.row > 0 ? `${issue.row}行目` : ''].filter((x) => x !== '').join(' ');
  const prefix = [where, issue.column].filter((x) => x !== '').join(' ');
  return prefix === '' ? issue.message : `${prefix}${issue.column ? ':' : ' '}${issue.message}`;
}

/** Issues in file order: by sheet as listed, then row, then column. */
export function sortIssues(issues: readonly ImportIssue[], sheetOrder: readonly string[]): ImportIssue[] {
  const rank = (sheet: string) => {
    const i = sheetOrder.indexOf(sheet);
    return i < 0 ? (sheet === '' ? -1 : sheetOrder.length) : i;
  };
  return [...issues].sort((a, b) => rank(a.sheet) - rank(b.sheet) || a.row - b.row);
}
