// Why a database could not be opened, in words a person can act on. PGlite reports file-system
// failures as Emscripten ErrnoError objects (a number, no message); Node reports ENOSPC and the
// like as a code.

/** Emscripten's errno numbers (musl, as PGlite's file system uses them) for failures of a data folder. */
const EMSCRIPTEN_ERRNO: Record<number, string> = { 2: 'EACCES', 19: 'EDQUOT', 29: 'EIO', 51: 'ENOSPC', 54: 'ENOTDIR', 69: 'EROFS' };

const MEANING: Record<string, string> = {
  ENOSPC: 'ディスクの空き容量がありません',
  EDQUOT: 'ディスクの使用量の上限（クォータ）に達しています',
  EROFS: '読み取り専用のファイルシステムです',
  EACCES: '書き込む権限がありません',
  EPERM: '書き込む権限がありません',
  ENOTDIR: 'パスの途中がフォルダではありません',
  EIO: 'ディスクの読み書きに失敗しました',
};

export function describeOpenError(error: unknown): string {
  const value = error as { name?: unknown; errno?: unknown; code?: unknown; message?: unknown } | null;
  const code = typeof value?.code === 'string'
    ? value.code
    : value?.name === 'ErrnoError' && typeof value.errno === 'number' ? EMSCRIPTEN_ERRNO[value.errno] : undefined;
  if (code && MEANING[code]) return `${MEANING[code]}（${code}）`;
  if (typeof value?.message === 'string' && value.message) return value.message;
  if (value?.name === 'ErrnoError' && typeof value.errno === 'number') return `ファイルの操作に失敗しました（errno ${value.errno}）`;
  return String(error);
}
