// Errors are values with a code. This file maps each code to an HTTP status and to the
// Japanese (and English) sentence a person reads; nothing else formats error messages.

export type ErrorDetails = Record<string, string | number | undefined>;

interface ErrorDefinition {
  status: number;
  ja: (d: ErrorDetails) => string;
  en: (d: ErrorDetails) => string;
}

const catalogue = {
  DATABASE_UNREACHABLE: {
    status: 503,
    ja: (d) => `データベース（${d.location}）に接続できません: ${d.reason}`,
    en: (d) => `Cannot connect to the database at ${d.location}: ${d.reason}`,
  },
  DATABASE_UNREADABLE: {
    status: 503,
    ja: (d) => `データフォルダ（${d.location}）のデータベースを開けません: ${d.reason}`,
    en: (d) => `Cannot open the database in the data folder ${d.location}: ${d.reason}`,
  },
  DATA_DIR_NOT_WRITABLE: {
    status: 503,
    ja: (d) => `データフォルダ（${d.location}）に書き込めません。フォルダの権限と空き容量を確認してください: ${d.reason}`,
    en: (d) => `The data folder ${d.location} is not writable; check its permissions and free space: ${d.reason}`,
  },
  DATA_DIR_IN_USE: {
    status: 503,
    ja: (d) => `データフォルダ（${d.location}）は別のプロセス（PID ${d.pid}）が使用中です`,
    en: (d) => `The data folder ${d.location} is in use by another process (PID ${d.pid})`,
  },
  NOT_FOUND: {
    status: 404,
    ja: (d) => (d.what ? `${d.what}が見つかりません` : 'ページが見つかりません'),
    en: (d) => (d.what ? `${d.what} not found` : 'Page not found'),
  },
  INVALID_INPUT: {
    status: 422,
    ja: (d) => `入力に誤りがあります: ${d.reason}`,
    en: (d) => `Invalid input: ${d.reason}`,
  },
  USER_EXISTS: {
    status: 409,
    ja: (d) => `ログイン名「${d.login}」は既に使われています`,
    en: (d) => `The login "${d.login}" is already taken`,
  },
  PASSWORD_TOO_WEAK: {
    status: 422,
    ja: (d) => `パスワードは${d.min}文字以上にしてください`,
    en: (d) => `The password must have at least ${d.min} characters`,
  },
  UNKNOWN_ROLE: {
    status: 422,
    ja: (d) => `役割「${d.role}」はありません（${d.allowed} のいずれか）`,
    en: (d) => `Unknown role "${d.role}" (one of ${d.allowed})`,
  },
  UNKNOWN_ORGANISATION: {
    status: 422,
    ja: (d) => `団体コード「${d.code}」は登録されていません`,
    en: (d) => `No organisation has the code "${d.code}"`,
  },
  DATASET_INVALID: {
    status: 422,
    ja: (d) => `データセット「${d.plan}」に誤りがあります: ${d.reason}`,
    en: (d) => `The dataset "${d.plan}" is invalid: ${d.reason}`,
  },
  DATASET_NOT_FOUND: {
    status: 404,
    ja: (d) => `データセット「${d.location}」が見つかりません（plan.json を含むフォルダを指定してください）`,
    en: (d) => `No dataset at ${d.location} (expected a folder with plan.json)`,
  },
  PLAN_NOT_FOUND: {
    status: 404,
    ja: (d) => `計画「${d.code}」は登録されていません`,
    en: (d) => `No plan has the code "${d.code}"`,
  },
  BACKUP_UNREADABLE: {
    status: 422,
    ja: (d) => `バックアップファイル（${d.location}）を読めません: ${d.reason}`,
    en: (d) => `Cannot read the backup file ${d.location}: ${d.reason}`,
  },
  BACKUP_SCHEMA_MISMATCH: {
    status: 409,
    ja: (d) => `バックアップのスキーマ（${d.backup}）と復元先のスキーマ（${d.database}）が一致しません。同じ版の Shinchoku で復元してください`,
    en: (d) => `The backup's schema (${d.backup}) differs from the database's (${d.database}); restore with the same Shinchoku version`,
  },
  RESTORE_TARGET_NOT_EMPTY: {
    status: 409,
    ja: (d) => `復元先のデータベースは空ではありません（表 ${d.table} にデータがあります）。新しいデータフォルダか空のデータベースに復元してください`,
    en: (d) => `The target database is not empty (table ${d.table} has rows); restore into a new data folder or an empty database`,
  },
  INTERNAL: {
    status: 500,
    ja: () => 'サーバーで問題が発生しました。時間をおいて再度お試しください',
    en: () => 'Something went wrong on the server. Please try again later',
  },
} satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof catalogue;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}) {
    super(catalogue[code].en(details));
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return catalogue[this.code].status;
  }

  /** The sentence a person reads, in Japanese by default. */
  describe(lang: 'ja' | 'en' = 'ja'): string {
    return catalogue[this.code][lang](this.details);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
