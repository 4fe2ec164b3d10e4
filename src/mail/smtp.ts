// A small SMTP client for notices (reminders): plain SMTP or SMTP over TLS (smtps://), optional
// AUTH PLAIN, UTF-8 text mail. SMTP_URL = smtp[s]://[user:password@]host[:port][?from=address].
// STARTTLS is not spoken: use smtps:// (port 465) or a local relay.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { randomUUID } from 'node:crypto';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

export function smtpSettingsFrom(url: string): SmtpSettings {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got ${parsed.protocol})`);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 25,
    secure,
    ...(parsed.username ? { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : {}),
    from: parsed.searchParams.get('from') ?? `shinchoku@${parsed.hostname}`,
  };
}

const encodeHeader = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`);

export function formatMessage(from: string, message: MailMessage, date = new Date()): string {
  const body = Buffer.from(message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${randomUUID()}@shinchoku>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** Reads SMTP replies (multi-line aware) from a socket. */
class Replies {
  private buffer = '';
  private waiting: ((line: { code: number; text: string }) => void)[] = [];
  private ready: { code: number; text: string }[] = [];
  private failure: Error | undefined;

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      let lines: string[] = [];
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        lines.push(line);
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
          const reply = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
          lines = [];
          const next = this.waiting.shift();
          if (next) next(reply);
          else this.ready.push(reply);
        }
      }
      if (lines.length) this.buffer = `${lines.join('\r\n')}\r\n${this.buffer}`;
    });
    socket.on('error', (error) => {
      this.failure = error;
    });
  }

  next(timeoutMs = 10_000): Promise<{ code: number; text: string }> {
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.ready.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('SMTP server did not answer in time')), timeoutMs);
      this.waiting.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }
}

/** Sends the messages over one connection; returns how many the server accepted. */
export async function sendMail(settings: SmtpSettings, messages: readonly MailMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = settings.secure
      ? tlsConnect({ host: settings.host, port: settings.port, servername: settings.host }, () => resolve(s))
      : netConnect({ host: settings.host, port: settings.port }, () => resolve(s));
    s.once('error', reject);
  });
  const replies = new Replies(socket);
  const expect = async (codes: number[], command?: string) => {
    if (command !== undefined) socket.write(`${command}\r\n`);
    const reply = await replies.next();
    if (!codes.includes(reply.code)) throw new Error(`SMTP ${command?.split(' ')[0] ?? 'greeting'}: ${reply.text}`);
  };
  try {
    await expect([220]);
    await expect([250], 'EHLO shinchoku');
    if (settings.user) {
      const token = Buffer.from(`\u0000${settings.user}\u0000${settings.password ?? ''}`).toString('base64');
      await expect([235], `AUTH PLAIN ${token}`);
    }
    let sent = 0;
    for (const message of messages) {
      await expect([250], `MAIL FROM:<${settings.from}>`);
      await expect([250, 251], `RCPT TO:<${message.to}>`);
      await expect([354], 'DATA');
      // dot-stuffing: a line starting with "." gets another
      const data = formatMessage(settings.from, message).replace(/\r\n\./g, '\r\n..');
      await expect([250], `${data}\r\n.`);
      sent++;
    }
    await expect([221], 'QUIT').catch(() => undefined);
    return sent;
  } finally {
    socket.end();
  }
}
