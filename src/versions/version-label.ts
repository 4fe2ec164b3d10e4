// How a plan version is named wherever a round shows what it was judged against.
import { formatJapaneseDate } from '../domain/wareki.js';

/** 第2版 中間見直し（令和5年4月1日） */
export function versionLabel(version: { number: number; name: string; adoptedOn: string }): string {
  return `第${version.number}版 ${version.name}（${formatJapaneseDate(version.adoptedOn)}）`;
}

/** 判定の基準: 第2版 中間見直し（令和5年4月1日） */
export function basisLabel(version: { number: number; name: string; adoptedOn: string }): string {
  return `判定の基準: ${versionLabel(version)}`;
}
