import { sql } from 'kysely';
import type { z } from 'zod';
import { formatInstant } from '../../../../common/dates/format-instant.ts';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import type { ApplicationStatus } from '../../../../common/queue-dictionary.ts';
import type { Grant } from '../../../platform/access/actor.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { type Tx, withTransaction } from '../../../platform/db/tx.ts';
import { AppError, type FieldProblem, notFound, versionConflict } from '../../../platform/errors.ts';
import { QueueActions } from './queue.policy.ts';
import { eventText, notTransferable, TRANSFERABLE } from './request-transfer.ts';
import { type TransferRow, toTransfer, transferSelect } from './transfer-row.ts';
import type { acceptTransferSchema, refuseTransferSchema } from './transfers.schemas.ts';

type Decision =
  | { decision: 'accepted'; input: z.infer<typeof acceptTransferSchema> }
  | { decision: 'refused'; input: z.infer<typeof refuseTransferSchema> };

/**
 * The receiving municipality accepts a transfer request: the application joins its queue with its
 * registration instant, arrival number and public number unchanged, and the kindergartens it ranks
 * now are the receiving municipality's, chosen by its specialist with the family.
 */
export const acceptTransfer = (ctx: Ctx, id: string, input: z.infer<typeof acceptTransferSchema>) =>
  decideTransfer(ctx, id, { decision: 'accepted', input });

/** The receiving municipality refuses, with the reason the parent reads; the application stays put. */
export const refuseTransfer = (ctx: Ctx, id: string, input: z.infer<typeof refuseTransferSchema>) =>
  decideTransfer(ctx, id, { decision: 'refused', input });

/**
 * One decision per request. Locks are taken application first, then the request, as the request
 * itself takes them; two decisions at once meet on the request's version and the later one is 409.
 * A request of another municipality reads like an absent one (404, audited as denied).
 */
