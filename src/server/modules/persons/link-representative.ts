import type { LinkRepresentativeInput } from '../../../common/schemas/person.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { insertPerson, recordCreated } from './create-person.ts';
import { loadPersonCard } from './load-person.ts';
import { PersonActions } from './persons.policy.ts';

/**
 * Links a representative to a learner: an existing person (found by duplicate control or search)
 * or a new one, entered with the same checks as any person.
 */
export const linkRepresentative = (ctx: Ctx, learnerId: string, input: LinkRepresentativeInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = PersonActions['person.update'];
    const grants = authorize(ctx.actor!, action);
    const learner = await loadPersonCard(ctx, tx, learnerId, grants, action);
    let representativeId = input.representativeId;
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
      const exists = await tx
        .selectFrom('persons')
        .select('id')
        .where('id', '=', representativeId!)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!exists) throw notFound('Представитель');
    }
    if (representativeId === learner.id) {
      throw new AppError('business_rule', 'Человек не может быть представителем самого себя', [
        { path: 'body.representativeId', code: 'self', message: 'Выберите другого человека' },
      ]);
    }
    const link = await tx
      .insertInto('representations')
      .values({
        learner_id: learner.id,
        representative_id: representativeId!,
        relation: input.relation,
        authority_document: input.authorityDocument ?? null,
        valid_from: input.validFrom ?? null,
        valid_to: input.validTo ?? null,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: { code?: string }) => {
        if (err.code === '23505')
          throw new AppError('conflict', 'Этот представитель уже связан с обучающимся');
        throw err;
      });
    if (input.representative) await recordCreated(tx, ctx, grants, representativeId!, grants[0]!);
    await auditInTx(tx, ctx, {
      action: 'person.link_representative',
      objectType: 'person',
      objectId: learner.id,
      subjectIds: [learner.id, representativeId!],
      details: { linkId: link.id, relation: input.relation },
    });
    return loadPersonCard(ctx, tx, learner.id, grants, action);
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
      .returning('representative_id')
      .executeTakeFirst();
    if (!r) throw notFound('Связь с представителем');
    await auditInTx(tx, ctx, {
      action: 'person.unlink_representative',
      objectType: 'person',
      objectId: learner.id,
      subjectIds: [learner.id, r.representative_id],
      details: { linkId },
    });
  });
