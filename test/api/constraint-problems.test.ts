import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSTRAINT_PROBLEMS } from '../../src/server/platform/db/constraint-problems.ts';
import { PROBLEMS } from '../../src/server/platform/errors.ts';
import { toAppError } from '../../src/server/platform/http/problem-handler.ts';
import { buildMunicipality, buildOrganization, buildRegion, buildUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

/** What PostgreSQL raised for a statement, as the problem handler would answer it. */
async function problemOf(sql: string, params: unknown[] = []) {
  const err = await s.owner.query(sql, params).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, sql).not.toBeNull();
  return toAppError(err);
}

describe('database constraints map to problems', () => {
  it('every unique, primary-key, check and exclusion constraint and unique index of the catalogue is in the table', async () => {
    const r = await s.owner.query<{ name: string }>(`
      SELECT c.conname AS name
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = 'public' AND c.contype IN ('u', 'p', 'c', 'x')
      UNION
      SELECT i.indexrelid::regclass::text
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND i.indisunique`);
    const names = r.rows.map((row) => row.name.replace(/^public\./, ''));
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((name) => !CONSTRAINT_PROBLEMS[name]).sort()).toEqual([]);
  });

  it('every entry answers a 4xx problem with a Russian detail', () => {
    for (const [name, p] of Object.entries(CONSTRAINT_PROBLEMS)) {
      expect(PROBLEMS[p.code].status, name).toBeGreaterThanOrEqual(400);
      expect(PROBLEMS[p.code].status, name).toBeLessThan(500);
      expect(p.detail, name).toMatch(/[А-Яа-яЁё]/);
    }
  });

  it('real violations raised by PostgreSQL become their problems, never internal', async () => {
    const region = await buildRegion(s);
    const org = await buildOrganization(s, { territoryId: await buildMunicipality(s) });
    const admin = await buildUser(s, 'regional_operator', region);
    const learner = await createLearner(s, admin, org.id);
    const snils = (await s.owner.query('SELECT snils FROM persons WHERE id = $1', [learner.id])).rows[0]
      .snils;

    const unique = await problemOf(
      `INSERT INTO persons (last_name, first_name, birth_date, sex, snils, citizenship_codes)
       VALUES ('Тест', 'Тест', '2015-01-01', 'male', $1, '{643}')`,
      [snils],
    );
    expect(unique.code).toBe('duplicate_person');
    expect(unique.errors).toEqual([expect.objectContaining({ path: 'body.snils', code: 'duplicate' })]);

    const selfLink = await problemOf(
      `INSERT INTO representations (learner_id, representative_id, relation) VALUES ($1, $1, 'mother')`,
      [learner.id],
    );
    expect(selfLink.code).toBe('business_rule');
    expect(selfLink.errors[0]?.path).toBe('body.representativeId');

    const check = await problemOf(`UPDATE organizations SET capacity = -1 WHERE id = $1`, [org.id]);
    expect(check.code).toBe('validation_failed');
    expect(check.errors[0]?.path).toBe('body.capacity');

    const missing = await problemOf(
      `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2024-09-01')`,
      [learner.id, '00000000-0000-4000-8000-000000000000'],
    );
    expect(missing.code).toBe('validation_failed');

    const referenced = await problemOf(`DELETE FROM organizations WHERE id = $1`, [org.id]);
    expect(referenced.code).toBe('conflict');
  });

  it('a NUL byte that reaches PostgreSQL, as text or in jsonb, is bad input', async () => {
    for (const [sql, value] of [
      ['SELECT $1::text', 'a\u0000b'],
      ['SELECT $1::jsonb', '{"a": "\\u0000"}'],
    ] as const) {
      const p = await problemOf(sql, [value]);
      expect(p.code, sql).toBe('validation_failed');
      expect(p.errors[0]?.code, sql).toBe('control_character');
    }
  });
});
