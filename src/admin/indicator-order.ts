// The order of an item's indicators as plain data (pure): readers show them by position, then by
// id; moving one a place up or down gives every indicator of the item 0, 1, 2 … in the new order.

export interface OrderedIndicator {
  id: number;
  position: number;
}

/** Indicators in the order every reader shows them: position, then id. */
export function inIndicatorOrder<T extends OrderedIndicator>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.position - b.position || a.id - b.id);
}

/**
 * New positions after moving `indicatorId` one place up or down among `rows` (the indicators of
 * one item): only the indicators whose position changes. Empty when it is already first (up) or
 * last (down), or not among the rows.
 */
export function planIndicatorReorder(rows: readonly OrderedIndicator[], indicatorId: number, direction: 'up' | 'down'): { id: number; position: number }[] {
  const order = inIndicatorOrder(rows);
  const at = order.findIndex((r) => r.id === indicatorId);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= order.length) return [];
  const [taken] = order.splice(at, 1);
  if (!taken) return [];
  order.splice(to, 0, taken);
  return order.flatMap((r, i) => (r.position === i ? [] : [{ id: r.id, position: i }]));
}
