import type { Kysely } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { readPersonCard, readPersonCardPrepared } from './person-card.ts';

const MAX_ALIAS_HOPS = 5;

/**
 * A person card within the actor's scope. A merged record is an alias: it resolves to the survivor.
 * Absent and out-of-scope look the same (404), and the refusal is audited.
 */
export async function loadPersonCard(ctx: Ctx, db: Kysely<DB>, id: string, grants: Grant[], action: string) {
  // Outside a transaction the hot read goes through a prepared statement on the pool.
  const read = (pid: string) =>
    db === ctx.db ? readPersonCardPrepared(db, ctx.pool, pid, grants) : readPersonCard(db, pid, grants);
  let card = await read(id);
  let hops = 0;
  while (card?.status === 'merged' && card.mergedIntoId && hops++ < MAX_ALIAS_HOPS) {
    card = await read(card.mergedIntoId);
  }
  if (!card) throw notFound('Запись о человеке').audited(action, 'person', id);
  return { ...card, ...(card.id !== id ? { resolvedFrom: id } : {}) };
}
