import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

/** A working kindergarten: the ones check-application.ts accepts in an application. */
const working = sql<boolean>`o.kind = 'preschool' AND o.status <> 'liquidated'`;

/**
 * What a parent chooses from on the application form: the municipalities that have a kindergarten to
 * queue for, and a municipality's working kindergartens. Public data only: names and the
 * kindergarten's address, as on any municipal site.
 */
export async function queueMunicipalities(db: Kysely<DB>) {
  const r = await sql<{ id: string; name: string }>`
    SELECT t.id, t.name FROM territories t
     WHERE t.kind = 'municipality'
       AND EXISTS (SELECT 1 FROM scope_closure c JOIN organizations o ON o.id = c.descendant_id
                    WHERE c.ancestor_id = t.id AND ${working})
     ORDER BY t.name, t.id`.execute(db);
  return r.rows;
}

export async function municipalityKindergartens(db: Kysely<DB>, municipalityId: string) {
  const r = await sql<{ id: string; name: string; address: string | null }>`
    SELECT o.id, o.short_name AS name, nullif(o.actual_address->>'text', '') AS address
      FROM organizations o
     WHERE ${working}
       AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${municipalityId})
     ORDER BY o.short_name, o.id`.execute(db);
  return r.rows;
}
