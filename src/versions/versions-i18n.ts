// Words of the public version pages (history and comparison) in Japanese and English (the
// portal's catalogue, src/portal/i18n.ts, holds the words every page shares; the diff lines come
// from diff-versions.ts in the page's language). Version names and notes are plan content and stay
// as written.
import { formatFiscalYearRange } from '../domain/wareki.js';
import { dateLabel, fiscalYearRangeLabel, type Lang } from '../portal/i18n.js';
import { versionLabel } from './version-label.js';

interface VersionRef {
  number: number;
  name: string;
  adoptedOn: string;
}

const ja = {
  historyTitle: '計画の版の履歴',
  historyPageTitle: (plan: string) => `計画の版の履歴: ${plan}`,
  period: (from: number, to: number) => formatFiscalYearRange(from, to),
  historyLead: '計画は策定の後、中間見直しなどで改訂されることがあります。各年度の評価は、その評価を確定した時点の版を基準に判定しています。',
  noVersions: '版の記録はまだありません。',
  tableCaption: '版の一覧',
  columnVersion: '版',
  columnName: '名前',
  columnAdoptedOn: '採択日',
  columnNote: '備考',
  columnChanges: '変更点',
  versionNumber: (n: number) => `第${n}版`,
  changesFrom: (n: number) => `第${n}版との違い`,
  compareHeading: '版を比べる',
  compareForm: '版の比較',
  compareFrom: '比較元',
  compareTo: '比較先',
  compareSubmit: '比較する',
  /** 第2版 中間見直し（令和5年4月1日） */
  version: (v: VersionRef) => versionLabel(v),
  diffTitle: '版の比較',
  diffPageTitle: (plan: string) => `版の比較: ${plan}`,
  noChanges: '変更はありません。',
  groupHeading: (title: string, n: number) => `${title}（${n}件）`,
};

export type VersionMessages = typeof ja;

const en: VersionMessages = {
  historyTitle: 'Plan versions',
  historyPageTitle: (plan: string) => `Plan versions: ${plan}`,
  period: (from: number, to: number) => fiscalYearRangeLabel('en', from, to),
  historyLead: 'A plan may be revised after it is adopted, for example at a mid-term review. Each year’s review is graded against the version in force when that review was closed.',
  noVersions: 'No versions have been recorded yet.',
  tableCaption: 'Versions',
  columnVersion: 'Version',
  columnName: 'Name',
  columnAdoptedOn: 'Adopted on',
  columnNote: 'Note',
  columnChanges: 'Changes',
  versionNumber: (n: number) => `Version ${n}`,
  changesFrom: (n: number) => `Changes from version ${n}`,
  compareHeading: 'Compare versions',
  compareForm: 'Compare versions',
  compareFrom: 'From',
  compareTo: 'To',
  compareSubmit: 'Compare',
  /** Version 2 中間見直し (1 Apr 2023) */
  version: (v: VersionRef) => `Version ${v.number} ${v.name} (${dateLabel('en', v.adoptedOn)})`,
  diffTitle: 'Comparing versions',
  diffPageTitle: (plan: string) => `Comparing versions: ${plan}`,
  noChanges: 'No changes.',
  groupHeading: (title: string, n: number) => `${title} (${n})`,
};

export function versionMessages(lang: Lang): VersionMessages {
  return lang === 'ja' ? ja : en;
}
