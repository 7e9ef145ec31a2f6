import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { approveRunSchema } from './allocation-runs.schemas.ts';
import { WAITING_STATUSES } from './build-snapshot.ts';
import { loadRun } from './load-run.ts';
import { readRunIn } from './read-run.ts';

/**
 * Approving a draft issues its referrals (направления): one per placement, and one per phase-2 offer,
 * each valid for the configured days. The applications become «Направлен», with the kindergarten and the
 * expiry in their history. If the queue moved since the computation (an application withdrawn, a right
 * decided) the approval is refused whole and the run has to be computed again: a referral never goes
 * out on stale grounds.
 */
export const approveRun = (ctx: Ctx, id: string, input: z.infer<typeof approveRunSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const { run, grant } = await loadRun(tx, ctx, id, AllocationActions['allocation.approve'], {
      lock: true,
    });
    if (run.version !== input.version) throw versionConflict(run.version);
    if (run.status !== 'draft')
      throw new AppError('business_rule', 'Утвердить можно только рассчитанный проект', [
        { path: 'body.version', code: 'run_not_draft', message: 'Комплектование не в статусе проекта' },
      ]);
    // A run's joins and sorts handle up to a municipality's whole queue; at the default 4 MB they spill.
    await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
    // The run's outcomes as a small analyzed table: a run's rows are new to allocation_outcomes' statistics
    // (its id is in none of them), so a join on them is planned for a few hundred rows, and the referral
    // insert below looped over 71,800 placements for minutes.
    await sql`CREATE TEMP TABLE approval_outcome ON COMMIT DROP AS
      SELECT application_id, outcome, organization_id, unit_id FROM allocation_outcomes WHERE run_id = ${id}`.execute(
      tx,
    );
    await sql`ANALYZE approval_outcome`.execute(tx);
    // Applications are locked in id order, as every other writer of many applications does, before they
    // are checked: a withdrawal committed between the check and the lock would otherwise get a referral.
    await sql`SELECT 1 FROM preschool_applications WHERE id IN
                (SELECT application_id FROM approval_outcome WHERE outcome IN ('placed', 'offered'))
              ORDER BY id FOR UPDATE`.execute(tx);
    const waiting = [...WAITING_STATUSES];
    const stale = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM approval_outcome x JOIN preschool_applications a ON a.id = x.application_id
       WHERE a.status <> ALL(${waiting}::text[]) OR a.updated_at > ${run.computed_at}
          OR EXISTS (SELECT 1 FROM preschool_application_rights r
                      WHERE r.application_id = a.id AND r.decided_at > ${run.computed_at})
          OR EXISTS (SELECT 1 FROM referrals r WHERE r.application_id = a.id AND r.status = 'issued')`.execute(
      tx,
    );
    if (stale.rows[0]!.n > 0)
      throw new AppError(
        'conflict',
        `После расчета изменились заявления (${stale.rows[0]!.n}): отмените проект и выполните комплектование заново`,
        [],
        { changedApplications: stale.rows[0]!.n },
      );
    const days = input.referralDays ?? ctx.config.referralValidDays;
    const today = dateInZone(new Date(), ctx.config.timeZone);
    // A referral's number counts the application's earlier referrals: counted once for the run's
    // applications, not by a subquery per row.
    const issued = await sql<{ n: number }>`
      WITH earlier AS (
        SELECT r.application_id, count(*) AS n
          FROM referrals r JOIN approval_outcome x ON x.application_id = r.application_id
         WHERE x.outcome IN ('placed', 'offered')
         GROUP BY 1)
      , ins AS (
        INSERT INTO referrals (number, application_id, run_id, organization_id, unit_id, kind, issued_on, expires_on)
        SELECT a.number || '/' || (1 + coalesce(e.n, 0)),
               a.id, ${id}, x.organization_id, x.unit_id,
               CASE x.outcome WHEN 'placed' THEN 'placement' ELSE 'offer' END,
               ${today}::date, ${today}::date + ${days}::int
          FROM approval_outcome x JOIN preschool_applications a ON a.id = x.application_id
          LEFT JOIN earlier e ON e.application_id = a.id
         WHERE x.outcome IN ('placed', 'offered')
         ORDER BY a.id
        RETURNING application_id, organization_id, unit_id, kind, expires_on)
      , upd AS (
        UPDATE preschool_applications a SET status = 'referred', version = a.version + 1, updated_at = now()
          FROM ins WHERE a.id = ins.application_id
        RETURNING a.id)
      , ev AS (
        INSERT INTO preschool_application_events (application_id, kind, status, reason, actor_id)
        SELECT ins.application_id, 'referral_issued', 'referred',
               CASE ins.kind WHEN 'placement' THEN 'Выдано направление по итогам комплектования: '
                             ELSE 'Предложено место в детском саду, не указанном в заявлении: ' END
                 || o.short_name || ', группа «' || u.name || '»; явиться до '
                 || to_char(ins.expires_on, 'DD.MM.YYYY'),
               ${ctx.actor!.userId}::uuid
          FROM ins JOIN organizations o ON o.id = ins.organization_id JOIN units u ON u.id = ins.unit_id
        RETURNING 1)
      SELECT (SELECT count(*) FROM upd)::int + 0 * (SELECT count(*) FROM ev)::int AS n`.execute(tx);
    await sql`
      UPDATE allocation_runs SET status = 'approved', decided_at = now(), decided_by = ${ctx.actor!.userId},
             referral_days = ${days}, version = version + 1
       WHERE id = ${id}`.execute(tx);
    await auditInTx(tx, ctx, {
      action: 'allocation.approve',
      objectType: 'allocation_run',
      objectId: id,
      grant,
      details: { referrals: issued.rows[0]!.n, days },
    });
    return readRunIn(tx, id);
  });