const decideTransfer = (ctx: Ctx, id: string, d: Decision) =>
  withTransaction(ctx.db, async (tx) => {
    const action = QueueActions['application.transfer'];
    const grants = authorize(ctx.actor!, action);
    const found = await tx
      .selectFrom('preschool_application_transfers')
      .select(['application_id', 'to_municipality_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    const grant = found ? await grantCovering(tx, grants, found.to_municipality_id) : null;
    if (!found || !grant)
      throw notFound('Запрос на перевод').audited(action, 'preschool_application_transfer', id);
    const a = await tx
      .selectFrom('preschool_applications')
      .selectAll()
      .where('id', '=', found.application_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const t = await tx
      .selectFrom('preschool_application_transfers')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (t.version !== d.input.version) throw versionConflict(t.version);
    if (t.status !== 'requested')
      throw new AppError('conflict', 'По запросу на перевод уже принято решение', [
        { path: 'version', code: 'transfer_decided', message: 'Решение уже принято' },
      ]);
    const status = a.status as ApplicationStatus;
    const today = dateInZone(new Date(), ctx.config.timeZone);
    const names = await sql<{ id: string; name: string }>`
      SELECT id, name FROM territories WHERE id IN (${t.from_municipality_id}, ${t.to_municipality_id})`.execute(
      tx,
    );
    const from = names.rows.find((n) => n.id === t.from_municipality_id)!.name;
    const to = names.rows.find((n) => n.id === t.to_municipality_id)!.name;
    const decided = {
      status: d.decision,
      decided_on: today,
      decided_at: new Date(),
      decided_by: ctx.actor!.userId,
      decision_reason: d.input.reason ?? null,
      version: t.version + 1,
    };

    let reason: string;
    if (d.decision === 'accepted') {
      if (!TRANSFERABLE.includes(status)) throw notTransferable(status);
      const kindergartens = await checkKindergartens(
        tx,
        t.to_municipality_id,
        d.input.preferences,
        ctx.config.queueMaxPreferences,
      );
      // The request first: the access rule dates the sending municipality's rows by its decision day
      // when the application's own update refreshes the child's access.
      await tx.updateTable('preschool_application_transfers').set(decided).where('id', '=', id).execute();
      await tx
        .updateTable('preschool_applications')
        .set((eb) => ({
          municipality_id: t.to_municipality_id,
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('id', '=', a.id)
        .execute();
      await tx.deleteFrom('preschool_application_preferences').where('application_id', '=', a.id).execute();
      await tx
        .insertInto('preschool_application_preferences')
        .values(
          d.input.preferences.map((organization_id, i) => ({
            application_id: a.id,
            rank: i + 1,
            organization_id,
          })),
        )
        .execute();
      reason =
        `Заявление переведено в очередь муниципалитета «${to}» из муниципалитета «${from}». ` +
        `Дата и время постановки на учет сохранены: ${formatInstant(a.registered_at, ctx.config.timeZone)}. ` +
        `Детские сады: ${d.input.preferences.map((p) => kindergartens.get(p)).join('; ')}` +
        (d.input.reason ? `. ${d.input.reason}` : '');
    } else {
      await tx.updateTable('preschool_application_transfers').set(decided).where('id', '=', id).execute();
      reason =
        `Муниципалитет «${to}» отказал в переводе заявления: ${d.input.reason}. ` +
        `Заявление остается в очереди муниципалитета «${from}» с прежней датой регистрации`;
    }
    await tx
      .insertInto('preschool_application_events')
      .values({
        application_id: a.id,
        kind: d.decision === 'accepted' ? 'transfer_accepted' : 'transfer_refused',
        status,
        reason: eventText(reason),
        actor_id: ctx.actor!.userId,
      })
      .execute();
    await audit(tx, ctx, grant, {
      transferId: id,
      applicationId: a.id,
      subjects: [a.child_id, a.applicant_id],
      decision: d.decision,
    });
    const row = await sql<TransferRow>`${transferSelect} WHERE t.id = ${id}`.execute(tx);
    return toTransfer(row.rows[0]!, today, ctx.config.queueTransferAcceptWorkingDays);
  });

const audit = (
  tx: Tx,
  ctx: Ctx,
  grant: Grant,
  f: { transferId: string; applicationId: string; subjects: string[]; decision: string },
) =>
  auditInTx(tx, ctx, {
    action: `application.transfer.${f.decision === 'accepted' ? 'accept' : 'refuse'}`,
    objectType: 'preschool_application',
    objectId: f.applicationId,
    subjectIds: f.subjects,
    grant,
    details: { transferId: f.transferId },
  });

/**
 * The ranked kindergartens of the receiving municipality, checked as a filed application's are
 * (check-application.ts): at most `max`, none twice, each a working kindergarten of the municipality.
 * Returns their names by id.
 */
async function checkKindergartens(
  tx: Tx,
  municipalityId: string,
  preferences: string[],
  max: number,
): Promise<Map<string, string>> {
  const errors: FieldProblem[] = [];
  const add = (path: string, code: string, message: string) => errors.push({ path, code, message });
  if (preferences.length > max)
    add('body.preferences', 'too_many', `Можно указать не более ${max} детских садов`);
  const seen = new Set<string>();
  preferences.forEach((pid, i) => {
    if (seen.has(pid)) add(`body.preferences.${i}`, 'duplicate', 'Детский сад уже указан в заявлении');
    seen.add(pid);
  });
  const found = await sql<{ id: string; short_name: string }>`
    SELECT o.id, o.short_name FROM organizations o
     WHERE o.id = ANY(${[...seen]}::uuid[]) AND o.kind = 'preschool' AND o.status <> 'liquidated'
       AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${municipalityId})`.execute(
    tx,
  );
  const names = new Map(found.rows.map((r) => [r.id, r.short_name]));
  preferences.forEach((pid, i) => {
    if (!names.has(pid))
      add(
        `body.preferences.${i}`,
        'outside_municipality',
        'Детский сад не найден среди детских садов муниципалитета',
      );
  });
  if (errors.length) throw new AppError('validation_failed', 'Проверьте детские сады', errors);
  return names;
}
