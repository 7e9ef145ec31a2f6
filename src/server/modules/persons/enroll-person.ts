import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { isUniqueViolation } from './duplicate-answer.ts';
import { personsInScope } from './find-duplicates.ts';
import { PersonActions } from './persons.policy.ts';

const MAX_ALIAS_HOPS = 5;

/** The active record an id names: itself, or the survivor a merged alias resolves to; null if none. */
export async function resolveActivePerson(tx: Tx, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
    const row = await tx
      .selectFrom('persons')
      .select(['status', 'merged_into_id'])
      .where('id', '=', current)
      .executeTakeFirst();
    if (!row) return null;
    if (row.status === 'active') return current;
    if (row.status !== 'merged' || !row.merged_into_id) return null;
    current = row.merged_into_id;
  }
  return null;
}

const alreadyEnrolled = (enrollmentId: string | null) =>
  new AppError(
    'conflict',
    'Человек уже обучается в этой организации',
    [{ path: 'body.organizationId', code: 'already_enrolled', message: 'Уже обучается в этой организации' }],
    enrollmentId ? { existingEnrollmentId: enrollmentId } : {},
  );

const activeEnrollment = async (db: Tx | Ctx['db'], personId: string, organizationId: string) =>
  (
    await db
      .selectFrom('enrollments')
      .select('id')
      .where('person_id', '=', personId)
      .where('organization_id', '=', organizationId)
      .where('ended_on', 'is', null)
      .executeTakeFirst()
  )?.id ?? null;

/**
 * Inserts the enrollment and audits it. Uniqueness is the database's: the partial unique index
 * enrollments_active_uq (migration 0012) makes concurrent identical enrollments one success; the
 * rest roll back and are answered by enrollmentConflict.
 */
export async function insertEnrollment(
  tx: Tx,
  ctx: Ctx,
  e: { personId: string; organizationId: string; startedOn: string; grant: Grant | null },
  details: Record<string, unknown> = {},
) {
  const row = await tx
    .insertInto('enrollments')
    .values({
      person_id: e.personId,
      organization_id: e.organizationId,
      started_on: e.startedOn,
      created_by: ctx.actor!.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await auditInTx(tx, ctx, {
    action: 'person.enroll',
    objectType: 'person',
    objectId: e.personId,
    subjectIds: [e.personId],
    grant: e.grant,
    details: { enrollmentId: row.id, organizationId: e.organizationId, ...details },
  });
  return { personId: e.personId, enrollmentId: row.id };
}

/** Runs an enrolling transaction; a lost race on enrollments_active_uq becomes 409 with the winner's id. */
export async function enrollmentConflict<T>(
  ctx: Ctx,
  run: () => Promise<T>,
  target: () => { personId: string | null; organizationId: string },
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isUniqueViolation(err, ['enrollments_active_uq'])) throw err;
    const t = target();
    throw alreadyEnrolled(t.personId ? await activeEnrollment(ctx.db, t.personId, t.organizationId) : null);
  }
}

/**
 * Puts an existing person (a duplicate candidate the operator recognised) into an organization of
 * the operator's scope, instead of creating a second record of the same child. The person must
 * already be in the caller's scope: enrolling is not a way to gain access to a learner of another
 * organization. Out of scope reads like absent (404, audited as denied); the way in is an access
 * request that the organization holding the record approves.
 */
export const enrollExistingPerson = (
  ctx: Ctx,
  personId: string,
  input: { organizationId: string; startedOn: string },
) => {
  let target: string | null = null;
  return enrollmentConflict(
    ctx,
    () =>
      withTransaction(ctx.db, async (tx) => {
        const grants = authorize(ctx.actor!, PersonActions['person.create']);
        const grant = await grantCovering(tx, grants, input.organizationId);
        if (!grant) throw forbidden('Организация вне вашей области доступа');
        target = await resolveActivePerson(tx, personId);
        if (!target || !(await personsInScope(tx, [target], grants)).has(target))
          throw notFound('Запись о человеке').audited('person.enroll', 'person', personId);
        const already = await activeEnrollment(tx, target, input.organizationId);
        if (already) throw alreadyEnrolled(already);
        return insertEnrollment(tx, ctx, { personId: target, ...input, grant });
      }),
    () => ({ personId: target, organizationId: input.organizationId }),
  );
};
