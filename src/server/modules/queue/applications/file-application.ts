import { sql } from 'kysely';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, forbidden } from '../../../platform/errors.ts';
import type { FileApplicationInput } from './applications.schemas.ts';
import { checkApplication } from './check-application.ts';
import { QueueActions } from './queue.policy.ts';
import { readApplicationIn } from './read-application.ts';

/**
 * Registers an application in a municipality's queue. The registration instant and the arrival number
 * are taken together, at the moment of filing, and never change; the public number is the
 * municipality's ОКТМО and the arrival number. A claimed right waits for confirmation, and until then
 * the application ranks in the general queue.
 */
export const fileApplication = (ctx: Ctx, input: FileApplicationInput) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, QueueActions['application.file']);
    const grant = await grantCovering(tx, grants, input.municipalityId);
    if (!grant) throw forbidden('Муниципалитет вне вашей области доступа');
    const municipality = await tx
      .selectFrom('territories')
      .select(['kind', 'oktmo'])
      .where('id', '=', input.municipalityId)
      .executeTakeFirst();
    if (municipality?.kind !== 'municipality')
      throw new AppError('validation_failed', 'Очередь ведёт муниципальное образование', [
        {
          path: 'body.municipalityId',
          code: 'not_municipality',
          message: 'Выберите муниципальное образование',
        },
      ]);
    const today = dateInZone(new Date(), ctx.config.timeZone);
    const checked = await checkApplication(tx, input, {
      grants,
      maxPreferences: ctx.config.queueMaxPreferences,
      today,
    });
    const open = await tx
      .selectFrom('preschool_applications')
      .select('number')
      .where('child_id', '=', input.childId)
      .where('closed_on', 'is', null)
      .executeTakeFirst();
    if (open)
      throw new AppError('conflict', `У ребёнка уже есть заявление № ${open.number}`, [
        { path: 'body.childId', code: 'already_queued', message: `Заявление № ${open.number} уже в очереди` },
      ]);
    const arrival = await sql<{ n: string; at: Date }>`
      SELECT nextval('preschool_application_arrival_seq')::text AS n, clock_timestamp() AS at`.execute(tx);
    const { n, at } = arrival.rows[0]!;
    const status = input.right ? 'awaiting_confirmation' : 'queued';
    const app = await tx
      .insertInto('preschool_applications')
      .values({
        number: `${(municipality.oktmo ?? '').slice(0, 8).padEnd(8, '0')}-${n}`,
        arrival_no: n,
        registered_at: at,
        municipality_id: input.municipalityId,
        child_id: input.childId,
        applicant_id: input.applicantId,
        desired_on: input.desiredOn,
        group_focus: input.groupFocus,
        impairment_type: input.impairmentType ?? null,
        pmpk_number: input.pmpkNumber ?? null,
        pmpk_date: input.pmpkDate ?? null,
        stay_mode: input.stayMode,
        language: input.language,
        accepts_alternatives: input.acceptsAlternatives,
        transfer_from_id: input.transferFromId ?? null,
        status,
        filed_by: 'operator',
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('preschool_application_preferences')
      .values(
        input.preferences.map((organization_id, i) => ({
          application_id: app.id,
          rank: i + 1,
          organization_id,
        })),
      )
      .execute();
    if (input.right) {
      await tx
        .insertInto('preschool_application_rights')
        .values({
          application_id: app.id,
          category_code: input.right.categoryCode,
          category_version: checked.categoryVersion!,
          right_kind: checked.rightKind!,
          document_title: input.right.documentTitle,
          document_number: input.right.documentNumber ?? null,
          document_issued_on: input.right.documentIssuedOn,
          document_issuer: input.right.documentIssuer ?? null,
          valid_from: input.right.validFrom ?? input.right.documentIssuedOn,
          valid_to: input.right.validTo ?? null,
        })
        .execute();
    }
    await tx
      .insertInto('preschool_application_events')
      .values([
        {
          application_id: app.id,
          at,
          kind: 'filed' as const,
          status,
          reason: 'Заявление зарегистрировано',
          actor_id: ctx.actor!.userId,
        },
        ...(input.right
          ? [
              {
                application_id: app.id,
                at,
                kind: 'right_claimed' as const,
                status,
                reason: 'Заявлена льгота: до её подтверждения заявление находится в общей очереди',
                actor_id: ctx.actor!.userId,
              },
            ]
          : []),
      ])
      .execute();
    await auditInTx(tx, ctx, {
      action: 'application.file',
      objectType: 'preschool_application',
      objectId: app.id,
      subjectIds: [input.childId, input.applicantId],
      grant,
      details: {
        municipalityId: input.municipalityId,
        preferences: input.preferences.length,
        right: checked.rightKind,
      },
    });
    return readApplicationIn(tx, app.id);
  });
