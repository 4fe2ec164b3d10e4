// The person's own API tokens (/account/tokens): for a script that writes figures or entries
// through the API as them. A token is shown once when made; the list shows its first characters,
// when it was last used and until when it works; revoking stops it at once.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { tokyoTime } from '../system/audit-view.js';
import type { ApiTokenRow } from './api-tokens.repository.js';

/** How long a token made on the page works, in days (the command line also allows none). */
export const TOKEN_DAYS = [30, 90, 365] as const;

function tokenState(token: ApiTokenRow, now: Date): string {
  if (token.revokedAt) return `失効（${tokyoTime(token.revokedAt)}）`;
  if (token.expiresAt && token.expiresAt <= now) return `期限切れ（${tokyoTime(token.expiresAt)}）`;
  return token.expiresAt ? `${tokyoTime(token.expiresAt)}まで有効` : '期限なし';
}

/** The tokens with their state; a live one has a button that posts to `revokeUrl(id)`. */
export function TokenTable({ tokens, csrfToken, revokeUrl, labelledBy }: { tokens: ApiTokenRow[]; csrfToken: string; revokeUrl: (id: number) => string; labelledBy: string }) {
  const now = new Date();
  const live = (t: ApiTokenRow) => !t.revokedAt && !(t.expiresAt && t.expiresAt <= now);
  if (tokens.length === 0) return <p>まだありません。</p>;
  return (
    <div class="table-scroll" tabindex={0} role="region" aria-labelledby={labelledBy}>
      <table class="data-table">
        <thead><tr><th scope="col">用途</th><th scope="col">先頭</th><th scope="col">発行</th><th scope="col">最後の利用</th><th scope="col">状態</th><th scope="col">操作</th></tr></thead>
        <tbody>
          {tokens.map((t) => (
            <tr>
              <th scope="row">{t.name}</th>
              <td class="code">{t.tokenPrefix}…</td>
              <td>{tokyoTime(t.createdAt)}</td>
              <td>{t.lastUsedAt ? tokyoTime(t.lastUsedAt) : '—'}</td>
              <td>{tokenState(t, now)}</td>
              <td>
                {live(t) ? (
                  <form method="post" action={revokeUrl(t.id)} class="inline-form">
                    <CsrfField token={csrfToken} />
                    <button type="submit" class="button-small" aria-label={`「${t.name}」を失効させる`}>失効させる</button>
                  </form>
                ) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TokensPage({ user, csrfToken, tokens, values, error, created, notice }: {
  user: SessionUser;
  csrfToken: string;
  tokens: ApiTokenRow[];
  values: Record<string, string>;
  error?: string | undefined;
  /** The token just made: shown this once. */
  created?: { token: string; name: string } | undefined;
  notice?: string | undefined;
}) {
  return (
    <StaffLayout title="API トークン" user={user} csrfToken={csrfToken}>
      <h1>API トークン</h1>
      {notice ? <p class="notification notification-success" role="status">{notice}</p> : null}
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      {created ? (
        <div class="notification notification-success" role="status">
          <p>API トークン「{created.name}」を発行しました。この画面でしか表示されません。スクリプトの設定に保存してください。</p>
          <p class="code" id="new-token">{created.token}</p>
          <p>送り方: <code>Authorization: Bearer {created.token.slice(0, 10)}…</code>（使い方は docs/api.md）</p>
        </div>
      ) : null}
      <p class="hint">スクリプトから API で実績値や入力を書き込むためのトークンです。あなたと同じ権限で動き、あなたの名前で記録されます。使わなくなったものは失効させてください。アカウントが利用停止になると、すべて使えなくなります。</p>
      <h2>新しいトークン</h2>
      <form method="post" action="/account/tokens" class="form">
        <CsrfField token={csrfToken} />
        <p><label for="name">用途（例: 集計スクリプト）</label>
          <input id="name" name="name" type="text" required maxlength={100} value={values.name ?? ''} /></p>
        <p><label for="days">有効期間</label>
          <select id="days" name="days">
            {TOKEN_DAYS.map((days) => <option value={String(days)} selected={(values.days ?? '90') === String(days)}>{days}日</option>)}
          </select></p>
        <p><button type="submit" class="button button-primary">発行する</button></p>
      </form>
      <h2 id="tokens-heading">発行したトークン</h2>
      <TokenTable tokens={tokens} csrfToken={csrfToken} revokeUrl={(id) => `/account/tokens/${id}/revoke`} labelledBy="tokens-heading" />
    </StaffLayout>
  );
}
