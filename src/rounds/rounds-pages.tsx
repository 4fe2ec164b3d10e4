// Pages of the yearly round: list, one round (with the completion dashboard), opening form,
// "my work", review queue and the audit log. Server-rendered; they work without JavaScript.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import { can, type SessionUser } from '../auth/policy.js';
import { formatFiscalYear, formatJapaneseDate } from '../domain/wareki.js';
import type { EntryListRow, RoundRow, RoundSummary, RoundValueRow } from './rounds.repository.js';
import { formatWhen } from './save-entry.js';
import { ENTRY_STATE_LABELS, entryStateLabel, isLocked, ROUND_ACTION_LABELS, ROUND_TRANSITIONS, roundStateLabel, isReopening, type EntryState, type RoundState } from './round-states.js';
import type { CompletionRow, Notice } from './dashboard.js';
import { needsPreflight, type RoundPreflight } from './round-preflight.js';
import type { GradeDistribution } from '../domain/distribution.js';

interface Frame {
  user: SessionUser;
  csrfToken: string;
}

export function dateLabel(iso: string | null): string {
  return iso ? formatJapaneseDate(iso) : '—';
}

export function entryUrl(roundId: number, itemCode: string): string {
  return `/rounds/${roundId}/entries/${encodeURIComponent(itemCode)}`;
}

function Notices({ notices }: { notices: readonly Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <ul class="notices" aria-label="期限のお知らせ">
      {notices.map((n) => <li class={`notice ${n.overdue ? 'notice-error' : ''}`}>{n.text}</li>)}
    </ul>
  );
}

