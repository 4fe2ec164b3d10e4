// The page of one plan item: description, departments, targets, indicators (chart + table +
// grades), grades and narratives per year from published rounds, and citizens' feedback.
import { Layout, type PageMeta } from '../web/layout.js';
import type { Scale } from '../domain/scales.js';
import type { FeedbackRow, ItemDetail, PlanRef, PublishedEntry } from './portal.repository.js';
import { fiscalYearLabel, href, messages, type Lang } from './i18n.js';
import { Breadcrumbs, Flags, GradeBadge, indicatorHref, itemHref, Ja } from './portal-ui.js';
import { IndicatorSummary, type IndicatorView } from './indicator-view.js';
import { PredecessorSection } from '../versions/predecessor-section.js';
import type { PredecessorHistory } from '../versions/predecessor-history.js';

export interface ItemPageProps {
  lang: Lang;
  meta: PageMeta;
  plan: PlanRef;
  item: ItemDetail;
  indicators: IndicatorView[];
  entries: PublishedEntry[];
  feedback: FeedbackRow[];
  csrfToken: string;
  /** 'sent' after a feedback form was accepted. */
  status: 'sent' | null;
  /** The plan version each year's round was judged against (判定の基準: 第N版 …), by fiscal year. */
  bases?: ReadonlyMap<number, string>;
  /** The item of the predecessor plan this one continues, with its grades (前計画での経過). */
  predecessor?: PredecessorHistory | null;
}

