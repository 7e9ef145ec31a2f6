import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { DuplicateActions } from './duplicates.policy.ts';

/**
 * Records that two suspected duplicates are different people, so later report runs skip the pair.
 * Both must be current records in the operator's scope; repeating the decision changes nothing.
 */
export const markDistinct = (ctx: Ctx, input: { personA: string; personB: string; reason: string }) =>
  withTransaction(ctx.db, async (tx) => {
    const action = DuplicateActions['person.merge'];
    const grants = authorize(ctx.actor!, action);
    const ids = [input.personA.toLowerCase(), input.personB.toLowerCase()];
    for (const [id, path] of [
      [ids[0]!, 'body.personA'],
      [ids[1]!, 'body.personB'],
    ] as const) {
      const card = await loadPersonCard(ctx, tx, id, grants, action);
      if (card.id !== id) {
        throw new AppError('conflict', 'Запись уже объединена с другой', [
          { path, code: 'merged', message: `Запись объединена с ${card.id}` },
        ]);
      }
    }
    // Stored in uuid order, so (a, b) and (b, a) are one row.
    const [a, b] = ids.sort() as [string, string];
    await tx
      .insertInto('person_distinctions')
      .values({ person_a: a, person_b: b, reason: input.reason, decided_by: ctx.actor!.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await auditInTx(tx, ctx, {
      action: 'person.distinct',
      objectType: 'person',
      objectId: a,
      subjectIds: [a, b],
    });
  });