export function RoundListPage({ user, csrfToken, rounds, deleted = false }: Frame & { rounds: RoundSummary[]; deleted?: boolean }) {
  return (
    <StaffLayout title="年度評価" user={user} csrfToken={csrfToken}>
      <h1>年度評価</h1>
      {deleted ? <p class="notice" role="status">準備中の評価を削除しました。</p> : null}
      {can(user, 'round:manage') ? <p><a href="/rounds/new">評価を開始する（新しい年度）</a></p> : null}
      {rounds.length === 0 ? <p class="notice">評価はまだありません。</p> : (
        <table class="data-table">
          <caption>評価の一覧</caption>
          <thead><tr><th scope="col">計画</th><th scope="col">年度</th><th scope="col">状態</th><th scope="col">入力期限</th><th scope="col">確認期限</th><th scope="col">公表予定</th><th scope="col">入力数</th></tr></thead>
          <tbody>
            {rounds.map((r) => (
              <tr>
                <td>{r.planTitle}</td>
                <td><a href={`/rounds/${r.id}`}>{formatFiscalYear(r.fiscalYear, { style: 'both' })}</a></td>
                <td>{roundStateLabel(r.state)}{isLocked(r.state) ? '（ロック中）' : ''}</td>
                <td>{dateLabel(r.entryDeadline)}</td>
                <td>{dateLabel(r.reviewDeadline)}</td>
                <td>{dateLabel(r.publishDeadline)}</td>
                <td>{r.entryCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}

export function NewRoundPage({ user, csrfToken, plans, error, values }: Frame & {
  plans: { code: string; title: string }[];
  error?: string;
  values?: Record<string, string>;
}) {
  const v = values ?? {};
  return (
    <StaffLayout title="評価を開始する" user={user} csrfToken={csrfToken}>
      <h1>評価を開始する</h1>
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      <form method="post" action="/rounds" class="form">
        <CsrfField token={csrfToken} />
        <p><label for="plan">計画</label>
          <select id="plan" name="plan" required>
            {plans.map((p) => <option value={p.code} selected={v.plan === p.code}>{p.title}</option>)}
          </select></p>
        <p><label for="fiscalYear">評価する年度（例: 令和3年度、R3、2021）</label>
          <input id="fiscalYear" name="fiscalYear" type="text" required value={v.fiscalYear ?? ''} /></p>
        <p><label for="entryDeadline">入力期限</label> <input id="entryDeadline" name="entryDeadline" type="date" value={v.entryDeadline ?? ''} /></p>
        <p><label for="reviewDeadline">確認期限</label> <input id="reviewDeadline" name="reviewDeadline" type="date" value={v.reviewDeadline ?? ''} /></p>
        <p><label for="publishDeadline">公表予定日</label> <input id="publishDeadline" name="publishDeadline" type="date" value={v.publishDeadline ?? ''} /></p>
        <p><button type="submit" class="button button-primary">評価を作成する（準備）</button></p>
      </form>
    </StaffLayout>
  );
}

function EntryTable({ rows, caption }: { rows: EntryListRow[]; caption: string }) {
  return (
    <table class="data-table">
      <caption>{caption}</caption>
      <thead><tr>
        <th scope="col">コード</th><th scope="col">施策</th><th scope="col">担当課</th><th scope="col">状態</th>
        <th scope="col">自己評価</th><th scope="col">自動判定</th><th scope="col">最終評価</th>
      </tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td class="code">{r.itemCode}</td>
            <td><a href={entryUrl(r.roundId, r.itemCode)}>{r.itemName}</a></td>
            <td>{r.departmentNames.join('、') || '—'}</td>
            <td class={`state state-${r.state}`}>{entryStateLabel(r.state)}</td>
            <td>{r.selfGrade ?? '—'}</td>
            <td>{r.computedGrade ?? '—'}</td>
            <td>{r.finalGrade ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Rows of several rounds: a heading per round (plan, fiscal year, the deadline that matters), then its table. */
function EntriesByRound({ rows, caption, deadline }: { rows: EntryListRow[]; caption: string; deadline: 'entry' | 'review' }) {
  const rounds = [...new Map(rows.map((r) => [r.roundId, r])).values()];
  return (
    <>
      {rounds.map((round) => (
        <section aria-labelledby={`round-${round.roundId}`}>
          <h2 id={`round-${round.roundId}`}>{round.planTitle} {formatFiscalYear(round.fiscalYear, { style: 'both' })}</h2>
          <p>{deadline === 'entry' ? `入力期限: ${dateLabel(round.entryDeadline)}` : `確認期限: ${dateLabel(round.reviewDeadline)}`}</p>
          <EntryTable rows={rows.filter((r) => r.roundId === round.roundId)} caption={caption} />
        </section>
      ))}
    </>
  );
}

function DistributionChart({ distribution, scaleName }: { distribution: GradeDistribution; scaleName: string }) {
  const max = Math.max(1, ...distribution.rows.map((r) => r.count));
  const height = distribution.rows.length * 28 + 8;
  const summary = distribution.rows.map((r) => `${r.code} ${r.count}件（${r.shareText}）`).join('、');
  return (
    <figure class="distribution">
      <svg role="img" aria-label={`評価の分布: ${summary}`} width="480" height={height} viewBox={`0 0 480 ${height}`}>
        {distribution.rows.map((r, i) => (
          <g>
            <text x="0" y={i * 28 + 22} font-size="14">{r.code}</text>
            <rect x="40" y={i * 28 + 8} height="18" width={Math.round((r.count / max) * 340)} fill={r.color} />
            <text x={48 + Math.round((r.count / max) * 340)} y={i * 28 + 22} font-size="14">{`${r.count}件 ${r.shareText}`}</text>
          </g>
        ))}
      </svg>
      <figcaption>{scaleName}・評価済み {distribution.total}件、未評価 {distribution.ungraded}件</figcaption>
      <table class="data-table">
        <caption>評価の分布（表）</caption>
        <thead><tr><th scope="col">評価</th><th scope="col">内容</th><th scope="col">件数</th><th scope="col">割合</th></tr></thead>
        <tbody>{distribution.rows.map((r) => <tr><th scope="row">{r.code}</th><td>{r.label}</td><td>{r.count}</td><td>{r.shareText}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}

export function RoundPage({ user, csrfToken, round, planTitle, entries, completion, notices, noData, distribution, scaleName }: Frame & {
  distribution: GradeDistribution | null;
  scaleName: string;
  round: RoundRow;
  planTitle: string;
  entries: EntryListRow[];
  completion: CompletionRow[] | null;
  notices: Notice[];
  noData: { code: string; name: string }[] | null;
}) {
  const state = round.state as RoundState;
  const title = `${planTitle} ${formatFiscalYear(round.fiscalYear, { style: 'both' })}の評価`;
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <h1>{title}</h1>
      <p class="round-state">状態: <strong>{roundStateLabel(state)}</strong>{isLocked(state) ? '（ロック中: 入力・変更できません）' : ''}</p>
      <dl class="deadlines">
        <dt>入力期限</dt><dd>{dateLabel(round.entryDeadline)}</dd>
        <dt>確認期限</dt><dd>{dateLabel(round.reviewDeadline)}</dd>
        <dt>公表予定</dt><dd>{dateLabel(round.publishDeadline)}</dd>
      </dl>
      <Notices notices={notices} />
      {can(user, 'round:manage') ? (
        <section aria-labelledby="actions">
          <h2 id="actions">状態の変更</h2>
          {ROUND_TRANSITIONS[state].map((to) => needsPreflight(state, to) ? (
            // 確認中・確定・公表: first the page that shows what will happen
            <p class="inline-form"><a class="button button-primary" href={`/rounds/${round.id}/transition?to=${to}`}>{ROUND_ACTION_LABELS[to]}…</a></p>
          ) : (
            <form method="post" action={`/rounds/${round.id}/transition`} class="inline-form">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="to" value={to} />
              {isReopening(state, to) ? (
                <>
                  <label for={`reason-${to}`}>再開の理由（必須・監査ログに記録）</label>{' '}
                  <input id={`reason-${to}`} name="reason" type="text" required />{' '}
                  <button type="submit" class="button button-secondary">再開する（確認中に戻す）</button>
                </>
              ) : <button type="submit" class="button button-primary">{ROUND_ACTION_LABELS[to]}</button>}
            </form>
          ))}
          {isLocked(state) ? <p><a href={`/rounds/${round.id}/corrections`}>値の訂正（確定・公表した値の変更）</a></p> : null}
          {state === 'preparing' ? (
            <form method="post" action={`/rounds/${round.id}/delete`} class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" class="button button-secondary">この評価を削除する（準備中のみ）</button>
            </form>
          ) : null}
        </section>
      ) : null}
      {completion ? (
        <section aria-labelledby="dashboard">
          <h2 id="dashboard">進捗状況（担当課別）</h2>
          {distribution ? (<><h3>評価の分布（これまで: 承認前の自己評価を含む。公開されるのは承認された評価だけ）</h3><DistributionChart distribution={distribution} scaleName={scaleName} /></>) : null}
          <h3>担当課ごとの入力状況</h3>
          <table class="data-table">
            <caption>担当課ごとの入力状況・期限超過・評価の分布</caption>
            <thead><tr><th scope="col">担当課</th>{(Object.keys(ENTRY_STATE_LABELS) as EntryState[]).map((s) => <th scope="col">{ENTRY_STATE_LABELS[s]}</th>)}<th scope="col">期限超過</th><th scope="col">評価の分布</th></tr></thead>
            <tbody>
              {completion.map((row) => (
                <tr>
                  <th scope="row">{row.department}</th>
                  {(Object.keys(ENTRY_STATE_LABELS) as EntryState[]).map((s) => <td>{row.counts[s]}</td>)}
                  <td>{row.overdue}</td>
                  <td>{Object.entries(row.grades).map(([g, n]) => `${g}: ${n}`).join('、') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {noData && state !== 'preparing' ? (
            <>
              <h3>{formatFiscalYear(round.fiscalYear)}の値がない指標（{noData.length}件）</h3>
              {noData.length === 0 ? <p>すべての指標に値があります。</p> : <ul>{noData.map((i) => <li>{i.code} {i.name}</li>)}</ul>}
            </>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="entries">
        <h2 id="entries">施策ごとの入力（{entries.length}件）</h2>
        {entries.length === 0 ? <p>入力はまだありません（「入力を開始する」で担当課の入力が作られます）。</p> : <EntryTable rows={entries} caption="施策ごとの入力" />}
      </section>
    </StaffLayout>
  );
}

/** Before 確認中, 確定 or 公表: the entries by state and department, what will happen, a confirmation. */
export function PreflightPage({ user, csrfToken, round, planTitle, preflight, error }: Frame & { round: RoundRow; planTitle: string; preflight: RoundPreflight; error?: string }) {
  const title = `${planTitle} ${formatFiscalYear(round.fiscalYear, { style: 'both' })}の評価: ${ROUND_ACTION_LABELS[preflight.to]}前の確認`;
  const states = Object.keys(ENTRY_STATE_LABELS) as EntryState[];
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <h1>{title}</h1>
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      <p>現在の状態: <strong>{roundStateLabel(round.state)}</strong> → <strong>{roundStateLabel(preflight.to)}</strong></p>
      <h2>実行すると</h2>
      <ul class="preflight-consequences">{preflight.consequences.map((line) => <li>{line}</li>)}</ul>
      {/* the totals and the confirmation before the table: a city's table has one row per department (60 and more) */}
      <p class="preflight-totals">入力の状況（全{preflight.total}件）: {states.map((s) => `${ENTRY_STATE_LABELS[s]} ${preflight.counts[s]}件`).join('・')}</p>
      <form method="post" action={`/rounds/${round.id}/transition`} class="form">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="to" value={preflight.to} />
        <input type="hidden" name="confirmed" value={preflight.token} />
        <p class="form-check"><input id="agree" name="agree" type="checkbox" value="1" required /> <label for="agree">上の内容を確認しました</label></p>
        <p><button type="submit" class="button button-primary">{ROUND_ACTION_LABELS[preflight.to]}</button> <a class="preflight-cancel" href={`/rounds/${round.id}`}>やめる（評価のページへ戻る）</a></p>
        {preflight.counts.submitted > 0 ? <p>提出済みで未承認の入力は<a href="/review">確認待ち</a>で承認できます（承認しないまま公表すると「未承認」と表示されます）。</p> : null}
      </form>
      <table class="data-table">
        <caption>担当課ごとの入力の状況（全{preflight.total}件）</caption>
        <thead><tr><th scope="col">担当課</th>{states.map((s) => <th scope="col">{ENTRY_STATE_LABELS[s]}</th>)}</tr></thead>
        <tbody>
          {preflight.byDepartment.map((row) => (
            <tr><th scope="row">{row.department}</th>{states.map((s) => <td>{row.counts[s]}</td>)}</tr>
          ))}
          <tr><th scope="row">合計</th>{states.map((s) => <td>{preflight.counts[s]}</td>)}</tr>
        </tbody>
      </table>
    </StaffLayout>
  );
}

const KIND_LABELS: Readonly<Record<string, string>> = { actual: '実績', estimate: '見込', status: '状況' };

/** 訂正 of a closed or published round's values: each value with its corrections so far and a form. */
export function CorrectionsPage({ user, csrfToken, round, planTitle, rows, error, done, typed }: Frame & {
  round: RoundRow;
  planTitle: string;
  rows: RoundValueRow[];
  error?: string;
  done?: string | undefined;
  typed?: { indicator: string; kind: string; text: string; reason: string };
}) {
  const title = `${planTitle} ${formatFiscalYear(round.fiscalYear, { style: 'both' })}の値の訂正`;
  return (
    <StaffLayout title={title} user={user} csrfToken={csrfToken}>
      <h1>{title}</h1>
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      {done ? <p class="notice" role="status">{done}</p> : null}
      <p>{isLocked(round.state)
        ? '確定・公表した値は、ここでの訂正でだけ変更できます。訂正の前後の値・理由・日付は、市民向けのページで値の横に表示されます。'
        : `この評価は「${roundStateLabel(round.state)}」です。値は各施策の入力画面で変更します（訂正は確定・公表の後だけです）。`}</p>
      <p><a href={`/rounds/${round.id}`}>評価のページへ戻る</a></p>
      <table class="data-table">
        <caption>{formatFiscalYear(round.fiscalYear)}の値（{rows.length}件）</caption>
        <thead><tr><th scope="col">施策</th><th scope="col">指標</th><th scope="col">区分</th><th scope="col">値</th><th scope="col">訂正の履歴</th>{isLocked(round.state) ? <th scope="col">訂正する</th> : null}</tr></thead>
        <tbody>
          {rows.map((row, i) => {
            const mine = typed && typed.indicator === row.indicatorCode && typed.kind === row.kind;
            return (
              <tr>
                <td class="code">{row.itemCode}</td>
                <td>{row.indicatorName}<br /><small>{row.indicatorCode}</small></td>
                <td>{KIND_LABELS[row.kind] ?? row.kind}</td>
                <td>{row.text}{row.public ? '' : <><br /><small>非公開（入力が未承認、または評価が未公表）</small></>}</td>
                <td>{row.corrections.length === 0 ? '—' : <ul>{row.corrections.map((x) => <li>{x.beforeText} → {x.afterText}（{formatWhen(x.correctedAt)}）: {x.reason}</li>)}</ul>}</td>
                {isLocked(round.state) ? (
                  <td>
                    <form method="post" action={`/rounds/${round.id}/corrections`} class="correction-form">
                      <CsrfField token={csrfToken} />
                      <input type="hidden" name="indicator" value={row.indicatorCode} />
                      <input type="hidden" name="kind" value={row.kind} />
                      <label for={`text-${i}`}>訂正後の値{row.unit ? `（${row.unit}）` : ''}<span class="visually-hidden">: {row.indicatorName}</span></label>
                      <input id={`text-${i}`} name="text" type="text" required value={mine ? typed.text : ''} />
                      <label for={`reason-${i}`}>理由{row.public ? '（公開されます）' : ''}<span class="visually-hidden">: {row.indicatorName}</span></label>
                      <input id={`reason-${i}`} name="reason" type="text" required value={mine ? typed.reason : ''} />
                      <button type="submit" class="button button-secondary">訂正する</button>
                    </form>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </StaffLayout>
  );
}

export function MyWorkPage({ user, csrfToken, rows, notices }: Frame & { rows: EntryListRow[]; notices: Notice[] }) {
  return (
    <StaffLayout title="担当の入力" user={user} csrfToken={csrfToken}>
      <h1>担当の入力</h1>
      <Notices notices={notices} />
      {rows.length === 0 ? <p class="notice">受付中の評価で、担当課の入力はありません。</p> : <EntriesByRound rows={rows} caption="担当課の施策" deadline="entry" />}
    </StaffLayout>
  );
}

export function ReviewQueuePage({ user, csrfToken, rows }: Frame & { rows: EntryListRow[] }) {
  return (
    <StaffLayout title="確認待ち" user={user} csrfToken={csrfToken}>
      <h1>確認待ち</h1>
      {rows.length === 0 ? <p class="notice">確認待ちの入力はありません。</p> : <EntriesByRound rows={rows} caption="提出済みの入力" deadline="review" />}
    </StaffLayout>
  );
}
