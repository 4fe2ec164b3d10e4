// The item tree as plain data: display order, descendants, and the rules of a move or a
// reorder (pure: the commands load the rows, call these, and write what they return).

export interface TreeRow {
  id: number;
  parentId: number | null;
  code: string;
  depth: number;
  position: number;
}

/** Rows in the order a reader sees the tree: depth first, siblings by position (then code). */
export function inTreeOrder<T extends TreeRow>(rows: readonly T[]): T[] {
  const children = childrenByParent(rows);
  const out: T[] = [];
  const walk = (parentId: number | null) => {
    for (const row of children.get(parentId) ?? []) {
      out.push(row);
      walk(row.id);
    }
  };
  walk(null);
  return out;
}

function childrenByParent<T extends TreeRow>(rows: readonly T[]): Map<number | null, T[]> {
  const map = new Map<number | null, T[]>();
  for (const row of rows) {
    const list = map.get(row.parentId) ?? [];
    list.push(row);
    map.set(row.parentId, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return map;
}

/** Ids of every item under `id` (children, grandchildren …), not `id` itself. */
export function descendantIds(rows: readonly TreeRow[], id: number): Set<number> {
  const children = childrenByParent(rows);
  const out = new Set<number>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const row = stack.pop();
    if (!row || out.has(row.id)) continue;
    out.add(row.id);
    stack.push(...(children.get(row.id) ?? []));
  }
  return out;
}

export type MovePlan =
  | {
      ok: true;
      /** New depth of every moved row (the item and its descendants). */
      depths: { id: number; depth: number }[];
      /** Position of the item among its new siblings (last). */
      position: number;
      /** Positions of the siblings it leaves, closed up (0, 1, 2 …). */
      closeUp: { id: number; position: number }[];
    }
  | { ok: false; reason: string; reasonEn: string };

/**
 * Whether `itemId` may move under `newParentId` (null = top level) in a plan with `levels`
 * levels, and what changes: the depth of the item and its whole subtree follows the new parent.
 * Refused: an item that is not in the tree, a parent outside the plan, the item itself or one of
 * its descendants as the parent, and a move that would put an item below the plan's last level.
 */
export function planMove(rows: readonly TreeRow[], itemId: number, newParentId: number | null, levels: number): MovePlan {
  const item = rows.find((r) => r.id === itemId);
  if (!item) return { ok: false, reason: '項目がこの計画にありません', reasonEn: 'the item is not in this plan' };
  if (newParentId === item.parentId) return { ok: false, reason: '移動先が今の親と同じです', reasonEn: 'the new parent is the current one' };
  let parentDepth = -1;
  if (newParentId !== null) {
    const parent = rows.find((r) => r.id === newParentId);
    if (!parent) return { ok: false, reason: '移動先の親項目がこの計画にありません', reasonEn: 'the new parent is not in this plan' };
    if (parent.id === itemId) return { ok: false, reason: '項目を自分自身の下には移動できません', reasonEn: 'an item cannot move under itself' };
    if (descendantIds(rows, itemId).has(parent.id)) {
      return {
        ok: false,
        reason: `移動先「${parent.code}」はこの項目の下位の項目です。自分の下位の項目の下には移動できません`,
        reasonEn: `the new parent "${parent.code}" is below this item`,
      };
    }
    parentDepth = parent.depth;
  }
  const shift = parentDepth + 1 - item.depth;
  const moved = [item, ...rows.filter((r) => descendantIds(rows, itemId).has(r.id))];
  const deepest = Math.max(...moved.map((r) => r.depth + shift));
  if (deepest > levels - 1) {
    return {
      ok: false,
      reason: `移動すると第${deepest + 1}階層ができますが、この計画の階層は${levels}つまでです`,
      reasonEn: `the move would create level ${deepest + 1}; the plan has ${levels} levels`,
    };
  }
  const newSiblings = rows.filter((r) => r.parentId === newParentId && r.id !== itemId);
  const position = newSiblings.reduce((max, r) => Math.max(max, r.position + 1), 0);
  const oldSiblings = rows.filter((r) => r.parentId === item.parentId && r.id !== itemId).sort((a, b) => a.position - b.position);
  return {
    ok: true,
    depths: moved.map((r) => ({ id: r.id, depth: r.depth + shift })),
    position,
    closeUp: oldSiblings.flatMap((r, i) => (r.position === i ? [] : [{ id: r.id, position: i }])),
  };
}

/**
 * Positions after moving `itemId` one place up or down among its siblings: every sibling gets
 * 0, 1, 2 … in the new order. Empty when it is already first (up) or last (down).
 */
export function planReorder(rows: readonly TreeRow[], itemId: number, direction: 'up' | 'down'): { id: number; position: number }[] {
  const item = rows.find((r) => r.id === itemId);
  if (!item) return [];
  const siblings = rows
    .filter((r) => r.parentId === item.parentId)
    .sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const at = siblings.findIndex((r) => r.id === itemId);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= siblings.length) return [];
  const order = [...siblings];
  const [taken] = order.splice(at, 1);
  if (!taken) return [];
  order.splice(to, 0, taken);
  return order.flatMap((r, i) => (r.position === i ? [] : [{ id: r.id, position: i }]));
}
