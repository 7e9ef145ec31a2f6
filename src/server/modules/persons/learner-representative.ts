import type { LearnerRepresentativeInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { notFound } from '../../platform/errors.ts';
import { resolveActivePerson } from './enroll-person.ts';
import { personsInScope } from './find-duplicates.ts';
import { insertPerson, recordCreated } from './insert-person.ts';
import { insertRepresentation } from './link-representative.ts';
import { readPersonCard } from './person-card.ts';
import { bumpPersonVersion, recordLinkAdded } from './record-representation-change.ts';

/**
 * The representative entered on the new-learner form, inside the learner's transaction. A new person
 * passes the same duplicate control as the learner (its problems under `body.representative`); the
 * learner just written is not a candidate. An existing person must already be in the caller's scope,
 * as for any link: otherwise it reads like absent. Called after the learner's first version is written.
 */
export async function addLearnerRepresentative(
  tx: Tx,
  ctx: Ctx,
  grants: Grant[],
  learnerId: string,
  rep: LearnerRepresentativeInput,
) {
  let representativeId: string | null;
  if (rep.kind === 'new') {
    const { kind, relation, authorityDocument, duplicateResolution, ...person } = rep;
    representativeId = await insertPerson(
      tx,
      ctx,
      grants,
      person,
      duplicateResolution,
      'body.representative',
      learnerId,
    );
  } else {
    representativeId = await resolveActivePerson(tx, rep.personId);
    if (!representativeId || !(await personsInScope(tx, [representativeId], grants)).has(representativeId))
      throw notFound('Представитель').audited('person.link_representative', 'person', rep.personId);
  }
  const link = await insertRepresentation(tx, ctx, {
    learnerId,
    representativeId,
    relation: rep.relation,
    authorityDocument: rep.authorityDocument,
  });
  if (rep.kind === 'new') await recordCreated(tx, ctx, grants, representativeId, grants[0]!);
  // As any link, a version of the learner's record: its history says the representative was added.
  await bumpPersonVersion(tx, ctx, learnerId);
  const card = (await readPersonCard(tx, learnerId, grants))!;
  const added = { linkId: link.id, representativeId, relation: rep.relation };
  await recordLinkAdded(tx, ctx, card, added, [learnerId, representativeId]);
}
