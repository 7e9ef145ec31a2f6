import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type BackfillMode = 'blocking' | 'online';
export type BackfillRequest = { name: string; mode: BackfillMode };

export type MigrationFile = {
  file: string;
  /** `NNNN_name`, the key in schema_migrations; the `.nontx` marker is not part of it. */
  version: string;
  text: string;
  checksum: string;
  /** `NNNN_name.nontx.sql`: run statement by statement outside a transaction. */
  nontx: boolean;
  /** `-- backfill: <name> online|blocking` lines: data steps to run (again) once the schema is in place. */
  backfills: BackfillRequest[];
};

const FILE = /^(\d{4}_[a-z0-9_]+)(\.nontx)?\.sql$/;
const BACKFILL_LINE = /^--\s*backfill:\s*(\S+)(?:\s+(\S+))?\s*$/gm;

/** The migration files of a directory in the order they apply, with what each declares. */
export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort();
  const seen = new Map<string, string>();
  return files.map((file) => {
    const [, version, nontx] = FILE.exec(file) as RegExpExecArray;
    const other = seen.get(version as string);
    if (other) throw new Error(`Migrations ${other} and ${file} have the same version`);
    seen.set(version as string, file);
    const text = readFileSync(join(dir, file), 'utf8');
    return {
      file,
      version: version as string,
      text,
      checksum: createHash('sha256').update(text).digest('hex'),
      nontx: nontx !== undefined,
      backfills: backfillRequests(file, text),
    };
  });
}

export function backfillRequests(file: string, text: string): BackfillRequest[] {
  return [...text.matchAll(BACKFILL_LINE)].map(([, name, mode]) => {
    if (mode !== 'online' && mode !== 'blocking') {
      throw new Error(`Migration ${file}: a backfill is declared "-- backfill: ${name} online|blocking"`);
    }
    return { name: name as string, mode };
  });
}

/**
 * Splits a script into its statements at top-level semicolons, skipping those inside quotes, quoted
 * identifiers, dollar-quoted bodies and comments. Statements that are only comments are left out.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const s = sql.slice(start, end).trim();
    if (stripComments(s).trim()) out.push(s);
    start = end + 1;
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') {
      i = blockCommentEnd(sql, i);
    } else if (ch === "'" || ch === '"') {
      const escapes = ch === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      i = quotedEnd(sql, i, ch, escapes);
    } else if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag && !/\w/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
      } else i++;
    } else if (ch === ';') {
      push(i);
      i++;
    } else i++;
  }
  push(sql.length);
  return out;
}

function blockCommentEnd(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}

function quotedEnd(sql: string, from: number, quote: string, escapes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (escapes && ch === '\\') i += 2;
    else if (ch === quote && sql[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  return i;
}

function stripComments(s: string): string {
  return s.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}
