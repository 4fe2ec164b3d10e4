// The page frame for signed-in work: the shared layout with a bar naming the user, the
// screens the role may use, and a sign-out button (a POST form with its CSRF token).
import type { Child } from 'hono/jsx';
import { Layout } from '../web/layout.js';
import { can, roleLabel, type SessionUser } from './policy.js';
import { CsrfField } from './middleware.js';

export interface StaffLayoutProps {
  title: string;
  user: SessionUser | null;
  csrfToken: string;
  children: Child;
  /** More elements for <head> (see Layout). */
  head?: Child;
}

export function StaffLayout({ title, user, csrfToken, children, head }: StaffLayoutProps) {
  return (
    <Layout title={title} staff head={head}>
      {user ? (
        <nav class="staff-bar" aria-label="業務メニュー">
          <ul>
            <li><a href="/rounds">年度評価</a></li>
            {can(user, 'entry:edit') && user.role !== 'admin' ? <li><a href="/my-work">担当の入力</a></li> : null}
            {can(user, 'entry:review') ? <li><a href="/review">確認待ち</a></li> : null}
            {can(user, 'import:run') ? <li><a href="/imports">Excel・CSV の取り込み</a></li> : null}
            {can(user, 'plan:edit') ? <li><a href="/admin">計画・組織の管理</a></li> : null}
            {can(user, 'plan:edit') ? <li><a href="/admin/catalogue">都市間比較カタログ</a></li> : null}
            {can(user, 'audit:read') ? <li><a href="/audit">監査ログ</a></li> : null}
            <li><a href="/account/password">パスワード変更</a></li>
          </ul>
          <form method="post" action="/logout" class="staff-logout">
            <CsrfField token={csrfToken} />
            <span>{user.displayName}（{roleLabel(user.role)}）</span>{' '}
            <button type="submit">ログアウト</button>
          </form>
        </nav>
      ) : null}
      <div class="staff-main">{children}</div>
    </Layout>
  );
}
