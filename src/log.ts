// Structured logs: one JSON object per line on stderr, so that a command's own output on
// stdout (an export, a report) stays clean.
// LOG_LEVEL=silent|error|warn|info|debug (default info; tests default to warn).
//
// Lines are gathered and written once per turn of the event loop (a busy server writes many
// request lines with one system call); a warning or an error is written at once, after the
// lines before it, and whatever is gathered is written when the process exits.

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? '').toLowerCase();
  if (configured in order) return order[configured as Level | 'silent'];
  return process.env.NODE_TEST_CONTEXT ? order.warn : order.info;
}

let gathered = '';
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (gathered === '') return;
  const out = gathered;
  gathered = '';
  process.stderr.write(out);
}

process.on('exit', flush);

function emit(line: string, urgent: boolean): void {
  gathered += line;
  if (urgent || gathered.length > 64 * 1024) flush();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function write(level: Level, msg: string, fields: Record<string, unknown>): void {
  if (order[level] < threshold()) return;
  emit(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n', order[level] >= order.warn);
}

export const log = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => write('debug', msg, fields),
  info: (msg: string, fields: Record<string, unknown> = {}) => write('info', msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write('warn', msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write('error', msg, fields),
  /** The line of one HTTP request: the same JSON as log.info('request', …), built without an object. */
  request: (requestId: string, method: string, path: string, status: number, ms: number) => {
    if (order.info < threshold()) return;
    emit(
      `{"time":"${new Date().toISOString()}","level":"info","msg":"request","requestId":${JSON.stringify(requestId)},"method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"ms":${Math.round(ms * 10) / 10}}\n`,
      false,
    );
  },
};
