import { dateIn } from '../../../common/dates/format-instant.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { CitizenActions } from '../citizen/citizen.policy.ts';
import { citizenSubjects } from '../citizen/read-citizen-view.ts';
import { holderOrganization } from './data-corrections.queries.ts';
import type { CreateCorrectionInput } from './data-corrections.schemas.ts';

/** Reports one citizen may send in a day: enough for a family, too few to flood an organization. */
export const DAILY_LIMIT = 10;

/**
 * A citizen reports a mistake in their own record or a child's (152-ФЗ ст. 14, 21). The report goes
 * to the organization that keeps the record; for the citizen's own record (a parent is rarely
 * enrolled) to the one that keeps their child's, since that organization entered the parent too.
 */
export async function createDataCorrection(ctx: Ctx, input: CreateCorrectionInput) {
  const action = CitizenActions['citizen.self'];
  authorize(ctx.actor!, action);
  const circle = await citizenSubjects(ctx);
  if (!circle.includes(input.personId)) {
    throw notFound('Запись о человеке').audited('data_correction.create', 'person', input.personId);
  }
  const today = dateIn(ctx.config.timeZone);
  const own = input.personId === circle[0];
  const organizationId =
    (await holderOrganization(ctx.db, [input.personId], today)) ??
    (own ? await holderOrganization(ctx.db, circle.slice(1), today) : null);
  if (!organizationId) {
    throw new AppError(
      'business_rule',
      'Ни одна образовательная организация не ведет эту запись. Обратитесь в орган управления образованием',
    );
  }
  return withTransaction(ctx.db, async (tx) => {
    // Serialises one citizen's reports, so two at once cannot both slip under the daily limit.
    await tx.selectFrom('users').select('id').where('id', '=', ctx.actor!.userId).forUpdate().execute();
    const sent = await tx
      .selectFrom('data_correction_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('requester_user_id', '=', ctx.actor!.userId)
      .where('created_at', '>', new Date(Date.now() - 24 * 3_600_000))
      .executeTakeFirstOrThrow();
    if (Number(sent.n) >= DAILY_LIMIT) {
      throw new AppError(
        'rate_limited',
        `За сутки можно отправить не более ${DAILY_LIMIT} сообщений об ошибках. Попробуйте завтра`,
      );
    }
    const row = await tx
      .insertInto('data_correction_requests')
      .values({
        person_id: input.personId,
        organization_id: organizationId,
        requester_user_id: ctx.actor!.userId,
        section: input.section,
        text: input.text,
      })
      .returning(['id', 'status', 'created_at'])
      .executeTakeFirstOrThrow();
    // The text stays out of the log: it is the citizen's words about the data, kept in the request.
    await auditInTx(tx, ctx, {
      action: 'data_correction.create',
      objectType: 'data_correction_request',
      objectId: row.id,
      subjectIds: [input.personId],
      details: { section: input.section, organizationId },
    });
    return { id: row.id, status: row.status, createdAt: row.created_at.toISOString() };
  });
}