export function ItemPage(props: ItemPageProps) {
  const { lang, plan, item } = props;
  const m = messages(lang);
  const level = plan.levelNames[item.depth] ?? '';
  return (
    <Layout title={`${item.code} ${item.name}`} lang={lang} meta={props.meta}>
      <Breadcrumbs
        lang={lang}
        trail={[
          { label: m.planList, href: href(lang, '/') },
          { label: <Ja lang={lang}>{plan.title}</Ja>, href: href(lang, `/plans/${plan.code}`) },
          ...item.ancestors.map((a) => ({ label: <Ja lang={lang}>{`${a.number ?? a.code} ${a.name}`}</Ja>, href: itemHref(lang, plan.code, a.code) })),
          { label: <Ja lang={lang}>{item.name}</Ja> },
        ]}
      />
      <p class="eyebrow"><Ja lang={lang}>{level}</Ja> <span class="item-code">{item.code}</span></p>
      <h1><Ja lang={lang}>{item.name}</Ja> <Flags item={item} lang={lang} /></h1>
      {props.status === 'sent' && (
        <div class="notification notification-success" role="status">
          <p>{m.feedbackThanks}</p>
        </div>
      )}
      {item.relistOf && (
        <p>
          {m.relistOf}: <a href={itemHref(lang, plan.code, item.relistOf.code)}><Ja lang={lang}>{`${item.relistOf.code} ${item.relistOf.name}`}</Ja></a>
        </p>
      )}
      <dl class="facts">
        {item.description && (
          <>
            <dt>{m.description}</dt>
            <dd><Ja lang={lang}>{item.description}</Ja></dd>
          </>
        )}
        {item.departments.length > 0 && (
          <>
            <dt>{m.departments}</dt>
            <dd><Ja lang={lang}>{item.departments.join('、')}</Ja></dd>
          </>
        )}
        {item.numericTargetText && (
          <>
            <dt>{m.numericTarget}</dt>
            <dd><Ja lang={lang}>{item.numericTargetText}</Ja></dd>
          </>
        )}
      </dl>

      {item.children.length > 0 && (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">{m.children}</h2>
          <ul class="link-list">
            {item.children.map((child) => (
              <li>
                <a href={itemHref(lang, plan.code, child.code)}><Ja lang={lang}>{`${child.number ?? child.code} ${child.name}`}</Ja></a>
                <Flags item={child} lang={lang} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {props.indicators.length > 0 && (
        <section aria-labelledby="indicators-heading">
          <h2 id="indicators-heading">{m.indicators}</h2>
          {props.indicators.map((view) => (
            <>
              <IndicatorSummary view={view} lang={lang} scale={plan.scale} headingLevel={3} />
              <p><a href={indicatorHref(lang, plan.code, view.data.code)}>{m.viewIndicator}<span class="visually-hidden">: <Ja lang={lang}>{view.data.name}</Ja></span></a></p>
            </>
          ))}
        </section>
      )}

      <GradesByYear lang={lang} scale={plan.scale} entries={props.entries} bases={props.bases} />
      <PredecessorSection history={props.predecessor} lang={lang} />
      <Narratives lang={lang} entries={props.entries} />
      <FeedbackSection {...props} />
    </Layout>
  );
}

function GradesByYear({ lang, scale, entries, bases }: { lang: Lang; scale: Scale; entries: PublishedEntry[]; bases?: ReadonlyMap<number, string> | undefined }) {
  const m = messages(lang);
  const graded = entries.filter((e) => !e.approved || e.finalGrade || e.selfGrade || e.computedGrade);
  if (graded.length === 0) return null;
  const anyComputed = graded.some((e) => e.computedGrade);
  const anyBasis = graded.some((e) => bases?.has(e.fiscalYear));
  return (
    <section aria-labelledby="grades-heading">
      <h2 id="grades-heading">{m.gradesByYear}</h2>
      <div class="table-scroll" tabindex={0} role="region" aria-labelledby="grades-heading">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{m.fiscalYear}</th>
              <th scope="col">{m.finalGrade}</th>
              <th scope="col">{m.selfGrade}</th>
              {anyComputed && <th scope="col">{m.computedGrade}</th>}
              {anyBasis && <th scope="col">{lang === 'en' ? 'Plan version judged against' : '判定の基準'}</th>}
            </tr>
          </thead>
          <tbody>
            {graded.map((e) => e.approved ? (
              <tr>
                <th scope="row">{fiscalYearLabel(lang, e.fiscalYear)}</th>
                <td><GradeBadge scale={scale} code={e.finalGrade} lang={lang} /></td>
                <td><GradeBadge scale={scale} code={e.selfGrade} lang={lang} /></td>
                {anyComputed && <td><GradeBadge scale={scale} code={e.computedGrade} lang={lang} /></td>}
                {anyBasis && <td><Ja lang={lang}>{bases?.get(e.fiscalYear) ?? '—'}</Ja></td>}
              </tr>
            ) : (
              <tr class="not-approved">
                <th scope="row">{fiscalYearLabel(lang, e.fiscalYear)}</th>
                <td colspan={2 + (anyComputed ? 1 : 0) + (anyBasis ? 1 : 0)}>{m.notApproved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Narratives({ lang, entries }: { lang: Lang; entries: PublishedEntry[] }) {
  const m = messages(lang);
  const withText = entries.filter((e) => !e.approved || e.resultsText || e.planText || e.issuesText);
  return (
    <section aria-labelledby="narratives-heading">
      <h2 id="narratives-heading">{m.narratives}</h2>
      {withText.length === 0 ? (
        <p>{m.noNarratives}</p>
      ) : (
        withText
          .slice()
          .reverse()
          .map((e) => (
            <article class="narrative" aria-labelledby={`narrative-${e.fiscalYear}`}>
              <h3 id={`narrative-${e.fiscalYear}`}>{fiscalYearLabel(lang, e.fiscalYear)}</h3>
              {!e.approved && <p>{m.notApproved}: {m.notApprovedEntry}</p>}
              {(
                [
                  [m.resultsText, e.resultsText],
                  [m.planText, e.planText],
                  [m.issuesText, e.issuesText],
                ] as const
              ).map(([label, text]) =>
                text ? (
                  <>
                    <h4>{label}</h4>
                    <div class="prose"><Ja lang={lang}>{text.split('\n').map((line, i) => (<>{i > 0 && <br />}{line}</>))}</Ja></div>
                  </>
                ) : null,
              )}
            </article>
          ))
      )}
    </section>
  );
}

function FeedbackSection(props: ItemPageProps) {
  const { lang, plan, item } = props;
  const m = messages(lang);
  const action = href(lang, `/plans/${plan.code}/items/${encodeURIComponent(item.code)}/feedback`);
  return (
    <section aria-labelledby="feedback-heading" class="feedback">
      <h2 id="feedback-heading">{m.feedback}</h2>
      <h3>{m.feedbackPublished}</h3>
      {props.feedback.length === 0 ? (
        <p>{m.feedbackNone}</p>
      ) : (
        <ul class="feedback-list">
          {props.feedback.map((f) => (
            <li>
              <blockquote><Ja lang={lang}>{f.body}</Ja></blockquote>
              <p class="feedback-author">— {f.authorName ? <Ja lang={lang}>{f.authorName}</Ja> : m.feedbackAnonymous}</p>
              {f.answer && (
                <div class="feedback-answer">
                  <p class="feedback-answer-label">{m.feedbackAnswer}</p>
                  <p><Ja lang={lang}>{f.answer}</Ja></p>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={action} class="form">
        <p>{m.feedbackLead}</p>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="form-field honeypot" aria-hidden="true">
          <label for="feedback-website">{m.feedbackWebsite}</label>
          <input id="feedback-website" name="website" type="text" tabindex={-1} autocomplete="off" />
        </div>
        <div class="form-field">
          <label for="feedback-body">{m.feedbackBody}</label>
          <textarea id="feedback-body" name="body" rows={5} maxlength={4000} required></textarea>
        </div>
        <div class="form-field">
          <label for="feedback-name">{m.feedbackName}</label>
          <input id="feedback-name" name="name" type="text" maxlength={100} autocomplete="nickname" />
        </div>
        <button type="submit" class="button button-primary">{m.feedbackSubmit}</button>
      </form>
    </section>
  );
}
