import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * Learners counted by an organization on a date: those whose status period in force on that date is
 * not «exited» (academic leave still counts, as the statistical forms want). Read from the periods, not
 * the enrollment dates, so a cancelled order's periods, once removed, stop counting at once.
 */
export async function countsAsOf(db: Kysely<DB>, organizationIds: string[], on: string) {
  if (organizationIds.length === 0) return new Map<string, number>();
  const r = await sql<{ organization_id: string; n: number }>`
    SELECT e.organization_id, count(DISTINCT e.person_id)::int AS n
      FROM enrollments e JOIN enrollment_status_periods p ON p.enrollment_id = e.id
     WHERE e.organization_id = ANY(${organizationIds}::uuid[]) AND p.status <> 'exited'
       AND daterange(p.valid_from, p.valid_to, '[)') @> ${on}::date
     GROUP BY e.organization_id`.execute(db);
  return new Map(organizationIds.map((id) => [id, r.rows.find((x) => x.organization_id === id)?.n ?? 0]));
}
