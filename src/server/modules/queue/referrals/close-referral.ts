import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, notFound, versionConflict } from '../../../platform/errors.ts';
import { type ReferralRow, referralSelect, toReferral } from './referral-row.ts';
import { ReferralActions } from './referrals.policy.ts';
import type { closeReferralSchema } from './referrals.schemas.ts';
import { returnToQueue } from './return-to-queue.ts';

/**
 * The kindergarten or the municipality closes an issued referral: the child was enrolled (the
 * application leaves the queue), or the family refused (the application returns to the queue under
 * the region's rule and the place is free for the next top-up).
 */
export const closeReferral = (ctx: Ctx, id: string, input: z.infer<typeof closeReferralSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const action = ReferralActions['referral.close'];
    const grants = authorize(ctx.actor!, action);
    const ref = await tx
      .selectFrom('referrals')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    const grant = ref ? await grantCovering(tx, grants, ref.organization_id) : null;
    if (!ref || !grant) throw notFound('Направление').audited(action, 'referral', id);
    if (ref.version !== input.version) throw versionConflict(ref.version);
    if (ref.status !== 'issued')
      throw new AppError('business_rule', 'Направление уже закрыто', [
        { path: 'body.decision', code: 'referral_closed', message: 'Направление уже закрыто' },
      ]);
    const today = dateInZone(new Date(), ctx.config.timeZone);
    const app = await tx
      .selectFrom('preschool_applications')
      .select(['child_id', 'applicant_id'])
      .where('id', '=', ref.application_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (input.decision === 'refused') {
      await returnToQueue(
        tx,
        [id],
        {
          status: 'refused',
          reason: `Отказ от направления: ${input.reason}`,
          actorId: ctx.actor!.userId,
          today,
        },
        ctx.config.referralRefusalRule,
      );
    } else {
      await sql`
        UPDATE referrals SET status = 'enrolled', closed_at = now(), closed_by = ${ctx.actor!.userId},
               close_reason = ${input.reason}, version = version + 1 WHERE id = ${id}`.execute(tx);
      await sql`
        UPDATE preschool_applications SET status = 'enrolled', closed_on = ${today}, version = version + 1,
               updated_at = now() WHERE id = ${ref.application_id}`.execute(tx);
      await sql`
        INSERT INTO preschool_application_events (application_id, kind, status, reason, actor_id)
        VALUES (${ref.application_id}, 'referral_closed', 'enrolled',
                ${`Ребенок зачислен по направлению № ${ref.number}: ${input.reason}`}, ${ctx.actor!.userId})`.execute(
        tx,
      );
    }
    await auditInTx(tx, ctx, {
      action: 'referral.close',
      objectType: 'referral',
      objectId: id,
      subjectIds: [app.child_id, app.applicant_id],
      grant,
      details: { decision: input.decision },
    });
    const row = await sql<ReferralRow>`${referralSelect} WHERE r.id = ${id}`.execute(tx);
    return toReferral(row.rows[0]!);
  });
