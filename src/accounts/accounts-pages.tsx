// Pages of an organisation's accounts (アカウント): the list, the form to add one or change it
// (role, 担当課 or plans), stopping and re-enabling it, and a new password shown once. They work
// without JavaScript; a refused change shows the form again with what was typed.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import { ROLE_LABELS, type SessionUser } from '../auth/policy.js';
import { ROLES } from '../db/schema.js';
import { formatJapaneseDate } from '../domain/wareki.js';
import { tokyoTime } from '../system/audit-view.js';
import { todayInJapan } from '../rounds/dashboard.js';
import { Check, Problem } from '../admin/admin-pages.js';
import { OrganisationBreadcrumbs } from '../departments/organisation-of.js';
import type { DepartmentRow, OrganisationRow } from '../departments/departments.repository.js';
import type { Account } from './accounts.repository.js';
import { accountFingerprint } from './update-account.js';
import { TokenTable } from '../api/token-pages.js';
import type { ApiTokenRow } from '../api/api-tokens.repository.js';

interface Frame {
  user: SessionUser;
  csrfToken: string;
  organisation: OrganisationRow;
}

type FormValues = Record<string, string>;

export const accountsUrl = (organisationCode: string) => `/admin/organisations/${encodeURIComponent(organisationCode)}/users`;

/** What each role may do, as the form explains it. */
const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  admin: '計画・年度評価・公表・アカウントのすべてを扱います',
  editor: '選んだ課（や計画）の事業と指標を入力し、提出します',
  reviewer: '選んだ局（その下の課を含む）や計画の入力を確認し、承認または差戻しします',
  committee: '未公表のものを含めてすべてを閲覧します',
};

/** The day in Japan of an instant, in wareki: 令和8年12月1日. */
const dateOf = (at: Date) => formatJapaneseDate(todayInJapan(at));

function Breadcrumbs({ organisation, here }: { organisation: OrganisationRow; here?: string }) {
  return <OrganisationBreadcrumbs organisation={organisation} section="アカウント" sectionUrl={accountsUrl(organisation.code)} here={here} />;
}

function scopeText(account: Account): string {
  if (account.role === 'admin' || account.role === 'committee') return 'すべて';
  if (account.scopes.length === 0) return '（なし）';
  return account.scopes.map((s) => `${s.label}${s.ended ? '（終了した部署）' : ''}`).join('、');
}

