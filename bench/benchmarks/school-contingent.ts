import { countsAsOf } from '../../src/server/modules/education/contingent-as-of.ts';
import { historyDate, schools } from '../harness/education.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const SCHOOLS = 200;
const TARGET_P95_MS = 50;

/**
 * One school's contingent on a date, by class: the learners placed in its units that day whose status
 * that day is not «exited», with their names. What `GET /v1/organizations/:id/contingent-by-unit?asOf=`
 * answers; measured at the SQL level until that route is on main.
 */
export const CONTINGENT_SQL = `
  SELECT u.id AS unit_id, u.name AS unit_name, p.id AS person_id, p.last_name, p.first_name, p.middle_name,
         sp.status
    FROM units u
    JOIN placements pl ON pl.unit_id = u.id AND pl.valid_from <= $2::date
                      AND (pl.valid_to IS NULL OR pl.valid_to > $2::date)
    JOIN enrollments e ON e.id = pl.enrollment_id
    JOIN enrollment_status_periods sp ON sp.enrollment_id = e.id AND sp.valid_from <= $2::date
                                     AND (sp.valid_to IS NULL OR sp.valid_to > $2::date) AND sp.status <> 'exited'
    JOIN persons p ON p.id = e.person_id
   WHERE u.organization_id = $1 AND u.academic_year_id =
         (SELECT id FROM academic_years WHERE starts_on <= $2::date AND ends_on >= $2::date)
   ORDER BY u.grade, u.name, p.last_name, p.first_name`;

export function schoolContingent(): Benchmark {
  let ids: string[] = [];
  let rows = 0;
  return {
    name: 'school-contingent',
    description:
      "one school's contingent by class on a random date of the five years (SQL of the contingent-by-unit " +
      'read, on the app pool), and countsAsOf for the same school and date as the reference',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      ids = await schools(ctx.admin, SCHOOLS);
      const pool = ctx.app.database.pool;
      const db = ctx.app.database.db;
      const pick = (call: number) => ({ school: ids[call % ids.length]!, on: historyDate(call) });
      return [
        {
          name: 'by-unit',
          description: `${CONTINGENT_SQL.replace(/\s+/g, ' ').trim().slice(0, 90)}… over ${ids.length} schools`,
          load: {
            kind: 'timed',
            unit: 'query',
            run: async (call) => {
              const { school, on } = pick(call);
              const r = await pool.query({
                name: 'bench-contingent',
                text: CONTINGENT_SQL,
                values: [school, on],
              });
              rows += r.rowCount ?? 0;
              return { units: 1 };
            },
          },
        },
        {
          name: 'counts-as-of',
          baseline: true,
          description: 'countsAsOf(db, [school], date): the count only',
          load: {
            kind: 'timed',
            unit: 'query',
            run: async (call) => {
              const { school, on } = pick(call);
              await countsAsOf(db, [school], on);
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const p95 = results.find((r) => r.name === 'by-unit')?.median.p95 ?? Number.NaN;
      console.warn(`school-contingent: p95 ${p95.toFixed(1)} ms (target ≤ ${TARGET_P95_MS} ms)`);
      return {
        targetP95Ms: TARGET_P95_MS,
        p95Ms: p95,
        schools: ids.length,
        rowsRead: rows,
        sql: CONTINGENT_SQL,
      };
    },
  };
}
