import { sql } from 'kysely';
import type { z } from 'zod';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import { forbidden } from '../../../platform/errors.ts';
import { CatchmentActions } from './catchments.policy.ts';
import type { suggestQuery } from './catchments.schemas.ts';

/**
 * The kindergartens the application form suggests for an address: those of the catchment its ОКТМО
 * falls in (the settlement's 11-digit code, or the 8-digit code of a settlement listed whole).
 */
export async function suggestKindergartens(ctx: Ctx, q: z.infer<typeof suggestQuery>) {
  const grants = authorize(ctx.actor!, CatchmentActions['catchment.read']);
  if (!(await grantCovering(ctx.db, grants, q.municipalityId)))
    throw forbidden('Муниципалитет вне вашей области доступа');
  const c = await sql<{ id: string; name: string }>`
    SELECT id, name FROM catchments
     WHERE municipality_id = ${q.municipalityId}
       AND (oktmo @> ARRAY[${q.oktmo}]::text[] OR oktmo @> ARRAY[left(${q.oktmo}, 8)]::text[])
     ORDER BY (oktmo @> ARRAY[${q.oktmo}]::text[]) DESC, name LIMIT 1`.execute(ctx.db);
  const catchment = c.rows[0] ?? null;
  const kindergartens = catchment
    ? (
        await sql<{ id: string; name: string }>`
          SELECT o.id, o.short_name AS name FROM catchment_kindergartens k JOIN organizations o ON o.id = k.organization_id
           WHERE k.catchment_id = ${catchment.id} AND o.status <> 'liquidated' ORDER BY o.short_name`.execute(
          ctx.db,
        )
      ).rows
    : [];
  return { catchment, kindergartens };
}
