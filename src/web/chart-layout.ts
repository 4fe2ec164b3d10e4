// Room for a chart's value axis: its labels are right-aligned against the plot, so the plot starts
// after the longest of them. Widths are estimated from the characters (13 px text: a digit or a
// Latin letter about 0.6 em, a comma or a point 0.3 em, a Japanese character 1 em), so that
// 「200,000,000」 or 「4億9,600万円」 is not cut at the left edge of the picture.

const NARROW = /[,.'\s]/;
const WIDE = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;

/** The estimated width of a label in px at `fontSize`. */
export function labelWidth(text: string, fontSize = 13): number {
  let ems = 0;
  for (const ch of text) ems += WIDE.test(ch) ? 1 : NARROW.test(ch) ? 0.3 : 0.6;
  return ems * fontSize;
}

/** The left edge of the plot: at least `minimum`, else the widest label, the gap to the plot and a margin. */
export function plotLeft(labels: readonly string[], minimum: number, gap = 8, margin = 4): number {
  return Math.max(minimum, Math.ceil(margin + gap + Math.max(0, ...labels.map((label) => labelWidth(label)))));
}
