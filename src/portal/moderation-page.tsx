// Feedback moderation for staff holding feedback:moderate: publish or reject what citizens sent.
import { Layout } from '../web/layout.js';
import type { FeedbackRow } from './portal.repository.js';
import { itemHref } from './portal-ui.js';

export function ModerationPage({ pending, csrfToken }: { pending: FeedbackRow[]; csrfToken: string }) {
  return (
    <Layout title="ご意見の確認">
      <h1>ご意見の確認</h1>
      <p>市民から届いたご意見です。「掲載する」を選ぶと、その項目のページに掲載されます。</p>
      {pending.length === 0 ? (
        <p class="notice">確認待ちのご意見はありません。</p>
      ) : (
        <ul class="moderation-list">
          {pending.map((f) => (
            <li class="card">
              <p class="result-path">
                {f.itemCode ? <a href={itemHref('ja', f.planCode, f.itemCode)}>{`${f.itemCode} ${f.itemName ?? ''}`}</a> : f.planCode}
                {' '}・{f.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
              </p>
              <blockquote>{f.body}</blockquote>
              <p>— {f.authorName ?? '匿名'}</p>
              <form method="post" action={`/admin/feedback/${f.id}`} class="form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <div class="form-field">
                  <label for={`answer-${f.id}`}>市からの回答（任意・掲載する場合に一緒に掲載されます）</label>
                  <textarea id={`answer-${f.id}`} name="answer" rows={3} maxlength={4000}></textarea>
                </div>
                <div class="form-actions">
                  <button type="submit" name="decision" value="published" class="button button-primary">掲載する</button>
                  <button type="submit" name="decision" value="rejected" class="button button-secondary">掲載しない</button>
                </div>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
