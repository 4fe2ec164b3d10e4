#!/usr/bin/env node
// Entry point of the `shinchoku` command: runs the compiled code in dist/ (built by
// `npm install` through the prepare script, or by `npm run build`).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error('shinchoku: dist/ がありません。先に `npm install`（または `npm run build`）を実行してください。');
  process.exit(1);
}
await import(compiled.href);
