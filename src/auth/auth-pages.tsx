// Sign-in and password pages.
import { MIN_PASSWORD_LENGTH } from './password.js';
import type { SessionUser } from './policy.js';
import { CsrfField } from './middleware.js';
import { StaffLayout } from './staff-layout.js';

export function LoginPage({ csrfToken, next, login, error }: { csrfToken: string; next: string; login?: string; error?: string }) {
  return (
    <StaffLayout title="ログイン" user={null} csrfToken={csrfToken}>
      <h1>ログイン</h1>
      {error ? <p class="notice notice-error" role="alert" id="login-error">{error}</p> : null}
      <form method="post" action="/login" class="form">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <p>
          <label for="login">ログイン名</label>
          <input id="login" name="login" type="text" autocomplete="username" required value={login ?? ''} aria-describedby={error ? 'login-error' : undefined} />
        </p>
        <p>
          <label for="password">パスワード</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <p><button type="submit" class="button button-primary">ログイン</button></p>
      </form>
    </StaffLayout>
  );
}

export function PasswordPage({ user, csrfToken, error, done, then }: { user: SessionUser; csrfToken: string; error?: string; done?: boolean; then?: string | undefined }) {
  return (
    <StaffLayout title="パスワード変更" user={user} csrfToken={csrfToken}>
      <h1>パスワード変更</h1>
      {done ? <p class="notice" role="status">パスワードを変更しました。ほかの端末のログインは解除されました。</p> : null}
      {user.mustChangePassword === true ? <p class="notice" role="status">管理者が発行したパスワードでログインしています。自分だけが知るパスワードに変更してください。変更するまで、ほかの業務画面は使えません。「現在のパスワード」には発行されたパスワードを入力します。</p> : null}
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
      <form method="post" action="/account/password" class="form">
        <CsrfField token={csrfToken} />
        {then ? <input type="hidden" name="then" value={then} /> : null}
        <p>
          <label for="current">現在のパスワード</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required />
        </p>
        <p>
          <label for="next">新しいパスワード（{MIN_PASSWORD_LENGTH}文字以上）</label>
          <input id="next" name="next" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
        </p>
        <p>
          <label for="confirm">新しいパスワード（確認）</label>
          <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
        </p>
        <p><button type="submit" class="button button-primary">変更する</button></p>
      </form>
      {user.mustChangePassword === true ? null : <p>スクリプトから API を使うときは <a href="/account/tokens">API トークン</a> を発行します。</p>}
    </StaffLayout>
  );
}
