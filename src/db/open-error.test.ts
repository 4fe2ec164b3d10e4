// The reasons a data folder cannot be opened, as the person starting the server reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOpenError } from './open-error.js';

/** What PGlite throws for a failed file operation: Emscripten's ErrnoError, a number without a message. */
function errnoError(errno: number): unknown {
  return Object.assign(Object.create(null) as object, { name: 'ErrnoError', errno });
}

test('PGlite file-system errors: ENOSPC (51), EROFS (69), EACCES (2) in Japanese; an unknown errno by number', () => {
  assert.equal(describeOpenError(errnoError(51)), 'ディスクの空き容量がありません（ENOSPC）');
  assert.equal(describeOpenError(errnoError(69)), '読み取り専用のファイルシステムです（EROFS）');
  assert.equal(describeOpenError(errnoError(2)), '書き込む権限がありません（EACCES）');
  assert.equal(describeOpenError(errnoError(7)), 'ファイルの操作に失敗しました（errno 7）');
});

test('Node errors by code, other errors by their message', () => {
  assert.equal(describeOpenError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), 'ディスクの空き容量がありません（ENOSPC）');
  assert.equal(describeOpenError(new Error('PGlite failed to initialize properly')), 'PGlite failed to initialize properly');
});
