// Rows grouped by a key, in their order: what a repository does after reading a plan's rows of
// many indicators (or items) with one statement.

/** The rows of each key, in the order they came. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
