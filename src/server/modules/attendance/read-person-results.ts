import { sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import { schoolYearOf } from './school-year.ts';

type ResultRow = {
  id: string;
  organizationName: string;
  kind: 'period' | 'annual' | 'final';
  periodType: string | null;
  periodNumber: number | null;
  subject: string;
  scale: string;
  grade: string;
  gradedOn: string;
  version: number;
};

/**
 * A learner's period, annual and final marks of one school year (the latest with marks, unless asked),
 * and the years that have any: the card's «Отметки».
 */
export async function readPersonResults(ctx: Ctx, id: string, q: { academicYear?: string }) {
  const grants = authorize(ctx.actor!, PersonActions['person.read']);
  const card = await loadPersonCard(ctx, ctx.db, id, grants, 'person.results.read');
  const years = await sql<{ y: string }>`
    SELECT DISTINCT academic_year AS y FROM learner_results WHERE person_id = ${card.id} ORDER BY 1 DESC`.execute(
    ctx.db,
  );
  const academicYears = years.rows.map((r) => r.y);
  const current = schoolYearOf(dateInZone(new Date(), ctx.config.timeZone)).label;
  const year = q.academicYear ?? (academicYears.includes(current) ? current : (academicYears[0] ?? null));
  const items = year
    ? await sql<ResultRow>`
        SELECT r.id, o.short_name AS "organizationName", r.kind, r.period_type AS "periodType",
               r.period_number AS "periodNumber", r.subject, r.scale, r.grade,
               to_char(r.graded_on, 'YYYY-MM-DD') AS "gradedOn", r.version
          FROM learner_results r JOIN organizations o ON o.id = r.organization_id
         WHERE r.person_id = ${card.id} AND r.academic_year = ${year}
         ORDER BY r.subject, CASE r.kind WHEN 'period' THEN 0 WHEN 'annual' THEN 1 ELSE 2 END,
                  r.period_number NULLS LAST`.execute(ctx.db)
    : { rows: [] as ResultRow[] };
  await auditNow(ctx, {
    action: 'person.results.read',
    objectType: 'person',
    objectId: card.id,
    subjectIds: [card.id],
    details: { academicYear: year },
  });
  return { academicYears, academicYear: year, items: items.rows };
}
