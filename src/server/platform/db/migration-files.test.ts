import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figure } from './backfill-runner.ts';
import { backfillRequests, readMigrations, splitStatements } from './migration-files.ts';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = `-- a comment; with a semicolon
CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON a (x);
/* block; /* nested; */ still; */
SELECT 'it''s; here', "odd;name", E'\\'; still';
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
DO $$ BEGIN PERFORM 1; END $$;
-- trailing comment only`;
    expect(splitStatements(sql)).toEqual([
      '-- a comment; with a semicolon\nCREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON a (x)',
      `/* block; /* nested; */ still; */\nSELECT 'it''s; here', "odd;name", E'\\'; still'`,
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$',
      'DO $$ BEGIN PERFORM 1; END $$',
    ]);
  });

  it('keeps a positional parameter from being read as a dollar quote', () => {
    expect(splitStatements('SELECT $1; SELECT 2')).toEqual(['SELECT $1', 'SELECT 2']);
  });
});

describe('migration files', () => {
  it('reads the backfill declarations and the non-transactional marker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrations-'));
    writeFileSync(join(dir, '0001_a.sql'), '-- backfill: person_cards online\nSELECT 1;');
    writeFileSync(join(dir, '0002_b.nontx.sql'), 'CREATE INDEX CONCURRENTLY b_idx ON b (x);');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    const files = readMigrations(dir);
    expect(files.map((f) => [f.version, f.nontx, f.backfills])).toEqual([
      ['0001_a', false, [{ name: 'person_cards', mode: 'online' }]],
      ['0002_b', true, []],
    ]);
  });

  it('refuses a backfill without its mode and two files of one version', () => {
    expect(() => backfillRequests('0001_a.sql', '-- backfill: person_cards')).toThrow(/online\|blocking/);
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrations-'));
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0001_a.nontx.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/same version/);
  });

  it('writes progress figures with thousands apart', () => {
    expect(figure(1_913_437)).toBe('1 913 437');
    expect(figure(420_000)).toBe('420 000');
    expect(figure(12)).toBe('12');
  });
});
