import { sql } from 'kysely';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { organizationNameMatches } from './organization-search.ts';
import type { organizationDirectoryQuery } from './organizations.schemas.ts';

/**
 * The region's working organizations for any staff user: whom a learner is transferred to, where a
 * child went. The registry is public information, so the answer is the public part only (names, kind,
 * municipality, ИНН) — no head, contacts or anything personal — and it is not limited to the reader's
 * scope. Reorganizing organizations stay findable: they still receive learners until they close.
 */
export async function organizationDirectory(ctx: Ctx, q: z.infer<typeof organizationDirectoryQuery>) {
  const text = q.q ?? '';
  const rows = await sql<{
    id: string;
    short_name: string | null;
    full_name: string;
    kind: string;
    inn: string | null;
    territory_name: string | null;
  }>`
    SELECT o.id, o.short_name, o.full_name, o.kind, o.inn, t.name AS territory_name
      FROM organizations o LEFT JOIN territories t ON t.id = o.territory_id
     WHERE o.status <> 'liquidated'
       AND (${organizationNameMatches({ full: 'o.full_name', short: 'o.short_name' }, text)}
            OR (${/^\d{10}(\d{2})?$/.test(text)} AND o.inn = ${text}))
       AND (${q.kind ?? null}::text IS NULL OR o.kind = ${q.kind ?? null})
       AND (${q.territoryId ?? null}::uuid IS NULL OR o.id IN (
              SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${q.territoryId ?? null}::uuid))
     ORDER BY coalesce(o.short_name, o.full_name), o.id
     LIMIT ${q.limit}`.execute(ctx.db);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      shortName: r.short_name,
      fullName: r.full_name,
      kind: r.kind,
      inn: r.inn,
      territoryName: r.territory_name,
    })),
  };
}
