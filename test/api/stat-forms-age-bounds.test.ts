import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteriaAt } from '../../src/server/modules/stat-forms/cell-sql.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A form's age bands compare birth dates with bounds instead of computing each learner's age: the two
 * must agree with PostgreSQL's full years, `date_part('year', age(date, birth))`, for every birth date —
 * leap days and the day before and after a birthday included.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('age bands as birth-date bounds', () => {
  it('select exactly the learners whose full years on the date are within the band', async () => {
    const dates = [
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2025-02-28',
      '2025-03-01',
      '2025-01-01',
      '2024-12-31',
    ];
    const bands = [
      { min: 0, max: 0 },
      { min: 3 },
      { max: 5 },
      { min: 6, max: 6 },
      { min: 7, max: 9 },
      { min: 18 },
    ];
    const mismatches: string[] = [];
    for (const date of dates)
      for (const age of bands) {
        const rule = criteriaAt(date, { filters: [], age });
        const r = await sql<{ birth_date: string; years: number; inside: boolean }>`
          SELECT b.birth_date::text, date_part('year', age(${date}::date, b.birth_date))::int AS years,
                 ${rule} AS inside
            FROM (SELECT d::date AS birth_date
                    FROM generate_series('2004-01-01'::date, ${date}::date, interval '1 day') d) b`.execute(
          s.database.db,
        );
        for (const x of r.rows) {
          const want = x.years >= (age.min ?? 0) && x.years <= (age.max ?? 200);
          if (want !== x.inside)
            mismatches.push(`${date} ${JSON.stringify(age)} born ${x.birth_date}: ${x.years}`);
        }
        expect(r.rows.length).toBeGreaterThan(7000);
      }
    expect(mismatches).toEqual([]);
  });
});
