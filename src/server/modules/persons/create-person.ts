import type { CreatePersonInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { answeringDuplicates } from './duplicate-answer.ts';
import { findExactDuplicate } from './find-duplicates.ts';
import { insertPerson, recordCreated } from './insert-person.ts';
import { addLearnerRepresentative } from './learner-representative.ts';
import { cardSubjects, readPersonCard } from './person-card.ts';
import { coversRegion } from './person-scope.ts';
import { PersonActions } from './persons.policy.ts';

/**
 * Registers a learner, normally together with the enrollment that puts it in the operator's scope and
 * the parent or legal representative, all in one transaction: either everything is stored or nothing.
 * Duplicate control runs for both persons; its answer names which one through the problem's paths
 * (`body.duplicateResolution` or `body.representative.duplicateResolution`, `body.snils` or
 * `body.representative.snils`).
 */
export const createPerson = (ctx: Ctx, input: CreatePersonInput) => {
  const grants = authorize(ctx.actor!, PersonActions['person.create']);
  // Linking a representative is an update of the learner's record.
  if (input.representative) authorize(ctx.actor!, PersonActions['person.update']);
  const rep = input.representative?.kind === 'new' ? input.representative : null;
  return answeringDuplicates(
    ctx,
    grants,
    () => insertWithEnrollment(ctx, grants, input),
    async () =>
      (await findExactDuplicate(ctx.db, input)) ??
      (rep ? await findExactDuplicate(ctx.db, rep, 'body.representative') : null),
  );
};

const insertWithEnrollment = (ctx: Ctx, grants: Grant[], input: CreatePersonInput) =>
  withTransaction(ctx.db, async (tx) => {
    let grant = grants[0]!;
    if (input.enrollment) {
      const covering = await grantCovering(tx, grants, input.enrollment.organizationId);
      if (!covering) throw forbidden('Организация вне вашей области доступа');
      grant = covering;
    } else if (!coversRegion(grants)) {
      throw new AppError('validation_failed', 'Укажите организацию, в которой обучается человек', [
        { path: 'body.enrollment', code: 'required', message: 'Укажите организацию' },
      ]);
    }
    const { enrollment, duplicateResolution, representative, ...person } = input;
    const id = await insertPerson(tx, ctx, grants, person, duplicateResolution);
    if (enrollment) {
      await tx
        .insertInto('enrollments')
        .values({
          person_id: id,
          organization_id: enrollment.organizationId,
          started_on: enrollment.startedOn,
          created_by: ctx.actor!.userId,
        })
        .execute();
    }
    let card = await recordCreated(tx, ctx, grants, id, grant);
    if (representative) {
      await addLearnerRepresentative(tx, ctx, grants, id, representative);
      card = (await readPersonCard(tx, id, grants))!;
    }
    return { card, subjects: cardSubjects(card) };
  });
