import type { z } from 'zod';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { forbidden, notFound, versionConflict } from '../../../platform/errors.ts';
import { CatchmentActions } from './catchments.policy.ts';
import { readCatchments } from './catchments.queries.ts';
import type { createCatchmentSchema, updateCatchmentSchema } from './catchments.schemas.ts';
import { checkCatchment } from './check-catchment.ts';

type Create = z.infer<typeof createCatchmentSchema>;
type Update = z.infer<typeof updateCatchmentSchema>;

/** A new catchment of a municipality, or a changed one at the version the operator saw. */
export const saveCatchment = (ctx: Ctx, target: { create: Create } | { id: string; update: Update }) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, CatchmentActions['catchment.write']);
    let id: string;
    let municipalityId: string;
    const input = 'create' in target ? target.create : target.update;
    if ('create' in target) {
      municipalityId = target.create.municipalityId;
      if (!(await grantCovering(tx, grants, municipalityId)))
        throw forbidden('Муниципалитет вне вашей области доступа');
      await checkCatchment(tx, municipalityId, input, null);
      id = (
        await tx
          .insertInto('catchments')
          .values({
            municipality_id: municipalityId,
            name: input.name,
            oktmo: input.oktmo,
            neighbours: input.neighbours,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      const row = await tx
        .selectFrom('catchments')
        .selectAll()
        .where('id', '=', target.id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || !(await grantCovering(tx, grants, row.municipality_id)))
        throw notFound('Закреплённая территория').audited('catchment.write', 'catchment', target.id);
      if (row.version !== target.update.version) throw versionConflict(row.version);
      id = row.id;
      municipalityId = row.municipality_id;
      await checkCatchment(tx, municipalityId, input, id);
      await tx
        .updateTable('catchments')
        .set((eb) => ({
          name: input.name,
          oktmo: input.oktmo,
          neighbours: input.neighbours,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      await tx.deleteFrom('catchment_kindergartens').where('catchment_id', '=', id).execute();
    }
    if (input.kindergartenIds.length > 0)
      await tx
        .insertInto('catchment_kindergartens')
        .values(input.kindergartenIds.map((organization_id) => ({ catchment_id: id, organization_id })))
        .execute();
    await auditInTx(tx, ctx, {
      action: 'catchment.write',
      objectType: 'catchment',
      objectId: id,
      details: {
        municipalityId,
        settlements: input.oktmo.length,
        kindergartens: input.kindergartenIds.length,
      },
    });
    return (await readCatchments(tx, { id }))[0]!;
  });
