// 「前計画での経過」 on the item page of a plan's successor: the item it continues, with a link,
// and that item's published grades per year.
import { fiscalYearLabel, messages, type Lang } from '../portal/i18n.js';
import { itemHref } from '../portal/portal-ui.js';
import type { PredecessorHistory } from './predecessor-history.js';

export function PredecessorSection({ history, lang }: { history: PredecessorHistory | null | undefined; lang: Lang }) {
  if (!history) return null;
  const en = lang === 'en';
  const m = messages(lang);
  return (
    <section aria-labelledby="predecessor-heading">
      <h2 id="predecessor-heading">{en ? 'Under the previous plan' : '前計画での経過'}</h2>
      <p>
        {en ? 'This item continues ' : 'この項目は、'}
        <a href={itemHref(lang, history.planCode, history.itemCode)} lang={en ? 'ja' : undefined}>{history.planTitle} {history.itemCode} {history.itemName}</a>
        {en ? '.' : ' を引き継いでいます。'}
      </p>
      {history.rounds.length === 0 ? <p>{en ? 'No published evaluation under the previous plan.' : '前計画で公表された評価はありません。'}</p> : (
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="predecessor-heading">
          <table class="data-table">
            <thead><tr><th scope="col">{m.fiscalYear}</th><th scope="col">{m.finalGrade}</th><th scope="col">{m.selfGrade}</th></tr></thead>
            <tbody>
              {history.rounds.map((r) => (
                <tr>
                  <th scope="row">{fiscalYearLabel(lang, r.fiscalYear)}</th>
                  <td>{r.finalGrade ?? r.computedGrade ?? '—'}</td>
                  <td>{r.selfGrade ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
