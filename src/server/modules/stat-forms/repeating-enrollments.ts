import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { Section } from './definition.schema.ts';
import type { ReportScope } from './report-scope.ts';

/** Whether a section asks if its learners were left to repeat the year. */
export const usesRepeating = (section: Section) =>
  [
    ...section.population,
    ...section.rows.flatMap((r) => r.filters),
    ...section.columns.flatMap((c) => c.filters),
  ].some((f) => f.field === 'enrollment.repeating');

/**
 * The covered enrollments a signed promotion order of type «repeat» effective in the year that ends on
 * the reference date left in their grade, when one of the sections asks (else undefined). Read first and
 * bound as a constant list: a few thousand ids in a region that the planner hashes inside the parallel
 * scan, where a join to them would be made above it and serialize the computation of every cell.
 */
export async function repeatingEnrollments(
  ctx: Ctx,
  sections: Section[],
  scope: ReportScope,
  asOf: string,
): Promise<string[] | undefined> {
  if (!sections.some(usesRepeating)) return undefined;
  const r = await sql<{ id: string }>`
    SELECT DISTINCT mv.enrollment_id AS id
      FROM movements mv
      JOIN orders mo ON mo.id = mv.order_id AND mo.state = 'signed'
      JOIN enrollments e ON e.id = mv.enrollment_id
     WHERE mv.promotion_type = 'repeat' AND mv.kind = 'promotion'
       AND mv.effective_on > (${asOf}::date - interval '1 year')::date AND mv.effective_on <= ${asOf}::date
       AND ${scope.organizations('e.organization_id')}`.execute(ctx.db);
  return r.rows.map((x) => x.id);
}
