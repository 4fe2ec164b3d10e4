// Log lines: the request line built as a string is the same JSON as any other line, lines are
// gathered and written together, and a warning or error goes out at once after the lines before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { log } from './log.js';

function restoreLevel(previous: string | undefined): void {
  if (previous === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previous;
}

function capture(): { writes: string[]; restore: () => void } {
  const writes: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  return { writes, restore: () => (process.stderr.write = original) };
}

test('a request line is one JSON object with the request\'s fields, even with quotes and Japanese in the path', async () => {
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  const { writes, restore } = capture();
  try {
    log.request('id-"1"', 'GET', '/plans/"x"/items/1-(1)-①', 304, 1.234);
    assert.deepEqual(writes, [], 'gathered, not written at once');
    await new Promise((r) => setImmediate(r));
  } finally {
    restore();
    restoreLevel(previous);
  }
  assert.equal(writes.length, 1);
  const line = writes[0] ?? '';
  assert.ok(line.endsWith('}\n'));
  const parsed = JSON.parse(line) as Record<string, unknown>;
  assert.deepEqual({ ...parsed, time: 'T' }, { time: 'T', level: 'info', msg: 'request', requestId: 'id-"1"', method: 'GET', path: '/plans/"x"/items/1-(1)-①', status: 304, ms: 1.2 });
  assert.ok(!Number.isNaN(Date.parse(String(parsed.time))));
});

test('lines are written together; an error goes out at once, after the lines gathered before it', () => {
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  const { writes, restore } = capture();
  try {
    log.request('a', 'GET', '/', 200, 1);
    log.info('second', { n: 2 });
    log.error('broken', { n: 3 });
  } finally {
    restore();
    restoreLevel(previous);
  }
  assert.equal(writes.length, 1, 'one write for three lines');
  const lines = (writes[0] ?? '').trimEnd().split('\n').map((l) => JSON.parse(l) as { msg: string });
  assert.deepEqual(lines.map((l) => l.msg), ['request', 'second', 'broken']);
});

test('below the level nothing is written', async () => {
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'warn';
  const { writes, restore } = capture();
  try {
    log.request('a', 'GET', '/', 200, 1);
    log.info('quiet');
    await new Promise((r) => setImmediate(r));
  } finally {
    restore();
    restoreLevel(previous);
  }
  assert.deepEqual(writes, []);
});
