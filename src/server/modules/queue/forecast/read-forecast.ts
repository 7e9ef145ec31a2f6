import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { referenceDate } from '../applications/read-public-position.ts';
import { ForecastActions } from './forecast.policy.ts';
import type { Forecast, ForecastRow, forecastQuery } from './forecast.schemas.ts';

/** Kindergarten ages: full years on 1 September, from the nursery to the year before school. */
const AGES = [1, 2, 3, 4, 5, 6];
// A mixed-age group's places are shared among the kindergarten ages it spans.

/**
 * Demand against capacity for the next 1–3 Septembers, per municipality of the territory and age:
 * capacity from the groups of the academic year of that date, or of the latest before it (a mixed-age
 * group's places shared evenly among its ages), less the children attending now who will still be of that age; against the waiting
 * applications of children of that age then, and beside them the children living there who are neither
 * in a kindergarten nor in the queue (the region's registered children by birth year). Aggregates only.
 */
export async function readForecast(ctx: Ctx, q: z.infer<typeof forecastQuery>): Promise<Forecast> {
  const grants = authorize(ctx.actor!, ForecastActions['forecast.read']);
  const t = await ctx.db
    .selectFrom('territories')
    .select(['id', 'name'])
    .where('id', '=', q.territoryId)
    .executeTakeFirst();
  if (!t) throw notFound('Территория');
  if (!(await grantCovering(ctx.db, grants, t.id))) throw forbidden('Территория вне вашей области доступа');
  const first = referenceDate(dateInZone(new Date(), ctx.config.timeZone));
  const dates = Array.from({ length: q.years }, (_, i) => `${Number(first.slice(0, 4)) + i}-09-01`);
  const r = await sql<{
    municipality_id: string;
    municipality_name: string;
    on: string;
    age: number;
    capacity: string;
    continuing: number;
    queue: number;
    not_in_queue: number;
  }>`
    WITH m AS (
      SELECT t.id, t.name FROM territories t
       WHERE t.kind = 'municipality'
         AND (t.id = ${t.id} OR t.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${t.id}))),
    d AS (SELECT unnest(${dates}::date[]) AS on_date),
    ages AS (SELECT unnest(${AGES}::int[]) AS age),
    kg AS (
      SELECT m.id AS municipality_id, o.id AS organization_id
        FROM m JOIN scope_closure c ON c.ancestor_id = m.id
        JOIN organizations o ON o.id = c.descendant_id AND o.kind = 'preschool' AND o.status <> 'liquidated'),
    latest AS (
      SELECT DISTINCT ON (u.organization_id, d.on_date) u.organization_id, d.on_date, u.academic_year_id
        FROM units u JOIN academic_years y ON y.id = u.academic_year_id CROSS JOIN d
       WHERE u.kind = 'group' AND u.organization_id IN (SELECT organization_id FROM kg) AND y.starts_on <= d.on_date
       ORDER BY u.organization_id, d.on_date, y.starts_on DESC),
    cap AS (
      SELECT kg.municipality_id, l.on_date, a.age,
             sum(u.capacity::numeric
                 / greatest(least(u.age_to, ${AGES.at(-1)! + 1}) - greatest(u.age_from, ${AGES[0]!}), 1)) AS capacity
        FROM kg JOIN latest l ON l.organization_id = kg.organization_id
        JOIN units u ON u.organization_id = l.organization_id AND u.academic_year_id = l.academic_year_id
                    AND u.kind = 'group' AND u.age_to > u.age_from AND u.capacity IS NOT NULL
        JOIN ages a ON a.age >= u.age_from AND a.age < u.age_to
       GROUP BY 1, 2, 3),
    attending AS (
      SELECT kg.municipality_id, p.birth_date
        FROM kg JOIN enrollments e ON e.organization_id = kg.organization_id AND e.ended_on IS NULL
        JOIN persons p ON p.id = e.person_id),
    waiting AS (
      SELECT a.municipality_id, p.birth_date, a.desired_on
        FROM preschool_applications a JOIN persons p ON p.id = a.child_id
       WHERE a.municipality_id IN (SELECT id FROM m)
         AND a.status IN ('new', 'under_review', 'awaiting_confirmation', 'queued', 'wants_change')),
    living AS (
      SELECT DISTINCT ON (p.id) m.id AS municipality_id, p.birth_date
        FROM persons p
        JOIN person_addresses ad ON ad.person_id = p.id AND ad.oktmo IS NOT NULL
        JOIN territories tt ON tt.oktmo IN (ad.oktmo, left(ad.oktmo, 8))
        JOIN scope_closure c ON c.descendant_id = tt.id
        JOIN m ON m.id = c.ancestor_id
       WHERE p.status = 'active'
         AND p.birth_date > (SELECT min(on_date) FROM d) - interval '8 years'
         AND p.birth_date <= (SELECT max(on_date) FROM d) - interval '1 year'
         AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = p.id AND e.ended_on IS NULL)
         AND NOT EXISTS (SELECT 1 FROM preschool_applications a WHERE a.child_id = p.id AND a.closed_on IS NULL)
       ORDER BY p.id, array_position(ARRAY['registration', 'actual', 'stay'], ad.kind))
    SELECT m.id AS municipality_id, m.name AS municipality_name, to_char(d.on_date, 'YYYY-MM-DD') AS on, ages.age,
           coalesce(cap.capacity, 0)::text AS capacity,
           (SELECT count(*) FROM attending x WHERE x.municipality_id = m.id
               AND date_part('year', age(d.on_date, x.birth_date)) = ages.age)::int AS continuing,
           (SELECT count(*) FROM waiting x WHERE x.municipality_id = m.id AND x.desired_on <= d.on_date
               AND date_part('year', age(d.on_date, x.birth_date)) = ages.age)::int AS queue,
           (SELECT count(*) FROM living x WHERE x.municipality_id = m.id
               AND date_part('year', age(d.on_date, x.birth_date)) = ages.age)::int AS not_in_queue
      FROM m CROSS JOIN d CROSS JOIN ages
      LEFT JOIN cap ON cap.municipality_id = m.id AND cap.on_date = d.on_date AND cap.age = ages.age
     ORDER BY m.name, d.on_date, ages.age`.execute(ctx.db);
  const rows: ForecastRow[] = r.rows.map((x) => {
    const capacity = Math.round(Number(x.capacity) * 10) / 10;
    const free = Math.round((capacity - x.continuing) * 10) / 10;
    return {
      municipalityId: x.municipality_id,
      municipalityName: x.municipality_name,
      on: x.on,
      age: x.age,
      capacity,
      continuing: x.continuing,
      free,
      queue: x.queue,
      notInQueue: x.not_in_queue,
      shortage: Math.round((x.queue - free) * 10) / 10,
    };
  });
  return { territoryId: t.id, territoryName: t.name, computedAt: new Date().toISOString(), rows };
}
