// Pages of the Excel / CSV import: upload, preview (what will be created, updated, unchanged, and
// every error with sheet, row and column), and the result after confirmation.
import type { SessionUser } from '../auth/policy.js';
import { CsrfField } from '../auth/middleware.js';
import { StaffLayout } from '../auth/staff-layout.js';
import { TABLE_LABELS, type TableName } from '../datasets/load-dataset.js';
import type { ImportReport } from './import-spreadsheet.js';
import type { TemplateChoice } from './imports.repository.js';

export function templateUrl(choice: TemplateChoice, round?: number): string {
  const query = new URLSearchParams({ plan: choice.planCode });
  if (choice.department) query.set('department', choice.department.code);
  if (round !== undefined) query.set('round', String(round));
  return `/imports/template?${query.toString()}`;
}

interface UploadPageProps {
  user: SessionUser;
  csrfToken: string;
  choices: TemplateChoice[];
  error?: string;
}

export function UploadPage({ user, csrfToken, choices, error }: UploadPageProps) {
  return (
    <StaffLayout title="Excel・CSV の読み込み" user={user} csrfToken={csrfToken}>
      <h1>Excel・CSV の読み込み</h1>
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      <section aria-labelledby="download">
        <h2 id="download">1. テンプレートをダウンロード</h2>
        {choices.length === 0 ? <p class="notice">ダウンロードできるテンプレートはありません。</p> : (
          <ul>
            {choices.map((choice) => (
              <li>
                <a href={templateUrl(choice)}>
                  {choice.planTitle}
                  {choice.department ? `（${choice.department.label}）` : '（計画全体）'}.xlsx
                </a>
              </li>
            ))}
          </ul>
        )}
        <p>黄色の欄に入力してください。年度は「令和6年度」「R6」「2024」のどれでも読めます。値は書いたとおりに保存されます（例: 約4億9,600万円、71.7%、今後調査、—）。</p>
      </section>
      <section aria-labelledby="upload">
        <h2 id="upload">2. 入力したファイルをアップロード</h2>
        <form method="post" action="/imports" enctype="multipart/form-data" class="form" data-import-progress>
          <CsrfField token={csrfToken} />
          <p>
            <label for="file">ファイル（.xlsx、または UTF-8 / Shift_JIS の .csv）</label>
            <input id="file" name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </p>
          <p>まだ何も書き込みません。次の画面で、新規・更新・変更なしの件数と誤りを確認してから確定します。大きなファイルは確認画面が出るまで数秒かかります。</p>
          <button type="submit">確認する</button>
          <p role="status" aria-live="polite" hidden data-import-status>
            <progress aria-label="読み込み中"></progress> ファイルを読み込んで確認しています… 確認画面が出るまでお待ちください。
          </p>
        </form>
        <script src="/assets/import-upload.js" defer></script>
      </section>
      {user.role === 'admin' ? null : <p>担当課の施策と指標だけを変更できます。</p>}
    </StaffLayout>
  );
}

