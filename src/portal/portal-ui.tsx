// Small pieces every portal page shares: breadcrumbs, flags, grades, values, plan-content spans.
import type { Child } from 'hono/jsx';
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber, MISSING_REASON_LABELS, type MissingReason } from '../domain/numbers.js';
import type { Scale } from '../domain/scales.js';
import { codeSegment, href, messages, type Lang } from './i18n.js';

/** Plan content written in Japanese: marked lang="ja" when the interface is English. */
export function Ja({ lang, children }: { lang: Lang; children: Child }) {
  return lang === 'ja' ? <>{children}</> : <span lang="ja">{children}</span>;
}

export function Breadcrumbs({ lang, trail }: { lang: Lang; trail: { label: Child; href?: string }[] }) {
  const m = messages(lang);
  return (
    <nav aria-label={m.breadcrumbs} class="breadcrumbs">
      <ol>
        {trail.map((step) => (step.href ? <li><a href={step.href}>{step.label}</a></li> : <li aria-current="page">{step.label}</li>))}
      </ol>
    </nav>
  );
}

export interface FlagsOf {
  isPriority: boolean;
  isNew: boolean;
  isPartnerProject: boolean;
  relistKind: string | null;
}

export function Flags({ item, lang }: { item: FlagsOf; lang: Lang }) {
  const m = messages(lang);
  return (
    <>
      {item.isPriority && <span class="flag flag-priority">{m.flagPriority}</span>}
      {item.isNew && <span class="flag flag-new">{m.flagNew}</span>}
      {item.isPartnerProject && <span class="flag flag-partner" title={m.flagPartnerTitle}>{m.flagPartner}</span>}
      {item.relistKind && <span class="flag flag-relist">{item.relistKind === 'partial' ? m.partialRelist : m.relist}</span>}
    </>
  );
}

export function itemHref(lang: Lang, planCode: string, itemCode: string): string {
  return href(lang, `/plans/${planCode}/items/${codeSegment(itemCode)}`);
}

export function indicatorHref(lang: Lang, planCode: string, indicatorCode: string): string {
  return href(lang, `/plans/${planCode}/indicators/${codeSegment(indicatorCode)}`);
}

/** A grade as text (code and label), with the scale's colour only as an extra mark. */
export function GradeBadge({ scale, code, lang }: { scale: Scale; code: string | null | undefined; lang: Lang }) {
  if (!code) return <span class="grade grade-none">{messages(lang).notJudged}</span>;
  const grade = scale.grades.find((g) => g.code === code);
  return (
    <span class="grade" data-grade-color={grade?.color}>
      <span class="grade-code">{code}</span>
      {grade?.label && grade.label !== code && <span class="grade-label"><Ja lang={lang}>{grade.label}</Ja></span>}
    </span>
  );
}

/** A stored value in Japanese style (約4億9,600万円, 71.7%), or why it is missing. */
export function valueText(value: string | null, unit: string | null, missingReason: string | null, approximate = false): string {
  if (value !== null) return formatJapaneseNumber(d(value), unit, { approximate });
  if (missingReason) return missingReason === 'not_applicable' ? '—' : MISSING_REASON_LABELS[missingReason as MissingReason] ?? missingReason;
  return '';
}
