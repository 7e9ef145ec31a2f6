import { sql } from 'kysely';
import type { z } from 'zod';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, forbidden } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { prepareRunSchema } from './allocation-runs.schemas.ts';
import { readRunIn } from './read-run.ts';

const problem = (path: string, code: string, message: string) =>
  new AppError('business_rule', message, [{ path, code, message }]);

/**
 * Opens a run of a municipality: the groups of its kindergartens in the academic year of the reference
 * date, each with the places free on that date (capacity, less the children who will be in the group
 * then, less the places held by issued referrals). The specialist may correct them before computing; one
 * unfinished run per municipality at a time (a unique index settles a race).
 */
export const prepareRun = (ctx: Ctx, input: z.infer<typeof prepareRunSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, AllocationActions['allocation.run']);
    const grant = await grantCovering(tx, grants, input.municipalityId);
    if (!grant) throw forbidden('Муниципалитет вне вашей области доступа');
    const m = await tx
      .selectFrom('territories')
      .select('kind')
      .where('id', '=', input.municipalityId)
      .executeTakeFirst();
    if (m?.kind !== 'municipality')
      throw problem('body.municipalityId', 'not_municipality', 'Выберите муниципальное образование');
    const open = await tx
      .selectFrom('allocation_runs')
      .select('id')
      .where('municipality_id', '=', input.municipalityId)
      .where('status', 'in', ['preparing', 'running', 'draft'])
      .executeTakeFirst();
    if (open) throw openRunConflict(open.id);
    let runId: string;
    try {
      const row = await sql<{ id: string }>`
        INSERT INTO allocation_runs (municipality_id, kind, reference_date, created_by)
        VALUES (${input.municipalityId}, ${input.kind}, ${input.referenceDate}, ${ctx.actor!.userId})
        RETURNING id`.execute(tx);
      runId = row.rows[0]!.id;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw openRunConflict(null);
      throw err;
    }
    // Children placed in the year's groups count where they are placed. A kindergarten whose children
    // are not placed into next year's groups yet (the main run comes before the year's promotion) counts
    // its attending children by the age they will have: each in the first group of its band.
    const groups = await sql<{ n: number }>`
      WITH g AS (
        SELECT u.id AS unit_id, u.organization_id, u.capacity, u.age_from, u.age_to, u.academic_year_id
          FROM units u
          JOIN organizations o ON o.id = u.organization_id
          JOIN academic_years y ON y.id = u.academic_year_id
         WHERE u.kind = 'group' AND o.kind = 'preschool' AND o.status <> 'liquidated'
           AND u.age_from IS NOT NULL AND u.age_to IS NOT NULL AND u.age_to > u.age_from
           AND u.capacity IS NOT NULL
           AND ${input.referenceDate}::date BETWEEN y.starts_on AND y.ends_on
           AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${input.municipalityId}))
      , placed AS (
        SELECT p.unit_id, count(*)::int AS n FROM placements p
         WHERE p.unit_id IN (SELECT unit_id FROM g) AND p.valid_from <= ${input.referenceDate}
           AND (p.valid_to IS NULL OR p.valid_to > ${input.referenceDate})
         GROUP BY 1)
      , unplaced_orgs AS (
        SELECT organization_id FROM g GROUP BY 1
        HAVING NOT EXISTS (SELECT 1 FROM placed JOIN g g2 ON g2.unit_id = placed.unit_id
                            WHERE g2.organization_id = g.organization_id))
      , staying AS (
        SELECT first.unit_id, count(*)::int AS n
          FROM enrollments e JOIN persons p ON p.id = e.person_id
          CROSS JOIN LATERAL (
            SELECT g.unit_id FROM g
             WHERE g.organization_id = e.organization_id
               AND date_part('year', age(${input.referenceDate}::date, p.birth_date)) >= g.age_from
               AND date_part('year', age(${input.referenceDate}::date, p.birth_date)) < g.age_to
             ORDER BY g.age_from, g.unit_id LIMIT 1) first
         WHERE e.organization_id IN (SELECT organization_id FROM unplaced_orgs)
           AND (e.ended_on IS NULL OR e.ended_on > ${input.referenceDate})
         GROUP BY 1)
      , counted AS (
        SELECT g.unit_id, g.organization_id, g.capacity,
               coalesce(placed.n, staying.n, 0) AS enrolled,
               (SELECT count(*) FROM referrals r WHERE r.unit_id = g.unit_id AND r.status = 'issued')::int AS held
          FROM g LEFT JOIN placed ON placed.unit_id = g.unit_id LEFT JOIN staying ON staying.unit_id = g.unit_id)
      , ins AS (
        INSERT INTO allocation_run_groups (run_id, unit_id, organization_id, capacity, enrolled, held,
                                           computed_free, free)
        SELECT ${runId}, unit_id, organization_id, capacity, enrolled, held,
               greatest(capacity - enrolled - held, 0), greatest(capacity - enrolled - held, 0)
          FROM counted
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`.execute(tx);
    if (groups.rows[0]!.n === 0)
      throw problem(
        'body.referenceDate',
        'no_groups',
        'На учебный год этой даты в детских садах муниципалитета нет групп с возрастом и вместимостью',
      );
    await auditInTx(tx, ctx, {
      action: 'allocation.prepare',
      objectType: 'allocation_run',
      objectId: runId,
      grant,
      details: { kind: input.kind, referenceDate: input.referenceDate, groups: groups.rows[0]!.n },
    });
    return readRunIn(tx, runId);
  });

export const openRunConflict = (runId: string | null) =>
  new AppError(
    'conflict',
    'В муниципалитете уже есть незавершенное комплектование: утвердите или отмените его',
    [],
    runId ? { openRunId: runId } : {},
  );
