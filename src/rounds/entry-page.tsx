// One entry: figures per indicator, self-grade beside the automatic judgement and its formula,
// the three narratives, comments (差戻し), and — for reviewers — return / approve.
// A stale save shows the other person's version next to the text the user typed.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import { can, type SessionUser } from '../auth/policy.js';
import { formatFiscalYear } from '../domain/wareki.js';
import type { EntryJudgement } from './judge-entry.js';
import type { EntryContext, EntryRow } from './rounds.repository.js';
import { entryStateLabel, isLocked, roundStateLabel } from './round-states.js';
import { entryUrl } from './rounds-pages.js';

export interface EntryFormValues {
  version: string;
  selfGrade: string;
  disagreementReason: string;
  resultsText: string;
  planText: string;
  issuesText: string;
  figures: Record<string, string>;
}

export function valuesOf(context: EntryContext): EntryFormValues {
  const e = context.entry;
  const figures: Record<string, string> = {};
  for (const { indicator, observations } of context.indicators) {
    const actual = observations.find((o) => o.fiscalYear === context.round.fiscalYear && o.kind === 'actual');
    figures[String(indicator.id)] = actual?.text ?? '';
  }
  return {
    version: String(e?.version ?? 1),
    selfGrade: e?.selfGrade ?? '',
    disagreementReason: e?.disagreementReason ?? '',
    resultsText: e?.resultsText ?? '',
    planText: e?.planText ?? '',
    issuesText: e?.issuesText ?? '',
    figures,
  };
}

/** "A: 着実に進捗した"; a grade the plan does not word (Sendai's B) is shown by its code alone. */
function gradeOptionLabel(g: { code: string; label: string }): string {
  return g.label && g.label !== g.code ? `${g.code}: ${g.label}` : g.code;
}

const NARRATIVES = [
  ['resultsText', '取組結果'],
  ['planText', '次年度の取組計画'],
  ['issuesText', '課題・今後に向けて'],
] as const;

export interface EntryPageProps {
  user: SessionUser;
  csrfToken: string;
  context: EntryContext;
  judgement: EntryJudgement;
  canEdit: boolean;
  canReview: boolean;
  canGrade: boolean;
  values: EntryFormValues;
  error?: string | undefined;
  fieldErrors?: Readonly<Record<string, string>> | undefined;
  /** The error codes of the page's error and of refused fields (data-code: what a rule refused, for tests and scripts). */
  errorCode?: string | undefined;
  fieldCodes?: Readonly<Record<string, string>> | undefined;
  /** Set after a conflict: the version saved by someone else. */
  theirs?: EntryRow | undefined;
  saved?: string | undefined;
}

