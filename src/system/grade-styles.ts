// Grade colours and bar lengths as a stylesheet, so that pages need no style attributes (the
// Content-Security-Policy allows none): an element says data-grade-color="#0031D8" or
// data-share="37" and the rules here give it --grade-color / --share. The colours are those of
// every scale in the database and the shipped scales.
import { Hono } from 'hono';
import { requires } from '../auth/middleware.js';
import type { Database, Queryable } from '../db/client.js';
import { evaluationScales } from '../db/schema.js';
import { SCALES } from '../domain/scales.js';

/** Only colours that cannot break out of a CSS rule: #rgb … #rrggbbaa, or a keyword. */
const SAFE_COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

/** CSS rules giving each colour's elements their --grade-color. */
export function gradeColorRules(colors: Iterable<string>): string {
  const safe = [...new Set(colors)].filter((color) => SAFE_COLOR.test(color)).sort();
  return safe.map((color) => `[data-grade-color="${color}"]{--grade-color:${color}}`).join('\n');
}

function shareRules(): string {
  return Array.from({ length: 101 }, (_, share) => `[data-share="${share}"]{--share:${share}%}`).join('\n');
}

export async function gradeStylesheet(db: Queryable): Promise<string> {
  const rows = await db.select({ grades: evaluationScales.grades }).from(evaluationScales);
  const colors = [...Object.values(SCALES), ...rows].flatMap((scale) => scale.grades.map((grade) => grade.color));
  return `${gradeColorRules(colors)}\n${shareRules()}\n`;
}

export function gradeStyleRoutes(database: Database) {
  const app = new Hono();
  app.get('/styles/grades.css', requires('public'), async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.body(await gradeStylesheet(database.db), 200, { 'content-type': 'text/css; charset=utf-8' });
  });
  return app;
}
