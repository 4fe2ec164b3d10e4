// One catalogue indicator across organisations, as comparable series: each linked indicator's
// published values by fiscal year in the catalogue's unit (value × unit factor), per 100,000
// residents where the entry counts something (count, amount) and the organisation gives its
// population, with the targets brought to the same unit. Pure: no I/O; exact decimals throughout.
import { d, round, toPlainString, type Decimal } from '../domain/decimal.js';

/** Per-capita figures are per this many residents. */
export const PER_CAPITA_BASE = 100_000;
/** Per-capita figures are rounded half-up (四捨五入) to this many decimals. */
export const PER_CAPITA_DECIMALS = 1;

/** Which observation stands for a year when several exist: 実績, else 見込, else 状況. */
const KIND_PREFERENCE = ['actual', 'estimate', 'status'];

export interface CatalogueEntryInput {
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  unit: string;
  kind: 'count' | 'amount' | 'ratio';
  direction: string;
}

export interface LinkInput {
  organisation: {
    code: string;
    name: string;
    nameEn: string | null;
    population: number | null;
    populationAsOf: string | null;
    populationSource: string | null;
  };
  plan: { code: string; title: string; periodStartFy: number; periodEndFy: number };
  indicator: { code: string; name: string; unit: string | null; itemCode: string; itemName: string };
  unitFactor: string;
  note: string | null;
  /** Public observations only (the caller applies plans/publication.ts). */
  observations: { fiscalYear: number; kind: string; value: string | null; text: string; asOf: string | null; missingReason: string | null }[];
  targets: { kind: string; fiscalYear: number | null; value: string | null; bandLow: string | null; bandHigh: string | null; text: string | null; setBy: string }[];
}

export interface SeriesPoint {
  fiscalYear: number;
  kind: string;
  /** The value as the plan stores it (plain decimal, the indicator's own unit); null when missing. */
  valueAsStored: string | null;
  /** In the catalogue's unit; null when the year has no value (missingReason says why). */
  value: string | null;
  /** Per PER_CAPITA_BASE residents, rounded; null when not applicable. */
  perCapita: string | null;
  textAsWritten: string;
  asOf: string | null;
  missingReason: string | null;
}

export interface SeriesTarget {
  kind: string;
  fiscalYear: number | null;
  value: string | null;
  bandLow: string | null;
  bandHigh: string | null;
  perCapita: string | null;
  text: string | null;
  setBy: string;
}

export interface ComparisonSeries {
  organisation: LinkInput['organisation'];
  plan: LinkInput['plan'];
  indicator: LinkInput['indicator'];
  unitFactor: string;
  note: string | null;
  /** The population values are divided by, when per-capita figures are given. */
  perCapitaBasis: { population: number; asOf: string | null; source: string | null } | null;
  points: SeriesPoint[];
  targets: SeriesTarget[];
}

export interface Comparison {
  entry: CatalogueEntryInput;
  series: ComparisonSeries[];
  /** Every fiscal year some series has a value or a dated target for, ascending. */
  years: number[];
  /** How many organisations take part. */
  organisationCount: number;
}

/** value × factor, as a plain decimal string ('2653' × '1' → '2653'; '12.5' × '1000' → '12500'). */
export function normalise(value: string, unitFactor: string): string {
  return toPlainString(d(value).times(d(unitFactor)));
}

/** value ÷ population × 100,000, rounded half-up to one decimal ('2653', 1973395 → '134.4'). */
export function perCapita(value: string | Decimal, population: number): string {
  return round(d(value).times(PER_CAPITA_BASE).dividedBy(population), PER_CAPITA_DECIMALS).toFixed(PER_CAPITA_DECIMALS);
}

export function compareSeries(entry: CatalogueEntryInput, links: readonly LinkInput[]): Comparison {
  const years = new Set<number>();
  const series = links.map((link): ComparisonSeries => {
    const population = link.organisation.population;
    const perCapitaBasis =
      entry.kind !== 'ratio' && population !== null && population > 0
        ? { population, asOf: link.organisation.populationAsOf, source: link.organisation.populationSource }
        : null;
    const scaled = (value: string | null) => (value === null ? null : normalise(value, link.unitFactor));
    const perHead = (value: string | null) => (value === null || perCapitaBasis === null ? null : perCapita(value, perCapitaBasis.population));

    const byYear = new Map<number, LinkInput['observations'][number]>();
    for (const observation of link.observations) {
      const have = byYear.get(observation.fiscalYear);
      if (!have || rank(observation.kind) < rank(have.kind)) byYear.set(observation.fiscalYear, observation);
    }
    const points = [...byYear.values()]
      .sort((a, b) => a.fiscalYear - b.fiscalYear)
      .map((o) => {
        const value = scaled(o.value);
        if (value !== null) years.add(o.fiscalYear);
        return { fiscalYear: o.fiscalYear, kind: o.kind, valueAsStored: o.value === null ? null : toPlainString(d(o.value)), value, perCapita: perHead(value), textAsWritten: o.text, asOf: o.asOf, missingReason: o.missingReason };
      });
    const targets = link.targets.map((t) => {
      const value = scaled(t.value);
      if (t.fiscalYear !== null && value !== null) years.add(t.fiscalYear);
      return { kind: t.kind, fiscalYear: t.fiscalYear, value, bandLow: scaled(t.bandLow), bandHigh: scaled(t.bandHigh), perCapita: perHead(value), text: t.text, setBy: t.setBy };
    });
    return {
      organisation: link.organisation,
      plan: link.plan,
      indicator: link.indicator,
      unitFactor: link.unitFactor,
      note: link.note,
      perCapitaBasis,
      points,
      targets,
    };
  });
  return {
    entry,
    series,
    years: [...years].sort((a, b) => a - b),
    organisationCount: new Set(links.map((l) => l.organisation.code)).size,
  };
}

function rank(kind: string): number {
  const i = KIND_PREFERENCE.indexOf(kind);
  return i < 0 ? KIND_PREFERENCE.length : i;
}
