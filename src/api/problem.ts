// JSON errors in one shape: RFC 9457 problem details (application/problem+json), with
// `type`, `title`, `status`, `detail` (the Japanese sentence from errors.ts) and `instance` (the
// path that failed), plus the error `code` and the request id. Every JSON error of the
// application is written here: the API's, the open data downloads' and /healthz's.
import { isAppError } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId?: string | undefined;
}

const TITLES: Readonly<Record<number, string>> = {
  400: '不正なリクエストです',
  401: '認証が必要です',
  403: '権限がありません',
  404: '見つかりません',
  405: 'この方法では操作できません',
  409: '競合しています',
  422: '入力に誤りがあります',
  500: 'サーバーで問題が発生しました',
  503: '現在利用できません',
};

/** Where the problem types are explained (a URI reference, resolved against the server). */
export const PROBLEM_TYPE_BASE = '/api/v1/reference#problem-';

export function problemTitle(status: number): string {
  return TITLES[status] ?? `HTTP ${status}`;
}

/** The problem for an error: an AppError keeps its code, status and Japanese sentence; anything else is a 500 that reveals nothing. */
export function problemOf(error: unknown, instance: string, requestId?: string): Problem {
  if (isAppError(error)) {
    return { type: `${PROBLEM_TYPE_BASE}${error.code}`, title: problemTitle(error.status), status: error.status, detail: error.describe('ja'), instance, code: error.code, requestId };
  }
  return {
    type: `${PROBLEM_TYPE_BASE}INTERNAL`,
    title: problemTitle(500),
    status: 500,
    detail: `サーバーで問題が発生しました。時間をおいて再度お試しください（問い合わせ番号 ${requestId ?? '—'}）。`,
    instance,
    code: 'INTERNAL',
    requestId,
  };
}

export function notFoundProblem(instance: string, requestId?: string): Problem {
  return { type: `${PROBLEM_TYPE_BASE}NOT_FOUND`, title: problemTitle(404), status: 404, detail: 'お探しのページは見つかりませんでした。URLをご確認ください。', instance, code: 'NOT_FOUND', requestId };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}
