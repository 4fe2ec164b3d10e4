// Public portal throughput: requests/s and latency (p50, p99) of the plan page and an item page
// with 50 concurrent keep-alive connections, beside nginx (Debian package `nginx-light` or
// `nginx`, started by this script) serving the same pages saved as static HTML in the same run.
// Prints the ratio portal ÷ nginx (goal ≥ 0.5×) and whether p99 < 50 ms.
//
//   npm run bench:portal                      # PGlite data folder in a temp directory
//   npm run bench:portal -- --seconds 20 --connections 50
//   DATABASE_URL=postgres://… npm run bench:portal
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCli } from '../src/test-support/cli.js';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, connections: { type: 'string' }, nginx: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 10);
const CONNECTIONS = Number(values.connections ?? 50);
const NGINX = values.nginx ?? ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const PAGES = [
  { name: 'plan page (sendai-2021)', path: '/plans/sendai-2021', file: 'plan.html' },
  { name: 'item page (sapporo-2nd 1)', path: '/plans/sapporo-2nd/items/1', file: 'item.html' },
];

interface Result {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** CONNECTIONS loops, each sending the next request as soon as the previous one is read. */
async function load(url: string, seconds: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get(url, { agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - started);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) await once();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

const work = mkdtempSync(join(tmpdir(), 'shinchoku-bench-portal-'));
let nginx: ChildProcess | undefined;
const portal = await startCli(['--data', join(work, 'data')], { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }, 120_000);
try {
  // saved static copies of the same pages, served by nginx
  const www = join(work, 'www');
  mkdirSync(www);
  chmodSync(work, 0o755); // nginx workers run as an unprivileged user when started by root
  for (const page of PAGES) writeFileSync(join(www, page.file), await (await fetch(`${portal.url}${page.path}`)).text());
  let nginxUrl: string | undefined;
  if (NGINX) {
    const port = await freePort();
    mkdirSync(join(work, 'nginx-temp'));
    writeFileSync(
      join(work, 'nginx.conf'),
      `worker_processes 1;
error_log ${join(work, 'nginx-error.log')} warn;
pid ${join(work, 'nginx.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(work, 'nginx-temp')};
  proxy_temp_path ${join(work, 'nginx-temp')};
  fastcgi_temp_path ${join(work, 'nginx-temp')};
  uwsgi_temp_path ${join(work, 'nginx-temp')};
  scgi_temp_path ${join(work, 'nginx-temp')};
  types { text/html html; }
  keepalive_requests 1000000;
  server { listen 127.0.0.1:${port}; root ${www}; }
}
`,
    );
    nginx = spawn(NGINX, ['-p', work, '-c', join(work, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
    nginxUrl = `http://127.0.0.1:${port}`;
    await waitFor(`${nginxUrl}/${PAGES[0]?.file}`);
  } else {
    console.log('nginx is not installed (apt-get install nginx-light): portal figures only');
  }

  console.log(`${CONNECTIONS} connections, ${SECONDS} s per run, database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
  const fmt = (r: Result) => `${r.perSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms${r.errors ? `  ${r.errors} errors` : ''}`;
  for (const page of PAGES) {
    await load(`${portal.url}${page.path}`, 1); // warm up
    const app = await load(`${portal.url}${page.path}`, SECONDS);
    console.log(`${page.name.padEnd(28)} portal ${fmt(app)}`);
    if (nginxUrl) {
      await load(`${nginxUrl}/${page.file}`, 1);
      const stat = await load(`${nginxUrl}/${page.file}`, SECONDS);
      console.log(`${''.padEnd(28)} nginx  ${fmt(stat)}`);
      const ratio = app.perSecond / stat.perSecond;
      console.log(`${''.padEnd(28)} ratio ${ratio.toFixed(3)}× (goal ≥ 0.5×: ${ratio >= 0.5 ? 'met' : 'not met'}), portal p99 < 50 ms: ${app.p99 < 50 ? 'met' : 'not met'}`);
    }
  }
} finally {
  nginx?.kill('SIGTERM');
  await portal.stop();
  rmSync(work, { recursive: true, force: true });
}
