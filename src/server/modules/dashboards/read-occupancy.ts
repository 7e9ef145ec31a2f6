import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { dashboardTerritory, orgsCte, present } from './dashboard-territory.ts';
import type { DashboardQuery, OccupancyPanel } from './dashboards.schemas.ts';
import { keyOf, municipalityRows, regionalRow } from './municipality-rows.ts';

const KINDS = ['preschool', 'school'] as const;
type Kind = (typeof KINDS)[number];
type Org = {
  id: string;
  name: string;
  kind: Kind;
  municipality_id: string | null;
  capacity: number | null;
  learners: number;
};

const percent = (learners: number, capacity: number) =>
  capacity > 0 ? Math.round((learners * 1000) / capacity) / 10 : null;

function fold(list: Org[]) {
  const known = list.filter((o) => o.capacity !== null);
  const capacity = known.reduce((s, o) => s + o.capacity!, 0);
  const learners = known.reduce((s, o) => s + o.learners, 0);
  return {
    organizations: list.length,
    withoutCapacity: list.length - known.length,
    capacity,
    learners,
    loadPercent: percent(learners, capacity),
    overCapacity: known.filter((o) => o.learners > o.capacity!).length,
  };
}

/**
 * Kindergartens and schools (not liquidated) against their capacity. The capacity is the organization's
 * design capacity, or, where the card has none, the places of its groups (classes) in this academic year;
 * the load counts the persons enrolled there today (additional-education programmes aside). Per kind,
 * per municipality and kind, and the ten organizations most over their capacity.
 */
export async function readOccupancy(ctx: Ctx, q: DashboardQuery): Promise<OccupancyPanel> {
  const t = await dashboardTerritory(ctx, q.territoryId);
  const r = await sql<Org>`
    WITH ${orgsCte(t.id)},
    kept AS (SELECT * FROM orgs WHERE kind IN ('preschool', 'school') AND status <> 'liquidated'),
    places AS (
      SELECT u.organization_id, sum(u.capacity)::int AS places
        FROM units u JOIN academic_years y ON y.id = u.academic_year_id
       WHERE ${t.today}::date BETWEEN y.starts_on AND y.ends_on AND u.kind IN ('group', 'class')
         AND u.organization_id IN (SELECT id FROM kept)
       GROUP BY 1),
    learners AS (
      SELECT e.organization_id, count(DISTINCT e.person_id)::int AS n
        FROM enrollments e
       WHERE e.organization_id IN (SELECT id FROM kept) AND e.level IS DISTINCT FROM 'additional'
         AND e.started_on <= ${t.today}::date AND (e.ended_on IS NULL OR e.ended_on > ${t.today}::date)
       GROUP BY 1)
    SELECT k.id, k.short_name AS name, k.kind, k.municipality_id::text,
           nullif(coalesce(k.capacity, p.places), 0) AS capacity, coalesce(l.n, 0) AS learners
      FROM kept k LEFT JOIN places p ON p.organization_id = k.id LEFT JOIN learners l ON l.organization_id = k.id
     ORDER BY k.short_name, k.id`.execute(ctx.db);
  const orgs = r.rows;
  const municipalities = await municipalityRows(ctx, t);
  const rowList = [...municipalities, ...(orgs.some((o) => !o.municipality_id) ? [regionalRow] : [])];
  const names = new Map(rowList.map((m) => [keyOf(m.territoryId), m.name]));
  const top = orgs
    .filter((o) => o.capacity !== null && o.learners > o.capacity)
    .map((o) => ({
      organizationId: o.id,
      name: o.name,
      kind: o.kind,
      municipality: names.get(keyOf(o.municipality_id)) ?? '',
      capacity: o.capacity!,
      learners: o.learners,
      loadPercent: percent(o.learners, o.capacity!)!,
    }))
    .sort((a, b) => b.loadPercent - a.loadPercent || a.name.localeCompare(b.name, 'ru'))
    .slice(0, 10);
  return {
    asOf: t.today,
    territory: present(t),
    byKind: KINDS.map((kind) => ({ kind, ...fold(orgs.filter((o) => o.kind === kind)) })),
    rows: rowList.flatMap((m) =>
      KINDS.map((kind) => ({
        ...m,
        kind,
        ...fold(orgs.filter((o) => o.kind === kind && keyOf(o.municipality_id) === keyOf(m.territoryId))),
      })),
    ),
    top,
  };
}
