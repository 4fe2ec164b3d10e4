// How the audit log reads to a person (pure, no I/O): each action and kind of thing in Japanese,
// the time in Japan, and of each change only the fields that changed, before and after.

/** Every action the application records (recordAudit), in Japanese. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'api_token.create': 'APIトークンの発行',
  'api_token.revoke': 'APIトークンの失効',
  'catalogue.create': '比較カタログの項目の追加',
  'catalogue.update': '比較カタログの項目の変更',
  'catalogue.link': '比較カタログへの指標の紐付け',
  'catalogue.link.update': '比較カタログの紐付けの変更',
  'catalogue.unlink': '比較カタログの紐付けの解除',
  'dataset.load': '同梱データの読み込み',
  'department.create': '部署の追加',
  'department.rename': '部署の名称変更',
  'department.merge': '部署の統合',
  'department.abolish': '部署の廃止',
  'entry.save': '入力の下書き保存',
  'entry.submit': '入力の提出',
  'entry.return': '入力の差戻し',
  'entry.approve': '入力の承認',
  'entry.judge': '取り込みによる判定',
  'indicator.create': '指標の追加',
  'indicator.update': '指標の変更',
  'indicator.delete': '指標の削除',
  'indicator.reorder': '指標の並べ替え',
  'observation.create': '実績値の登録',
  'observation.update': '実績値の変更',
  'organisation.create': '団体の追加',
  'organisation.update': '団体の情報の変更',
  'plan.create': '計画の作成',
  'plan.update': '計画の情報の変更',
  'plan.status': '計画の状態の変更',
  'plan.import': 'Excel・CSV の取り込み',
  'plan.copy': '次期計画へのコピー',
  'plan.version': '計画の版の記録',
  'plan_item.create': '項目の追加',
  'plan_item.update': '項目の変更',
  'plan_item.delete': '項目の削除',
  'plan_item.move': '項目の移動',
  'plan_item.reorder': '項目の並べ替え',
  'plan_item.relist': '項目の再掲',
  'plan_item.retire': '項目の廃止',
  'plan_item.reinstate': '項目の復活',
  'report.request': '報告書の作成依頼',
  'round.open': '年度評価の開始（準備）',
  'round.preparing': '年度評価: 準備へ',
  'round.entry': '年度評価: 入力の開始',
  'round.review': '年度評価: 確認へ',
  'round.closed': '年度評価の確定',
  'round.published': '年度評価の公表',
  'round.reopen': '年度評価の差し戻し（再開）',
  'round.delete': '年度評価の削除（準備中）',
  'observation.correct': '公表した値の訂正',
  'scale.create': '評価尺度の作成',
  'scale.update': '評価尺度の変更',
  'target.create': '目標の追加',
  'target.update': '目標の変更',
  'target.delete': '目標の削除',
  'user.add': 'アカウントの追加',
  'user.update': 'アカウントの変更',
  'user.disable': 'アカウントの利用停止',
  'user.enable': 'アカウントの利用再開',
  'user.password_change': 'パスワードの変更（本人）',
  'user.password_reset': 'パスワードの再発行',
};

/** The kinds of things the log names (its subject type), in Japanese. */
export const AUDIT_SUBJECT_LABELS: Readonly<Record<string, string>> = {
  round: '年度評価',
  entry: '施策の入力',
  observation: '実績値',
  plan: '計画',
  plan_item: '項目（施策・事業）',
  indicator: '指標',
  target: '目標',
  department: '部署',
  organisation: '団体',
  evaluation_scale: '評価尺度',
  catalogue: '比較カタログ',
  catalogue_link: 'カタログの紐付け',
  user: 'アカウント',
  api_token: 'APIトークン',
  report_job: '報告書の作成',
};

/** The fields most records carry, in Japanese; others keep their name (the record under 詳細 has them all). */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  login: 'ログイン名',
  displayName: '表示名',
  email: 'メール',
  role: '役割',
  departments: '担当部署',
  plans: '担当計画',
  disabledAt: '利用停止',
  passwordChangedAt: 'パスワード設定',
  passwordMustChange: '発行したパスワード（本人の変更待ち）',
  state: '状態',
  selfGrade: '自己評価',
  computedGrade: '自動判定',
  finalGrade: '最終評価',
  disagreementReason: '判定と異なる理由',
  resultsText: '取組結果',
  planText: '取組計画',
  issuesText: '課題・今後に向けて',
  comment: 'コメント',
  fiscalYear: '年度',
  value: '値',
  text: '原文',
  asOf: '時点',
  missingReason: '値がない理由',
  note: '備考',
  code: 'コード',
  name: '名称',
  title: '名称',
  status: '状態',
  description: '説明',
  validFrom: '開始日',
  validTo: '終了日',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export function subjectLabel(type: string): string {
  return AUDIT_SUBJECT_LABELS[type] ?? type;
}

/** The actions whose Japanese label contains the text (so 「承認」 finds entry.approve). */
export function actionsLabelled(text: string): string[] {
  const wanted = text.trim();
  if (wanted === '') return [];
  return Object.entries(AUDIT_ACTION_LABELS).flatMap(([action, label]) => (label.includes(wanted) ? [action] : []));
}

const TOKYO = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** The time in Japan: 「2026/12/1 18:41:36」. */
export function tokyoTime(at: Date): string {
  return TOKYO.format(at);
}

/** One field of a change: its name (in Japanese when known), and its value before and after as text (— when absent). */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const LONGEST = 300;

/** A time as JSON writes it (2026-12-01T09:40:00.000Z): shown in Japan's time like the log's own. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A value as a short text: strings as they are (times in Japan), lists joined by 、, other values as JSON. */
export function valueText(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '—';
  else if (typeof value === 'string') text = value === '' ? '（空）' : ISO_TIME.test(value) ? tokyoTime(new Date(value)) : value;
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) text = value.length === 0 ? '（なし）' : value.join('、');
  else text = JSON.stringify(value);
  return text.length > LONGEST ? `${text.slice(0, LONGEST)}…` : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields that differ between before and after (in the order they first appear): every field
 * of a thing added (before null) or removed (after null); a value that is not an object is one
 * field, 「値」.
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    return JSON.stringify(before ?? null) === JSON.stringify(after ?? null) ? [] : [{ field: '値', before: valueText(before), after: valueText(after) }];
  }
  const old = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  return fields
    .filter((field) => JSON.stringify(old[field] ?? null) !== JSON.stringify(now[field] ?? null))
    .map((field) => ({ field: AUDIT_FIELD_LABELS[field] ?? field, before: valueText(old[field]), after: valueText(now[field]) }));
}
