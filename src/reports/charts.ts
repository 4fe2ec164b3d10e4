// Server-side SVG charts of a report, written by hand: a stacked bar chart of grade counts and a
// line chart of an indicator's trend with its targets and projection. Each SVG carries <title> and
// <desc> (the text alternative, with the numbers) and role="img"; the page puts the same numbers in
// a table beside it. Colours come from the scale; every series is also labelled in text, so the
// chart never relies on colour alone. Fonts are left to the viewer (no web font needed).
import type { GradeChart, TrendChart } from './report-model.js';
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber } from '../domain/numbers.js';
import { formatFiscalYear } from '../domain/wareki.js';

const FONT = `font-family="'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif"`;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString('ja-JP', { maximumFractionDigits: 1 });
}

/** Stacked horizontal bars: one bar per (group, year), one segment per grade with its count. */
export function gradeChartSvg(chart: GradeChart): string {
  const rowHeight = 28;
  const labelWidth = 300;
  const barWidth = 360;
  const top = 40;
  const legendHeight = 30;
  const height = top + chart.bars.length * rowHeight + legendHeight + 10;
  const width = labelWidth + barWidth + 130;
  const maxTotal = Math.max(1, ...chart.bars.map((b) => b.counts.reduce<number>((s, c) => s + (c ?? 0), 0)));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" ${FONT} font-size="12">`,
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escapeXml(chart.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="0" y="16" font-size="14" font-weight="bold" fill="#1a1a1c">${escapeXml(chart.title)}</text>`,
  );
  const scale = barWidth / maxTotal;
  chart.bars.forEach((bar, row) => {
    const y = top + row * rowHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" fill="#1a1a1c">${escapeXml(bar.label)}</text>`);
    let x = labelWidth;
    bar.counts.forEach((count, i) => {
      const grade = chart.grades[i];
      if (!grade || count === null || count === 0) return;
      const w = count * scale;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${escapeXml(grade.color)}" stroke="#fff" stroke-width="1"><title>${escapeXml(`${bar.label} ${grade.code}: ${count}`)}</title></rect>`,
      );
      if (w >= 22) parts.push(`<text x="${(x + w / 2).toFixed(1)}" y="${y + 18}" text-anchor="middle" fill="#fff" font-weight="bold">${escapeXml(`${grade.code}${count}`)}</text>`);
      x += w;
    });
    const known = bar.counts.flatMap((c, i) => (c === null ? [] : [{ code: chart.grades[i]?.code ?? '', count: c }]));
    const unknown = bar.counts.length - known.length;
    // with grades not recorded the total is unknown: name the recorded ones instead of a sum
    const tail = unknown > 0 ? `${known.map((k) => `${k.code} ${k.count}`).join('・')} のみ記載` : `計 ${known.reduce((s, k) => s + k.count, 0)}`;
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 17}" fill="#555">${escapeXml(tail)}</text>`);
  });
  const ly = top + chart.bars.length * rowHeight + 16;
  let lx = labelWidth;
  for (const grade of chart.grades) {
    const text = grade.label === grade.code ? grade.code : `${grade.code} ${grade.label}`;
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${escapeXml(grade.color)}"/>`, `<text x="${lx + 16}" y="${ly}" fill="#1a1a1c">${escapeXml(text)}</text>`);
    lx += 24 + text.length * 12;
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The next round number at or above x (1, 1.2, 1.5, 2 … 8 × a power of ten): 1,195.7 → 1,200; 54.9 → 60. */
function niceCeil(x: number): number {
  if (x <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= x) ?? 10;
  return step * power;
}

/** Line chart: actuals (solid), targets (diamonds), least-squares projection (dashed). */
export function trendChartSvg(chart: TrendChart): string {
  const width = 560;
  const height = 260;
  const left = 90;
  const right = 20;
  const top = 30;
  const bottom = 50;
  const years = [
    ...chart.points.map((p) => p.fiscalYear),
    ...chart.targets.map((t) => t.fiscalYear),
    ...(chart.projection?.line.map((p) => p.fiscalYear) ?? []),
  ];
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const values = [...chart.points.map((p) => p.value), ...chart.targets.map((t) => t.value), ...(chart.projection?.line.map((p) => p.value) ?? [])];
  const maxValue = niceCeil(Math.max(...values, 0));
  const lowest = Math.min(...values, 0);
  const minValue = lowest < 0 ? -niceCeil(-lowest) : 0;
  const span = maxValue - minValue || 1;
  const x = (fy: number) => left + ((fy - minYear) / Math.max(1, maxYear - minYear)) * (width - left - right);
  const y = (v: number) => top + (1 - (v - minValue) / span) * (height - top - bottom);
  const label = (v: number) => (chart.format === 'yen' ? formatJapaneseNumber(d(Math.round(v)), chart.unit) : `${fmt(v)}${chart.unit ?? ''}`);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" ${FONT} font-size="11">`,
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escapeXml(chart.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="0" y="14" font-size="13" font-weight="bold" fill="#1a1a1c">${escapeXml(chart.title)}</text>`,
  );
  // axes and year ticks
  parts.push(`<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#767676"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#767676"/>`);
  for (let fy = minYear; fy <= maxYear; fy++) {
    parts.push(`<text x="${x(fy).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" fill="#1a1a1c">${formatFiscalYear(fy, { style: 'short' })}</text>`);
  }
  for (const v of [minValue, minValue + span / 2, maxValue]) {
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#555">${escapeXml(label(v))}</text>`);
    parts.push(`<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${width - right}" y2="${y(v).toFixed(1)}" stroke="#e6e6e6"/>`);
  }
  if (chart.projection) {
    const [a, b] = chart.projection.line;
    if (a && b) {
      parts.push(`<line x1="${x(a.fiscalYear).toFixed(1)}" y1="${y(a.value).toFixed(1)}" x2="${x(b.fiscalYear).toFixed(1)}" y2="${y(b.value).toFixed(1)}" stroke="#767676" stroke-dasharray="6 4" stroke-width="1.5"/>`);
    }
  }
  const path = chart.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.fiscalYear).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  parts.push(`<path d="${path}" fill="none" stroke="#0031D8" stroke-width="2.5"/>`);
  for (const p of chart.points) {
    parts.push(`<circle cx="${x(p.fiscalYear).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4" fill="#0031D8"><title>${escapeXml(`${p.label}${p.kind} ${label(p.value)}`)}</title></circle>`);
  }
  for (const t of chart.targets) {
    const cx = x(t.fiscalYear);
    const cy = y(t.value);
    parts.push(
      `<path d="M${cx.toFixed(1)},${(cy - 7).toFixed(1)} L${(cx + 7).toFixed(1)},${cy.toFixed(1)} L${cx.toFixed(1)},${(cy + 7).toFixed(1)} L${(cx - 7).toFixed(1)},${cy.toFixed(1)} Z" fill="#EC0000"><title>${escapeXml(`${t.label} ${label(t.value)}`)}</title></path>`,
    );
  }
  const ly = height - 12;
  parts.push(
    `<line x1="${left}" y1="${ly - 4}" x2="${left + 20}" y2="${ly - 4}" stroke="#0031D8" stroke-width="2.5"/><text x="${left + 24}" y="${ly}" fill="#1a1a1c">実績</text>`,
  );
  if (chart.targets.length > 0) {
    parts.push(`<path d="M${left + 80},${ly - 10} L${left + 86},${ly - 4} L${left + 80},${ly + 2} L${left + 74},${ly - 4} Z" fill="#EC0000"/><text x="${left + 92}" y="${ly}" fill="#1a1a1c">目標</text>`);
  }
  if (chart.projection) {
    parts.push(`<line x1="${left + 140}" y1="${ly - 4}" x2="${left + 160}" y2="${ly - 4}" stroke="#767676" stroke-dasharray="6 4" stroke-width="1.5"/><text x="${left + 164}" y="${ly}" fill="#1a1a1c">傾向（最小二乗法）</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
