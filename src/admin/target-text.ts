// A target as the plan writes it (「令和7年度までに800団体」「毎年度 720 団体以上」「754団体の20%増」)
// read into the numbers a target row holds, so the admin types the sentence and the value is
// filled in. Pure; it uses the domain's readers of Japanese numbers and fiscal years. What it
// cannot read it leaves empty: the admin then types the value.
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber, parseJapaneseNumber, type ParsedNumber } from '../domain/numbers.js';
import { formatFiscalYear, parseFiscalYear } from '../domain/wareki.js';

export interface TargetReading {
  fiscalYear: number | null;
  /** Decimal string: the target value (for a percentage change, the base × (1 + p/100)). */
  value: string | null;
  unit: string | null;
  changePercent: string | null;
  /** What was read, in Japanese, for the hint under the field. */
  reading: string;
}

const WIDE_DIGITS = /[０-９．，％]/g;
function narrow(text: string): string {
  return text.replace(WIDE_DIGITS, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\s+/g, ' ').trim();
}

/** 令和7年度, 平成34年度, R7, 2025年度 — the first fiscal year named in the text. */
const FISCAL_YEAR = /(?:令和|平成|昭和)\s*(?:元|\d{1,2})\s*年度?|\b[RH]\s*\d{1,2}\b|\d{4}\s*年度/;
/** A number with its unit as the number reader understands it: 約4億9,600万円, 800団体, 42.5%. */
const NUMBER = /(?:約|およそ|概ね)?\d[\d,]*(?:\.\d+)?(?:\s*[兆億万]\s*(?:\d[\d,]*(?:\.\d+)?)?)*\s*(?:%|‰|[^\s\d、。,()（）のをにはまでとがも]{1,4})?/g;
const PERCENT_CHANGE = /(\d[\d,]*(?:\.\d+)?)\s*([^\s\d、。,()（）の]{0,4})\s*(?:\([^)]*\)|（[^）]*）)?\s*の\s*(\d+(?:\.\d+)?)\s*%\s*(増|減)/;

function tryNumber(text: string): ParsedNumber | null {
  try {
    const parsed = parseJapaneseNumber(text.trim());
    return parsed.kind === 'value' ? parsed : null;
  } catch {
    return null;
  }
}

export function readTargetText(written: string): TargetReading {
  const text = narrow(written);
  let fiscalYear: number | null = null;
  let rest = text;
  const fy = FISCAL_YEAR.exec(text);
  if (fy) {
    try {
      fiscalYear = parseFiscalYear(fy[0].replace(/\s+/g, ''), { beyondEraEnd: 'extend' });
      rest = text.replace(fy[0], ' ');
    } catch {
      fiscalYear = null;
    }
  }
  const yearText = fiscalYear === null ? '' : `${formatFiscalYear(fiscalYear, { style: 'both' })}、`;

  const change = PERCENT_CHANGE.exec(rest);
  if (change?.[1] && change[3]) {
    const base = d(change[1].replace(/,/g, ''));
    const percent = d(change[3]);
    const factor = change[4] === '減' ? d(100).minus(percent) : d(100).plus(percent);
    const value = base.times(factor).dividedBy(100);
    const unit = change[2] ? change[2] : null;
    return {
      fiscalYear,
      value: value.toFixed(),
      unit,
      changePercent: change[4] === '減' ? percent.negated().toFixed() : percent.toFixed(),
      reading: `${yearText}${formatJapaneseNumber(base, unit)}の${percent.toFixed()}%${change[4]} = ${formatJapaneseNumber(value, unit)}`,
    };
  }

  const parsedWhole = tryNumber(rest);
  const whole = parsedWhole && (parsedWhole.unit?.length ?? 0) <= 4 ? parsedWhole : null;
  const candidates = whole ? [whole] : [...rest.matchAll(NUMBER)].map((m) => tryNumber(m[0])).filter((p): p is ParsedNumber => p !== null);
  const found = candidates[candidates.length - 1];
  if (!found) {
    return { fiscalYear, value: null, unit: null, changePercent: null, reading: fiscalYear === null ? '数値を読み取れませんでした' : `${yearText}数値を読み取れませんでした` };
  }
  return {
    fiscalYear,
    value: found.value.toFixed(),
    unit: found.unit ?? null,
    changePercent: null,
    reading: `${yearText}${formatJapaneseNumber(found.value, found.unit ?? null)}${found.approximate ? '（約）' : ''}`,
  };
}
