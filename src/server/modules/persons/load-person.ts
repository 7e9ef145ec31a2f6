import type { Kysely } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { readPersonCard, readPersonCardPrepared } from './person-card.ts';

const MAX_ALIAS_HOPS = 5;

/**
 * A person card within the actor's scope. A merged record is an alias: it resolves to the survivor.
 * Absent and out-of-scope look the same (404), and the refusal is audited. Only a plain read may be
 * served at the archival level (a former organization after the grace period); every other use needs
 * full access.
 */
export async function loadPersonCard(
  ctx: Ctx,
  db: Kysely<DB>,
  id: string,
  grants: Grant[],
  action: string,
  opts: { archival?: boolean } = {},
) {
  // Outside a transaction the hot read goes through a prepared statement on the pool.
  const read = (pid: string) =>
    db === ctx.db ? readPersonCardPrepared(db, ctx.pool, pid, grants) : readPersonCard(db, pid, grants);
  let card = await read(id);
  if (!card || card.status === 'merged') {
    // A merged alias has no enrollments of its own: scope is decided on the record it resolves to.
    const survivor = await resolveAlias(db, id);
    card = survivor ? await read(survivor) : null;
  }
  if (!card || (card.access === 'archival' && !opts.archival)) {
    throw notFound('Запись о человеке').audited(action, 'person', id);
  }
  return { ...card, ...(card.id !== id ? { resolvedFrom: id } : {}) };
}

/** The active record a merged alias resolves to, following a chain of merges; null if none. */
async function resolveAlias(db: Kysely<DB>, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
    const row = await db
      .selectFrom('persons')
      .select(['status', 'merged_into_id'])
      .where('id', '=', current)
      .executeTakeFirst();
    if (!row) return null;
    if (row.status !== 'merged' || !row.merged_into_id) return hop === 0 ? null : current;
    current = row.merged_into_id;
  }
  return null;
}