function Summary({ report }: { report: ImportReport }) {
  const summary = report.summary;
  if (!summary) return null;
  const rows = (Object.keys(TABLE_LABELS) as TableName[]).map((t) => ({ t, ...summary.tables[t] })).filter((r) => r.created + r.updated + r.unchanged > 0);
  return (
    <table class="table">
      <caption>計画「{summary.plan}」{report.newPlan ? '（新しい計画）' : ''}</caption>
      <thead>
        <tr><th scope="col">区分</th><th scope="col">新規</th><th scope="col">更新</th><th scope="col">変更なし</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr><th scope="row">{TABLE_LABELS[r.t]}</th><td>{r.created}</td><td>{r.updated}</td><td>{r.unchanged}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function FileLine({ report }: { report: ImportReport }) {
  return (
    <p>
      ファイル: {report.file}（{report.format === 'xlsx' ? 'Excel' : `CSV、文字コード ${report.encoding ?? '不明'}`}、{report.rows}行）
    </p>
  );
}

export function Issues({ report }: { report: ImportReport }) {
  return (
    <section aria-labelledby="issues">
      <h2 id="issues">{report.issues.length}件の誤り（何も書き込んでいません）</h2>
      <table class="table">
        <thead>
          <tr><th scope="col">シート</th><th scope="col">行</th><th scope="col">列</th><th scope="col">内容</th></tr>
        </thead>
        <tbody>
          {report.issues.map((issue) => (
            <tr data-code={issue.code}><td>{issue.sheet || '—'}</td><td>{issue.row > 0 ? `${issue.row}行目` : '—'}</td><td>{issue.column || '—'}</td><td>{issue.message}</td></tr>
          ))}
        </tbody>
      </table>
      <p>ファイルを直して、<a href="/imports">もう一度アップロード</a>してください。</p>
    </section>
  );
}

/** Written but worth a look: a self-grade that differs from the computed grade without a reason. */
export function Warnings({ report }: { report: ImportReport }) {
  if (report.warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings">
      <h2 id="warnings">{report.warnings.length}件の注意（書き込みは妨げません）</h2>
      <table class="table">
        <thead>
          <tr><th scope="col">シート</th><th scope="col">行</th><th scope="col">列</th><th scope="col">内容</th></tr>
        </thead>
        <tbody>
          {report.warnings.map((issue) => (
            <tr><td>{issue.sheet || '—'}</td><td>{issue.row > 0 ? `${issue.row}行目` : '—'}</td><td>{issue.column || '—'}</td><td>{issue.message}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What the import changes besides the tables: computed grades (自動判定) of entries. */
function GradesLine({ report }: { report: ImportReport }) {
  return report.gradesRefreshed > 0 ? <p>評価記入 {report.gradesRefreshed}件の自動判定を、読み込んだ値で計算し直{report.dryRun ? 'します' : 'しました'}。</p> : null;
}

/** True when the import writes nothing at all. */
export function changesNothing(report: ImportReport): boolean {
  return (report.summary?.unchanged ?? false) && report.gradesRefreshed === 0;
}

export function PreviewPage({ user, csrfToken, report }: { user: SessionUser; csrfToken: string; report: ImportReport }) {
  return (
    <StaffLayout title="読み込みの確認" user={user} csrfToken={csrfToken}>
      <h1>読み込みの確認</h1>
      <FileLine report={report} />
      {!report.ok ? <><Issues report={report} /><Warnings report={report} /></> : changesNothing(report) ? (
        <>
          <Summary report={report} />
          <p class="notice">このファイルで変わるものはありません。</p>
          <p><a href="/imports">戻る</a></p>
        </>
      ) : (
        <>
          <p>次の内容を書き込みます。誤りはありません。</p>
          <Summary report={report} />
          <GradesLine report={report} />
          <Warnings report={report} />
          <form method="post" action="/imports/confirm" class="form" data-import-progress>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="sha256" value={report.sha256} />
            <button type="submit">確定して書き込む</button> <a href="/imports">やめる</a>
            <p role="status" aria-live="polite" hidden data-import-status>
              <progress aria-label="書き込み中"></progress> 書き込んでいます… 完了の画面が出るまでお待ちください。
            </p>
          </form>
          <script src="/assets/import-upload.js" defer></script>
        </>
      )}
    </StaffLayout>
  );
}

export function ResultPage({ user, csrfToken, report }: { user: SessionUser; csrfToken: string; report: ImportReport }) {
  return (
    <StaffLayout title="読み込みの結果" user={user} csrfToken={csrfToken}>
      <h1>読み込みの結果</h1>
      <FileLine report={report} />
      {report.ok ? (
        <>
          <p class="notice" role="status">書き込みました。変更は監査ログにファイル名とともに記録されています。</p>
          <Summary report={report} />
          <GradesLine report={report} />
          <Warnings report={report} />
        </>
      ) : (
        <Issues report={report} />
      )}
      <p><a href="/imports">読み込みの画面へ</a></p>
    </StaffLayout>
  );
}
