import { countsAsOf } from '../../src/server/modules/education/contingent-as-of.ts';
import { ensureUser, signIn } from '../harness/app.ts';
import { historyDate, schools } from '../harness/education.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const SCHOOLS = 200;
const TARGET_P95_MS = 50;

/**
 * One school's contingent on a date, by class, with the learners' names: the learners placed in its
 * units that day whose status that day is not «exited». The SQL a class list of the whole school
 * needs; the routes answer it per class (`/v1/units/:id/learners`) and as counts per class.
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
  let failures = 0;
  return {
    name: 'school-contingent',
    description:
      "one school's contingent by class on a random date of the five years: the route " +
      'GET /api/v1/organizations/:id/contingent-by-unit?asOf= as the regional operator, the SQL of the ' +
      'whole class lists with names, and countsAsOf for the same school and date as the reference',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      ids = await schools(ctx.admin, SCHOOLS);
      const pool = ctx.app.database.pool;
      const db = ctx.app.database.db;
      const u = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const cookie = await signIn(ctx.appUrl, u.login, u.password);
      const pick = (call: number) => ({ school: ids[call % ids.length]!, on: historyDate(call) });
      return [
        {
          name: 'route',
          description: `GET /api/v1/organizations/:id/contingent-by-unit?asOf= over ${ids.length} schools, one request at a time`,
          load: {
            kind: 'timed',
            unit: 'request',
            run: async (call) => {
              const { school, on } = pick(call);
              const res = await fetch(
                `${ctx.appUrl}/api/v1/organizations/${school}/contingent-by-unit?asOf=${on}`,
                { headers: { cookie } },
              );
              await res.arrayBuffer();
              if (res.status !== 200) failures += 1;
              return { units: 1 };
            },
          },
        },
        {
          name: 'lists-sql',
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
      const p95 = results.find((r) => r.name === 'route')?.median.p95 ?? Number.NaN;
      const lists = results.find((r) => r.name === 'lists-sql')?.median.p95 ?? Number.NaN;
      console.warn(
        `school-contingent: route p95 ${p95.toFixed(1)} ms (target ≤ ${TARGET_P95_MS} ms), class lists with ` +
          `names p95 ${lists.toFixed(1)} ms; non-200 answers ${failures}`,
      );
      return {
        targetP95Ms: TARGET_P95_MS,
        p95Ms: p95,
        listsP95Ms: lists,
        failures,
        schools: ids.length,
        rowsRead: rows,
        sql: CONTINGENT_SQL,
      };
    },
  };
}
