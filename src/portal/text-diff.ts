// A readable diff of two narratives: split into sentences (after 。！？ and at line breaks), then
// the longest common subsequence of sentences; what is only in the old text is deleted, what is
// only in the new one inserted. Pure.
export type DiffPart = { op: 'same' | 'deleted' | 'inserted'; text: string };

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？!?])|\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function diffSentences(before: string, after: string): DiffPart[] {
  const a = sentences(before);
  const b = sentences(after);
  // lengths of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      parts.push({ op: 'same', text: a[i] ?? '' });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      parts.push({ op: 'deleted', text: a[i] ?? '' });
      i++;
    } else {
      parts.push({ op: 'inserted', text: b[j] ?? '' });
      j++;
    }
  }
  return parts;
}