function AccountTable({ accounts, organisation, caption }: { accounts: Account[]; organisation: OrganisationRow; caption: string }) {
  const base = accountsUrl(organisation.code);
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{caption}（{accounts.length}件）</caption>
        <thead><tr><th scope="col">表示名</th><th scope="col">ログイン名</th><th scope="col">役割</th><th scope="col">担当</th><th scope="col">メール</th><th scope="col">最終ログイン</th><th scope="col">パスワード設定日</th></tr></thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <th scope="row"><a href={`${base}/${a.id}`}>{a.displayName}</a>{a.disabledAt ? <span class="formula">{dateOf(a.disabledAt)}に停止</span> : null}</th>
              <td class="code">{a.login}</td>
              <td>{ROLE_LABELS[a.role as keyof typeof ROLE_LABELS] ?? a.role}</td>
              <td>{scopeText(a)}</td>
              <td>{a.email ?? '—'}</td>
              <td>{a.lastSignInAt ? dateOf(a.lastSignInAt) : 'なし'}</td>
              <td>{dateOf(a.passwordChangedAt)}{a.passwordMustChange ? '（本人の変更待ち）' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AccountListPage({ user, csrfToken, organisation, accounts, notice }: Frame & { accounts: Account[]; notice?: string | undefined }) {
  const active = accounts.filter((a) => a.disabledAt === null);
  const stopped = accounts.filter((a) => a.disabledAt !== null);
  return (
    <StaffLayout title={`アカウント（${organisation.name}）`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} />
      <h1>アカウント（{organisation.name}）</h1>
      {notice ? <p class="notification notification-success" role="status">{notice}</p> : null}
      <p class="hint">職員と推進委員のアカウントです。人事異動のときは担当課を変更し、退職・転出した人のアカウントは利用停止にします（入力や承認の記録は残ります）。長くログインのないアカウントは「最終ログイン」で見つけられます。</p>
      <p><a class="button button-primary" href={`${accountsUrl(organisation.code)}/new`}>アカウントを追加する</a></p>
      {active.length === 0 ? <p>利用中のアカウントはありません。</p> : <AccountTable accounts={active} organisation={organisation} caption="利用中" />}
      {stopped.length > 0 ? <AccountTable accounts={stopped} organisation={organisation} caption="利用停止中" /> : null}
    </StaffLayout>
  );
}

/** A department to choose, in tree order: its depth under its 局 and the 局's name. */
export interface DepartmentChoice {
  department: DepartmentRow;
  depth: number;
  parentName: string | null;
}

/** Each top-level department (局, 区 …) with those under it, so a 課 is read with its 局. */
function groupsOf(choices: DepartmentChoice[]): DepartmentChoice[][] {
  const groups: DepartmentChoice[][] = [];
  for (const choice of choices) {
    const last = groups.at(-1);
    if (choice.depth === 0 || !last) groups.push([choice]);
    else last.push(choice);
  }
  return groups;
}

function DepartmentCheck({ choice, values }: { choice: DepartmentChoice; values: FormValues }) {
  const { department: d, depth, parentName } = choice;
  const name = `dept-${d.id}`;
  return (
    <p class={`form-check${depth > 0 ? ' scope-child' : ''}`}>
      <input type="checkbox" id={name} name={name} value="on" checked={values[name] === 'on'} />
      <label for={name}>
        {depth > 0 ? <span aria-hidden="true">└ </span> : null}
        {depth > 0 && parentName ? <span class="visually-hidden">{parentName} </span> : null}
        {d.name}{d.endKind !== null ? '（終了した部署）' : ''}
      </label>
    </p>
  );
}

function ScopeFields({ departments, plans, values }: { departments: DepartmentChoice[]; plans: { id: number; code: string; title: string }[]; values: FormValues }) {
  return (
    <>
      <fieldset class="filters" aria-describedby="scope-hint">
        <legend>担当する部署（担当課・確認者）</legend>
        <p class="hint" id="scope-hint">担当課は自分の課の事業を、確認者は選んだ局とその下の課の入力を扱います。本部管理者・推進委員はすべてを扱うため、ここで選んだものは保存されません。</p>
        {departments.length === 0 ? <p>この団体には部署がまだありません。</p> : (
          <div class="scope-groups">
            {groupsOf(departments).map((group) => (
              <div class="scope-group">
                {group.map((choice) => <DepartmentCheck choice={choice} values={values} />)}
              </div>
            ))}
          </div>
        )}
      </fieldset>
      {plans.length > 0 ? (
        <fieldset class="filters">
          <legend>担当する計画（計画全体を扱う場合）</legend>
          <div class="owner-grid">
            {plans.map((p) => <Check name={`plan-${p.id}`} label={p.title} values={values} />)}
          </div>
        </fieldset>
      ) : null}
    </>
  );
}

function AccountFields({ values, isNew }: { values: FormValues; isNew: boolean }) {
  return (
    <>
      {isNew ? (
        <div class="form-field"><label for="login">ログイン名（2文字以上、空白なし。例: tanaka.kyodo）</label>
          <input id="login" name="login" type="text" required value={values.login ?? ''} autocomplete="off" /></div>
      ) : null}
      <div class="form-field"><label for="displayName">表示名（入力や承認の記録に表示されます）</label>
        <input id="displayName" name="displayName" type="text" required value={values.displayName ?? ''} /></div>
      <div class="form-field"><label for="email">メールアドレス（締切のお知らせを送ります。なくても使えます）</label>
        <input id="email" name="email" type="email" value={values.email ?? ''} autocomplete="off" /></div>
      <fieldset class="filters">
        <legend>役割</legend>
        {ROLES.map((role) => (
          <p class="form-check">
            <input type="radio" id={`role-${role}`} name="role" value={role} checked={values.role === role} required />
            <label for={`role-${role}`}>{ROLE_LABELS[role]}: {ROLE_HINTS[role]}</label>
          </p>
        ))}
      </fieldset>
    </>
  );
}

export function NewAccountPage({ user, csrfToken, organisation, departments, plans, values, error }: Frame & {
  departments: DepartmentChoice[];
  plans: { id: number; code: string; title: string }[];
  values: FormValues;
  error?: string | undefined;
}) {
  return (
    <StaffLayout title="アカウントを追加する" user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here="アカウントを追加する" />
      <h1>アカウントを追加する</h1>
      <Problem error={error} />
      <p class="hint">最初のパスワードは自動で作られ、追加した直後に一度だけ表示されます。本人に伝えてください。本人は最初のログインで自分のパスワードに変更します。</p>
      <form method="post" action={accountsUrl(organisation.code)} class="form">
        <CsrfField token={csrfToken} />
        <AccountFields values={values} isNew />
        <ScopeFields departments={departments} plans={plans} values={values} />
        <p><button type="submit" class="button button-primary">追加する</button></p>
      </form>
    </StaffLayout>
  );
}

export function EditAccountPage({ user, csrfToken, organisation, account, departments, plans, values, error, notice, tokens }: Frame & {
  account: Account;
  /** The account's API tokens. */
  tokens: ApiTokenRow[];
  departments: DepartmentChoice[];
  plans: { id: number; code: string; title: string }[];
  values: FormValues;
  error?: string | undefined;
  notice?: string | undefined;
}) {
  const url = `${accountsUrl(organisation.code)}/${account.id}`;
  const own = account.id === user.id;
  return (
    <StaffLayout title={`アカウント: ${account.displayName}`} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here={account.displayName} />
      <h1>アカウント: {account.displayName}</h1>
      {notice ? <p class="notification notification-success" role="status">{notice}</p> : null}
      <Problem error={error} />
      <dl class="facts">
        <dt>ログイン名</dt><dd class="code">{account.login}</dd>
        <dt>状態</dt><dd>{account.disabledAt ? `利用停止中（${dateOf(account.disabledAt)}から）` : '利用中'}</dd>
        <dt>役割</dt><dd>{ROLE_LABELS[account.role as keyof typeof ROLE_LABELS] ?? account.role}</dd>
        <dt>担当</dt><dd>{scopeText(account)}</dd>
        <dt>メール</dt><dd>{account.email ?? '—'}</dd>
        <dt>パスワード設定日</dt><dd>{dateOf(account.passwordChangedAt)}{account.passwordMustChange ? '（発行したパスワードのまま。本人の変更待ち）' : ''}</dd>
        <dt>最終ログイン</dt><dd>{account.lastSignInAt ? tokyoTime(account.lastSignInAt) : 'まだログインしていません'}</dd>
        <dt>作成日</dt><dd>{dateOf(account.createdAt)}</dd>
      </dl>
      {own ? <p class="hint">自分のアカウントです。役割の変更・利用停止・パスワード再発行は、ほかの本部管理者が行います。自分のパスワードは<a href="/account/password">パスワード変更</a>で変えられます。</p> : null}
      <form method="post" action={url} class="form">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="seen" value={accountFingerprint(account)} />
        <AccountFields values={values} isNew={false} />
        <ScopeFields departments={departments} plans={plans} values={values} />
        <p><button type="submit" class="button button-primary">変更を保存する</button></p>
      </form>
      <h2 id="account-tokens">API トークン</h2>
      <p>本人が発行した、スクリプト用のトークンです。漏れたものや使わなくなったものは、ここで失効させられます（アカウントを利用停止にすると、すべて使えなくなります）。</p>
      <TokenTable tokens={tokens} csrfToken={csrfToken} revokeUrl={(id) => `${url}/tokens/${id}/revoke`} labelledBy="account-tokens" />
      {own ? null : (
        <>
          <h2>パスワードの再発行</h2>
          <p>新しいパスワードを作り、一度だけ表示します。今のパスワードは使えなくなり、ログイン中の画面からはログアウトされます。このアカウントの API トークンも失効します。</p>
          <form method="post" action={`${url}/password`} class="form">
            <CsrfField token={csrfToken} />
            <p><button type="submit" class="button">パスワードを再発行する</button></p>
          </form>
          <h2>{account.disabledAt ? '利用の再開' : '利用停止'}</h2>
          <p>{account.disabledAt ? 'もう一度ログインできるようにします。パスワードは停止前のままです。' : 'ログインできなくなり、ログイン中の画面とAPIトークンも使えなくなります。入力・承認・コメントの記録は残ります。'}</p>
          <form method="post" action={`${url}/${account.disabledAt ? 'enable' : 'disable'}`} class="form">
            <CsrfField token={csrfToken} />
            <p><button type="submit" class="button">{account.disabledAt ? '利用を再開する' : '利用を停止する'}</button></p>
          </form>
        </>
      )}
    </StaffLayout>
  );
}

/** The password of a new account or a reset, shown this once (the page is not stored). */
export function PasswordShownPage({ user, csrfToken, organisation, account, password, created, tokensRevoked = 0 }: Frame & { account: Pick<Account, 'id' | 'login' | 'displayName'>; password: string; created: boolean; tokensRevoked?: number }) {
  const heading = created ? 'アカウントを追加しました' : 'パスワードを再発行しました';
  return (
    <StaffLayout title={heading} user={user} csrfToken={csrfToken}>
      <Breadcrumbs organisation={organisation} here={heading} />
      <h1>{heading}</h1>
      <p class="notification notification-success" role="status">次のログイン名とパスワードを本人に伝えてください。パスワードはこの画面でしか表示されません。</p>
      <dl class="facts">
        <dt>表示名</dt><dd>{account.displayName}</dd>
        <dt>ログイン名</dt><dd class="code">{account.login}</dd>
        <dt>パスワード</dt><dd class="code" id="new-password">{password}</dd>
      </dl>
      <p>本人がこのパスワードでログインすると、まず自分のパスワードへの変更を求められます。変更するまで、ほかの画面は使えません。</p>
      {tokensRevoked > 0 ? <p id="tokens-revoked">このアカウントの API トークン {tokensRevoked} 件を失効させました。スクリプトで API を使う場合は、本人が自分のパスワードに変えた後、新しいトークンを作ります。</p> : null}
      <p><a href={`${accountsUrl(organisation.code)}/${account.id}`}>このアカウントの設定へ</a>　<a href={accountsUrl(organisation.code)}>アカウント一覧へ</a></p>
    </StaffLayout>
  );
}
