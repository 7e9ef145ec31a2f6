import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, forbidden, invalidField } from '../../platform/errors.ts';

export type PromotionScope = {
  node: string;
  grant: Grant;
  organizationIds: string[];
  from: { id: string; starts_on: string; ends_on: string };
  to: { id: string; starts_on: string; ends_on: string };
};

/** The schools a run covers (one, or all schools below a territory in the actor's scope) and its two years. */
export async function promotionScope(
  tx: Tx,
  ctx: Ctx,
  action: string,
  input: { organizationId?: string; territoryId?: string; fromYearId: string; toYearId: string },
): Promise<PromotionScope> {
  const node = (input.organizationId ?? input.territoryId)!;
  const grant = await grantCovering(tx, authorize(ctx.actor!, action), node);
  if (!grant) throw forbidden('Организация или территория вне вашей области доступа');
  const orgs = await sql<{ id: string }>`
    SELECT o.id FROM organizations o
     WHERE o.kind = 'school' AND o.status <> 'liquidated'
       AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${node})
     ORDER BY o.id`.execute(tx);
  if (input.organizationId && orgs.rows.length === 0)
    throw invalidField(
      'body.organizationId',
      'Перевод в следующий класс проводится в общеобразовательной организации',
    );
  const years = await sql<{ id: string; starts_on: string; ends_on: string }>`
    SELECT id, starts_on, ends_on FROM academic_years WHERE id IN (${input.fromYearId}, ${input.toYearId})`.execute(
    tx,
  );
  const from = years.rows.find((y) => y.id === input.fromYearId);
  const to = years.rows.find((y) => y.id === input.toYearId);
  if (!from) throw invalidField('body.fromYearId', 'Учебный год не найден', 'not_found');
  if (!to) throw invalidField('body.toYearId', 'Учебный год не найден', 'not_found');
  if (to.starts_on <= from.starts_on)
    throw new AppError('validation_failed', 'Перевод выполняется в следующий учебный год', [
      {
        path: 'body.toYearId',
        code: 'dates_out_of_order',
        message: 'Год перевода должен быть позже текущего',
      },
    ]);
  return { node, grant, organizationIds: orgs.rows.map((o) => o.id), from, to };
}

/**
 * Learners of the covered schools' classes of the year being closed, on its last day: placed in a class,
 * enrolled or promoted conditionally (academic leave does not move). Default outcome: graduation after
 * the 9th and 11th grades, promotion otherwise.
 */
export const candidatesSql = (scope: PromotionScope) => sql`
  SELECT e.id AS enrollment_id, e.person_id, e.organization_id, e.programme_id, p.id AS placement_id, u.id AS unit_id, u.name AS unit_name,
         u.grade, u.letter, sp.id AS period_id, sp.status,
         CASE WHEN u.grade IN (9, 11) THEN 'graduation' ELSE 'normal' END AS default_outcome
    FROM units u
    JOIN placements p ON p.unit_id = u.id AND p.valid_to IS NULL
    JOIN enrollments e ON e.id = p.enrollment_id AND e.ended_on IS NULL
    JOIN enrollment_status_periods sp ON sp.enrollment_id = e.id AND sp.valid_to IS NULL
                                      AND sp.status IN ('enrolled', 'conditional_promotion')
   WHERE u.academic_year_id = ${scope.from.id} AND u.kind = 'class' AND u.grade BETWEEN 1 AND 11
     AND u.organization_id = ANY(${scope.organizationIds}::uuid[])`;

/** Next year's class for a grade and letter: «5А» after «4А». */
export const targetName = (grade: number, letter: string | null) => `${grade + 1}${letter ?? ''}`;

/** The level of general education a grade belongs to: НОО 1–4, ООО 5–9, СОО 10–11. */
export const gradeLevelSql = (grade: ReturnType<typeof sql>) =>
  sql`CASE WHEN ${grade} <= 4 THEN 'noo' WHEN ${grade} <= 9 THEN 'ooo' ELSE 'soo' END`;
