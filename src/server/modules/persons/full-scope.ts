import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import { personInScope } from './person-scope.ts';

/**
 * The ids among `ids` that are outside the full-access scope of the grants (absent ids included).
 * Full access, not a card that happens to be readable: a limited view (a former organization after the
 * grace period) is not enough to merge a record or to see or move its health data.
 */
export async function outsideFullScope(db: Kysely<DB>, ids: string[], grants: Grant[]): Promise<string[]> {
  if (ids.length === 0) return [];
  if (grants.length === 0) return [...ids];
  const r = await sql<{ id: string }>`SELECT p.id FROM persons p
    WHERE p.id = ANY(${ids}::uuid[]) AND ${personInScope('p.id', grants)}`.execute(db);
  const inside = new Set(r.rows.map((x) => x.id));
  return ids.filter((id) => !inside.has(id));
}
