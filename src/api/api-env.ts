// What API handlers find on a request: the data's as-of time (conditional GET) and the
// signed-in user of the session middleware (null for the public).
import type { AuthVariables } from '../auth/middleware.js';

export interface ApiEnv {
  Variables: { asOf: string } & AuthVariables;
}
