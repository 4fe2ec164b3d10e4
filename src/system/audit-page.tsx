// The audit log (/audit): who changed what and when, newest first, 200 a page. Each row names the
// action and the kind of thing in Japanese (the code beside it, for searching and support), the
// time in Japan, and the fields that changed, before → after; the whole record under 詳細.
import { StaffLayout } from '../auth/staff-layout.js';
import type { SessionUser } from '../auth/policy.js';
import { actionLabel, AUDIT_SUBJECT_LABELS, changedFields, subjectLabel, tokyoTime } from './audit-view.js';

export interface AuditRow {
  id: number;
  at: Date;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export interface AuditQueryValues {
  text?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
}

/** /audit with the same search, from the change before `beforeId` (older), or from the newest. */
function auditUrl(query: AuditQueryValues, beforeId?: number): string {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  if (query.subjectType) params.set('type', query.subjectType);
  if (query.subjectId) params.set('id', query.subjectId);
  if (beforeId !== undefined) params.set('before', String(beforeId));
  const search = params.toString();
  return search ? `/audit?${search}` : '/audit';
}

function Changes({ row }: { row: AuditRow }) {
  const changes = changedFields(row.before, row.after);
  if (changes.length === 0) return <span>（項目の変更なし）</span>;
  const added = row.before === null;
  return (
    <ul class="audit-changes">
      {changes.map((change) => (
        <li><span class="audit-field">{change.field}</span>: {added ? change.after : <>{change.before} <span aria-label="から">→</span> {change.after}</>}</li>
      ))}
    </ul>
  );
}

export function AuditPage({ user, csrfToken, rows, query, older, newer }: {
  user: SessionUser;
  csrfToken: string;
  rows: AuditRow[];
  query: AuditQueryValues;
  /** The id to continue from when older changes exist. */
  older?: number | undefined;
  /** Whether this page starts below the newest (a link back to the first). */
  newer: boolean;
}) {
  return (
    <StaffLayout title="監査ログ" user={user} csrfToken={csrfToken}>
      <h1>監査ログ</h1>
      <form method="get" action="/audit" class="form audit-search">
        <p><label for="q">検索（操作・利用者・内容。例: 承認、tanaka、市民協働推進課）</label>
          <input id="q" name="q" type="text" value={query.text ?? ''} /></p>
        <p><label for="type">対象の種類</label>
          <select id="type" name="type">
            <option value="">すべて</option>
            {Object.entries(AUDIT_SUBJECT_LABELS).map(([type, label]) => <option value={type} selected={query.subjectType === type}>{label}</option>)}
          </select></p>
        <p><label for="id">対象ID</label>
          <input id="id" name="id" type="text" inputmode="numeric" value={query.subjectId ?? ''} /></p>
        <p><button type="submit" class="button button-primary">検索</button></p>
      </form>
      {rows.length === 0 ? <p>該当する記録はありません。</p> : (
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="audit-caption">
          <table class="data-table audit-table">
            <caption id="audit-caption">変更の記録（新しい順、1ページ200件。記録は追記のみで変更・削除できません。時刻は日本時間）</caption>
            <thead><tr><th scope="col">日時</th><th scope="col">利用者</th><th scope="col">操作</th><th scope="col">対象</th><th scope="col">変更した内容</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td class="nowrap"><time datetime={r.at.toISOString()}>{tokyoTime(r.at)}</time></td>
                  <td>{r.actorLabel}</td>
                  <td>{actionLabel(r.action)}<span class="formula">{r.action}</span></td>
                  <td>{subjectLabel(r.subjectType)} #{r.subjectId}</td>
                  <td>
                    <Changes row={r} />
                    <details>
                      <summary>詳細（記録そのもの）</summary>
                      <p>変更前</p><pre class="audit-json">{r.before === null ? '—' : JSON.stringify(r.before, null, 1)}</pre>
                      <p>変更後</p><pre class="audit-json">{r.after === null ? '—' : JSON.stringify(r.after, null, 1)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {newer || older !== undefined ? (
        <nav aria-label="監査ログのページ" class="pager">
          <ul>
            {newer ? <li><a href={auditUrl(query)}>最新の記録へ</a></li> : null}
            {older !== undefined ? <li><a href={auditUrl(query, older)}>さらに古い記録</a></li> : null}
          </ul>
        </nav>
      ) : null}
    </StaffLayout>
  );
}
