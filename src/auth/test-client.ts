// For tests: accounts with known passwords, and a client that keeps cookies like a browser and
// sends the CSRF token the pages carry.
import type { Hono } from 'hono';
import type { Queryable } from '../db/client.js';
import { users } from '../db/schema.js';
import type { AppEnv } from '../app.js';
import { hashPassword } from './password.js';
import type { Role } from './policy.js';
import { addUserScope } from './sessions.repository.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let testHash: Promise<string> | undefined;

export async function insertTestUser(
  db: Queryable,
  /** organisationId: the organisation the account belongs to (none: the whole installation). */
  user: { login: string; role: Role; departmentIds?: number[]; planIds?: number[]; displayName?: string; organisationId?: number | null },
): Promise<number> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const [row] = await db
    .insert(users)
    .values({ login: user.login, role: user.role, displayName: user.displayName ?? user.login, passwordHash: await testHash, organisationId: user.organisationId ?? null })
    .returning({ id: users.id });
  if (!row) throw new Error('no user inserted');
  for (const departmentId of user.departmentIds ?? []) await addUserScope(db, row.id, { departmentId });
  for (const planId of user.planIds ?? []) await addUserScope(db, row.id, { planId });
  return row.id;
}

type App = Hono<AppEnv>;

/** A cookie-keeping client over app.request(). */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: App) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.app.request(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GET a page and remember the CSRF token of its forms. */
  async get(path: string): Promise<Response> {
    const response = await this.request(path);
    const html = await response.clone().text();
    const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  /** POST a form (with the remembered CSRF token unless the fields give one). */
  async post(path: string, fields: Record<string, string>, options: { csrf?: boolean } = {}): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false && !body.has('_csrf')) body.set('_csrf', this.csrf);
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /**
   * Moves a round as 本部 does in the browser: to 確認中, 確定 or 公表 through the pre-flight page
   * (its token and the confirmation box), any other move straight from the round page.
   */
  async moveRound(roundId: number, to: string, fields: Record<string, string> = {}): Promise<Response> {
    const preflight = await this.get(`/rounds/${roundId}/transition?to=${to}`);
    const token = preflight.status === 200 ? /name="confirmed" value="([^"]*)"/.exec(await preflight.text())?.[1] : undefined;
    return this.post(`/rounds/${roundId}/transition`, { to, ...(token ? { confirmed: token, agree: '1' } : {}), ...fields });
  }

  async signIn(login: string, password = TEST_PASSWORD): Promise<Response> {
    await this.get('/login');
    const response = await this.post('/login', { login, password });
    if (response.status === 303) await this.get('/account/password'); // the session's own token
    return response;
  }
}

/** A client signed in as `login` with the test password; throws when the sign-in is refused. */
export async function signedInClient(app: App, login: string): Promise<TestClient> {
  const client = new TestClient(app);
  const response = await client.signIn(login);
  if (response.status !== 303) throw new Error(`sign-in of ${login} answered ${response.status}, not 303`);
  return client;
}
