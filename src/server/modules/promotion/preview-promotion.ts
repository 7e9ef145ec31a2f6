import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { PromotionActions } from './promotion.policy.ts';
import type { PromotionOutcome } from './promotion.schemas.ts';
import { candidatesSql, promotionScope, targetName } from './promotion-scope.ts';

type Row = {
  enrollment_id: string;
  person_id: string;
  organization_id: string;
  unit_id: string;
  unit_name: string;
  grade: number;
  letter: string | null;
  status: string;
  default_outcome: PromotionOutcome;
  full_name: string | null;
  target_id: string | null;
};

/**
 * What a run would do: per school the classes, their next-year class, and (for one school) each
 * learner with the proposed outcome, which the operator may change before signing. For a territory
 * only the counts per school are shown: no learner is named.
 */
export async function previewPromotion(
  ctx: Ctx,
  input: { organizationId?: string; territoryId?: string; fromYearId: string; toYearId: string },
) {
  const oneSchool = input.organizationId !== undefined;
  const { rows, names, scope } = await withTransaction(ctx.db, async (tx) => {
    const scope = await promotionScope(tx, ctx, PromotionActions['promotion.run'], input);
    const r = await sql<Row>`
      SELECT c.*, ${oneSchool ? sql`concat_ws(' ', ps.last_name, ps.first_name, ps.middle_name)` : sql`NULL`} AS full_name,
             t.id AS target_id
        FROM (${candidatesSql(scope)}) c
        ${oneSchool ? sql`JOIN persons ps ON ps.id = c.person_id` : sql``}
        LEFT JOIN units t ON t.organization_id = c.organization_id AND t.academic_year_id = ${scope.to.id}
                         AND t.name = (c.grade + 1)::text || coalesce(c.letter, '')
       ORDER BY c.grade, c.unit_name ${oneSchool ? sql`, full_name` : sql``}`.execute(tx);
    const orgs = await tx
      .selectFrom('organizations')
      .select(['id', 'short_name'])
      .where('id', 'in', ['00000000-0000-0000-0000-000000000000', ...scope.organizationIds])
      .execute();
    return { rows: r.rows, names: new Map(orgs.map((o) => [o.id, o.short_name])), scope };
  });
  const schools = new Map<string, ReturnType<typeof school>>();
  function school(id: string) {
    return {
      organizationId: id,
      name: names.get(id) ?? '',
      promote: 0,
      graduate: 0,
      classes: new Map<string, Cls>(),
    };
  }
  type Cls = {
    unitId: string;
    name: string;
    grade: number;
    target: { name: string; unitId: string | null } | null;
    learners: {
      enrollmentId: string;
      personId: string;
      fullName: string;
      status: string;
      outcome: PromotionOutcome;
    }[];
  };
  for (const r of rows) {
    const s = schools.get(r.organization_id) ?? school(r.organization_id);
    schools.set(r.organization_id, s);
    if (r.default_outcome === 'graduation') s.graduate++;
    else s.promote++;
    const c = s.classes.get(r.unit_id) ?? {
      unitId: r.unit_id,
      name: r.unit_name,
      grade: r.grade,
      target:
        r.default_outcome === 'graduation'
          ? null
          : { name: targetName(r.grade, r.letter), unitId: r.target_id },
      learners: [],
    };
    s.classes.set(r.unit_id, c);
    if (oneSchool)
      c.learners.push({
        enrollmentId: r.enrollment_id,
        personId: r.person_id,
        fullName: r.full_name ?? '',
        status: r.status,
        outcome: r.default_outcome,
      });
  }
  if (oneSchool && rows.length > 0)
    await auditNow(ctx, {
      action: 'promotion.preview',
      objectType: 'organization',
      objectId: scope.node,
      subjectIds: [...new Set(rows.map((r) => r.person_id))],
      details: { count: rows.length },
    });
  return {
    schools: [...schools.values()].map((s) => ({ ...s, classes: [...s.classes.values()] })),
  };
}
