// Structured logs: one JSON object per line on stderr, so that a command's own output on
// stdout (an export, a report) stays clean.
// LOG_LEVEL=silent|error|warn|info|debug (default info; tests default to warn).

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? '').toLowerCase();
  if (configured in order) return order[configured as Level | 'silent'];
  return process.env.NODE_TEST_CONTEXT ? order.warn : order.info;
}

function write(level: Level, msg: string, fields: Record<string, unknown>): void {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  process.stderr.write(line + '\n');
}

export const log = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => write('debug', msg, fields),
  info: (msg: string, fields: Record<string, unknown> = {}) => write('info', msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write('warn', msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write('error', msg, fields),
};
