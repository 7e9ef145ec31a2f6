import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { APPLICATION_STATUS_TITLES, type ApplicationStatus } from '../../../../common/queue-dictionary.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../../platform/errors.ts';
import { queueMunicipality } from './insert-application.ts';
import { loadApplication } from './load-application.ts';
import { QueueActions } from './queue.policy.ts';
import { type TransferRow, toTransfer, transferSelect } from './transfer-row.ts';
import type { requestTransferSchema } from './transfers.schemas.ts';

/**
 * The statuses in which an application may move to another municipality: it is waiting for a place.
 * A referred application waits for the family's answer first; a closed one has nothing to move.
 */
export const TRANSFERABLE: readonly ApplicationStatus[] = [
  'new',
  'under_review',
  'awaiting_confirmation',
  'queued',
  'wants_change',
];

export const notTransferable = (status: ApplicationStatus) =>
  new AppError(
    'business_rule',
    `Заявление в статусе «${APPLICATION_STATUS_TITLES[status]}» нельзя перевести в другой муниципалитет`,
    [
      {
        path: 'status',
        code: 'not_transferable',
        message: 'Переводится только заявление, ожидающее места в очереди',
      },
    ],
  );

/**
 * The family moves: the specialist of the application's municipality sends it to the receiving one,
 * with the reason the parent will read. The application stays in this queue, unchanged, until the
 * receiving municipality decides; one request may be open at a time (a second is 409).
 */
export const requestTransfer = (ctx: Ctx, id: string, input: z.infer<typeof requestTransferSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const action = QueueActions['application.transfer'];
    const { application: a, grant } = await loadApplication(tx, ctx, id, action, { lock: true });
    if (a.version !== input.version) throw versionConflict(a.version);
    const status = a.status as ApplicationStatus;
    if (!TRANSFERABLE.includes(status)) throw notTransferable(status);
    await queueMunicipality(tx, input.toMunicipalityId, 'body.toMunicipalityId');
    if (input.toMunicipalityId === a.municipality_id)
      throw new AppError('validation_failed', 'Заявление уже в очереди этого муниципалитета', [
        {
          path: 'body.toMunicipalityId',
          code: 'same_municipality',
          message: 'Выберите другой муниципалитет',
        },
      ]);
    const pending = await tx
      .selectFrom('preschool_application_transfers')
      .select('id')
      .where('application_id', '=', id)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    if (pending)
      throw new AppError(
        'conflict',
        'Перевод заявления уже запрошен: дождитесь решения принимающего муниципалитета',
        [{ path: 'body.toMunicipalityId', code: 'transfer_pending', message: 'Перевод уже запрошен' }],
      );
    const today = dateInZone(new Date(), ctx.config.timeZone);
    const names = await sql<{ id: string; name: string }>`
      SELECT id, name FROM territories WHERE id IN (${a.municipality_id}, ${input.toMunicipalityId})`.execute(
      tx,
    );
    const name = (tid: string) => names.rows.find((t) => t.id === tid)!.name;
    const inserted = await tx
      .insertInto('preschool_application_transfers')
      .values({
        application_id: id,
        from_municipality_id: a.municipality_id,
        to_municipality_id: input.toMunicipalityId,
        reason: input.reason,
        requested_on: today,
        requested_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('preschool_application_events')
      .values({
        application_id: id,
        kind: 'transfer_requested',
        status,
        reason: eventText(
          `Запрошен перевод заявления в очередь муниципалитета «${name(input.toMunicipalityId)}»: ${input.reason}. ` +
            `До решения принимающего муниципалитета заявление остается в очереди муниципалитета «${name(a.municipality_id)}»`,
        ),
        actor_id: ctx.actor!.userId,
      })
      .execute();
    await auditInTx(tx, ctx, {
      action: 'application.transfer.request',
      objectType: 'preschool_application',
      objectId: id,
      subjectIds: [a.child_id, a.applicant_id],
      grant,
      details: { transferId: inserted.id, from: a.municipality_id, to: input.toMunicipalityId },
    });
    const row = await sql<TransferRow>`${transferSelect} WHERE t.id = ${inserted.id}`.execute(tx);
    return toTransfer(row.rows[0]!, today, ctx.config.queueTransferAcceptWorkingDays);
  });

/** An event's text fits its column (1000 characters) even with a long reason quoted in it. */
export const eventText = (s: string) => (s.length <= 1000 ? s : `${s.slice(0, 999)}…`);
