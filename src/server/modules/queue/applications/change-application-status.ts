import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import {
  APPLICATION_STATUS_TITLES,
  type ApplicationStatus,
  CLOSED_STATUSES,
  STATUS_MOVES,
} from '../../../../common/queue-dictionary.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../../platform/errors.ts';
import type { changeStatusSchema } from './applications.schemas.ts';
import { loadApplication } from './load-application.ts';
import { QueueActions } from './queue.policy.ts';
import { readApplicationIn } from './read-application.ts';

/** A referral comes from an approved allocation run, an enrollment from the kindergarten's order. */
const NOT_BY_HAND: readonly ApplicationStatus[] = ['referred', 'enrolled'];

const refuse = (message: string, code: string) =>
  new AppError('business_rule', message, [{ path: 'body.status', code, message }]);

/** The operator moves an application along its lifecycle, with the reason the parent will read. */
export const changeApplicationStatus = (ctx: Ctx, id: string, input: z.infer<typeof changeStatusSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const { application: a, grant } = await loadApplication(tx, ctx, id, QueueActions['application.review'], {
      lock: true,
    });
    if (a.version !== input.version) throw versionConflict(a.version);
    const from = a.status as ApplicationStatus;
    if (NOT_BY_HAND.includes(input.status))
      throw refuse('Этот статус устанавливается комплектованием или приказом о зачислении', 'not_by_hand');
    if (!STATUS_MOVES[from].includes(input.status))
      throw refuse(
        `Из статуса «${APPLICATION_STATUS_TITLES[from]}» нельзя перейти в «${APPLICATION_STATUS_TITLES[input.status]}»`,
        'move_not_allowed',
      );
    const pending = await tx
      .selectFrom('preschool_application_rights')
      .select('id')
      .where('application_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    if (input.status === 'awaiting_confirmation' && pending.length === 0)
      throw refuse('Нет льготы, ожидающей подтверждения', 'no_pending_right');
    const today = dateInZone(new Date(), ctx.config.timeZone);
    await tx
      .updateTable('preschool_applications')
      .set((eb) => ({
        status: input.status,
        closed_on: CLOSED_STATUSES.includes(input.status) ? today : null,
        version: eb('version', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('preschool_application_events')
      .values({
        application_id: id,
        kind: 'status',
        status: input.status,
        reason: input.reason,
        actor_id: ctx.actor!.userId,
      })
      .execute();
    await auditInTx(tx, ctx, {
      action: 'application.status',
      objectType: 'preschool_application',
      objectId: id,
      subjectIds: [a.child_id],
      grant,
      details: { from, to: input.status },
    });
    return readApplicationIn(tx, id, today);
  });
