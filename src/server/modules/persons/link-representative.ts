import type { Relation } from '../../../common/person-dictionary.ts';
import type { LinkRepresentativeInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { answeringDuplicates } from './duplicate-answer.ts';
import { resolveActivePerson } from './enroll-person.ts';
import { findExactDuplicate, personsInScope } from './find-duplicates.ts';
import { insertPerson, recordCreated } from './insert-person.ts';
import { loadPersonCard } from './load-person.ts';
import { cardSubjects } from './person-card.ts';
import { PersonActions } from './persons.policy.ts';
import {
  bumpPersonVersion,
  recordLinkAdded,
  recordRepresentationChange,
} from './record-representation-change.ts';

type Link = {
  learnerId: string;
  representativeId: string;
  relation: Relation;
  authorityDocument?: string | null | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
};

/** Inserts the representation link; a link that already exists is a conflict, not a 500. */
export async function insertRepresentation(tx: Tx, ctx: Ctx, l: Link) {
  if (l.representativeId === l.learnerId) {
    throw new AppError('business_rule', 'Человек не может быть представителем самого себя', [
      { path: 'body.representativeId', code: 'self', message: 'Выберите другого человека' },
    ]);
  }
  return tx
    .insertInto('representations')
    .values({
      learner_id: l.learnerId,
      representative_id: l.representativeId,
      relation: l.relation,
      authority_document: l.authorityDocument ?? null,
      valid_from: l.validFrom ?? null,
      valid_to: l.validTo ?? null,
      created_by: ctx.actor!.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: { code?: string }) => {
      if (err.code === '23505') throw new AppError('conflict', 'Этот представитель уже связан с обучающимся');
      throw err;
    });
}

/**
 * Links a representative to a learner: an existing person (found by duplicate control or search)
 * or a new one, entered with the same checks as any person. An existing person must already be in
 * the caller's scope (a link makes the representative readable by the learner's organization and
 * shows them the learner); otherwise it reads like absent, and the way in is an access request.
 */
export const linkRepresentative = (ctx: Ctx, learnerId: string, input: LinkRepresentativeInput) => {
  const action = PersonActions['person.update'];
  const grants = authorize(ctx.actor!, action);
  return answeringDuplicates(
    ctx,
    grants,
    () => linkInTx(ctx, grants, learnerId, input),
    async () =>
      input.representative ? findExactDuplicate(ctx.db, input.representative, 'body.representative') : null,
  );
};

const linkInTx = (ctx: Ctx, grants: Grant[], learnerId: string, input: LinkRepresentativeInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = PersonActions['person.update'];
    const learner = await loadPersonCard(ctx, tx, learnerId, grants, action);
    let representativeId: string | null;
    if (input.representative) {
      representativeId = await insertPerson(
        tx,
        ctx,
        grants,
        input.representative,
        input.duplicateResolution,
        'body.representative',
      );
    } else {
      representativeId = await resolveActivePerson(tx, input.representativeId!);
      if (!representativeId || !(await personsInScope(tx, [representativeId], grants)).has(representativeId))
        throw notFound('Представитель').audited(
          'person.link_representative',
          'person',
          input.representativeId!,
        );
    }
    const link = await insertRepresentation(tx, ctx, { ...input, learnerId: learner.id, representativeId });
    if (input.representative) await recordCreated(tx, ctx, grants, representativeId, grants[0]!);
    await bumpPersonVersion(tx, ctx, learner.id);
    const card = await loadPersonCard(ctx, tx, learner.id, grants, action);
    const added = { linkId: link.id, representativeId, relation: input.relation };
    // The answer is the learner's card: every person it shows.
    await recordLinkAdded(tx, ctx, card, added, [...new Set([representativeId, ...cardSubjects(card)])]);
    return card;
  });

export const unlinkRepresentative = (ctx: Ctx, learnerId: string, linkId: string) =>
  withTransaction(ctx.db, async (tx) => {
    const action = PersonActions['person.update'];
    const grants = authorize(ctx.actor!, action);
    const learner = await loadPersonCard(ctx, tx, learnerId, grants, action);
    const r = await tx
      .updateTable('representations')
      .set({ revoked_at: new Date() })
      .where('id', '=', linkId)
      .where('learner_id', '=', learner.id)
      .where('revoked_at', 'is', null)
      .returning(['representative_id', 'relation'])
      .executeTakeFirst();
    if (!r) throw notFound('Связь с представителем');
    await bumpPersonVersion(tx, ctx, learner.id);
    const card = await loadPersonCard(ctx, tx, learner.id, grants, action);
    await recordRepresentationChange(tx, ctx, card, 'unlink_representative', {
      linkId,
      representativeId: r.representative_id,
      relation: r.relation,
    });
    await auditInTx(tx, ctx, {
      action: 'person.unlink_representative',
      objectType: 'person',
      objectId: learner.id,
      subjectIds: [learner.id, r.representative_id],
      details: { linkId },
    });
  });
