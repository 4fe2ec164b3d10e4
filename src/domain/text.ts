// Width normalisation shared by the parsers. Deliberately narrower than NFKC: only what Japanese
// tables actually mix in (全角 digits, letters and punctuation, the ideographic space, era
// ligatures), so a unit such as ㎡ or a label is kept as written.

const ERA_LIGATURES: Readonly<Record<string, string>> = {
  '㍾': '明治',
  '㍽': '大正',
  '㍼': '昭和',
  '㍻': '平成',
  '㋿': '令和',
};

/** Any character normalizeWidth changes (the ranges below and the era ligatures above). */
const NEEDS_NORMALIZING = /[\uff01-\uff5e\u3000\u00a0\u2000-\u200a\u202f\uff70\u337b-\u337e\u32ff]/;

/**
 * Fullwidth ASCII (！..～, U+FF01–FF5E) → ASCII, ideographic space → ' ', other Unicode spaces →
 * ' ', halfwidth prolonged sound mark ｰ → ー, era ligatures ㍻ → 平成.
 */
export function normalizeWidth(text: string): string {
  if (!NEEDS_NORMALIZING.test(text)) return text; // most cells: nothing to change, no copy
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000 || code === 0x00a0 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f) out += ' ';
    else if (code === 0xff70) out += 'ー';
    else out += ERA_LIGATURES[ch] ?? ch;
  }
  return out;
}

/** normalizeWidth, then remove every whitespace character (「平成 29 年度」 → 「平成29年度」). */
export function compact(text: string): string {
  return normalizeWidth(text).replace(/\s+/gu, '');
}
