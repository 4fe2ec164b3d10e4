// The signed-in person's own API tokens: /account/tokens lists, makes (shown once) and revokes
// them. Another person's token is 404 here; 本部 revokes one on the account's page, or stops them
// all by stopping the account.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app.js';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { currentUser, requires } from '../auth/middleware.js';
import { formOf, isFixable, parsed } from '../web/route-forms.js';
import { actorOf } from '../departments/department-input.js';
import { createApiToken } from './create-api-token.js';
import { revokeApiToken } from './revoke-api-token.js';
import { findApiToken, listApiTokens } from './api-tokens.repository.js';
import { TOKEN_DAYS, TokensPage } from './token-pages.js';

const TokenForm = z.object({
  name: z.string({ error: '用途を入力してください' }).trim().min(1, '用途を入力してください').max(100, '用途は100文字以内にしてください'),
  days: z.enum(TOKEN_DAYS.map(String) as [string, ...string[]], { error: '有効期間を選んでください' }).transform(Number),
});

export function tokenRoutes(database: Database) {
  const app = new Hono<AppEnv>();
  const db = database.db;
  const page = async (c: Context<AppEnv>, extra: Partial<Parameters<typeof TokensPage>[0]> = {}) =>
    <TokensPage user={currentUser(c)} csrfToken={c.get('csrfToken')} tokens={await listApiTokens(db, currentUser(c).id)} values={{}} {...extra} />;

  app.get('/account/tokens', requires('signed_in'), async (c) =>
    c.html(await page(c, { notice: c.req.query('done') === 'revoked' ? 'トークンを失効させました。' : undefined })));

  app.post('/account/tokens', requires('signed_in'), async (c) => {
    const user = currentUser(c);
    const values = await formOf(c);
    try {
      const input = parsed(TokenForm, values);
      const created = await db.transaction((tx) => createApiToken(tx, { login: user.login, name: input.name, days: input.days }, actorOf(user)));
      c.header('Cache-Control', 'no-store');
      return c.html(await page(c, { created: { token: created.token, name: input.name } }), 201);
    } catch (error) {
      if (!isFixable(error)) throw error;
      return c.html(await page(c, { values, error: error.describe('ja') }), error.status as 422);
    }
  });

  app.post('/account/tokens/:id/revoke', requires('signed_in'), async (c) => {
    const user = currentUser(c);
    const id = z.coerce.number().int().positive().safeParse(c.req.param('id'));
    const token = id.success ? await findApiToken(db, id.data) : undefined;
    if (!token || token.userId !== user.id) throw new AppError('NOT_FOUND', { what: 'API トークン' });
    await db.transaction((tx) => revokeApiToken(tx, token.id, actorOf(user)));
    return c.redirect('/account/tokens?done=revoked', 303);
  });

  return app;
}