export function EntryPage(p: EntryPageProps) {
  const { context, judgement, values } = p;
  const entry = context.entry;
  const title = `${context.item.code} ${context.item.name}`;
  const fieldErrors = p.fieldErrors ?? {};
  const locked = isLocked(context.round.state);
  const action = entryUrl(context.round.id, context.item.code);
  const err = (name: string) => (fieldErrors[name] ? <span class="field-error" id={`${name}-error`} data-code={p.fieldCodes?.[name]}>{fieldErrors[name]}</span> : null);
  return (
    <StaffLayout title={title} user={p.user} csrfToken={p.csrfToken}>
      <p><a href={`/rounds/${context.round.id}`}>{context.plan.title} {formatFiscalYear(context.round.fiscalYear, { style: 'both' })}の評価</a>（{roundStateLabel(context.round.state)}）</p>
      <h1>{title}</h1>
      <p>担当課: {context.departments.map((d) => d.name).join('、') || '—'}・状態: <strong>{entry ? entryStateLabel(entry.state) : '—'}</strong>
        {entry ? `・版 ${entry.version}` : ''}{context.updatedByName ? `・最終更新 ${context.updatedByName}` : ''}</p>
      {entry && can(p.user, 'audit:read') ? <p><a href={`/audit?type=entry&id=${entry.id}`}>この入力の変更履歴（監査ログ）</a></p> : null}
      {locked ? <p class="notice" role="status">この評価は「{roundStateLabel(context.round.state)}」のためロックされています。入力・変更はできません。</p> : null}
      {p.saved ? <p class="notice" role="status">{p.saved}</p> : null}
      {p.error ? <p class="notice notice-error" role="alert" data-code={p.errorCode}>{p.error}</p> : null}
      {p.theirs ? (
        <section class="conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">相手が保存した内容（版 {p.theirs.version}）</h2>
          <dl>
            <dt>自己評価</dt><dd>{p.theirs.selfGrade ?? '—'}</dd>
            {NARRATIVES.map(([name, label]) => (<><dt>{label}</dt><dd class="pre">{p.theirs?.[name] ?? '—'}</dd></>))}
          </dl>
          <p>下のフォームにはあなたの入力が残っています。必要な部分を取り込んで保存してください。</p>
        </section>
      ) : null}
      {context.comments.length > 0 ? (
        <section aria-labelledby="comments" class={entry?.state === 'returned' ? 'notice notice-error' : undefined}>
          <h2 id="comments">確認者からのコメント</h2>
          <ul class="comments">
            {context.comments.map((c) => <li><strong>{c.kind === 'return' ? '差戻し' : c.kind === 'approve' ? '承認' : 'コメント'}</strong>（{c.author ?? '—'}）: <span class="pre">{c.body}</span></li>)}
          </ul>
        </section>
      ) : null}

      <form method="post" action={action} class="form entry-form" data-parse-url={`/rounds/parse-figure`}>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="version" value={values.version} />
        <fieldset disabled={!p.canEdit}>
          <legend>{formatFiscalYear(context.round.fiscalYear)}の実績</legend>
          {context.indicators.length === 0 ? <p>この施策には指標がありません。</p> : null}
          {context.indicators.map(({ indicator }) => {
            const j = judgement.indicators.find((x) => x.indicatorId === indicator.id);
            const name = `figure-${indicator.id}`;
            return (
              <div class="figure">
                <label for={name}>{indicator.name}{indicator.unit ? `（${indicator.unit}）` : ''}</label>
                <input id={name} name={name} type="text" value={values.figures[String(indicator.id)] ?? ''} data-figure
                  aria-describedby={`${name}-hint${fieldErrors[name] ? ` ${name}-error` : ''}`} aria-invalid={fieldErrors[name] ? 'true' : undefined} />
                <span class="hint" id={`${name}-hint`} aria-live="polite">例: 3,679 / 約4億9,600万円 / 71.7% / 今後調査</span>
                {err(name)}
                <p class="judgement">
                  目標: {j?.targetText ?? '—'}・
                  {j?.rate?.status === 'ok' ? <>達成度 {j.rate.formula}</> : j?.rate?.status === 'not_measurable' ? <>評価不能（{j.rate.message}）</> : j?.note ?? ''}
                  {j?.grade && j.grade.basis !== 'manual' ? <>・判定: {j.grade.explanation}</> : null}
                </p>
              </div>
            );
          })}
        </fieldset>
        <fieldset disabled={!p.canEdit}>
          <legend>自己評価</legend>
          <p class="judgement">自動判定: <strong>{judgement.grade ?? 'なし'}</strong>（{judgement.explanation}）{judgement.defaultScale ? '※この計画には評価尺度が設定されていないため、標準の S/A/B/C/− 尺度で判定しています。' : ''}</p>
          <p><label for="selfGrade">自己評価（{judgement.scale.name}）</label>{' '}
            <select id="selfGrade" name="selfGrade" aria-describedby={fieldErrors.selfGrade ? 'selfGrade-error' : undefined}>
              <option value="">選択してください</option>
              {judgement.scale.grades.map((g) => <option value={g.code} selected={values.selfGrade === g.code}>{gradeOptionLabel(g)}</option>)}
            </select> {err('selfGrade')}</p>
          <p><label for="disagreementReason">自動判定と異なる場合の理由</label>
            <textarea id="disagreementReason" name="disagreementReason" rows={2}>{values.disagreementReason}</textarea>{err('disagreementReason')}</p>
        </fieldset>
        <fieldset disabled={!p.canEdit}>
          <legend>取組の記述</legend>
          {NARRATIVES.map(([name, label]) => (
            <p><label for={name}>{label}</label>
              <textarea id={name} name={name} rows={6}>{values[name]}</textarea>{err(name)}</p>
          ))}
        </fieldset>
        {p.canEdit ? (
          <p>
            <button type="submit" name="action" value="save" class="button button-secondary">下書き保存</button>{' '}
            <button type="submit" name="action" value="submit" class="button button-primary">提出する</button>
          </p>
        ) : null}
      </form>

      {p.canReview ? (
        <section aria-labelledby="review">
          <h2 id="review">確認</h2>
          <form method="post" action={`${action}/review`} class="form">
            <CsrfField token={p.csrfToken} />
            <input type="hidden" name="version" value={values.version} />
            <p><label for="comment">コメント（差し戻すときは必須）</label>
              <textarea id="comment" name="comment" rows={3}></textarea>{err('comment')}</p>
            {p.canGrade ? (
              <p><label for="finalGrade">最終評価（本部）</label>{' '}
                <select id="finalGrade" name="finalGrade">
                  <option value="">自己評価のとおり</option>
                  {judgement.scale.grades.map((g) => <option value={g.code}>{gradeOptionLabel(g)}</option>)}
                </select></p>
            ) : null}
            <p><button type="submit" name="decision" value="return" class="button button-secondary">差し戻す</button>{' '}
              <button type="submit" name="decision" value="approve" class="button button-primary">承認する</button></p>
          </form>
        </section>
      ) : null}
      <script src="/assets/entry-form.js" defer></script>
    </StaffLayout>
  );
}
