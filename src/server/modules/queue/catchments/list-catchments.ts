import type { z } from 'zod';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import { forbidden } from '../../../platform/errors.ts';
import { CatchmentActions } from './catchments.policy.ts';
import { readCatchments } from './catchments.queries.ts';
import type { catchmentListQuery } from './catchments.schemas.ts';

/** The catchments of a municipality in the actor's scope; they name no person. */
export async function listCatchments(ctx: Ctx, q: z.infer<typeof catchmentListQuery>) {
  const grants = authorize(ctx.actor!, CatchmentActions['catchment.read']);
  if (!(await grantCovering(ctx.db, grants, q.municipalityId)))
    throw forbidden('Муниципалитет вне вашей области доступа');
  return { items: await readCatchments(ctx.db, { municipalityId: q.municipalityId }) };
}
