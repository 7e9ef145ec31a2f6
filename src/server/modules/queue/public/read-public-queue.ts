import { sql } from 'kysely';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import type { Ctx } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { referenceDate } from '../applications/read-public-position.ts';
import { bandDemand, kindergartenFigures } from './public-figures.ts';

/** Municipalities that keep a queue: those with a working kindergarten, for the public pages' select. */
export async function listPublicMunicipalities(ctx: Ctx) {
  const r = await sql<{ id: string; name: string; kindergartens: number }>`
    SELECT t.id, t.name, count(o.id)::int AS kindergartens
      FROM territories t
      JOIN scope_closure c ON c.ancestor_id = t.id
      JOIN organizations o ON o.id = c.descendant_id AND o.kind = 'preschool' AND o.status <> 'liquidated'
     WHERE t.kind = 'municipality'
     GROUP BY t.id, t.name ORDER BY t.name`.execute(ctx.db);
  return { items: r.rows };
}

/**
 * A municipality's public page: its queue by age band and right, and every kindergarten's card with its
 * groups, places and own queue. Anyone may read it; nothing in it names a child.
 */
export async function readPublicMunicipalityQueue(ctx: Ctx, municipalityId: string) {
  const m = await ctx.db
    .selectFrom('territories')
    .select(['id', 'name', 'kind'])
    .where('id', '=', municipalityId)
    .executeTakeFirst();
  if (m?.kind !== 'municipality') throw notFound('Муниципалитет');
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const ref = referenceDate(today);
  const [kindergartens, demand] = await Promise.all([
    kindergartenFigures(ctx.db, { municipalityId }, today, ref),
    bandDemand(ctx.db, { municipalityId }, ref),
  ]);
  return {
    id: m.id,
    name: m.name,
    referenceDate: ref,
    computedAt: new Date().toISOString(),
    queue: demand.get('') ?? [],
    kindergartens,
  };
}

/** One kindergarten's public card. */
export async function readPublicKindergarten(ctx: Ctx, id: string) {
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const [card] = await kindergartenFigures(ctx.db, { organizationId: id }, today, referenceDate(today));
  if (!card) throw notFound('Детский сад');
  return card;
}
