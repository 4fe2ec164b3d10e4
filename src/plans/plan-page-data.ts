// What a public plan page shows (the plan, its whole tree, the latest published round's
// distributions), loaded once per version of the plan (plan-version.repository.ts) and shared by
// the Japanese and the English page: after a change, the page cache renders both again, and the
// second costs the rendering only (at national size, loading took 21 of a plan page's 24 ms,
// one at a time). A few plans are kept, the most recently asked for; the version is read before the data,
// so what is kept is never older than the version it is kept with.
import type { Queryable } from '../db/client.js';
import { getPlanTree, type PlanTree, type TreeItem } from './plans.repository.js';
import type { PlanItemLink } from '../judgement/judgement.repository.js';
import { planDataVersion } from './plan-version.repository.js';
import { findPlanRef, type PlanRef } from '../portal/portal.repository.js';
import { planOverview } from '../portal/plan-overview.js';
import type { PlanOverview } from './plan-page.js';

export interface PlanPageData {
  ref: PlanRef;
  tree: PlanTree;
  overview: PlanOverview;
}

/** How many plans' data are kept by default. */
const KEPT_PLANS = 16;

export class PlanPageDataCache {
  /** By plan code: the version it was loaded at and the loading (shared by concurrent callers). */
  private readonly kept = new Map<string, { version: string; data: Promise<PlanPageData | undefined> }>();

  constructor(private readonly db: Queryable, private readonly max = KEPT_PLANS) {}

  /** The page data of the public plan with this code, or undefined when there is none. */
  async get(code: string): Promise<PlanPageData | undefined> {
    const version = await planDataVersion(this.db, code);
    const found = this.kept.get(code);
    if (found?.version === version) {
      this.kept.delete(code);
      this.kept.set(code, found); // most recently used last
      return found.data;
    }
    const data = loadPlanPageData(this.db, code);
    const entry = { version, data };
    this.kept.delete(code);
    this.kept.set(code, entry);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.max) break;
      this.kept.delete(oldest);
    }
    // a failed or empty loading is not kept: the next request tries again
    data.then(
      (loaded) => {
        if (!loaded && this.kept.get(code) === entry) this.kept.delete(code);
      },
      () => {
        if (this.kept.get(code) === entry) this.kept.delete(code);
      },
    );
    return data;
  }
}

/** The page data of the public plan with this code, read now (undefined: no such public plan). */
export async function loadPlanPageData(db: Queryable, code: string): Promise<PlanPageData | undefined> {
  const ref = await findPlanRef(db, code);
  if (!ref) return undefined;
  const tree = await getPlanTree(db, code);
  if (!tree) return undefined;
  return { ref, tree, overview: await planOverview(db, ref, itemLinks(tree.roots)) };
}

/** Every item of the tree with its parent: what judging the plan's indicators needs of the items (not read a second time). */
function itemLinks(roots: readonly TreeItem[]): PlanItemLink[] {
  const links: PlanItemLink[] = [];
  const walk = (items: readonly TreeItem[], parentId: number | null) => {
    for (const item of items) {
      links.push({ id: item.id, code: item.code, name: item.name, parentId });
      walk(item.children, item.id);
    }
  };
  walk(roots, null);
  return links;
}
