// Every plan's data version (src/plans/plan-version.repository.ts), read in one statement each
// time the data's version (src/db/data-version.ts) moves, and kept with it. The page cache checks
// a kept page of one plan against it without a query of its own (a national service with 1,741
// plans and writes somewhere every moment would otherwise ask once per visit), and the plans
// whose version moved are told to listeners: the page cache renders their kept pages again
// before a visitor asks.
import { createHash } from 'node:crypto';
import type { DataVersion } from '../db/data-version.js';

/** Reads every plan's version by code; a plan that is absent has the version '0.0'. */
export type PlanVersionsReader = () => Promise<Map<string, string>>;

export const NO_CHANGES = '0.0';

/** The codes whose version differs between two readings (present in one only counts too). */
export function changedPlans(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [code, version] of after) if (before.get(code) !== version) changed.push(code);
  for (const code of before.keys()) if (!after.has(code)) changed.push(code);
  return changed;
}

interface Reading {
  version: string;
  /** Readings are numbered as they start: a slow older reading never replaces a newer one. */
  number: number;
  plans: Map<string, string>;
}

export class PlanVersions {
  private kept: Reading | undefined;
  private pending: { version: string; promise: Promise<Map<string, string>> } | undefined;
  private started = 0;
  private readonly listeners = new Set<(changed: string[]) => void>();
  private readonly digests = new WeakMap<Map<string, string>, string>();

  constructor(private readonly data: DataVersion, private readonly read: PlanVersionsReader) {}

  /** Every plan's version at this data version: read once for all callers, after the data version was. */
  at(version: string): Promise<Map<string, string>> {
    if (this.kept?.version === version) return Promise.resolve(this.kept.plans);
    if (this.pending?.version === version) return this.pending.promise;
    const number = ++this.started;
    const promise = this.read().then(
      (plans) => {
        if (this.pending?.promise === promise) this.pending = undefined;
        const previous = this.kept;
        if (!previous || previous.number < number) {
          this.kept = { version, number, plans };
          const changed = previous ? changedPlans(previous.plans, plans) : [];
          if (changed.length > 0) for (const listener of this.listeners) listener(changed);
        }
        return plans;
      },
      (error: unknown) => {
        if (this.pending?.promise === promise) this.pending = undefined;
        throw error;
      },
    );
    this.pending = { version, promise };
    return promise;
  }

  /** One plan's version at this data version. */
  async of(plan: string, version: string): Promise<string> {
    return (await this.at(version)).get(plan) ?? NO_CHANGES;
  }

  /**
   * One version for every plan together (a digest of all of them), for pages that read every
   * plan's data (the list of plans, the search): it moves when any plan's does, and not when
   * only rows no plan page reads change (sessions, the audit log, report jobs, a merge of old
   * change rows).
   */
  async everyPlan(version: string): Promise<string> {
    const plans = await this.at(version);
    let digest = this.digests.get(plans);
    if (digest === undefined) {
      const hash = createHash('sha256');
      for (const code of [...plans.keys()].sort()) hash.update(`${code}\t${plans.get(code) ?? ''}\n`);
      digest = hash.digest('base64url');
      this.digests.set(plans, digest);
    }
    return digest;
  }

  /** Reads the data's version and, when it moved, every plan's: listeners hear of changes without a visitor. */
  async check(): Promise<void> {
    await this.at(this.data.peek() ?? (await this.data.get()));
  }

  /** Calls `listener` with the codes of the plans whose version moved; returns how to stop. */
  onChange(listener: (changed: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
