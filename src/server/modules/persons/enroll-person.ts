import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { PersonActions } from './persons.policy.ts';

/**
 * Puts an existing person (a duplicate candidate the operator recognised) into an organization of
 * the operator's scope, instead of creating a second record of the same child.
 */
export const enrollExistingPerson = (
  ctx: Ctx,
  personId: string,
  input: { organizationId: string; startedOn: string },
) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, PersonActions['person.create']);
    const grant = await grantCovering(tx, grants, input.organizationId);
    if (!grant) throw forbidden('Организация вне вашей области доступа');
    const person = await tx
      .selectFrom('persons')
      .select(['id', 'status', 'merged_into_id'])
      .where('id', '=', personId)
      .executeTakeFirst();
    const target =
      person?.status === 'merged' ? person.merged_into_id : person?.status === 'active' ? person.id : null;
    if (!target) throw notFound('Запись о человеке').audited('person.enroll', 'person', personId);
    const already = await tx
      .selectFrom('enrollments')
      .select('id')
      .where('person_id', '=', target)
      .where('organization_id', '=', input.organizationId)
      .where('ended_on', 'is', null)
      .executeTakeFirst();
    if (already) {
      throw new AppError('conflict', 'Человек уже обучается в этой организации', [
        { path: 'body.organizationId', code: 'already_enrolled', message: 'Уже зачислен в эту организацию' },
      ]);
    }
    const e = await tx
      .insertInto('enrollments')
      .values({
        person_id: target,
        organization_id: input.organizationId,
        started_on: input.startedOn,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditInTx(tx, ctx, {
      action: 'person.enroll',
      objectType: 'person',
      objectId: target,
      subjectIds: [target],
      grant,
      details: { enrollmentId: e.id, organizationId: input.organizationId },
    });
    return { personId: target, enrollmentId: e.id };
  });
