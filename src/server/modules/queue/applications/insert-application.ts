import { sql } from 'kysely';
import type { Grant } from '../../../platform/access/actor.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import type { FileApplicationInput } from './applications.schemas.ts';
import type { CheckedApplication } from './check-application.ts';

/** An application whose rules check-application.ts has passed, with both persons resolved. */
export type ApplicationToInsert = Omit<FileApplicationInput, 'transferFromId'> & {
  transferFromId?: string | undefined;
};

/**
 * The municipality that keeps the queue, by id; anything else (a region, a district, an organization's
 * id) is refused on the field, so the public number always starts with a municipality's ОКТМО.
 */
export async function queueMunicipality(tx: Tx, id: string, path = 'body.municipalityId') {
  const m = await tx
    .selectFrom('territories')
    .select(['kind', 'oktmo'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (m?.kind !== 'municipality')
    throw new AppError('validation_failed', 'Очередь ведёт муниципальное образование', [
      { path, code: 'not_municipality', message: 'Выберите муниципальное образование' },
    ]);
  return { id, oktmo: m.oktmo };
}

/**
 * Writes a checked application, whoever files it (the municipality's operator or the parent through
 * Госуслуги): the registration instant and the arrival number are taken together, at this moment, and
 * never change; the public number is the municipality's ОКТМО and the arrival number. A claimed right
 * waits for confirmation, and until then the application ranks in the general queue. The open
 * application a child already has is named in the answer; two filings racing past that check meet the
 * unique index on the open application, which answers the same 409 (constraint-problems.ts).
 */
export async function insertApplication(
  tx: Tx,
  ctx: Ctx,
  input: ApplicationToInsert,
  opts: {
    municipality: { id: string; oktmo: string | null };
    checked: CheckedApplication;
    filedBy: 'operator' | 'citizen';
    grant: Grant;
  },
): Promise<string> {
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
  const actorId = ctx.actor!.userId;
  const app = await tx
    .insertInto('preschool_applications')
    .values({
      number: `${(opts.municipality.oktmo ?? '').slice(0, 8).padEnd(8, '0')}-${n}`,
      arrival_no: n,
      registered_at: at,
      municipality_id: opts.municipality.id,
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
      filed_by: opts.filedBy,
      created_by: actorId,
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
        category_version: opts.checked.categoryVersion!,
        right_kind: opts.checked.rightKind!,
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
        reason:
          opts.filedBy === 'citizen'
            ? 'Заявление подано через Госуслуги и зарегистрировано'
            : 'Заявление зарегистрировано',
        actor_id: actorId,
      },
      ...(input.right
        ? [
            {
              application_id: app.id,
              at,
              kind: 'right_claimed' as const,
              status,
              reason: 'Заявлена льгота: до её подтверждения заявление находится в общей очереди',
              actor_id: actorId,
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
    grant: opts.grant,
    details: {
      municipalityId: opts.municipality.id,
      preferences: input.preferences.length,
      right: opts.checked.rightKind,
      filedBy: opts.filedBy,
    },
  });
  return app.id;
}
