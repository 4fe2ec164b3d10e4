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
  REQUEST_TOO_LARGE: {
    status: 413,
    ja: (d) => `送信されたデータが大きすぎます（上限 ${d.limitMb} MB）`,
    en: (d) => `The request is too large (limit ${d.limitMb} MB)`,
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
  INPUT_NUL: {
    status: 400,
    ja: () => '入力に使えない文字（NUL 文字）が含まれています。URL やフォームの内容を確かめてください',
    en: () => 'The request contains a NUL character, which no input may hold',
  },
  MALFORMED_BODY: {
    status: 400,
    ja: () => '送信された内容を読めません（JSON の書式が正しくないか、本文が空です）',
    en: (d) => `The request body cannot be read: ${d.reason}`,
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
  CHANGED_MEANWHILE: {
    status: 409,
    ja: (d) => `${d.what}は、この画面を開いた後にほかの人が保存しました。フォームには入力した内容を残し、ほかの欄はいまの内容を表示しています。確かめて、もう一度保存してください`,
    en: (d) => `${d.whatEn} was saved by someone else after this page was opened; check your changes against it and save again`,
  },
  ACCOUNT_CHANGED: {
    status: 409,
    ja: (d) => `アカウント「${d.login}」は、この画面を開いた後にほかの人が変更しました。いまの内容を上に表示しています。入力した内容を確かめて、もう一度保存してください`,
    en: (d) => `The account "${d.login}" was changed by someone else after this page was opened; check what you typed against its current state and save again`,
  },
  PASSWORD_MUST_CHANGE: {
    status: 403,
    ja: () => '管理者が発行したパスワードのままです。パスワード変更の画面で自分のパスワードに変えてから操作してください',
    en: () => 'You are signed in with a password an administrator issued; set your own password first',
  },
  ACCOUNT_NOT_FOUND: {
    status: 404,
    ja: (d) => `ログイン名「${d.login}」のアカウントはありません`,
    en: (d) => `No account has the login "${d.login}"`,
  },
  ACCOUNT_OWN: {
    status: 422,
    ja: (d) => `自分のアカウントの${d.what}はできません。ほかの本部管理者に依頼してください`,
    en: (d) => `You cannot ${d.whatEn} your own account; ask another administrator`,
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
  FEEDBACK_INVALID: {
    status: 422,
    ja: () => 'ご意見の本文を1〜4,000字で入力してください（お名前は100字以内）',
    en: () => 'Please write your feedback in 1 to 4,000 characters (name up to 100)',
  },
  FEEDBACK_RATE_LIMITED: {
    status: 429,
    ja: (d) => `短い時間に多くのご意見が送られたため、受け付けを一時的に止めています。${d.minutes}分後にもう一度お試しください`,
    en: (d) => `Too much feedback from your address. Try again in ${d.minutes} minutes`,
  },
  FEEDBACK_NOT_FOUND: {
    status: 404,
    ja: (d) => `確認待ちのご意見（番号 ${d.id}）はありません`,
    en: (d) => `No pending feedback with id ${d.id}`,
  },
  UNAUTHENTICATED: {
    status: 401,
    ja: () => 'ログインしてください',
    en: () => 'Please sign in',
  },
  FORBIDDEN: {
    status: 403,
    ja: (d) => (d.what ? `${d.what}の権限がありません` : 'この操作を行う権限がありません'),
    en: (d) => (d.what ? `You may not ${d.what}` : 'You are not allowed to do this'),
  },
  CSRF_INVALID: {
    status: 403,
    ja: () => 'フォームの有効期限が切れたか、正しくない送信です。ページを読み込み直してからもう一度送信してください',
    en: () => 'The form has expired or was not sent from this site. Reload the page and send it again',
  },
  LOGIN_FAILED: {
    status: 401,
    ja: () => 'ログイン名またはパスワードが正しくありません',
    en: () => 'Wrong login or password',
  },
  LOGIN_RATE_LIMITED: {
    status: 429,
    ja: (d) => `ログインの失敗が続いたため、一時的にログインできません。${d.minutes}分後にもう一度お試しください`,
    en: (d) => `Too many failed sign-ins. Try again in ${d.minutes} minutes`,
  },
  PASSWORD_CURRENT_WRONG: {
    status: 422,
    ja: () => '現在のパスワードが正しくありません',
    en: () => 'The current password is wrong',
  },
  PASSWORD_MISMATCH: {
    status: 422,
    ja: () => '新しいパスワードと確認用のパスワードが一致しません',
    en: () => 'The new password and its confirmation differ',
  },
  ROUND_EXISTS: {
    status: 409,
    ja: (d) => `計画「${d.plan}」の${d.year}の評価は既にあります`,
    en: (d) => `The plan "${d.plan}" already has a round for ${d.year}`,
  },
  ROUND_TRANSITION_INVALID: {
    status: 409,
    ja: (d) => `評価の状態を「${d.from}」から「${d.to}」へ変えることはできません`,
    en: (d) => `A round cannot move from ${d.from} to ${d.to}`,
  },
  ROUND_LOCKED: {
    status: 409,
    ja: (d) => `${d.year ? `${d.year}の` : 'この'}評価は「${d.state}」のため、入力・変更できません（確定・公表した値は、本部が「訂正」で理由とともに変更します）`,
    en: (d) => `The round${d.year ? ` of ${d.year}` : ''} is ${d.state}; it cannot be changed (headquarters changes a closed or published value with a correction, giving the reason)`,
  },
  ROUND_NOT_OPEN: {
    status: 409,
    ja: (d) => `${d.year}の入力は受け付けていません（${d.reason}）`,
    en: (d) => `Entries of ${d.year} are not accepted (${d.reasonEn})`,
  },
  ENTRY_NOT_EDITABLE: {
    status: 409,
    ja: (d) => `${d.year}の「${d.item}」の入力は「${d.state}」のため変更できません（差し戻されてから入力してください）`,
    en: (d) => `The entry of ${d.item} for ${d.year} is ${d.state}; it cannot be changed until it is returned`,
  },
  VALUE_UNREADABLE: {
    status: 422,
    ja: (d) => `${d.reason}`,
    en: (d) => `"${d.text}" cannot be read: ${d.reason}`,
  },
  UNIT_MISMATCH: {
    status: 422,
    ja: (d) => `「${d.text}」の単位「${d.unit}」が指標の単位「${d.expected}」と違います`,
    en: (d) => `The unit "${d.unit}" of "${d.text}" is not the indicator's unit "${d.expected}"`,
  },
  ROUND_YEAR_OUTSIDE_PLAN: {
    status: 422,
    ja: (d) => `${d.year}は計画の期間（${d.period}）の外です`,
    en: (d) => `${d.year} is outside the plan period (${d.period})`,
  },
  ROUND_NOT_DELETABLE: {
    status: 409,
    ja: (d) => `「${d.state}」の評価は削除できません（削除できるのは準備中の評価だけです）`,
    en: (d) => `A round in state ${d.state} cannot be deleted (only a round in preparation can)`,
  },
  ROUND_PREFLIGHT_REQUIRED: {
    status: 422,
    ja: (d) => `「${d.to}」に進める前に、確認画面で入力の状況と公開される内容を確かめてください`,
    en: (d) => `Check the entries and what will be public on the confirmation page before moving the round to ${d.to}`,
  },
  ROUND_PREFLIGHT_STALE: {
    status: 409,
    ja: () => '確認画面を開いた後に入力の状況が変わりました。もう一度確認してから実行してください',
    en: () => 'The entries changed after the confirmation page was opened; check again before going on',
  },
  CORRECTION_NOT_NEEDED: {
    status: 409,
    ja: (d) => `${d.year}の評価は公表・確定されていないため、訂正ではなく入力画面で変更します`,
    en: (d) => `The round of ${d.year} is not closed or published: change the value through the entry, not a correction`,
  },
  ENTRY_TRANSITION_INVALID: {
    status: 409,
    ja: (d) => `状態が「${d.from}」の入力は${d.action}できません`,
    en: (d) => `An entry in state ${d.from} cannot be ${d.action}`,
  },
  ENTRY_CONFLICT: {
    status: 409,
    ja: (d) => `保存できませんでした。あなたが編集している間に${d.by}さんがこの入力を更新しました（${d.at}）。下に相手の変更とあなたの入力を並べています。確認して、もう一度保存してください`,
    en: (d) => `Not saved: ${d.by} updated this entry while you were editing (${d.at}). Review both versions and save again`,
  },
  ORGANISATION_NOT_FOUND: {
    status: 404,
    ja: (d) => `団体「${d.code}」は登録されていません`,
    en: (d) => `No organisation has the code "${d.code}"`,
  },
  ITEM_NOT_FOUND: {
    status: 404,
    ja: (d) => `計画「${d.plan}」に項目「${d.code}」はありません`,
    en: (d) => `The plan "${d.plan}" has no item "${d.code}"`,
  },
  // plan authoring (src/admin/)
  CODE_TAKEN: {
    status: 409,
    ja: (d) => `コード「${d.code}」は既に${d.what}で使われています。別のコードにしてください`,
    en: (d) => `The code "${d.code}" is already used by ${d.what}; choose another`,
  },
  ITEM_MOVE_INVALID: {
    status: 422,
    ja: (d) => `項目「${d.code}」を移動できません: ${d.reason}`,
    en: (d) => `Cannot move the item "${d.code}": ${d.reasonEn}`,
  },
  ITEM_HAS_RECORDS: {
    status: 409,
    ja: (d) => `項目「${d.code}」には${d.what}があるため削除できません。削除の代わりに廃止（理由を記録）してください`,
    en: (d) => `The item "${d.code}" has ${d.whatEn} and cannot be deleted; retire it with a reason instead`,
  },
  // observations: a count; catalogue: the name of the linked catalogue entry ('' when none)
  INDICATOR_HAS_RECORDS: {
    status: 409,
    ja: (d) => {
      const has = [Number(d.observations) > 0 ? `実績値（${d.observations}件）` : '', d.catalogue ? `都市間比較カタログ「${d.catalogue}」への対応付け` : ''].filter(Boolean).join('と');
      const instead = Number(d.observations) > 0
        ? '実績値は記録として残すため、指標ごと削除することはできません。評価の対象から外すには、指標の設定で「参考指標（評価の対象外）」にしてください'
        : `先に都市間比較カタログの「${d.catalogue}」のページで、この指標の「対応を外す」を押してから削除してください`;
      return `指標「${d.code}」（${d.name}）には${has}があるため削除できません。${instead}`;
    },
    en: (d) => {
      const has = [Number(d.observations) > 0 ? `${d.observations} observation(s)` : '', d.catalogue ? `a link from the comparison catalogue entry "${d.catalogue}"` : ''].filter(Boolean).join(' and ');
      const instead = Number(d.observations) > 0
        ? 'observations are kept as records; to leave it out of the evaluation, mark it as a reference indicator (参考指標)'
        : `unlink it on the catalogue entry "${d.catalogue}" first, then delete it`;
      return `The indicator "${d.code}" (${d.name}) has ${has} and cannot be deleted; ${instead}`;
    },
  },
  INDICATOR_NOT_FOUND: {
    status: 404,
    ja: (d) => `計画「${d.plan}」に指標「${d.code}」はありません`,
    en: (d) => `The plan "${d.plan}" has no indicator "${d.code}"`,
  },
  ROUND_NOT_PUBLISHED: {
    status: 404,
    ja: (d) => `計画「${d.plan}」の${d.year}の評価は公表されていません`,
    en: (d) => `The evaluation of ${d.year} for the plan "${d.plan}" is not published`,
  },
  CATALOGUE_ENTRY_NOT_FOUND: {
    status: 404,
    ja: (d) => `都市間比較の共通指標「${d.code}」はありません`,
    en: (d) => `No shared comparison indicator has the code "${d.code}"`,
  },
  INVALID_CURSOR: {
    status: 422,
    ja: () => 'cursor が正しくありません。前の応答の next の値をそのまま指定してください',
    en: () => 'Invalid cursor: pass the "next" value of the previous answer unchanged',
  },
  API_TOKEN_INVALID: {
    status: 401,
    ja: () => 'API トークンが正しくないか、失効または期限切れです',
    en: () => 'The API token is wrong, revoked or expired',
  },
  API_TOKEN_NOT_FOUND: {
    status: 404,
    ja: (d) => `API トークン（番号 ${d.id}）はありません`,
    en: (d) => `No API token with id ${d.id}`,
  },
  API_USER_NOT_FOUND: {
    status: 404,
    ja: (d) => `ログイン名「${d.login}」のアカウントはありません（無効にされたアカウントを含む）`,
    en: (d) => `No enabled account has the login "${d.login}"`,
  },
  OPENDATA_FILE_NOT_FOUND: {
    status: 404,
    ja: (d) => `オープンデータのファイル「${d.file}」はありません（${d.allowed}）`,
    en: (d) => `No open data file "${d.file}" (${d.allowed})`,
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
  // departments through reorganisations (src/departments/) and plan versions (src/versions/)
  DEPARTMENT_ENDED: {
    status: 409,
    ja: (d) => `部署「${d.name}」は${d.date}に${d.how}済みです。現在の部署を選んでください`,
    en: (d) => `The department "${d.name}" already ended on ${d.date} (${d.howEn}); choose a current department`,
  },
  DEPARTMENT_DATE_INVALID: {
    status: 422,
    ja: (d) => `${d.what}の日付（${d.date}）は部署「${d.name}」の開始日（${d.from}）より後の日にしてください`,
    en: (d) => `The date of the ${d.whatEn} (${d.date}) must be after the start of "${d.name}" (${d.from})`,
  },
  DEPARTMENT_STILL_OWNS_ITEMS: {
    status: 409,
    ja: (d) => `部署「${d.name}」は実施中の計画の項目 ${d.count}件（${d.items}）のただ一つの担当課です。廃止する前に、担当課を付け替えるか、別の部署へ統合してください`,
    en: (d) => `The department "${d.name}" is the only owner of ${d.count} items of active plans (${d.items}); reassign them or merge it into another department first`,
  },
  VERSION_NOT_FOUND: {
    status: 404,
    ja: (d) => `計画「${d.plan}」に第${d.number}版はありません`,
    en: (d) => `The plan "${d.plan}" has no version ${d.number}`,
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
