import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { decideRightSchema } from './applications.schemas.ts';
import { loadApplication } from './load-application.ts';
import { QueueActions } from './queue.policy.ts';
import { readApplicationIn } from './read-application.ts';

/**
 * The municipality confirms or rejects a claimed right after seeing its document. Once no right waits,
 * an application that waited for confirmation goes back to the queue: confirmed, it ranks in the
 * right's category from now on; rejected, it stays in the general queue with its original date.
 */
export const decideRight = (
  ctx: Ctx,
  id: string,
  rightId: string,
  input: z.infer<typeof decideRightSchema>,
) =>
  withTransaction(ctx.db, async (tx) => {
    const { application: a, grant } = await loadApplication(tx, ctx, id, QueueActions['application.review'], {
      lock: true,
    });
    const right = await tx
      .selectFrom('preschool_application_rights')
      .selectAll()
      .where('id', '=', rightId)
      .where('application_id', '=', id)
      .executeTakeFirst();
    if (!right) throw notFound('Льгота');
    if (right.status !== 'pending')
      throw new AppError('conflict', 'Решение по льготе уже принято', [
        { path: 'params.rightId', code: 'already_decided', message: 'Решение по льготе уже принято' },
      ]);
    if (input.decision === 'rejected' && !input.reason)
      throw new AppError('validation_failed', 'Укажите причину отказа в льготе', [
        { path: 'body.reason', code: 'required', message: 'Укажите причину отказа' },
      ]);
    const now = new Date();
    await tx
      .updateTable('preschool_application_rights')
      .set({
        status: input.decision,
        decided_at: now,
        decided_by: ctx.actor!.userId,
        decision_reason: input.reason ?? null,
      })
      .where('id', '=', rightId)
      .execute();
    const stillPending = await tx
      .selectFrom('preschool_application_rights')
      .select('id')
      .where('application_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    const status = a.status === 'awaiting_confirmation' && stillPending.length === 0 ? 'queued' : a.status;
    await tx
      .updateTable('preschool_applications')
      .set((eb) => ({ status, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('preschool_application_events')
      .values({
        application_id: id,
        kind: input.decision === 'confirmed' ? 'right_confirmed' : 'right_rejected',
        status,
        reason:
          input.decision === 'confirmed'
            ? `Льгота подтверждена${input.reason ? `: ${input.reason}` : ''}`
            : `В льготе отказано: ${input.reason}`,
        actor_id: ctx.actor!.userId,
      })
      .execute();
    await auditInTx(tx, ctx, {
      action: 'application.right',
      objectType: 'preschool_application',
      objectId: id,
      subjectIds: [a.child_id],
      grant,
      details: { rightId, decision: input.decision },
    });
    return readApplicationIn(tx, id, dateInZone(now, ctx.config.timeZone));
  });
