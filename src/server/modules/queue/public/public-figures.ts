import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { RANKED_STATUSES } from '../applications/read-public-position.ts';
import type { PublicKindergarten } from './public.schemas.ts';

type Band = PublicKindergarten['queue'][number];

/**
 * The figures of the public pages, computed from the registry at the moment of the request, so they move
 * with the queue: groups of the academic year in force (or the latest one) with capacity, children placed
 * today, places held by issued referrals; waiting applications by the age they will have on the
 * reference date and the right that counts then. Nothing personal is read out.
 */
export async function kindergartenFigures(
  db: Kysely<DB>,
  where: { municipalityId: string } | { organizationId: string },
  today: string,
  ref: string,
) {
  const byMunicipality = 'municipalityId' in where;
  const orgs = await sql<{
    id: string;
    name: string;
    full_name: string;
    address: string | null;
    phone: string | null;
    website: string | null;
  }>`
    SELECT o.id, o.short_name AS name, o.full_name, nullif(o.actual_address->>'text', '') AS address,
           nullif(o.contacts->>'phone', '') AS phone, nullif(o.contacts->>'website', '') AS website
      FROM organizations o
     WHERE o.kind = 'preschool' AND o.status <> 'liquidated'
       AND ${
         byMunicipality
           ? sql`o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${where.municipalityId})`
           : sql`o.id = ${where.organizationId}`
       }
     ORDER BY o.short_name`.execute(db);
  const ids = orgs.rows.map((o) => o.id);
  if (ids.length === 0) return [];
  const groups = await sql<{
    organization_id: string;
    year: string;
    name: string;
    age_from: number;
    age_to: number;
    group_focus: string | null;
    stay_mode: string | null;
    capacity: number;
    enrolled: number;
    held: number;
  }>`
    WITH y AS (
      SELECT DISTINCT ON (u.organization_id) u.organization_id, u.academic_year_id, ay.starts_on
        FROM units u JOIN academic_years ay ON ay.id = u.academic_year_id
       WHERE u.organization_id = ANY(${ids}::uuid[]) AND u.kind = 'group' AND ay.starts_on <= ${today}
       ORDER BY u.organization_id, ay.starts_on DESC)
    SELECT u.organization_id, to_char(y.starts_on, 'YYYY') || '/' || to_char(y.starts_on + interval '1 year', 'YY') AS year,
           u.name, u.age_from, u.age_to, u.group_focus, u.stay_mode, coalesce(u.capacity, 0) AS capacity,
           (SELECT count(*) FROM placements p WHERE p.unit_id = u.id AND p.valid_from <= ${today}
               AND (p.valid_to IS NULL OR p.valid_to > ${today}))::int AS enrolled,
           (SELECT count(*) FROM referrals r WHERE r.unit_id = u.id AND r.status = 'issued')::int AS held
      FROM units u JOIN y ON y.organization_id = u.organization_id AND y.academic_year_id = u.academic_year_id
     WHERE u.kind = 'group' AND u.age_from IS NOT NULL AND u.age_to IS NOT NULL
     ORDER BY u.age_from, u.name`.execute(db);
  const demand = await bandDemand(db, { organizationIds: ids }, ref);
  return orgs.rows.map((o): PublicKindergarten => {
    const own = groups.rows.filter((g) => g.organization_id === o.id);
    const shaped = own.map((g) => ({
      name: g.name,
      ageFrom: g.age_from,
      ageTo: g.age_to,
      groupFocus: g.group_focus ?? 'general',
      stayMode: g.stay_mode,
      capacity: g.capacity,
      enrolled: g.enrolled,
      held: g.held,
      free: Math.max(g.capacity - g.enrolled - g.held, 0),
    }));
    return {
      id: o.id,
      name: o.name,
      fullName: o.full_name,
      address: o.address,
      phone: o.phone,
      website: o.website,
      academicYear: own[0]?.year ?? null,
      groups: shaped,
      capacity: shaped.reduce((s, g) => s + g.capacity, 0),
      enrolled: shaped.reduce((s, g) => s + g.enrolled, 0),
      free: shaped.reduce((s, g) => s + g.free, 0),
      queue: demand.get(o.id) ?? [],
    };
  });
}

/**
 * Waiting applications by age band and right, per kindergarten ranked (any rank; first choices counted
 * apart) or for a whole municipality (key ''). A right counts when confirmed and in force on `ref`.
 */
export async function bandDemand(
  db: Kysely<DB>,
  scope: { organizationIds: string[] } | { municipalityId: string },
  ref: string,
): Promise<Map<string, Band[]>> {
  const perKindergarten = 'organizationIds' in scope;
  const rows = await sql<{
    key: string;
    age: number;
    out_of_turn: number;
    first: number;
    general: number;
    first_choice: number;
  }>`
    WITH a AS (
      SELECT a.id, date_part('year', age(${ref}::date, p.birth_date))::int AS age,
             (SELECT CASE WHEN bool_or(r.right_kind = 'out_of_turn') THEN 0 ELSE 1 END
                FROM preschool_application_rights r
               WHERE r.application_id = a.id AND r.status = 'confirmed' AND r.valid_from <= ${ref}::date
                 AND (r.valid_to IS NULL OR r.valid_to >= ${ref}::date)
              HAVING count(*) > 0) AS cls
        FROM preschool_applications a JOIN persons p ON p.id = a.child_id
       WHERE a.status = ANY(${[...RANKED_STATUSES]}::text[])
         AND ${
           perKindergarten
             ? sql`EXISTS (SELECT 1 FROM preschool_application_preferences f
                            WHERE f.application_id = a.id AND f.organization_id = ANY(${scope.organizationIds}::uuid[]))`
             : sql`a.municipality_id = ${scope.municipalityId}`
         })
    SELECT ${perKindergarten ? sql`f.organization_id::text` : sql`''`} AS key, a.age,
           count(*) FILTER (WHERE a.cls = 0)::int AS out_of_turn,
           count(*) FILTER (WHERE a.cls = 1)::int AS first,
           count(*) FILTER (WHERE a.cls IS NULL)::int AS general,
           ${perKindergarten ? sql`count(*) FILTER (WHERE f.rank = 1)::int` : sql`0`} AS first_choice
      FROM a
      ${
        perKindergarten
          ? sql`JOIN preschool_application_preferences f ON f.application_id = a.id
                 AND f.organization_id = ANY(${perKindergarten ? scope.organizationIds : []}::uuid[])`
          : sql``
      }
     GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  const out = new Map<string, Band[]>();
  for (const r of rows.rows) {
    const list = out.get(r.key) ?? [];
    list.push({
      age: r.age,
      outOfTurn: r.out_of_turn,
      first: r.first,
      general: r.general,
      total: r.out_of_turn + r.first + r.general,
      ...(perKindergarten ? { firstChoice: r.first_choice } : {}),
    });
    out.set(r.key, list);
  }
  return out;
}
